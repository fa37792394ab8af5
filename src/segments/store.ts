import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open.js';
import { statement } from '../db/statements.js';

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

  /** Prepared once per Database: every segment of every camera goes through here. */
  private sql(text: string): Statement {
    return statement(this.db, text);
  }

  insertRun(cameraId: string, startedAt: number): number {
    return Number(this.sql('INSERT INTO runs (camera_id, started_at) VALUES (?, ?)').run(cameraId, startedAt).lastInsertRowid);
  }

  endRun(runId: number, endedAt: number, reason: string): void {
    this.sql('UPDATE runs SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL').run(endedAt, reason, runId);
  }

  /** Remove a run that never got a segment (an attempt, not a recording session). */
  deleteEmptyRun(runId: number): void {
    this.sql('DELETE FROM runs WHERE id = ? AND NOT EXISTS (SELECT 1 FROM segments WHERE run_id = ?)').run(runId, runId);
  }

  setRunMedia(runId: number, media: { videoCodec: string | null; width: number | null; height: number | null; audioCodec: string | null }): void {
    this.sql('UPDATE runs SET video_codec = ?, width = ?, height = ?, audio_codec = ? WHERE id = ?')
      .run(media.videoCodec, media.width, media.height, media.audioCodec, runId);
  }

  run(runId: number): RunRow | undefined {
    return this.sql('SELECT * FROM runs WHERE id = ?').get(runId) as RunRow | undefined;
  }

  openRuns(): RunRow[] {
    return this.sql('SELECT * FROM runs WHERE ended_at IS NULL ORDER BY id').all() as RunRow[];
  }

  /** The run a recovered file most plausibly belongs to: the latest one of the camera that started before it. */
  runCovering(cameraId: string, atMs: number): RunRow | undefined {
    return this.sql('SELECT * FROM runs WHERE camera_id = ? AND started_at <= ? ORDER BY started_at DESC LIMIT 1')
      .get(cameraId, atMs) as RunRow | undefined;
  }

  /** O(1) through segments_run, unlike lastSegmentOfRun, which sorts a run's segments: this one is on the ingest path. */
  runHasSegments(runId: number): boolean {
    return this.sql('SELECT 1 FROM segments WHERE run_id = ? LIMIT 1').get(runId) !== undefined;
  }

  lastSegmentOfRun(runId: number): SegmentRow | undefined {
    return this.sql('SELECT * FROM segments WHERE run_id = ? ORDER BY end_ms DESC LIMIT 1').get(runId) as SegmentRow | undefined;
  }

  insertSegment(row: Omit<SegmentRow, 'id'>): number {
    return Number(
      this.sql(
          `INSERT INTO segments (camera_id, run_id, start_ms, end_ms, bytes, sha256, path, recovered)
           VALUES (@camera_id, @run_id, @start_ms, @end_ms, @bytes, @sha256, @path, @recovered)`,
        )
        .run(row).lastInsertRowid,
    );
  }

  segmentByPath(path: string): SegmentRow | undefined {
    return this.sql('SELECT * FROM segments WHERE path = ?').get(path) as SegmentRow | undefined;
  }

  allSegments(): SegmentRow[] {
    return this.sql('SELECT * FROM segments ORDER BY camera_id, start_ms').all() as SegmentRow[];
  }

  /** Bytes of the segments that started at or after `fromMs` (the recent bitrate, for the free-space floor). */
  bytesSince(fromMs: number): number {
    return (this.sql('SELECT coalesce(sum(bytes), 0) AS bytes FROM segments WHERE start_ms >= ?').get(fromMs) as { bytes: number }).bytes;
  }

  segmentsOf(cameraId: string): SegmentRow[] {
    return this.sql('SELECT * FROM segments WHERE camera_id = ? ORDER BY start_ms').all(cameraId) as SegmentRow[];
  }

  /** The newest segment's path of a camera (the mask editor probes it for the stream's size). */
  latestPathOf(cameraId: string): string | undefined {
    return (this.sql('SELECT path FROM segments WHERE camera_id = ? ORDER BY start_ms DESC LIMIT 1').get(cameraId) as { path: string } | undefined)?.path;
  }

  garbagePaths(): Set<string> {
    return new Set((this.sql('SELECT path FROM garbage').all() as { path: string }[]).map((r) => r.path));
  }

  markLost(segment: SegmentRow, now: number): void {
    this.sql(
        `INSERT INTO lost_segments (segment_id, camera_id, start_ms, end_ms, bytes, sha256, path, detected_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(segment.id, segment.camera_id, segment.start_ms, segment.end_ms, segment.bytes, segment.sha256, segment.path, now);
    this.sql('DELETE FROM segments WHERE id = ?').run(segment.id);
  }

  recordQuarantine(entry: { cameraId: string | null; path: string; original: string; reason: string; bytes: number; now: number }): void {
    this.sql('INSERT INTO quarantine (camera_id, path, original, reason, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(entry.cameraId, entry.path, entry.original, entry.reason, entry.bytes, entry.now);
  }

  /** How many files have ever been moved to quarantine (start compares before and after a stop). */
  quarantineCount(): number {
    return (this.sql('SELECT count(*) AS n FROM quarantine').get() as { n: number }).n;
  }
}
