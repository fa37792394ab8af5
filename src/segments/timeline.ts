import type { Db } from '../db/open.js';

/**
 * Recorded ranges of one camera over a window, read from the coverage table
 * that triggers keep in step with every segment insert and delete (migration
 * 014): O(ranges) rows, not O(segments). Segments closer than 1 s form one
 * range. Ranges are clipped to the window.
 */
export class Timeline {
  private readonly ranges;

  constructor(db: Db) {
    this.ranges = db.prepare('SELECT start_ms, end_ms FROM coverage WHERE camera_id = ? AND end_ms > ? AND start_ms < ? ORDER BY start_ms').raw();
  }

  recordedRanges(cameraId: string, fromMs: number, toMs: number): [number, number][] {
    return (this.ranges.all(cameraId, fromMs, toMs) as [number, number][]).map(([s, e]) => [Math.max(s, fromMs), Math.min(e, toMs)]);
  }
}
