import type { Alarms } from '../alarms/alarms.js';
import { resolveCredentials, urlWithCredentials } from '../config/credentials.js';
import type { CameraConfig, Config } from '../config/schema.js';
import type { Clock } from '../shared/clock.js';
import { errorMessage } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { redactUrl } from '../shared/redact.js';
import type { Spawner } from './spawner.js';
import { CameraSupervisor, type CameraStatus, type RunSink } from './supervisor.js';

/**
 * All cameras of this install: one supervisor (one ffmpeg) per camera.
 * Cameras that cannot start (missing credentials, disabled) are listed with
 * the reason, so the health API can say why a camera is not recording.
 */
export interface CameraHealth extends CameraStatus {
  name: string;
  source: string;
  notRecordingReason: string | null;
}

export interface RecorderDeps {
  clock: Clock;
  spawner: Spawner;
  sink: RunSink;
  alarms: Alarms;
  log: Logger;
}

interface Entry {
  camera: CameraConfig;
  supervisor: CameraSupervisor | undefined;
  blockedReason: string | null;
}

export class Recorder {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly config: Config,
    private readonly configPath: string,
    private readonly deps: RecorderDeps,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  startAll(): void {
    for (const camera of this.config.cameras) {
      const entry: Entry = { camera, supervisor: undefined, blockedReason: null };
      this.entries.set(camera.id, entry);
      if (!camera.enabled) {
        entry.blockedReason = 'disabled in the configuration (enabled: false)';
        continue;
      }
      try {
        const credentials = resolveCredentials(camera, this.configPath, this.env);
        entry.supervisor = new CameraSupervisor(
          {
            cameraId: camera.id,
            inputUrl: urlWithCredentials(camera.rtsp, credentials),
            secrets: credentials ? [credentials.password] : [],
            audio: camera.audio,
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
        entry.supervisor.start();
      } catch (err) {
        entry.blockedReason = errorMessage(err);
        this.deps.log.error({ camera: camera.id, err: entry.blockedReason }, 'camera cannot start');
        this.deps.alarms.raise('camera-config', camera.id, 'critical', `camera ${camera.id} cannot record: ${entry.blockedReason}`);
      }
    }
  }

  async stopAll(reason = 'Premises is shutting down'): Promise<void> {
    await Promise.all([...this.entries.values()].flatMap((e) => (e.supervisor ? [e.supervisor.stop(reason)] : [])));
  }

  health(): CameraHealth[] {
    return [...this.entries.values()].map(({ camera, supervisor, blockedReason }) => {
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
      let notRecordingReason = blockedReason;
      if (!notRecordingReason && status.state !== 'recording') {
        notRecordingReason = status.state === 'starting' ? 'connecting to the camera' : (status.lastExit?.reason ?? status.state);
      }
      return { ...status, name: camera.name ?? camera.id, source: redactUrl(camera.rtsp), notRecordingReason };
    });
  }
}
