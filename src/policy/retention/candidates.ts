import type { Db } from '../../db/open.js';
import { isHeld, type HoldRange, type SegmentInfo } from './plan.js';

/**
 * Candidate loading that skips held footage through the index instead of
 * reading it: the gaps between a camera's (merged) holds are queried one by
 * one, so a disk full of held footage costs a handful of index probes per
 * camera, not a scan of every held row.
 */
const LOW = Number.MIN_SAFE_INTEGER;
const HIGH = Number.MAX_SAFE_INTEGER;

export function mergeHolds(holds: readonly HoldRange[], cameraId: string): HoldRange[] {
  const mine = holds.filter((h) => h.cameraId === cameraId).sort((a, b) => a.fromMs - b.fromMs);
  const out: HoldRange[] = [];
  for (const h of mine) {
    const last = out.at(-1);
    if (last && h.fromMs <= last.toMs) last.toMs = Math.max(last.toMs, h.toMs);
    else out.push({ ...h });
  }
  return out;
}

interface Row {
  id: number;
  camera_id: string;
  start_ms: number;
  end_ms: number;
  bytes: number;
  sha256: string;
}

/** A camera's unheld segments starting at or before `maxStartMs`, oldest first. */
export function* unheldOldest(db: Db, cameraId: string, holds: readonly HoldRange[], maxStartMs: number): Generator<SegmentInfo> {
  const merged = mergeHolds(holds, cameraId);
  const gaps: [number, number][] = [];
  let low = LOW;
  for (const h of merged) {
    gaps.push([low, h.fromMs]);
    low = h.toMs; // a segment starting at h.toMs still overlaps the hold: the next gap starts after it
  }
  gaps.push([low, HIGH]);
  // Its own statement: several of these generators are open at once in a k-way merge.
  const stmt = db.prepare(
    'SELECT id, camera_id, start_ms, end_ms, bytes, sha256 FROM segments WHERE camera_id = ? AND start_ms > ? AND start_ms < ? AND start_ms <= ? ORDER BY start_ms',
  );
  for (const [from, to] of gaps) {
    if (from >= maxStartMs) return;
    for (const r of stmt.iterate(cameraId, from, to, maxStartMs) as IterableIterator<Row>) {
      const s: SegmentInfo = { id: r.id, cameraId: r.camera_id, startMs: r.start_ms, endMs: r.end_ms, bytes: r.bytes, sha256: r.sha256 };
      if (!isHeld(s, merged)) yield s; // one that starts in the gap but runs into the next hold
    }
  }
}

/** Unheld segments of all cameras, oldest first across cameras (a k-way merge of unheldOldest). */
export function* unheldOldestAcross(db: Db, cameraIds: Iterable<string>, holds: readonly HoldRange[]): Generator<SegmentInfo> {
  const heads: { gen: Generator<SegmentInfo>; head: SegmentInfo }[] = [];
  for (const cameraId of cameraIds) {
    const gen = unheldOldest(db, cameraId, holds, HIGH);
    const first = gen.next();
    if (!first.done) heads.push({ gen, head: first.value });
  }
  try {
    while (heads.length > 0) {
      let min = 0;
      for (let i = 1; i < heads.length; i++) if ((heads[i]?.head.startMs ?? HIGH) < (heads[min]?.head.startMs ?? HIGH)) min = i;
      const cur = heads[min];
      if (!cur) return;
      yield cur.head;
      const next = cur.gen.next();
      if (next.done) heads.splice(min, 1);
      else cur.head = next.value;
    }
  } finally {
    for (const h of heads) h.gen.return(undefined);
  }
}
