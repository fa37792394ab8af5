/**
 * The arithmetic of the playback page, free of the DOM: the timeline's view
 * window, local days, and finding segments around a time.
 */
export interface Seg {
  id: number;
  start: number;
  end: number;
  bytes: number;
  codec: string | null;
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** Zoom levels of the timeline, widest first. */
export const SPANS = [DAY, 6 * HOUR, HOUR, 15 * 60_000, 5 * 60_000] as const;
export const SPEEDS = [0.5, 1, 2, 4, 8] as const;

/** Local midnight of the day containing t, and the next one (a DST day is 23 or 25 h). */
export function dayOf(t: number): { start: number; end: number } {
  const d = new Date(t);
  const start = new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const end = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();
  return { start, end };
}

export function shiftDay(dayStart: number, days: number): number {
  const d = new Date(dayStart);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + days).getTime();
}

/** A view of `span` ms around `center`, kept within the day-aligned bounds the page shows. */
export function zoomAround(center: number, span: number): { from: number; to: number } {
  const from = Math.round(center - span / 2);
  return { from, to: from + span };
}

export const fraction = (t: number, from: number, to: number): number => Math.min(1, Math.max(0, (t - from) / (to - from)));

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
export function clockText(t: number): string {
  const d = new Date(t);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
export function timeText(t: number, withSeconds = false): string {
  const d = new Date(t);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}${withSeconds ? `:${pad(d.getSeconds())}` : ''}`;
}
export function dateInputValue(t: number): string {
  const d = new Date(t);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Axis ticks for a view: about 6-12 labelled times on round minutes or hours. */
export function ticks(from: number, to: number): number[] {
  const span = to - from;
  const steps = [60_000, 5 * 60_000, 15 * 60_000, 30 * 60_000, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR];
  const step = steps.find((s) => span / s <= 12) ?? 6 * HOUR;
  const offset = new Date(from).getTimezoneOffset() * 60_000;
  const first = Math.ceil((from - offset) / step) * step + offset;
  const out: number[] = [];
  for (let t = first; t <= to; t += step) out.push(t);
  return out;
}

/**
 * The segment to play for a click at t: the one containing t, else the first
 * one starting after t (a click in a gap plays what comes next), else none.
 * `segs` sorted by start.
 */
export function segmentFor(segs: readonly Seg[], t: number): Seg | undefined {
  return segs.find((s) => s.start <= t && t < s.end) ?? segs.find((s) => s.start > t);
}

export function neighbour(segs: readonly Seg[], current: Seg, step: 1 | -1): Seg | undefined {
  const i = segs.findIndex((s) => s.id === current.id);
  if (i < 0) return step === 1 ? segs.find((s) => s.start >= current.end - 1) : [...segs].reverse().find((s) => s.end <= current.start + 1);
  return segs[i + step];
}
