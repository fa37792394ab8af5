import { WEEKDAYS, type Weekday } from '../../config/schema.js';

/**
 * Per-camera recording windows in local time (the config `timezone`). Pure:
 * the recorder asks `isRecordingAllowed` at start and sleeps until
 * `nextTransition`.
 *
 * A window is a stretch of real time, from the first instant the local clock
 * reads `from` to the first instant it reads `to` (the next day when `to` is
 * not later than `from`). That one rule handles DST without special cases:
 * - spring forward: a time that does not exist (02:30 in Vancouver) starts or
 *   ends the window at the jump (03:00 local);
 * - fall back: a repeated time counts at its first occurrence, so a window
 *   ending at 01:30 ends once and is not reopened by the repeated hour, and a
 *   window running through the repeated hour simply lasts an hour longer.
 * Time-zone arithmetic uses Intl (full ICU ships with Node), no tz library.
 */
export interface ScheduleWindow {
  days: readonly Weekday[];
  from: string; // "HH:MM"
  to: string; // "HH:MM" or "24:00"
}

export type Schedule = readonly ScheduleWindow[] | undefined;

export interface Transition {
  /** UTC ms of the change. */
  at: number;
  /** Whether recording is allowed from `at` on. */
  recording: boolean;
}

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/** Slack for a week that contains a DST change (at most an hour, in some zones 30 minutes). */
const DST_SLACK_MS = 2 * 3_600_000;

export function clockMinutes(text: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  if (!match) throw new RangeError(`"${text}" is not a local time like "07:30"`);
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  if (minutes > 24 * 60 || Number(match[2]) > 59) throw new RangeError(`"${text}" is not a local time like "07:30"`);
  return minutes;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

interface LocalDate {
  y: number;
  mo: number; // 1-12
  d: number;
}

/** The local wall-clock reading at `utcMs`, expressed as if it were UTC ms (whole seconds). */
function wallMs(tz: string, utcMs: number): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(utcMs)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const hour = parts['hour'] === 24 ? 0 : (parts['hour'] ?? 0);
  return Date.UTC(parts['year'] ?? 1970, (parts['month'] ?? 1) - 1, parts['day'] ?? 1, hour, parts['minute'] ?? 0, parts['second'] ?? 0);
}

function offsetAt(tz: string, utcMs: number): number {
  const whole = Math.floor(utcMs / 1000) * 1000;
  return wallMs(tz, whole) - whole;
}

function localDateOf(tz: string, utcMs: number): LocalDate {
  const wall = new Date(wallMs(tz, utcMs));
  return { y: wall.getUTCFullYear(), mo: wall.getUTCMonth() + 1, d: wall.getUTCDate() };
}

/** UTC ms of the first instant at which the local clock reads `minutes` past midnight of the given date (or later, inside a DST gap). */
export function resolveLocalTime(tz: string, date: LocalDate, minutes: number): number {
  const target = Date.UTC(date.y, date.mo - 1, date.d, 0, minutes);
  const before = offsetAt(tz, target - DAY_MS);
  const after = offsetAt(tz, target + DAY_MS);
  const valid = [target - before, target - after].filter((t) => wallMs(tz, t) === target);
  if (valid.length > 0) return Math.min(...valid);
  // In a gap the wall clock jumps over `target`: find the jump (whole seconds; wall time is monotone here).
  let lo = Math.min(target - before, target - after);
  let hi = Math.max(target - before, target - after);
  if (wallMs(tz, lo) >= target) return lo;
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (wallMs(tz, mid) >= target) hi = mid;
    else lo = mid;
  }
  return hi;
}

function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.y, date.mo - 1, date.d + days));
  return { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate() };
}

function weekdayOf(date: LocalDate): Weekday {
  const sundayFirst = new Date(Date.UTC(date.y, date.mo - 1, date.d)).getUTCDay();
  return WEEKDAYS[(sundayFirst + 6) % 7] as Weekday;
}

/** Real-time intervals [start, end) of every window starting on local dates first..last around utcMs. */
function intervals(schedule: readonly ScheduleWindow[], tz: string, utcMs: number, first: number, last: number): Array<[number, number]> {
  const today = localDateOf(tz, utcMs);
  const out: Array<[number, number]> = [];
  for (let k = first; k <= last; k++) {
    const date = addDays(today, k);
    const weekday = weekdayOf(date);
    for (const window of schedule) {
      if (!window.days.includes(weekday)) continue;
      const from = clockMinutes(window.from);
      const to = clockMinutes(window.to);
      const start = resolveLocalTime(tz, date, from);
      const end = resolveLocalTime(tz, date, to > from ? to : to + 24 * 60);
      if (end > start) out.push([start, end]);
    }
  }
  return out;
}

function merged(list: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...list].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [s, e] of sorted) {
    const prev = out.at(-1);
    if (prev && s <= prev[1]) prev[1] = Math.max(prev[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** Whether the schedule allows recording at `utcMs`. No schedule: always; an empty list: never. */
export function isRecordingAllowed(schedule: Schedule, tz: string, utcMs: number): boolean {
  if (schedule === undefined) return true;
  return intervals(schedule, tz, utcMs, -1, 1).some(([s, e]) => s <= utcMs && utcMs < e);
}

/** The next instant after `utcMs` at which `isRecordingAllowed` changes, or null if it never does. */
export function nextTransition(schedule: Schedule, tz: string, utcMs: number): Transition | null {
  if (schedule === undefined) return null;
  // Windows starting on days -1..+8 cover every change within the next week, which is enough for a weekly schedule.
  const union = merged(intervals(schedule, tz, utcMs, -1, 8));
  const horizon = utcMs + WEEK_MS + DST_SLACK_MS;
  const current = union.find(([s, e]) => s <= utcMs && utcMs < e);
  if (current) return current[1] <= horizon ? { at: current[1], recording: false } : null;
  const next = union.find(([s]) => s > utcMs);
  return next && next[0] <= horizon ? { at: next[0], recording: true } : null;
}

export function describeWindow(window: ScheduleWindow): string {
  const days = window.days.length === 7 ? 'every day' : window.days.join(', ');
  const overnight = clockMinutes(window.to) <= clockMinutes(window.from) ? ' (ends the next day)' : '';
  return `${days} ${window.from}–${window.to}${overnight}`;
}

export function describeSchedule(schedule: Schedule, tz: string): string {
  if (schedule === undefined) return 'at all times';
  if (schedule.length === 0) return 'never';
  return `${schedule.map(describeWindow).join('; ')} (${tz} local time)`;
}
