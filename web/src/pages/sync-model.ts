/**
 * The arithmetic of playing several cameras together, free of the DOM: one
 * playhead (a wall-clock time) and, per camera, what its player must show
 * at that time — a segment and an offset into it, or "no recording" — and
 * when a player that drifted from the playhead must be put back.
 */
import type { Seg } from './playback-model.js';

/** At most this many cameras play together: a 2 × 2 grid, each picture still large enough to see a face. */
export const SYNC_MAX = 4;
export const SYNC_MIN = 2;
/** A player further than this from the playhead is sought back to it (seconds). */
export const DRIFT_LIMIT_S = 0.25;
/** Segments closer than this count as back to back: the recorder's joins are within a few tens of ms. */
const JOIN_MS = 1000;

export type Want = { kind: 'play'; seg: Seg; offsetS: number } | { kind: 'gap'; resumesAt: number | undefined };

/** What a camera's player must show at wall time t. `segs` sorted by start. */
export function wantAt(segs: readonly Seg[], t: number): Want {
  for (const seg of segs) {
    if (seg.start <= t && t < seg.end) return { kind: 'play', seg, offsetS: (t - seg.start) / 1000 };
    if (seg.start > t) return { kind: 'gap', resumesAt: seg.start };
  }
  return { kind: 'gap', resumesAt: undefined };
}

/** The segment that follows `seg` without a gap, for switching at its end without a "no recording" flash. */
export function following(segs: readonly Seg[], seg: Seg): Seg | undefined {
  return segs.find((s) => s.id !== seg.id && s.start >= seg.start && Math.abs(s.start - seg.end) < JOIN_MS);
}

/**
 * Where the playhead goes when no selected camera has footage at t while
 * playing: the earliest time any of them resumes, or undefined (nothing later).
 */
export function nextFootage(all: readonly (readonly Seg[])[], t: number): number | undefined {
  const starts = all.map((segs) => wantAt(segs, t)).map((w) => (w.kind === 'play' ? t : w.resumesAt));
  const known = starts.filter((s): s is number => s !== undefined);
  return known.length ? Math.min(...known) : undefined;
}

/** The player's drift from the playhead in seconds (positive: the picture is ahead), when it should be corrected. */
export function driftToCorrect(currentTimeS: number, wantedS: number, limitS = DRIFT_LIMIT_S): number | undefined {
  const drift = currentTimeS - wantedS;
  return Math.abs(drift) > limitS ? drift : undefined;
}

/** The playhead after `elapsedMs` of real time at `speed`. */
export function advance(t: number, elapsedMs: number, speed: number): number {
  return t + elapsedMs * speed;
}

/** A selection change: toggling `id`, refusing a fifth camera. */
export function toggled(selected: readonly string[], id: string): { next: string[]; refused: boolean } {
  if (selected.includes(id)) return { next: selected.filter((s) => s !== id), refused: false };
  if (selected.length >= SYNC_MAX) return { next: [...selected], refused: true };
  return { next: [...selected, id], refused: false };
}
