import type { Db } from '../db/open.js';

/**
 * Recorded ranges of one camera over a window: segments closer than
 * `joinGapMs` are merged, so the answer is O(ranges), not O(segments). The
 * merge runs inside SQLite (window functions over the covering index
 * segments_camera_span), so a day of 10 s segments for 16 cameras never
 * crosses into JavaScript row by row (docs/benchmarks-index.md).
 */
export const MAX_SEGMENT_MS = 60_000; // a segment starting this long before the window can still reach into it

const RANGES_SQL = `
SELECT min(start_ms) AS start, max(end_ms) AS end FROM (
  SELECT start_ms, end_ms, sum(gap) OVER (ORDER BY start_ms ROWS UNBOUNDED PRECEDING) AS grp FROM (
    SELECT start_ms, end_ms,
           CASE WHEN start_ms > coalesce(lag(end_ms) OVER (ORDER BY start_ms), -1e18) + @joinGap THEN 1 ELSE 0 END AS gap
    FROM segments
    WHERE camera_id = @camera AND start_ms >= @from - ${MAX_SEGMENT_MS} AND start_ms < @to AND end_ms > @from
  )
)
GROUP BY grp ORDER BY start`;

export class Timeline {
  private readonly ranges;

  constructor(db: Db) {
    this.ranges = db.prepare(RANGES_SQL).raw();
  }

  recordedRanges(cameraId: string, fromMs: number, toMs: number, joinGapMs = 1_000): [number, number][] {
    return this.ranges.all({ camera: cameraId, from: fromMs, to: toMs, joinGap: joinGapMs }) as [number, number][];
  }
}
