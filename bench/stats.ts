/**
 * Pure arithmetic of the benchmark: medians, CPU from tick deltas, and the
 * "segments lost" rule. Kept apart from /proc and processes so it can be
 * unit-tested and read on its own.
 */

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function max(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : Math.max(...values);
}

/** One process as seen in one sample: identity (pid + start time) and its CPU ticks so far. */
export interface TickEntry {
  key: string;
  ticks: number;
  startTicks: number;
}

/** The same entries with another counter (e.g. user time only) in `ticks`. */
export function withTicks<T extends TickEntry>(entries: readonly T[], pick: (e: T) => number): TickEntry[] {
  return entries.map((e) => ({ key: e.key, ticks: pick(e), startTicks: e.startTicks }));
}

/**
 * CPU ticks a group of processes used between two samples. A process in both
 * samples counts its difference; a process that started after the earlier
 * sample counts all its ticks; one that ended in between loses its last
 * partial interval (it cannot be read any more), which makes the figure a
 * slight under-estimate only when processes come and go.
 */
export function tickDelta(previous: readonly TickEntry[], current: readonly TickEntry[], previousUptimeTicks: number): number {
  const before = new Map(previous.map((e) => [e.key, e.ticks]));
  let sum = 0;
  for (const entry of current) {
    const old = before.get(entry.key);
    if (old !== undefined) sum += Math.max(0, entry.ticks - old);
    else if (entry.startTicks >= previousUptimeTicks) sum += entry.ticks;
  }
  return sum;
}

/** CPU use as a percentage of one core. */
export function cpuPercent(ticks: number, ticksPerSecond: number, wallMs: number): number {
  return wallMs > 0 ? (ticks / ticksPerSecond / (wallMs / 1000)) * 100 : Number.NaN;
}

export interface Interval {
  startMs: number;
  endMs: number;
}

export interface Coverage {
  windowMs: number;
  coveredMs: number;
  /** Uncovered stretches of the window longer than the tolerance, in ms. */
  gapsMs: number[];
  /** Segments lost: each gap counts ceil((gap - tolerance) / segment length). */
  lost: number;
}

/**
 * How much of the wall-clock window [from, to] a camera's recorded segments
 * cover, and how many segments the holes amount to.
 *
 * A segment of 10 s that never reached the index leaves a 10 s hole in the
 * camera's timeline (Premises places segments back to back within a run, so
 * a missing row cannot be hidden by its neighbours), a restart leaves a hole
 * as long as the outage, and a camera that never recorded leaves the whole
 * window uncovered. Holes up to `toleranceMs` are timing noise (Premises
 * slews segment ends by at most 1 % toward the wall clock), not loss.
 */
export function coverage(intervals: readonly Interval[], window: Interval, segmentMs: number, toleranceMs: number): Coverage {
  const clipped = intervals
    .map((i) => ({ startMs: Math.max(i.startMs, window.startMs), endMs: Math.min(i.endMs, window.endMs) }))
    .filter((i) => i.endMs > i.startMs)
    .sort((a, b) => a.startMs - b.startMs);
  const gapsMs: number[] = [];
  let cursor = window.startMs;
  let coveredMs = 0;
  for (const interval of clipped) {
    if (interval.startMs > cursor) gapsMs.push(interval.startMs - cursor);
    if (interval.endMs > cursor) {
      coveredMs += interval.endMs - Math.max(cursor, interval.startMs);
      cursor = interval.endMs;
    }
  }
  if (window.endMs > cursor) gapsMs.push(window.endMs - cursor);
  const real = gapsMs.filter((g) => g > toleranceMs);
  const lost = real.reduce((sum, g) => sum + Math.ceil((g - toleranceMs) / segmentMs), 0);
  return { windowMs: window.endMs - window.startMs, coveredMs, gapsMs: real, lost };
}

/**
 * Wall-clock intervals of a bare ffmpeg's segments, from its csv segment list
 * (times relative to the stream start): anchored at the wall time the first
 * segment was reported closed, as Premises anchors a run.
 */
export function anchorSegments(entries: readonly { startSeconds: number; endSeconds: number; closeWallMs: number }[]): Interval[] {
  const first = entries[0];
  if (!first) return [];
  const zero = first.closeWallMs - first.endSeconds * 1000;
  return entries.map((e) => ({ startMs: zero + e.startSeconds * 1000, endMs: zero + e.endSeconds * 1000 }));
}

export function ratio(part: number, whole: number): number {
  return whole > 0 ? part / whole : Number.NaN;
}
