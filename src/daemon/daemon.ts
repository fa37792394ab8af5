import type { Server } from 'node:http';
import { join } from 'node:path';
import type { AppContext } from '../cli/context.js';
import { createApp, listen } from '../api/server.js';
import { recordConfigChange } from '../config/changes.js';
import { decideCamera } from '../policy/consent/decision.js';
import { allSigns, signInputsFromConfig } from '../policy/consent/signage.js';
import { SignageStore } from '../policy/consent/signage-store.js';
import { PauseStore, PauseWatcher } from '../policy/pause.js';
import { SecretBox } from '../cameras/secret-box.js';
import { Recorder } from '../recorder/recorder.js';
import { configCameras, indexCameras } from '../recorder/sources.js';
import { errorMessage } from '../shared/errors.js';
import { ffmpegSpawner, type Spawner } from '../recorder/spawner.js';
import { SegmentIngestor } from '../segments/ingest.js';
import { claimRecordings } from '../segments/ownership.js';
import { repair } from '../segments/reconcile.js';
import { SegmentStore } from '../segments/store.js';
import { redactUrl } from '../shared/redact.js';
import { VERSION } from '../shared/version.js';
import { acquireLock, type InstanceLock } from './lock.js';

/**
 * `premises start`: lock the data directory, make the index and the files
 * agree, then record every camera and serve the status page and API until a
 * signal arrives.
 */
export interface Daemon {
  readonly url: string;
  readonly recorder: Recorder;
  stop(): Promise<void>;
}

export async function startDaemon(ctx: AppContext, options: { spawner?: Spawner; env?: NodeJS.ProcessEnv } = {}): Promise<Daemon> {
  const { loaded, layout, db, audit, alarms, clock, log } = ctx;
  const lock: InstanceLock = await acquireLock(layout.dataDir, layout.pidPath);
  let server: Server | undefined;
  let recorder: Recorder | undefined;
  let pauseWatcher: PauseWatcher | undefined;
  let indexWatcher: NodeJS.Timeout | undefined;
  try {
    const store = new SegmentStore(db);
    claimRecordings(layout, store);
    recordConfigChange(db, store, audit, loaded.path, loaded.text);
    db.transaction(() => {
      for (const camera of loaded.config.cameras) {
        const source = camera.rtsp ? redactUrl(camera.rtsp) : (camera.onvif?.xaddr ?? null);
        if (store.ensureCamera(camera.id, camera.name ?? camera.id, 'config', source, clock.now())) {
          audit.append({ actor: 'system', action: 'camera.added', subject: `camera:${camera.id}`, details: { origin: 'config', source } });
        }
      }
    })();
    const ingestor = new SegmentIngestor(db, layout, store, audit, clock, log);
    const summary = await repair({ db, layout, store, ingestor, audit, alarms, clock, log });
    log.info({ ...summary }, 'start-up reconciliation done');

    // A config change that alters what a posted sign says marks it stale (and raises an alarm) until reprinted.
    new SignageStore(db, audit, clock).recordStaleness(allSigns(signInputsFromConfig(loaded.config)), alarms);

    const pauses = new PauseStore(db, audit, clock);
    const config = loaded.config;
    recorder = new Recorder(config, {
      clock,
      spawner: options.spawner ?? ffmpegSpawner(),
      sink: ingestor,
      alarms,
      log,
      decide: (camera, now) => decideCamera(config, camera, now, pauses.current(camera.id, now)),
      maskDir: join(layout.dataDir, 'masks'),
    });
    // Cameras come from the YAML and from the index (added by discovery); the YAML wins on an id clash.
    const env = options.env ?? process.env;
    const fromConfig = configCameras(config.cameras, loaded.path, env);
    const configIds = new Set(config.cameras.map((c) => c.id));
    const box = SecretBox.open(layout.keysDir);
    const allCameras = () => [...fromConfig, ...indexCameras(db, box, configIds)];
    recorder.startAll(allCameras());
    const activeRecorder = recorder;
    // Cameras added, changed or removed through the CLI (another process) are picked up within seconds.
    let lastSignature = '';
    indexWatcher = setInterval(() => {
      try {
        const cameras = allCameras();
        const signature = cameras.map((c) => c.signature).join('\n');
        if (signature !== lastSignature) {
          if (lastSignature) activeRecorder.syncCameras(cameras);
          lastSignature = signature;
        }
      } catch (err) {
        log.error({ err: errorMessage(err) }, 'cannot read cameras from the index');
      }
    }, 2_000);
    // `premises pause` runs in another process: watch the index so writing stops within seconds.
    pauseWatcher = new PauseWatcher(pauses, clock, () => activeRecorder.reevaluate(), 1000, (err) => log.error({ err: errorMessage(err) }, 'pause watcher'));
    pauseWatcher.start();
    server = await listen(createApp({ recorder, alarms, clock, version: VERSION }), loaded.config.listen.host, loaded.config.listen.port);
  } catch (err) {
    clearInterval(indexWatcher);
    pauseWatcher?.stop();
    await recorder?.stopAll('start-up failed');
    server?.close();
    await lock.release();
    throw err;
  }
  const { host, port } = loaded.config.listen;
  const activeRecorder = recorder;
  const activeServer = server;
  const activeWatcher = pauseWatcher;
  const activeIndexWatcher = indexWatcher;
  let stopping: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    recorder: activeRecorder,
    stop() {
      stopping ??= (async () => {
        activeWatcher?.stop();
        clearInterval(activeIndexWatcher);
        activeServer.closeAllConnections();
        await new Promise<void>((resolve) => activeServer.close(() => resolve()));
        await activeRecorder.stopAll();
        await lock.release();
      })();
      return stopping;
    },
  };
}
