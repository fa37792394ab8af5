import type { Db } from '../db/open.js';
import type { Clock } from '../shared/clock.js';

/**
 * Reads of the storage history (migration 16) and the daemon's sampler.
 * Every query here reads O(cameras × days) rows, never every segment.
 */
export interface DiskSpace {
  freeBytes: number;
  totalBytes: number;
}

export interface DailyRow {
  camera: string;
  /** UTC date, YYYY-MM-DD. */
  day: string;
  bytes: number;
  durationMs: number;
  /** Mean bitrate while recording, bits per second; null without recorded time. */
  bitrateBps: number | null;
}

export interface Sample {
  at: number;
  totalBytes: number;
  freeBytes: number;
  recordingsBytes: number;
}

export const SAMPLE_EVERY_MS = 15 * 60_000;
export const SAMPLES_KEPT_MS = 90 * 86_400_000;
const DAY_MS = 86_400_000;

export function recordingsBytes(db: Db): Map<string, number> {
  const rows = db.prepare('SELECT camera_id, bytes FROM storage_camera_bytes').all() as { camera_id: string; bytes: number }[];
  return new Map(rows.map((r) => [r.camera_id, r.bytes]));
}

export function dailyHistory(db: Db, fromMs: number, toMs: number): DailyRow[] {
  const rows = db
    .prepare('SELECT camera_id, day, bytes, duration_ms FROM storage_daily WHERE day >= ? AND day <= ? ORDER BY camera_id, day')
    .all(Math.floor(fromMs / DAY_MS), Math.floor(toMs / DAY_MS)) as { camera_id: string; day: number; bytes: number; duration_ms: number }[];
  return rows.map((r) => ({
    camera: r.camera_id,
    day: new Date(r.day * DAY_MS).toISOString().slice(0, 10),
    bytes: r.bytes,
    durationMs: r.duration_ms,
    bitrateBps: r.duration_ms > 0 ? Math.round((r.bytes * 8 * 1000) / r.duration_ms) : null,
  }));
}

/** Bytes each camera recorded since `sinceMs`, and when its first segment in that window started. */
export function recentBytes(db: Db, cameraIds: readonly string[], sinceMs: number): Map<string, { bytes: number; firstStartMs: number }> {
  // Per camera through the (camera_id, start_ms, end_ms) index: a day of one camera, not the whole table.
  const q = db.prepare('SELECT coalesce(sum(bytes), 0) AS bytes, min(start_ms) AS first FROM segments WHERE camera_id = ? AND start_ms >= ?');
  const out = new Map<string, { bytes: number; firstStartMs: number }>();
  for (const id of cameraIds) {
    const r = q.get(id, sinceMs) as { bytes: number; first: number | null };
    if (r.first !== null) out.set(id, { bytes: r.bytes, firstStartMs: r.first });
  }
  return out;
}

export function samples(db: Db, sinceMs: number): Sample[] {
  const rows = db.prepare('SELECT at, total_bytes, free_bytes, recordings_bytes FROM storage_samples WHERE at >= ? ORDER BY at').all(sinceMs) as {
    at: number;
    total_bytes: number;
    free_bytes: number;
    recordings_bytes: number;
  }[];
  return rows.map((r) => ({ at: r.at, totalBytes: r.total_bytes, freeBytes: r.free_bytes, recordingsBytes: r.recordings_bytes }));
}

/**
 * The daemon calls this on its free-space timer; a sample is written when the
 * last one is SAMPLE_EVERY_MS old (or the clock went back), and samples older
 * than SAMPLES_KEPT_MS are dropped. Returns the sample written, if any.
 */
export class StorageSampler {
  private last: number | undefined;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly everyMs = SAMPLE_EVERY_MS,
  ) {}

  maybeSample(disk: DiskSpace): Sample | undefined {
    const now = this.clock.now();
    this.last ??= (this.db.prepare('SELECT max(at) AS at FROM storage_samples').get() as { at: number | null }).at ?? undefined;
    if (this.last !== undefined && now - this.last < this.everyMs && now >= this.last) return undefined;
    const used = (this.db.prepare('SELECT coalesce(sum(bytes), 0) AS b FROM storage_camera_bytes').get() as { b: number }).b;
    const sample: Sample = { at: now, totalBytes: disk.totalBytes, freeBytes: disk.freeBytes, recordingsBytes: used };
    this.db.transaction(() => {
      this.db.prepare('INSERT OR REPLACE INTO storage_samples (at, total_bytes, free_bytes, recordings_bytes) VALUES (?, ?, ?, ?)').run(now, disk.totalBytes, disk.freeBytes, used);
      this.db.prepare('DELETE FROM storage_samples WHERE at < ?').run(now - SAMPLES_KEPT_MS);
    })();
    this.last = now;
    return sample;
  }
}
