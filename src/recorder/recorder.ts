import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Alarms } from '../alarms/alarms.js';
import { urlWithCredentials } from '../config/credentials.js';
import type { CameraConfig, Config } from '../config/schema.js';
import type { CameraDecision } from '../policy/consent/decision.js';
import { sleep, type Clock, type Timer } from '../shared/clock.js';
import { errorMessage } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { redactUrl } from '../shared/redact.js';
import { masksHash, type MaskDecision, type OnvifAccess } from './camera-masks.js';
import { maskImagePam, type Point } from './mask.js';
import { decodeStreamFrame } from './mask-verify.js';
import type { RecordableCamera } from './sources.js';
import type { Spawner } from './spawner.js';
import { CameraSupervisor, type CameraStatus, type RunSink } from './supervisor.js';

/**
 * All cameras of this install: one supervisor (one ffmpeg) per camera that
 * may record now. Whether it may is not the recorder's call: `decide` (the
 * consent gates, schedule and privacy pause) answers, and the recorder
 * starts or stops each camera to match, re-asking whenever the answer can
 * change (a schedule edge, a pause, a pause's expiry).
 */
export interface Hold {
  code: string;
  message: string;
  fix: string;
}

export interface CameraHealth extends CameraStatus {
  name: string;
  source: string;
  notRecordingReason: string | null;
  holds: Hold[];
  /** Who blacks out the privacy masks since the last start (null: no masks, or not started yet). */
  masking: MaskDecision | null;
}

/** Settles whether the camera or Premises applies a camera's masks (src/recorder/camera-masks.ts). Never rejects. */
export type ChooseMasks = (cameraId: string, polygons: Point[][], onvif: OnvifAccess | undefined, streamFrame: () => Promise<Uint8Array>) => Promise<MaskDecision>;

export type Decide = (camera: CameraConfig, nowMs: number) => CameraDecision;

export interface RecorderDeps {
  clock: Clock;
  spawner: Spawner;
  sink: RunSink;
  alarms: Alarms;
  log: Logger;
  decide: Decide;
  /** Where mask images are written (inside the data directory). */
  maskDir: string;
  /** Absent: every masked camera is masked by Premises. */
  chooseMasks?: ChooseMasks;
}

interface Entry {
  camera: CameraConfig;
  source: RecordableCamera;
  supervisor: CameraSupervisor | undefined;
  holds: Hold[];
  configError: string | null;
  masking: MaskDecision | null;
  /**
   * The masks hash the camera was verified to mask itself for, set only once
   * the decision is 'camera' and cleared before every re-check: live view
   * stream-copies a masked camera only while this matches its masks.
   */
  cameraMasksHash: string | null;
  /** A pending start/stop, so decisions are applied one at a time per camera. */
  transition: Promise<void>;
}

/** Up to this many cameras start at once; more are spread over START_SPREAD_MAX_MS. */
const START_SPREAD_ABOVE = 8;
const START_SPREAD_STEP_MS = 100;
const START_SPREAD_MAX_MS = 3_000;

export class Recorder {
  private readonly entries = new Map<string, Entry>();
  private recheckTimer: Timer | undefined;
  private retryTimer: Timer | undefined;
  private stopped = false;

  constructor(
    private readonly config: Config,
    private readonly deps: RecorderDeps,
  ) {}

  startAll(cameras: readonly RecordableCamera[]): void {
    // Dozens of ffmpegs starting in the same tick stall the event loop for over a second (bench:record):
    // past a handful, the first starts are spread out. Each camera keeps its own queue, so this only
    // delays its first step, never reorders it.
    if (cameras.length > START_SPREAD_ABOVE) {
      const stepMs = Math.min(START_SPREAD_STEP_MS, START_SPREAD_MAX_MS / cameras.length);
      cameras.forEach((camera, i) => {
        const entry = this.newEntry(camera);
        entry.transition = i === 0 ? Promise.resolve() : sleep(Math.round(i * stepMs), this.deps.clock);
        this.entries.set(camera.config.id, entry);
      });
    }
    this.syncCameras(cameras);
  }

  /**
   * Make the set of cameras match `cameras`: new ones are added, removed ones
   * stopped, changed ones (scope, address) restarted with their new settings.
   */
  syncCameras(cameras: readonly RecordableCamera[]): void {
    const wanted = new Map(cameras.map((c) => [c.config.id, c] as const));
    for (const [id, entry] of [...this.entries]) {
      const next = wanted.get(id);
      if (next && next.signature === entry.source.signature) continue;
      this.queue(entry, () => this.stopCamera(entry, next ? 'camera settings changed' : 'camera removed'));
      this.entries.delete(id);
      // The replacement waits for the old supervisor to stop: one ffmpeg per camera at any time.
      if (next) this.entries.set(id, { ...this.newEntry(next), transition: entry.transition });
    }
    for (const [id, source] of wanted) if (!this.entries.has(id)) this.entries.set(id, this.newEntry(source));
    this.reevaluate();
  }

  private newEntry(source: RecordableCamera): Entry {
    return { camera: source.config, source, supervisor: undefined, holds: [], configError: null, masking: null, cameraMasksHash: null, transition: Promise.resolve() };
  }

  /** Ask again, for every camera, whether it may record now, and start or stop it to match. */
  reevaluate(): void {
    if (this.stopped) return;
    this.recheckTimer?.cancel();
    const now = this.deps.clock.now();
    let nextCheck: number | undefined;
    for (const entry of this.entries.values()) {
      const decision = this.deps.decide(entry.camera, now);
      entry.holds = decision.reasons.map((r) => ({ code: r.code === 'gate' ? `gate:${r.gate.code}` : r.code, message: r.message, fix: r.fix }));
      if (decision.recheckAt !== undefined) nextCheck = Math.min(nextCheck ?? Infinity, decision.recheckAt);
      const wanted = decision.record;
      const running = entry.supervisor !== undefined && !['stopped', 'stopping', 'idle'].includes(entry.supervisor.status().state);
      if (wanted && !running) this.queue(entry, () => this.startCamera(entry, decision.audio));
      else if (!wanted && running) this.queue(entry, () => this.stopCamera(entry, entry.holds[0]?.message ?? 'not allowed to record now'));
    }
    if (nextCheck !== undefined) {
      // +1 s so the decision is taken just after the edge, never just before it.
      this.recheckTimer = this.deps.clock.setTimeout(() => this.reevaluate(), Math.max(1_000, nextCheck - now + 1_000));
    }
  }

  private queue(entry: Entry, step: () => Promise<void> | void): void {
    entry.transition = entry.transition.then(step).catch((err: unknown) => {
      this.deps.log.error({ camera: entry.camera.id, err: errorMessage(err) }, 'camera state change failed');
    });
  }

  private async startCamera(entry: Entry, audio: boolean): Promise<void> {
    if (this.stopped) return;
    const { camera } = entry;
    // A masked camera is asked again at every start whether its own masks are still in place.
    if (camera.masks && entry.supervisor?.status().state === 'stopped') entry.supervisor = undefined;
    if (!entry.supervisor) {
      try {
        const { rtspUrl, credentials } = await entry.source.resolveSource();
        const inputUrl = urlWithCredentials(rtspUrl, credentials);
        const secrets = credentials ? [credentials.password] : [];
        const streamFrame = () => decodeStreamFrame(inputUrl, secrets);
        const maskImage = camera.masks ? await this.maskImageFor(entry, camera.masks.map((m) => m.polygon), streamFrame) : undefined;
        entry.supervisor = new CameraSupervisor(
          {
            cameraId: camera.id,
            inputUrl,
            secrets,
            audio,
            ...(maskImage ? { maskImage } : {}),
            segmentMs: this.config.recording.segmentDuration,
            rtspTimeoutMs: this.config.recording.rtspTimeout,
            stopGraceMs: this.config.recording.stopGrace,
            downAlarmAfterMs: this.config.recording.cameraDownAlarmAfter,
          },
          {
            clock: this.deps.clock,
            spawner: this.deps.spawner,
            sink: this.deps.sink,
            log: this.deps.log,
            events: {
              cameraDown: (id, message) => this.deps.alarms.raise('camera-down', id, 'critical', message),
              cameraUp: (id) => this.deps.alarms.clear('camera-down', id, 'recording again'),
            },
          },
        );
        entry.configError = null;
        this.deps.alarms.clear('camera-config', camera.id, 'camera started');
      } catch (err) {
        entry.configError = errorMessage(err);
        this.deps.log.error({ camera: camera.id, err: entry.configError }, 'camera cannot start');
        this.deps.alarms.raise('camera-config', camera.id, 'critical', `camera ${camera.id} cannot record: ${entry.configError}`);
        this.scheduleRetry();
        return;
      }
    }
    if (this.stopped || this.entries.get(camera.id) !== entry) return;
    this.deps.log.info({ camera: camera.id }, 'camera may record: starting');
    entry.supervisor.start();
  }

  /** A camera that could not be reached or configured is tried again, at most every 30 s. */
  private scheduleRetry(): void {
    if (this.retryTimer || this.stopped) return;
    this.retryTimer = this.deps.clock.setTimeout(() => {
      this.retryTimer = undefined;
      this.reevaluate();
    }, 30_000);
  }

  /**
   * Settle who masks this camera before its ffmpeg starts, so nothing is
   * stored unmasked: the camera (verified: stream copy, no image) or Premises
   * (the mask image, re-encoded). Anything unexpected means Premises.
   */
  private async maskImageFor(entry: Entry, polygons: Point[][], streamFrame: () => Promise<Uint8Array>): Promise<string | undefined> {
    // While the camera is being checked again, live view masks it itself.
    entry.cameraMasksHash = null;
    let decision: MaskDecision = { method: 'premises', verifiedAt: null, reason: 'camera-side masks are not enabled in this recorder' };
    if (this.deps.chooseMasks) {
      let onvif: OnvifAccess | undefined;
      try {
        onvif = entry.source.onvifAccess?.();
      } catch (err) {
        this.deps.log.warn({ camera: entry.camera.id, err: errorMessage(err) }, 'cannot reach the camera over ONVIF for its masks');
      }
      try {
        decision = await this.deps.chooseMasks(entry.camera.id, polygons, onvif, streamFrame);
      } catch (err) {
        decision = { method: 'premises', verifiedAt: null, reason: `camera-side masks could not be checked (${errorMessage(err)})` };
      }
    }
    entry.masking = decision;
    entry.cameraMasksHash = decision.method === 'camera' ? masksHash(polygons) : null;
    return decision.method === 'camera' ? undefined : this.writeMask(entry.camera);
  }

  /** Render the camera's masks; written at every start so the image always matches the configuration. */
  private writeMask(camera: CameraConfig): string {
    mkdirSync(this.deps.maskDir, { recursive: true });
    const file = join(this.deps.maskDir, `${camera.id}.pam`);
    writeFileSync(file, maskImagePam((camera.masks ?? []).map((m) => m.polygon)));
    return file;
  }

  private async stopCamera(entry: Entry, reason: string): Promise<void> {
    this.deps.log.info({ camera: entry.camera.id, reason }, 'camera may not record now: stopping');
    await entry.supervisor?.stop(reason);
    // A camera stopped on purpose is not "down".
    this.deps.alarms.clear('camera-down', entry.camera.id, reason);
  }

  async stopAll(reason = 'Premises is shutting down'): Promise<void> {
    this.stopped = true;
    this.recheckTimer?.cancel();
    this.retryTimer?.cancel();
    await Promise.all([...this.entries.values()].map((e) => e.transition));
    await Promise.all([...this.entries.values()].flatMap((e) => (e.supervisor ? [e.supervisor.stop(reason)] : [])));
  }

  /**
   * For live view and snapshots (src/live/): the camera's settings, where to
   * connect, whether it may stream now, and whether it masks itself — true
   * only when the recorder's last check verified the camera's own masks for
   * exactly the masks configured now; anything else (not checked yet, being
   * checked, failed, masks changed) is false, and live view masks it.
   */
  liveCamera(id: string): { camera: CameraConfig; source: RecordableCamera; decision: CameraDecision; cameraMasks: boolean } | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    const polygons = entry.camera.masks?.map((m) => m.polygon);
    const cameraMasks =
      polygons !== undefined && polygons.length > 0 && entry.masking?.method === 'camera' && entry.cameraMasksHash !== null && entry.cameraMasksHash === masksHash(polygons);
    return { camera: entry.camera, source: entry.source, decision: this.deps.decide(entry.camera, this.deps.clock.now()), cameraMasks };
  }

  /** The camera's settings now (configuration or index), e.g. its privacy masks; undefined for an unknown camera. */
  cameraConfig(id: string): CameraConfig | undefined {
    return this.entries.get(id)?.camera;
  }

  health(): CameraHealth[] {
    return [...this.entries.values()].map(({ camera, supervisor, holds, configError, masking }) => {
      const status: CameraStatus = supervisor?.status() ?? {
        cameraId: camera.id,
        state: 'stopped',
        stateSince: this.deps.clock.now(),
        runId: null,
        lastSegmentAt: null,
        bitrateBps: null,
        restarts: 0,
        lastExit: null,
        nextAttemptAt: null,
      };
      let notRecordingReason: string | null = null;
      if (configError) notRecordingReason = configError;
      else if (holds.length > 0 && status.state !== 'recording') notRecordingReason = holds.map((h) => `${h.message} — to fix: ${h.fix}`).join('; ');
      else if (status.state !== 'recording') notRecordingReason = status.state === 'starting' ? 'connecting to the camera' : (status.lastExit?.reason ?? status.state);
      const source = camera.rtsp ? redactUrl(camera.rtsp) : (camera.onvif?.xaddr ?? '');
      return { ...status, name: camera.name ?? camera.id, source, notRecordingReason, holds, masking: camera.masks ? masking : null };
    });
  }
}
