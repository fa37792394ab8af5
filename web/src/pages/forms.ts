/** Helpers shared by the pages. */
import type { User } from '../api.js';

export const isManager = (role: string | undefined): boolean => role === 'owner' || role === 'manager';

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A datetime-local value (the browser's local time) as UTC ISO, or '' when empty/invalid. */
export function localToIso(value: string): string {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}

/** Today's date in the browser's time zone, YYYY-MM-DD. */
export function todayLocal(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Shown in the menu to a user who may act on footage: anyone but a viewer, or a viewer with `right` on at least one camera. */
export function mayOnSomeCamera(user: User | null, right: 'playback' | 'export'): boolean {
  return user !== null && (user.role !== 'viewer' || Object.values(user.cameras).some((r) => r[right]));
}
