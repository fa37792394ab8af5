import { mkdirSync } from 'node:fs';
import type { Db } from '../db/open.js';
import type { Point } from '../recorder/mask.js';
import type { DataLayout } from '../shared/data-layout.js';
import type { Clock, Timer } from '../shared/clock.js';
import { errorMessage, PremisesError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { changedCells, maskedCells } from './grid.js';
import type { Sample } from './record.js';
import { sampleSegments, type SampledFrame } from './sampler.js';
import { nextPendingBatch, saveActivity, type PendingSegment, type SegmentActivity } from './store.js';

export interface ActivityIndexerDeps {
  db: Db;
  layout: DataLayout;
  clock: Clock;
  log: Logger;
  /** The camera's privacy masks now: their cells never count as activity. */
  masksOf(cameraId: string): readonly (readonly Point[])[];
  /** Scratch folder for ffmpeg's concat lists. */
  workDir: string;
  ffmpegPath?: string;
  /** How often to look for segments not analysed yet. */
  intervalMs?: number;
  /** Segments per ffmpeg: one process start per batch. */
  batchSize?: number;
  /**
   * A pass still busy after this long means segments arrive faster than they are analysed: until the pass has
   * caught up, only each segment's first keyframe is read (rows marked `thinned`). Default: one interval.
   */
  thinAfterMs?: number;
}

/**
 * Two minutes: about 12 segments of 10 s per ffmpeg, so its start-up (~0.1 s of CPU) is paid once per
 * 2 minutes of footage instead of once per segment; search results lag the recording by that much.
 */
export const DEFAULT_INTERVAL_MS = 120_000;

/**
 * Segments per ffmpeg. A pass normally finds about one interval of footage per camera (12 segments of 10 s);
 * a camera's longer backlog (footage older than the index, a long stop) is read in larger batches, so the process
 * start (~0.1 s of CPU, a sixth of a 12-segment 1080p batch) is paid less often exactly when time is short.
 */
export const DEFAULT_BATCH_SIZE = 60;

interface LastSample {
  runId: number;
  endMs: number;
  pixels: Uint8Array;
}

/**
 * Analyses closed segments in the background, newest run first, one ffmpeg at a time at low priority, so the
 * activity index follows the recording by about one interval and never competes with it. What was not analysed
 * before a restart is simply still pending: the queue is the set of segments without an activity row.
 */
export class ActivityIndexer {
  private timer: Timer | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  /** The last keyframe of each camera's previous batch, to compare the next batch's first keyframe with. */
  private readonly last = new Map<string, LastSample>();
  /** When the current pass began (monotonic), to tell a backlog from a normal pass. */
  private passStartedAt: number | undefined;

  constructor(private readonly deps: ActivityIndexerDeps) {}

  start(): void {
    mkdirSync(this.deps.workDir, { recursive: true });
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    await this.running;
  }

  /** Analyse until nothing is pending (tests, and the first pass after start). */
  async drain(): Promise<number> {
    let total = 0;
    this.passStartedAt = this.deps.clock.monotonic();
    try {
      for (;;) {
        const n = await this.runOnce();
        if (n === 0) return total;
        total += n;
      }
    } finally {
      this.passStartedAt = undefined;
    }
  }

  /**
   * The daemon's pass: like drain(), but it ends after the current batch once stop() was called, so a
   * backlog (many cameras on a small box) never holds up a shutdown while recorders wait to finish their
   * segments; what is left is still pending at the next start.
   */
  private async passUntilStopped(): Promise<void> {
    this.passStartedAt = this.deps.clock.monotonic();
    try {
      for (;;) {
        if (this.stopped) return;
        if ((await this.runOnce()) === 0) return;
      }
    } finally {
      this.passStartedAt = undefined;
    }
  }

  /** Behind: the current pass has not caught up within thinAfterMs. */
  private behind(): boolean {
    if (this.passStartedAt === undefined) return false;
    const limit = this.deps.thinAfterMs ?? this.deps.intervalMs ?? DEFAULT_INTERVAL_MS;
    return this.deps.clock.monotonic() - this.passStartedAt > limit;
  }

  /** One batch; returns how many segments it settled. */
  async runOnce(): Promise<number> {
    const batch = nextPendingBatch(this.deps.db, this.deps.batchSize ?? DEFAULT_BATCH_SIZE);
    if (batch.length === 0) return 0;
    const thinned = this.behind();
    try {
      saveActivity(this.deps.db, await this.analyse(batch, thinned));
    } catch (err) {
      // One unreadable file must not block its neighbours: settle the batch one segment at a time.
      this.deps.log.warn({ camera: batch[0]?.cameraId, err: errorMessage(err) }, 'activity: batch failed, analysing its segments one by one');
      for (const segment of batch) {
        try {
          saveActivity(this.deps.db, await this.analyse([segment], thinned));
        } catch (single) {
          // Only a file ffmpeg cannot read is settled as such; anything else (no ffmpeg, no scratch folder)
          // leaves the segment pending for the next pass.
          if (!(single instanceof PremisesError && single.kind === 'DataLoss')) throw single;
          saveActivity(this.deps.db, [{ segmentId: segment.id, cameraId: segment.cameraId, startMs: segment.startMs, samples: 0, changed: [], error: errorMessage(single) }]);
        }
      }
    }
    return batch.length;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = this.deps.clock.setTimeout(() => {
      this.running = this.passUntilStopped()
        .catch((err: unknown) => this.deps.log.error({ err: errorMessage(err) }, 'activity: analysis failed'))
        .finally(() => this.schedule(this.deps.intervalMs ?? DEFAULT_INTERVAL_MS));
    }, delayMs);
  }

  private async analyse(batch: readonly PendingSegment[], thinned: boolean): Promise<SegmentActivity[]> {
    const first = batch[0] as PendingSegment;
    const files = batch.map((s) => ({ path: this.deps.layout.absolute(s.path), durationMs: s.endMs - s.startMs }));
    const frames = await sampleSegments(files, {
      workDir: this.deps.workDir,
      firstKeyframeOnly: thinned,
      ...(this.deps.ffmpegPath ? { ffmpegPath: this.deps.ffmpegPath } : {}),
    });
    const excluded = maskedCells(this.deps.masksOf(first.cameraId));
    const carried = this.last.get(first.cameraId);
    let previous: SampledFrame['pixels'] | undefined = carried && carried.runId === first.runId && Math.abs(carried.endMs - first.startMs) < 2_000 ? carried.pixels : undefined;
    const results: SegmentActivity[] = batch.map((s) => ({ segmentId: s.id, cameraId: s.cameraId, startMs: s.startMs, samples: 0, changed: [] as Sample[], thinned }));
    // Where each segment starts on the concat timeline: the sum of the durations before it (as in the list).
    const offsets: number[] = [];
    batch.reduce((sum, s) => (offsets.push(sum), sum + (s.endMs - s.startMs)), 0);
    for (const frame of frames) {
      const atMs = frame.ptsSeconds * 1000;
      let index = offsets.length - 1;
      while (index > 0 && (offsets[index] as number) > atMs + 1) index -= 1;
      const result = results[index] as SegmentActivity;
      result.samples += 1;
      if (previous) result.changed.push({ offsetMs: Math.max(0, atMs - (offsets[index] as number)), cells: changedCells(previous, frame.pixels, excluded) });
      previous = frame.pixels;
    }
    const lastSegment = batch[batch.length - 1] as PendingSegment;
    if (previous) this.last.set(first.cameraId, { runId: first.runId, endMs: lastSegment.endMs, pixels: Uint8Array.from(previous) });
    return results;
  }
}
