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
  /** As ffprobe names it ('h264', 'hevc'), from the segment's run; null when not probed. */
  codec: string | null;
}

export class SegmentWindow {
  private readonly between;
  private readonly byId;
  /** No segment is longer than this; it bounds the look-back for segments that began before the window. */
  static readonly LONGEST_MS = 3_600_000;

  constructor(db: Db) {
    this.between = db.prepare(
      `SELECT s.id, s.camera_id AS cameraId, s.start_ms AS startMs, s.end_ms AS endMs, s.bytes, s.path, r.video_codec AS codec
       FROM segments s JOIN runs r ON r.id = s.run_id
       WHERE s.camera_id = ? AND s.start_ms >= ? AND s.start_ms < ? AND s.end_ms > ? ORDER BY s.start_ms, s.id LIMIT ?`,
    );
    this.byId = db.prepare(
      'SELECT s.id, s.camera_id AS cameraId, s.start_ms AS startMs, s.end_ms AS endMs, s.bytes, s.path, r.video_codec AS codec FROM segments s JOIN runs r ON r.id = s.run_id WHERE s.id = ?',
    );
  }

  /** Up to `limit` segments overlapping [fromMs, toMs), oldest first. */
  overlapping(cameraId: string, fromMs: number, toMs: number, limit: number): SegmentSpan[] {
    return this.between.all(cameraId, fromMs - SegmentWindow.LONGEST_MS, toMs, fromMs, limit) as SegmentSpan[];
  }

  get(id: number): SegmentSpan | undefined {
    return this.byId.get(id) as SegmentSpan | undefined;
  }
}
