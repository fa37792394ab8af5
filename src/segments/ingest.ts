import { existsSync } from 'node:fs';
import { readdir, rename, rmdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { AuditLog } from '../audit/log.js';
import type { Db } from '../db/open.js';
import { probeMedia } from './probe.js';
import type { RunSink } from '../recorder/supervisor.js';
import { SegmentTimeline } from '../recorder/timeline.js';
import type { Clock } from '../shared/clock.js';
import { errorMessage } from '../shared/errors.js';
import { fsyncDir, mkdirDurable } from '../shared/fsync.js';
import type { Logger } from '../shared/logger.js';
import { hashFile } from './hash.js';
import type { DataLayout } from '../shared/data-layout.js';
import { quarantineFile } from './quarantine.js';
import type { SegmentStore } from './store.js';

/**
 * Turns files ffmpeg closed into indexed segments, in the order the
 * invariants need (docs/design.md):
 *   fsync file -> hash -> rename into place -> fsync both directories -> insert row.
 * A crash before the insert leaves a complete file without a row, which
 * start-up reconciliation ingests; a row never points at a missing file.
 */
export class SegmentIngestor implements RunSink {
  private readonly timelines = new Map<number, SegmentTimeline>();
  private readonly probedRuns = new Set<number>();

  constructor(
    private readonly db: Db,
    private readonly layout: DataLayout,
    private readonly store: SegmentStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  beginRun(cameraId: string, startedAtMs: number): { runId: number; stagingDir: string } {
    // Audited when its first segment lands, not here: a camera that is down is retried every few
    // seconds for as long as it is down, and the permanent log must not fill with attempts.
    const runId = this.store.insertRun(cameraId, startedAtMs);
    const stagingDir = this.layout.stagingDir(cameraId, runId);
    mkdirDurable(stagingDir);
    this.timelines.set(runId, new SegmentTimeline(startedAtMs));
    return { runId, stagingDir };
  }

  async segmentClosed(runId: number, segment: { file: string; durationMs: number; closeWallMs: number }): Promise<number | undefined> {
    const run = this.store.run(runId);
    if (!run) throw new Error(`unknown run ${runId}`);
    let timeline = this.timelines.get(runId);
    if (!timeline) {
      timeline = new SegmentTimeline(run.started_at);
      this.timelines.set(runId, timeline);
    }
    const { startMs, endMs } = timeline.place(segment.durationMs, segment.closeWallMs);
    const placed = await this.ingestFile({ cameraId: run.camera_id, runId, file: segment.file, startMs, endMs, recovered: false });
    if (!placed) return undefined;
    if (!this.probedRuns.has(runId)) {
      this.probedRuns.add(runId);
      await this.describeRun(runId, this.layout.absolute(placed.path));
    }
    return placed.bytes;
  }

  async endRun(runId: number, endedAtMs: number, reason: string): Promise<void> {
    const run = this.store.run(runId);
    if (!run) return;
    await this.ingestLeftovers(run.camera_id, runId);
    const last = this.store.lastSegmentOfRun(runId);
    this.db.transaction(() => {
      if (!last) {
        // An attempt that never recorded is not a run: the camera-down alarm and the log tell that story.
        this.store.deleteEmptyRun(runId);
        return;
      }
      // A run ends where its footage ends; the time ffmpeg took to notice the loss is part of the gap.
      this.store.endRun(runId, last.end_ms, reason);
      this.audit.append({ actor: 'system', action: 'recording.stopped', subject: `camera:${run.camera_id}`, details: { run: runId, reason } });
    })();
    this.timelines.delete(runId);
    this.probedRuns.delete(runId);
  }

  /**
   * Ingest whatever ffmpeg left in a run's staging folder: the segment it was
   * writing when it stopped (readable up to its last fragment) or, after a
   * crash, more. Unreadable or empty files go to quarantine.
   */
  async ingestLeftovers(cameraId: string, runId: number): Promise<{ ingested: number; quarantined: number }> {
    const dir = this.layout.stagingDir(cameraId, runId);
    let names: string[];
    try {
      names = (await readdir(dir)).filter((n) => n.endsWith('.mp4')).sort();
    } catch {
      return { ingested: 0, quarantined: 0 };
    }
    let ingested = 0;
    let quarantined = 0;
    for (const name of names) {
      const file = join(dir, name);
      const info = await probeMedia(file).catch(() => undefined);
      if (!info || info.durationMs <= 0 || (await stat(file)).size === 0) {
        quarantineFile(this.layout, this.store, file, cameraId, info ? 'no playable video in file' : 'unreadable file', this.clock.now());
        this.log.warn({ camera: cameraId, file: name }, 'unreadable partial segment moved to quarantine');
        quarantined += 1;
        continue;
      }
      const previous = this.store.lastSegmentOfRun(runId);
      const run = this.store.run(runId);
      // Without a previous segment, the file's modification time is the best witness of when it ended.
      const startMs = previous ? previous.end_ms : Math.max(run?.started_at ?? 0, Math.round((await stat(file)).mtimeMs) - info.durationMs);
      const placed = await this.ingestFile({ cameraId, runId, file, startMs, endMs: startMs + info.durationMs, recovered: true });
      if (placed) ingested += 1;
    }
    try {
      await rmdir(dir);
      fsyncDir(dirname(dir));
    } catch {
      // not empty (a file could not be moved) or already gone: reconciliation reports it
    }
    return { ingested, quarantined };
  }

  /** Make one staged file durable, name it by its UTC start and index it. Returns its relative path and size. */
  async ingestFile(input: {
    cameraId: string;
    runId: number;
    file: string;
    startMs: number;
    endMs: number;
    recovered: boolean;
  }): Promise<{ path: string; bytes: number } | undefined> {
    const { cameraId, runId, file, startMs, endMs } = input;
    const size = (await stat(file)).size;
    if (size === 0) {
      quarantineFile(this.layout, this.store, file, cameraId, 'empty file', this.clock.now());
      return undefined;
    }
    const { sha256, bytes } = await hashFile(file, { sync: true });
    const rel = this.freeName(cameraId, startMs);
    const target = this.layout.absolute(rel);
    mkdirDurable(dirname(target));
    await rename(file, target);
    fsyncDir(dirname(target));
    fsyncDir(dirname(file));
    this.db.transaction(() => {
      const first = !this.store.runHasSegments(runId);
      this.store.insertSegment({ camera_id: cameraId, run_id: runId, start_ms: startMs, end_ms: endMs, bytes, sha256, path: rel, recovered: input.recovered ? 1 : 0 });
      if (first) this.audit.append({ actor: 'system', action: 'recording.started', subject: `camera:${cameraId}`, details: { run: runId, at: startMs } });
    })();
    return { path: rel, bytes };
  }

  private freeName(cameraId: string, startMs: number): string {
    for (let n = 0; ; n += 1) {
      const rel = this.layout.segmentRelPath(cameraId, startMs, n === 0 ? '' : `-${n}`);
      if (!existsSync(this.layout.absolute(rel)) && !this.store.segmentByPath(rel)) return rel;
    }
  }

  private async describeRun(runId: number, file: string): Promise<void> {
    try {
      const info = await probeMedia(file);
      this.store.setRunMedia(runId, info);
    } catch (err) {
      this.log.warn({ run: runId, err: errorMessage(err) }, 'cannot read codec details of the first segment');
    }
  }
}
