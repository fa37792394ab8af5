import { existsSync } from 'node:fs';
import { readdir, rename, rmdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { AuditLog } from '../audit/log.js';
import type { Db } from '../db/open.js';
import { probeMedia } from './probe.js';
import type { RunSink } from '../recorder/supervisor.js';
import { SegmentTimeline } from '../recorder/timeline.js';
import type { Clock } from '../shared/clock.js';
import { isStorageTrouble } from '../shared/edge-errors.js';
import { errorMessage } from '../shared/errors.js';
import { fsyncDir, mkdirDurable } from '../shared/fsync.js';
import type { Logger } from '../shared/logger.js';
import { hashFile } from './hash.js';
import type { DataLayout } from '../shared/data-layout.js';
import { quarantineFile } from './quarantine.js';
import type { SegmentStore } from './store.js';

/** One step of a run the disk refused (full, read-only, I/O error): kept in order and retried. */
interface SegmentStep {
  kind: 'segment';
  cameraId: string;
  runId: number;
  /** Where ffmpeg left the file (staging). */
  file: string;
  startMs: number;
  endMs: number;
  recovered: boolean;
  /** Set once the file is renamed into place: a retry only fsyncs and inserts the row. */
  placed?: { rel: string; sha256: string; bytes: number };
  result?: { path: string; bytes: number } | undefined;
  done?: boolean;
  refused?: boolean;
}

interface EndStep {
  kind: 'end';
  runId: number;
  reason: string;
  done?: boolean;
  refused?: boolean;
}

type Step = SegmentStep | EndStep;

/**
 * Turns files ffmpeg closed into indexed segments, in the order the
 * invariants need (docs/design.md):
 *   fsync file -> hash -> rename into place -> fsync both directories -> insert row.
 * A crash before the insert leaves a complete file without a row, which
 * start-up reconciliation ingests; a row never points at a missing file.
 *
 * When the disk refuses a step (ENOSPC, SQLITE_FULL, a read-only remount),
 * the step is kept with how far it got and retried in order, per run, by
 * `retryPending()` (the disk guard calls it every few seconds), so the running
 * daemon makes the index and the files agree again once the disk has room,
 * without waiting for a restart. Each step is idempotent: a file already
 * renamed is not hashed or renamed again, a row already there is not inserted
 * twice, a run already closed is not closed again.
 */
export class SegmentIngestor implements RunSink {
  private readonly timelines = new Map<number, SegmentTimeline>();
  private readonly probedRuns = new Set<number>();
  private readonly pending = new Map<number, Step[]>();
  private readonly draining = new Map<number, Promise<void>>();
  private storageTrouble: ((err: unknown) => void) | undefined;

  constructor(
    private readonly db: Db,
    private readonly layout: DataLayout,
    private readonly store: SegmentStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** Told when the disk refuses a step (the disk guard releases its reserve and sweeps at once). */
  onStorageTrouble(listener: (err: unknown) => void): void {
    this.storageTrouble = listener;
  }

  /** Steps waiting for the disk, all runs together. */
  pendingCount(): number {
    let n = 0;
    for (const steps of this.pending.values()) n += steps.length;
    return n;
  }

  /** Retry every run's waiting steps in order; returns how many still wait. */
  async retryPending(): Promise<number> {
    for (const runId of [...this.pending.keys()]) {
      try {
        await this.drain(runId);
      } catch (err) {
        this.log.error({ run: runId, err: errorMessage(err) }, 'a waiting ingest step failed; start-up reconciliation will finish it');
      }
    }
    return this.pendingCount();
  }

  beginRun(cameraId: string, startedAtMs: number): { runId: number; stagingDir: string } {
    // Audited when its first segment lands, not here: a camera that is down is retried every few
    // seconds for as long as it is down, and the permanent log must not fill with attempts.
    const runId = this.store.insertRun(cameraId, startedAtMs);
    const stagingDir = this.layout.stagingDir(cameraId, runId);
    try {
      mkdirDurable(stagingDir);
    } catch (err) {
      // No folder, no recording: a run row left open here would never be closed.
      try {
        this.store.deleteEmptyRun(runId);
      } catch {
        this.enqueue(runId, { kind: 'end', runId, reason: `cannot make its staging folder: ${errorMessage(err)}` }); // the guard's retry removes it
      }
      if (isStorageTrouble(err)) this.storageTrouble?.(err);
      throw err;
    }
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
    const step: SegmentStep = { kind: 'segment', cameraId: run.camera_id, runId, file: segment.file, startMs, endMs, recovered: false };
    this.enqueue(runId, step);
    await this.drain(runId);
    const placed = step.result;
    if (!placed) return undefined;
    if (!this.probedRuns.has(runId)) {
      this.probedRuns.add(runId);
      await this.describeRun(runId, this.layout.absolute(placed.path));
    }
    return placed.bytes;
  }

  async endRun(runId: number, _endedAtMs: number, reason: string): Promise<void> {
    const step: EndStep = { kind: 'end', runId, reason };
    this.enqueue(runId, step);
    await this.drain(runId);
    if (!step.done) this.log.warn({ run: runId }, 'the disk refused to close this run; Premises closes it as soon as the disk has room');
  }

  private enqueue(runId: number, step: Step): void {
    const steps = this.pending.get(runId);
    if (steps) steps.push(step);
    else this.pending.set(runId, [step]);
  }

  /**
   * Run a run's waiting steps in order, one drain at a time per run. Stops at
   * the first step the disk refuses (kept for the next retry); any other
   * error drops that step and is thrown (start-up reconciliation finishes it).
   */
  private drain(runId: number): Promise<void> {
    const previous = this.draining.get(runId) ?? Promise.resolve();
    const next = previous.then(async () => {
      const steps = this.pending.get(runId);
      while (steps && steps.length > 0) {
        const step = steps[0] as Step;
        try {
          if (step.kind === 'segment') step.result = await this.ingestStep(step);
          else await this.closeRun(step.runId, step.reason);
          step.done = true;
          steps.shift();
        } catch (err) {
          if (isStorageTrouble(err)) {
            // Once per step: a disk that stays read-only would otherwise fill the log at every retry.
            if (!step.refused) this.log.warn({ run: runId, step: step.kind, file: step.kind === 'segment' ? (step.placed?.rel ?? step.file) : undefined, err: errorMessage(err) }, 'the disk refused an ingest step; it is retried when the disk has room');
            step.refused = true;
            this.storageTrouble?.(err);
            return;
          }
          steps.shift();
          throw err;
        }
      }
      this.pending.delete(runId);
    });
    const settled = next.catch(() => undefined);
    this.draining.set(runId, settled);
    void settled.then(() => {
      if (this.draining.get(runId) === settled) this.draining.delete(runId);
    });
    return next;
  }

  private async closeRun(runId: number, reason: string): Promise<void> {
    const run = this.store.run(runId);
    if (!run || run.ended_at !== null) {
      this.timelines.delete(runId);
      this.probedRuns.delete(runId);
      return;
    }
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
      const step: SegmentStep = { kind: 'segment', cameraId, runId, file, startMs, endMs: startMs + info.durationMs, recovered: true };
      try {
        if (await this.ingestStep(step)) ingested += 1;
      } catch (err) {
        // Renamed but not indexed: the file is no longer in staging, so keep the step itself to finish first.
        if (step.placed && isStorageTrouble(err)) {
          const steps = this.pending.get(runId);
          if (steps) steps.unshift(step);
          else this.pending.set(runId, [step]);
        }
        throw err;
      }
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
    return this.ingestStep({ kind: 'segment', ...input });
  }

  private async ingestStep(step: SegmentStep): Promise<{ path: string; bytes: number } | undefined> {
    const { cameraId, runId, file, startMs, endMs } = step;
    if (!step.placed) {
      const size = (await stat(file)).size;
      if (size === 0) {
        quarantineFile(this.layout, this.store, file, cameraId, 'empty file', this.clock.now());
        return undefined;
      }
      const { sha256, bytes } = await hashFile(file, { sync: true });
      const rel = this.freeName(cameraId, startMs);
      mkdirDurable(dirname(this.layout.absolute(rel)));
      await rename(file, this.layout.absolute(rel));
      step.placed = { rel, sha256, bytes };
    }
    const { rel, sha256, bytes } = step.placed;
    fsyncDir(dirname(this.layout.absolute(rel)));
    fsyncDirIfThere(dirname(file));
    if (!this.store.segmentByPath(rel)) {
      this.db.transaction(() => {
        const first = !this.store.runHasSegments(runId);
        this.store.insertSegment({ camera_id: cameraId, run_id: runId, start_ms: startMs, end_ms: endMs, bytes, sha256, path: rel, recovered: step.recovered ? 1 : 0 });
        if (first) this.audit.append({ actor: 'system', action: 'recording.started', subject: `camera:${cameraId}`, details: { run: runId, at: startMs } });
      })();
    }
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

/** The staging folder may be gone by a retry (its run was closed); its entries are then durable already. */
function fsyncDirIfThere(dir: string): void {
  try {
    fsyncDir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
