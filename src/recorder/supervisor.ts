import { join } from 'node:path';
import { Backoff } from '../shared/backoff.js';
import type { Clock, Timer } from '../shared/clock.js';
import { errorMessage } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { buildRecordArgs, parseSegmentListLine, ProgressParser } from './ffmpeg-args.js';
import { PROGRESS_FD, type RecorderProcess, type Spawner } from './spawner.js';
import { StagingSync } from './staging-sync.js';
import { StderrRing } from './stderr-ring.js';

/**
 * Keeps one camera recording, unattended, for months.
 *
 * Liveness is judged by output, never by the process being alive (a hung
 * camera leaves ffmpeg and its TCP connection alive with nothing written):
 * ffmpeg's -progress must keep advancing and segments must keep closing.
 * Any exit of ffmpeg, exit code 0 included, means the stream was lost; the
 * run ends with the reason and a new one starts after a backoff.
 */
export interface RunSink {
  /** Open a run; returns its id and the staging folder ffmpeg writes into. */
  beginRun(cameraId: string, startedAtMs: number): { runId: number; stagingDir: string };
  /** A segment ffmpeg reported closed: make it durable and index it. Resolves to its size in bytes, if indexed. */
  segmentClosed(runId: number, segment: { file: string; durationMs: number; closeWallMs: number }): Promise<number | undefined>;
  /** The run is over: ingest what ffmpeg left in staging, then close the run with its reason. */
  endRun(runId: number, endedAtMs: number, reason: string): Promise<void>;
}

export interface SupervisorEvents {
  cameraDown?(cameraId: string, message: string): void;
  cameraUp?(cameraId: string): void;
}

export interface SupervisorOptions {
  cameraId: string;
  /** Input URL with credentials; it reaches only ffmpeg's argv, never a log. */
  inputUrl: string;
  /** Strings to scrub from ffmpeg's stderr (the password, in case ffmpeg prints it decoded). */
  secrets: readonly string[];
  audio: boolean;
  /** Privacy-mask image to burn in (re-encodes this camera); absent: stream copy. */
  maskImage?: string;
  segmentMs: number;
  rtspTimeoutMs: number;
  stopGraceMs: number;
  downAlarmAfterMs: number;
  /** A wall-clock jump larger than this ends the run. */
  wallJumpThresholdMs?: number;
  watchdogIntervalMs?: number;
}

export interface SupervisorDeps {
  clock: Clock;
  spawner: Spawner;
  sink: RunSink;
  log: Logger;
  events?: SupervisorEvents;
  backoff?: Backoff;
}

export type CameraState = 'idle' | 'starting' | 'recording' | 'reconnecting' | 'stopping' | 'stopped';

export interface CameraStatus {
  cameraId: string;
  state: CameraState;
  stateSince: number;
  runId: number | null;
  lastSegmentAt: number | null;
  bitrateBps: number | null;
  restarts: number;
  lastExit: { at: number; reason: string } | null;
  nextAttemptAt: number | null;
}

interface ActiveRun {
  proc: RecorderProcess;
  runId: number;
  stagingDir: string;
  startedMono: number;
  lastProgressMono: number;
  lastSegmentMono: number;
  firstSegmentMono: number | undefined;
  lastOutTimeUs: number;
  lastTotalSize: number;
  killReason: string | undefined;
  relaunchAtOnce: boolean;
  killTimer: Timer | undefined;
  pending: Promise<void>;
  stagingSync: StagingSync;
}

const SEGMENT_GRACE_MS = 10_000;

export class CameraSupervisor {
  private state: CameraState = 'idle';
  private stateSince: number;
  private active: ActiveRun | undefined;
  private relaunchTimer: Timer | undefined;
  private watchdog: Timer | undefined;
  private stopWaiters: (() => void)[] = [];
  private readonly ring: StderrRing;
  private readonly backoff: Backoff;
  private readonly log: Logger;
  private restarts = 0;
  private lastExit: { at: number; reason: string } | null = null;
  private lastSegmentAt: number | null = null;
  private bitrateBps: number | null = null;
  private maxSegmentMs = 0;
  private downSinceMono: number | undefined;
  private downReported = false;
  private nextAttemptAt: number | null = null;
  private lastTick: { wall: number; mono: number } | undefined;

  constructor(
    private readonly options: SupervisorOptions,
    private readonly deps: SupervisorDeps,
  ) {
    this.ring = new StderrRing(100, options.secrets);
    this.backoff = deps.backoff ?? new Backoff();
    this.log = deps.log.child({ camera: options.cameraId });
    this.stateSince = deps.clock.now();
  }

  get cameraId(): string {
    return this.options.cameraId;
  }

  start(): void {
    if (this.state !== 'idle' && this.state !== 'stopped') return;
    this.downSinceMono = this.deps.clock.monotonic();
    this.downReported = false;
    this.startWatchdog();
    this.launch();
  }

  /** Stop gracefully: SIGINT (ffmpeg finalises the open segment), then SIGKILL after the grace. */
  async stop(reason = 'stopped'): Promise<void> {
    this.relaunchTimer?.cancel();
    this.relaunchTimer = undefined;
    this.nextAttemptAt = null;
    if (!this.active) {
      this.watchdog?.cancel();
      this.setState('stopped');
      return;
    }
    const done = new Promise<void>((resolve) => this.stopWaiters.push(resolve));
    this.setState('stopping');
    this.terminate(reason);
    await done;
  }

  status(): CameraStatus {
    return {
      cameraId: this.options.cameraId,
      state: this.state,
      stateSince: this.stateSince,
      runId: this.active?.runId ?? null,
      lastSegmentAt: this.lastSegmentAt,
      bitrateBps: this.bitrateBps,
      restarts: this.restarts,
      lastExit: this.lastExit,
      nextAttemptAt: this.nextAttemptAt,
    };
  }

  /** The last stderr lines of ffmpeg, already redacted. */
  stderrTail(n = 20): string[] {
    return this.ring.tail(n);
  }

  private setState(state: CameraState): void {
    if (this.state === state) return;
    this.state = state;
    this.stateSince = this.deps.clock.now();
  }

  private launch(): void {
    const { clock, sink, spawner } = this.deps;
    this.relaunchTimer = undefined;
    this.nextAttemptAt = null;
    this.setState('starting');
    let run: { runId: number; stagingDir: string };
    try {
      run = sink.beginRun(this.options.cameraId, clock.now());
    } catch (err) {
      this.log.error({ err: errorMessage(err) }, 'cannot open a recording run');
      this.scheduleRelaunch(`cannot open a run: ${errorMessage(err)}`);
      return;
    }
    const args = buildRecordArgs({
      inputUrl: this.options.inputUrl,
      stagingDir: run.stagingDir,
      segmentSeconds: this.options.segmentMs / 1000,
      rtspTimeoutMs: this.options.rtspTimeoutMs,
      audio: this.options.audio,
      progressFd: PROGRESS_FD,
      ...(this.options.maskImage ? { maskImage: this.options.maskImage } : {}),
    });
    this.ring.clear();
    const proc = spawner.spawn(args);
    const now = clock.monotonic();
    const active: ActiveRun = {
      proc,
      runId: run.runId,
      stagingDir: run.stagingDir,
      startedMono: now,
      lastProgressMono: now,
      lastSegmentMono: now,
      firstSegmentMono: undefined,
      lastOutTimeUs: -1,
      lastTotalSize: -1,
      killReason: undefined,
      relaunchAtOnce: false,
      killTimer: undefined,
      pending: Promise.resolve(),
      stagingSync: new StagingSync(run.stagingDir).watch(),
    };
    this.active = active;
    this.log.info({ run: run.runId, pid: proc.pid }, 'recording started');
    const progress = new ProgressParser();
    proc.onStdoutLine((line) => this.onSegmentLine(active, line));
    proc.onProgressLine((line) => {
      const block = progress.push(line);
      if (!block) return;
      const advanced =
        (block.outTimeUs !== undefined && block.outTimeUs > active.lastOutTimeUs) ||
        (block.totalSize !== undefined && block.totalSize > active.lastTotalSize);
      if (block.outTimeUs !== undefined) active.lastOutTimeUs = Math.max(active.lastOutTimeUs, block.outTimeUs);
      if (block.totalSize !== undefined) active.lastTotalSize = Math.max(active.lastTotalSize, block.totalSize);
      if (advanced) active.lastProgressMono = clock.monotonic();
      // The fallback of the staging folder's watch: once a second, whatever grew is synced (docs/design.md, invariant 4).
      void active.stagingSync.tick();
    });
    proc.onStderrLine((line) => {
      const clean = this.ring.push(line);
      this.log.debug({ ffmpeg: clean }, 'ffmpeg');
    });
    proc.onClose((code, signal) => {
      void this.onExit(active, code, signal);
    });
  }

  private onSegmentLine(active: ActiveRun, line: string): void {
    const entry = parseSegmentListLine(line);
    if (!entry) return;
    const { clock, sink } = this.deps;
    const mono = clock.monotonic();
    const durationMs = (entry.endSeconds - entry.startSeconds) * 1000;
    active.lastSegmentMono = mono;
    active.firstSegmentMono ??= mono;
    if (active.firstSegmentMono !== mono) this.maxSegmentMs = Math.max(this.maxSegmentMs, durationMs);
    if (this.state === 'starting') this.setState('recording');
    this.lastSegmentAt = clock.now();
    this.markUp();
    const segment = { file: join(active.stagingDir, entry.file), durationMs, closeWallMs: clock.now() };
    active.pending = active.pending
      .then(async () => {
        const bytes = await sink.segmentClosed(active.runId, segment);
        // Bitrate from what reaches the disk (ffmpeg's own total_size is N/A for the segment muxer).
        if (bytes !== undefined && durationMs > 0) {
          const instant = (bytes * 8) / (durationMs / 1000);
          this.bitrateBps = Math.round(this.bitrateBps === null ? instant : this.bitrateBps * 0.8 + instant * 0.2);
        }
      })
      .catch((err: unknown) => this.log.error({ err: errorMessage(err), file: entry.file }, 'cannot ingest a segment; it stays in staging for reconciliation'));
  }

  private async onExit(active: ActiveRun, code: number | null, signal: NodeJS.Signals | null): Promise<void> {
    const { clock, sink } = this.deps;
    active.killTimer?.cancel();
    active.stagingSync.close();
    const exitText = signal ? `ffmpeg was ended by ${signal}` : `ffmpeg exited with code ${String(code)}`;
    const lastError = this.ring.tail(1)[0];
    const reason = active.killReason ?? `stream lost (${exitText}${lastError ? `: ${lastError}` : ''})`;
    if (this.state === 'stopping') this.log.info({ run: active.runId, code, signal, reason }, 'recording process ended');
    else this.log.warn({ run: active.runId, code, signal, reason, stderr: this.ring.tail() }, 'recording process ended');
    try {
      await active.pending;
      await sink.endRun(active.runId, clock.now(), reason);
    } catch (err) {
      this.log.error({ err: errorMessage(err), run: active.runId }, 'cannot close the run; reconciliation will finish it');
    }
    this.lastExit = { at: clock.now(), reason };
    if (this.active === active) this.active = undefined;
    if (this.state === 'stopping') {
      this.watchdog?.cancel();
      this.setState('stopped');
      for (const resolve of this.stopWaiters.splice(0)) resolve();
      return;
    }
    if (active.firstSegmentMono !== undefined) this.backoff.recordHealthy(clock.monotonic() - active.firstSegmentMono);
    this.markDown();
    if (active.relaunchAtOnce) {
      this.restarts += 1;
      this.launch();
    } else {
      this.scheduleRelaunch(reason);
    }
  }

  private scheduleRelaunch(reason: string): void {
    const delay = this.backoff.next();
    this.restarts += 1;
    this.setState('reconnecting');
    this.nextAttemptAt = this.deps.clock.now() + delay;
    this.log.info({ delayMs: delay, reason }, 'will retry the camera');
    this.relaunchTimer = this.deps.clock.setTimeout(() => this.launch(), delay);
  }

  private terminate(reason: string, relaunchAtOnce = false): void {
    const active = this.active;
    if (!active || active.killReason !== undefined) return;
    active.killReason = reason;
    active.relaunchAtOnce = relaunchAtOnce;
    // Arm the SIGKILL before sending SIGINT: the exit handler, which disarms it, may run at once.
    active.killTimer = this.deps.clock.setTimeout(() => {
      this.log.warn({ run: active.runId }, 'ffmpeg did not stop after SIGINT; killing it');
      active.proc.kill('SIGKILL');
    }, this.options.stopGraceMs);
    active.proc.kill('SIGINT');
  }

  private markDown(): void {
    this.downSinceMono ??= this.deps.clock.monotonic();
  }

  private markUp(): void {
    this.downSinceMono = undefined;
    if (this.downReported) {
      this.downReported = false;
      this.deps.events?.cameraUp?.(this.options.cameraId);
    }
  }

  /** Deadlines, in ms, for ffmpeg's progress and for a segment to close. */
  deadlines(): { progressStallMs: number; firstSegmentMs: number; nextSegmentMs: number } {
    const { segmentMs, rtspTimeoutMs } = this.options;
    const longest = Math.max(2 * segmentMs, 2 * this.maxSegmentMs);
    return {
      progressStallMs: Math.max(10_000, 2 * rtspTimeoutMs + 5_000),
      firstSegmentMs: longest + 2 * rtspTimeoutMs + 15_000,
      nextSegmentMs: longest + SEGMENT_GRACE_MS,
    };
  }

  private startWatchdog(): void {
    this.watchdog?.cancel();
    const interval = this.options.watchdogIntervalMs ?? 1_000;
    const tick = () => {
      this.checkHealth();
      if (this.state !== 'stopped' && this.state !== 'idle') this.watchdog = this.deps.clock.setTimeout(tick, interval);
    };
    this.lastTick = { wall: this.deps.clock.now(), mono: this.deps.clock.monotonic() };
    this.watchdog = this.deps.clock.setTimeout(tick, interval);
  }

  private checkHealth(): void {
    const { clock } = this.deps;
    const mono = clock.monotonic();
    const wall = clock.now();
    const previous = this.lastTick;
    this.lastTick = { wall, mono };
    const active = this.active;
    if (active && this.state !== 'stopping') {
      const jump = previous ? wall - previous.wall - (mono - previous.mono) : 0;
      const limits = this.deadlines();
      if (Math.abs(jump) > (this.options.wallJumpThresholdMs ?? 5_000)) {
        this.log.warn({ jumpMs: jump }, 'the wall clock jumped; ending the run so footage times stay true');
        this.terminate(`wall clock jumped by ${Math.round(jump / 1000)} s`, true);
      } else if (mono - active.lastProgressMono > limits.progressStallMs) {
        this.terminate(`no progress from the camera for ${Math.round((mono - active.lastProgressMono) / 1000)} s`);
      } else {
        const deadline = active.firstSegmentMono === undefined ? limits.firstSegmentMs : limits.nextSegmentMs;
        if (mono - active.lastSegmentMono > deadline) {
          this.terminate(`no segment closed for ${Math.round((mono - active.lastSegmentMono) / 1000)} s`);
        }
      }
    }
    if (this.downSinceMono !== undefined && !this.downReported && mono - this.downSinceMono >= this.options.downAlarmAfterMs) {
      this.downReported = true;
      const why = this.lastExit?.reason ?? 'no footage recorded yet';
      this.deps.events?.cameraDown?.(this.options.cameraId, `camera ${this.options.cameraId} is not recording: ${why}`);
    }
  }
}
