import type { Db } from '../db/open.js';
import { BITMAP_BYTES, cellsIn, type Bitmap } from './grid.js';
import { encodeSamples, forEachSample, type Sample } from './record.js';

/** The activity table's queries (migration 020). */
export interface PendingSegment {
  id: number;
  cameraId: string;
  runId: number;
  startMs: number;
  endMs: number;
  path: string;
}

interface PendingRow {
  id: number;
  camera_id: string;
  run_id: number;
  start_ms: number;
  end_ms: number;
  path: string;
}

const toPending = (r: PendingRow): PendingSegment => ({ id: r.id, cameraId: r.camera_id, runId: r.run_id, startMs: r.start_ms, endMs: r.end_ms, path: r.path });

/** The newest run with segments not analysed yet, and up to `limit` of its newest such segments, oldest first. */
export function nextPendingBatch(db: Db, limit: number): PendingSegment[] {
  const newest = db
    .prepare('SELECT s.camera_id, s.run_id FROM segments s LEFT JOIN activity a ON a.segment_id = s.id WHERE a.segment_id IS NULL ORDER BY s.start_ms DESC LIMIT 1')
    .get() as { camera_id: string; run_id: number } | undefined;
  if (!newest) return [];
  const rows = db
    .prepare(
      `SELECT s.id, s.camera_id, s.run_id, s.start_ms, s.end_ms, s.path FROM segments s LEFT JOIN activity a ON a.segment_id = s.id
       WHERE a.segment_id IS NULL AND s.camera_id = ? AND s.run_id = ? ORDER BY s.start_ms DESC LIMIT ?`,
    )
    .all(newest.camera_id, newest.run_id, limit) as PendingRow[];
  return rows.reverse().map(toPending);
}

export interface SegmentActivity {
  segmentId: number;
  cameraId: string;
  startMs: number;
  samples: number;
  changed: Sample[];
  error?: string;
  /** Only the segment's first keyframe was analysed (the index was behind). */
  thinned?: boolean;
}

/** Stores each analysis; a segment deleted meanwhile (retention) is skipped, not resurrected. */
export function saveActivity(db: Db, results: readonly SegmentActivity[]): void {
  const insert = db.prepare(
    `INSERT OR REPLACE INTO activity (segment_id, camera_id, start_ms, samples, changed, peak, data, error, thinned)
     SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM segments WHERE id = ?)`,
  );
  db.transaction(() => {
    for (const r of results) {
      const counts = r.changed.map((s) => cellsIn(s.cells, 0, FULL)).filter((n) => n > 0);
      insert.run(r.segmentId, r.cameraId, r.startMs, r.samples, counts.length, counts.length ? Math.max(...counts) : 0, encodeSamples(r.changed), r.error ?? null, r.thinned ? 1 : 0, r.segmentId);
    }
  })();
}

/** A stretch of time with change in the searched cells. */
export interface Moment {
  fromMs: number;
  toMs: number;
  /** When the most cells of the region changed at once: the frame to show. */
  peakMs: number;
  peakCells: number;
}

/** Changes closer than this belong to one moment. */
export const MOMENT_GAP_MS = 5_000;
/** The longest segment the search allows for when it looks back from `fromMs` (segments are seconds to minutes). */
const LONGEST_SEGMENT_MS = 3_600_000;

interface ActivityRow {
  start_ms: number;
  end_ms: number;
  data: Buffer;
}

function rowsBetween(db: Db, cameraId: string, fromMs: number, toMs: number): ActivityRow[] {
  return db
    .prepare(
      `SELECT a.start_ms, s.end_ms, a.data FROM activity a JOIN segments s ON s.id = a.segment_id
       WHERE a.camera_id = ? AND a.start_ms >= ? AND a.start_ms < ? AND s.end_ms > ? AND a.changed > 0 ORDER BY a.start_ms`,
    )
    .all(cameraId, fromMs - LONGEST_SEGMENT_MS, toMs, fromMs) as ActivityRow[];
}

const FULL: Bitmap = new Uint8Array(BITMAP_BYTES).fill(0xff);

/** Moments with change inside `region` between `fromMs` and `toMs`, from the stored index only (no decoding). */
export function searchRegion(db: Db, cameraId: string, region: Bitmap, fromMs: number, toMs: number): Moment[] {
  const moments: Moment[] = [];
  let current: Moment | undefined;
  for (const row of rowsBetween(db, cameraId, fromMs, toMs)) {
    forEachSample(row.data, (offsetMs, blob, cellsAt) => {
      const at = row.start_ms + offsetMs;
      if (at < fromMs || at >= toMs) return;
      const inRegion = cellsIn(blob, cellsAt, region);
      if (inRegion === 0) return;
      if (current && at - current.toMs <= MOMENT_GAP_MS) {
        current.toMs = at;
        if (inRegion > current.peakCells) Object.assign(current, { peakMs: at, peakCells: inRegion });
      } else {
        current = { fromMs: at, toMs: at, peakMs: at, peakCells: inRegion };
        moments.push(current);
      }
    });
  }
  return moments;
}

export interface ActivityBucket {
  startMs: number;
  /** Keyframes with change in this bucket. */
  changedSamples: number;
  /** Sum of changed cells over those keyframes: how much of the picture moved. */
  cells: number;
}

/** Activity per bucket for a timeline's bars; buckets without change are left out. */
export function activityBuckets(db: Db, cameraId: string, fromMs: number, toMs: number, bucketMs: number): ActivityBucket[] {
  const buckets = new Map<number, ActivityBucket>();
  for (const row of rowsBetween(db, cameraId, fromMs, toMs)) {
    forEachSample(row.data, (offsetMs, blob, cellsAt) => {
      const at = row.start_ms + offsetMs;
      if (at < fromMs || at >= toMs) return;
      const start = fromMs + Math.floor((at - fromMs) / bucketMs) * bucketMs;
      const bucket = buckets.get(start) ?? { startMs: start, changedSamples: 0, cells: 0 };
      bucket.changedSamples += 1;
      bucket.cells += cellsIn(blob, cellsAt, FULL);
      buckets.set(start, bucket);
    });
  }
  return [...buckets.values()].sort((a, b) => a.startMs - b.startMs);
}
