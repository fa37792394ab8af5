import { LANGUAGES } from '../../src/shared/languages.js';

/** How the dashboard writes times and days: the browser's locale and time zone. */
export function when(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/**
 * A date as the dashboard writes dates in charts and tables: the browser's
 * locale, day and short month ("6 Dec"), like when() uses its locale and
 * time zone. `utc` for days the index counts in UTC, so the label is the
 * day the numbers belong to.
 */
export function dayText(ms: number, options: { utc?: boolean; year?: boolean } = {}): string {
  return new Date(ms).toLocaleDateString(undefined, { day: 'numeric', month: 'short', ...(options.year ? { year: 'numeric' } : {}), ...(options.utc ? { timeZone: 'UTC' } : {}) });
}

/** A notice language by its English name, and its own where that differs: "French (Français)". */
export function languageName(code: string): string {
  const l = LANGUAGES.find((x) => x.code === code);
  return l ? (l.english === l.native ? l.english : `${l.english} (${l.native})`) : code;
}
