import type { Db } from '../db/open.js';

/**
 * Segments of one camera over a window, for playback: the page asks for the
 * segments around the time it plays and walks them forward and back. Reads
 * the covering index segments_camera_span (migration 012). A segment that
 * started before the window but runs into it is included.
 */
export interface SegmentSpan {
  id: number;
  cameraId: string;
  startMs: number;
  endMs: number;
  bytes: number;
  path: string;
}

export class SegmentWindow {
  private readonly between;
  private readonly byId;
  /** No segment is longer than this; it bounds the look-back for segments that began before the window. */
  static readonly LONGEST_MS = 3_600_000;

  constructor(db: Db) {
    this.between = db.prepare(
      `SELECT id, camera_id AS cameraId, start_ms AS startMs, end_ms AS endMs, bytes, path FROM segments
       WHERE camera_id = ? AND start_ms >= ? AND start_ms < ? AND end_ms > ? ORDER BY start_ms, id LIMIT ?`,
    );
    this.byId = db.prepare('SELECT id, camera_id AS cameraId, start_ms AS startMs, end_ms AS endMs, bytes, path FROM segments WHERE id = ?');
  }

  /** Up to `limit` segments overlapping [fromMs, toMs), oldest first. */
  overlapping(cameraId: string, fromMs: number, toMs: number, limit: number): SegmentSpan[] {
    return this.between.all(cameraId, fromMs - SegmentWindow.LONGEST_MS, toMs, fromMs, limit) as SegmentSpan[];
  }

  get(id: number): SegmentSpan | undefined {
    return this.byId.get(id) as SegmentSpan | undefined;
  }
}
