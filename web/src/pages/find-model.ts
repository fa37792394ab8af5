/**
 * The arithmetic of the region search page, free of the DOM: a box drawn
 * between two points, its percent form for the number fields, and the
 * sentences the page says about a time range and a duration.
 */
import { dateInputValue, dayOf, timeText } from './playback-model.js';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));
const round4 = (v: number) => Math.round(v * 10_000) / 10_000;

/** The box between two points given as fractions of the picture (any corner first), clamped to the picture. */
export function boxBetween(a: { x: number; y: number }, b: { x: number; y: number }): Box {
  const x1 = clamp01(Math.min(a.x, b.x));
  const y1 = clamp01(Math.min(a.y, b.y));
  const x2 = clamp01(Math.max(a.x, b.x));
  const y2 = clamp01(Math.max(a.y, b.y));
  return { x: round4(x1), y: round4(y1), width: round4(x2 - x1), height: round4(y2 - y1) };
}

/** A box typed as whole percentages; an error sentence when it does not fit the picture. */
export function boxFromPercent(p: { x: string; y: string; width: string; height: string }): Box | string {
  const n = { x: Number(p.x), y: Number(p.y), width: Number(p.width), height: Number(p.height) };
  const names = { x: 'From the left', y: 'From the top', width: 'Width', height: 'Height' } as const;
  for (const key of ['x', 'y', 'width', 'height'] as const) {
    if (p[key].trim() === '' || !Number.isFinite(n[key]) || n[key] < 0 || n[key] > 100) return `${names[key]} must be a number from 0 to 100 (percent of the picture)`;
  }
  if (n.width <= 0 || n.height <= 0) return 'width and height must be more than 0';
  if (n.x + n.width > 100 || n.y + n.height > 100) return 'the box goes past the edge of the picture: make it smaller or move it';
  return { x: round4(n.x / 100), y: round4(n.y / 100), width: round4(n.width / 100), height: round4(n.height / 100) };
}

export function boxToPercent(b: Box): { x: string; y: string; width: string; height: string } {
  const p = (v: number) => String(Math.round(v * 1000) / 10);
  return { x: p(b.x), y: p(b.y), width: p(b.width), height: p(b.height) };
}

/** "21:00 and 22:00" (on a day other than today: "… on 2026-12-05"); the end of a day reads 24:00. */
export function rangeText(from: number, to: number, now = Date.now()): string {
  const day = dayOf(from);
  const today = dayOf(now).start === day.start;
  if (to <= day.end) {
    const end = to === day.end ? '24:00' : timeText(to);
    return `${timeText(from)} and ${end}${today ? '' : ` on ${dateInputValue(from)}`}`;
  }
  return `${dateInputValue(from)} ${timeText(from)} and ${dateInputValue(to)} ${timeText(to)}`;
}

/** "4 s", "2 min 5 s", "1 h 3 min". */
export function durationText(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  return m % 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${Math.floor(m / 60)} h`;
}

/** A datetime-local value (browser time) for t, to the minute. */
export function localInputValue(t: number): string {
  return `${dateInputValue(t)}T${timeText(t)}`;
}
