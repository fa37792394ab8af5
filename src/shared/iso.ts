/** A UTC millisecond time as ISO 8601 (`2026-11-26T11:37:00.123Z`); null or undefined stay null (JSON has no undefined). */
export function iso(ms: number): string;
export function iso(ms: number | null | undefined): string | null;
export function iso(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString();
}
