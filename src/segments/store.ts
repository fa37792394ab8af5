import type { Db } from '../db/open.js';

/** Thin typed queries over runs and segments. SQL lives here, not in callers. */
export interface SegmentRow {
  id: number;
  camera_id: string;
  run_id: number;
  start_ms: number;
  end_ms: number;
  bytes: number;
  sha256: string;
  path: string;
  recovered: number;
}

export interface RunRow {
  id: number;
  camera_id: string;
  started_at: number;
  ended_at: number | null;
  end_reason: string | null;
  video_codec: string | null;
  width: number | null;
  height: number | null;
  audio_codec: string | null;
}

export class SegmentStore {
  constructor(private readonly db: Db) {}

  ensureCamera(id: string, name: string, origin: 'config' | 'index', rtspUrl: string | null, now: number): boolean {
    const info = this.db
      .prepare('INSERT INTO cameras (id, name, origin, rtsp_url, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING')
      .run(id, name, origin, rtspUrl, now);
    if (info.changes === 0) {
      this.db.prepare('UPDATE cameras SET name = ?, rtsp_url = COALESCE(?, rtsp_url), removed_at = NULL WHERE id = ?').run(name, rtspUrl, id);
    }
    return info.changes > 0;
  }

  insertRun(cameraId: string, startedAt: number): number {
    return Number(this.db.prepare('INSERT INTO runs (camera_id, started_at) VALUES (?, ?)').run(cameraId, startedAt).lastInsertRowid);
  }

  endRun(runId: number, endedAt: number, reason: string): void {
    this.db.prepare('UPDATE runs SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL').run(endedAt, reason, runId);
  }

  setRunMedia(runId: number, media: { videoCodec: string | null; width: number | null; height: number | null; audioCodec: string | null }): void {
    this.db
      .prepare('UPDATE runs SET video_codec = ?, width = ?, height = ?, audio_codec = ? WHERE id = ?')
      .run(media.videoCodec, media.width, media.height, media.audioCodec, runId);
  }

  run(runId: number): RunRow | undefined {
    return this.db.prepare('SELECT * FROM runs WHERE id = ?').get(runId) as RunRow | undefined;
  }

  openRuns(): RunRow[] {
    return this.db.prepare('SELECT * FROM runs WHERE ended_at IS NULL ORDER BY id').all() as RunRow[];
  }

  /** The run a recovered file most plausibly belongs to: the latest one of the camera that started before it. */
  runCovering(cameraId: string, atMs: number): RunRow | undefined {
    return this.db
      .prepare('SELECT * FROM runs WHERE camera_id = ? AND started_at <= ? ORDER BY started_at DESC LIMIT 1')
      .get(cameraId, atMs) as RunRow | undefined;
  }

  lastSegmentOfRun(runId: number): SegmentRow | undefined {
    return this.db.prepare('SELECT * FROM segments WHERE run_id = ? ORDER BY end_ms DESC LIMIT 1').get(runId) as SegmentRow | undefined;
  }

  insertSegment(row: Omit<SegmentRow, 'id'>): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO segments (camera_id, run_id, start_ms, end_ms, bytes, sha256, path, recovered)
           VALUES (@camera_id, @run_id, @start_ms, @end_ms, @bytes, @sha256, @path, @recovered)`,
        )
        .run(row).lastInsertRowid,
    );
  }

  segmentByPath(path: string): SegmentRow | undefined {
    return this.db.prepare('SELECT * FROM segments WHERE path = ?').get(path) as SegmentRow | undefined;
  }

  allSegments(): SegmentRow[] {
    return this.db.prepare('SELECT * FROM segments ORDER BY camera_id, start_ms').all() as SegmentRow[];
  }

  segmentsOf(cameraId: string): SegmentRow[] {
    return this.db.prepare('SELECT * FROM segments WHERE camera_id = ? ORDER BY start_ms').all(cameraId) as SegmentRow[];
  }

  garbagePaths(): Set<string> {
    return new Set((this.db.prepare('SELECT path FROM garbage').all() as { path: string }[]).map((r) => r.path));
  }

  markLost(segment: SegmentRow, now: number): void {
    this.db
      .prepare(
        `INSERT INTO lost_segments (segment_id, camera_id, start_ms, end_ms, bytes, sha256, path, detected_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(segment.id, segment.camera_id, segment.start_ms, segment.end_ms, segment.bytes, segment.sha256, segment.path, now);
    this.db.prepare('DELETE FROM segments WHERE id = ?').run(segment.id);
  }

  recordQuarantine(entry: { cameraId: string | null; path: string; original: string; reason: string; bytes: number; now: number }): void {
    this.db
      .prepare('INSERT INTO quarantine (camera_id, path, original, reason, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(entry.cameraId, entry.path, entry.original, entry.reason, entry.bytes, entry.now);
  }

  getMeta(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }
}
