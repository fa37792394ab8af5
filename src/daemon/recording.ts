import { Containment } from '../containment/containment.js';
import { signNetworkClaim } from '../containment/status.js';
import { join } from 'node:path';
import { recordConfigChange } from '../audit/config-changes.js';
import { registerConfigCameras } from '../cameras/registry.js';
import { SecretBox } from '../cameras/secret-box.js';
import { decideCamera, withStorageFull } from '../policy/consent/decision.js';
import { PauseStore, PauseWatcher } from '../policy/consent/pause.js';
import { recordSignStaleness } from '../policy/consent/transfer-signs.js';
import { chooseMaskMethod } from '../recorder/camera-masks.js';
import { Recorder } from '../recorder/recorder.js';
import { configCameras, indexCameras } from '../recorder/sources.js';
import { ffmpegSpawner } from '../recorder/spawner.js';
import { SegmentIngestor } from '../segments/ingest.js';
import { claimRecordings } from '../segments/ownership.js';
import { repair } from '../segments/reconcile.js';
import { SegmentStore } from '../segments/store.js';
import { errorMessage } from '../shared/errors.js';
import { component, periodic, type Component } from './components.js';
import { acquireLock, type InstanceLock } from './lock.js';
import { need, type DaemonState } from './state.js';

/** One Premises per data directory (docs/design.md). Listed first, so it is released last. */
export function instanceLock(s: DaemonState): Component {
  let lock: InstanceLock | undefined;
  return component('instance lock', {
    async start() {
      lock = await acquireLock(s.app.layout.dataDir, s.app.layout.pidPath);
    },
    async stop() {
      await lock?.release();
    },
  });
}

/**
 * Make the index and the files agree before anything writes: claim the
 * recordings, record a YAML change, register the YAML's cameras, reconcile,
 * and mark posted signs a config change made wrong.
 */
export function indexAndRecordings(s: DaemonState): Component {
  return component('index and recordings', {
    async start() {
      const { loaded, layout, db, audit, alarms, clock, log } = s.app;
      const store = new SegmentStore(db);
      claimRecordings(layout, db);
      recordConfigChange(db, audit, loaded.path, loaded.text);
      registerConfigCameras({ db, audit, clock }, loaded.config.cameras);
      const ingestor = new SegmentIngestor(db, layout, store, audit, clock, log);
      const summary = await repair({ db, layout, store, ingestor, audit, alarms, clock, log });
      log.info({ ...summary }, 'start-up reconciliation done');
      // A config change that alters what a posted sign says marks it stale (and raises an alarm) until reprinted.
      recordSignStaleness(loaded.config, db, audit, clock, alarms, signNetworkClaim(db, loaded.config.cameraNetwork, clock.now()));
      s.store = store;
      s.ingestor = ingestor;
    },
  });
}

/** One ffmpeg per camera allowed to record; asks decideCamera (with retention's disk verdict) for each. */
export function recorder(s: DaemonState): Component {
  return component('recorder', {
    start() {
      const { loaded, layout, db, audit, alarms, clock, log } = s.app;
      const config = loaded.config;
      const pauses = new PauseStore(db, audit, clock);
      const rec = new Recorder(config, {
        clock,
        spawner: s.options.spawner ?? ffmpegSpawner(),
        sink: need(s.ingestor, 'segment ingestor', 'recorder'),
        alarms,
        log,
        decide: (camera, now) => withStorageFull(decideCamera(config, camera, now, pauses.current(camera.id, now)), s.storageFull, s.storageWhy),
        maskDir: join(layout.dataDir, 'masks'),
        chooseMasks: (id, polygons, onvif, streamFrame) => chooseMaskMethod({ db, audit, alarms, clock, log }, id, polygons, onvif, streamFrame),
      });
      s.pauses = pauses;
      s.recorder = rec;
      rec.startAll(allCameras(s));
    },
    async stop(reason) {
      await s.recorder?.stopAll(reason);
    },
  });
}

/** Cameras come from the YAML and from the index (added by discovery); the YAML wins on an id clash. */
function allCameras(s: DaemonState) {
  const { loaded, layout, db } = s.app;
  const env = s.options.env ?? process.env;
  const config = loaded.config;
  const box = SecretBox.open(layout.keysDir);
  const configIds = new Set(config.cameras.map((c) => c.id));
  return [...configCameras(config.cameras, loaded.path, env), ...indexCameras(db, box, configIds)];
}

/**
 * Cameras added, changed or removed through the CLI or the dashboard are
 * picked up within seconds. The baseline is what was started, so a first
 * camera added to an empty install is seen too.
 */
export function cameraWatch(s: DaemonState, everyMs = 2_000): Component {
  const { loaded, db, audit, alarms, clock, log } = s.app;
  const onError = (err: unknown) => log.error({ err: errorMessage(err) }, 'cannot read cameras from the index');
  return periodic('camera watch', { clock, everyMs, onError }, () => {
    const rec = need(s.recorder, 'recorder', 'camera watch');
    const signatureOf = (cameras: ReturnType<typeof allCameras>) => JSON.stringify(cameras.map((c) => c.signature));
    let lastSignature = signatureOf(allCameras(s));
    const claimNow = () => signNetworkClaim(db, loaded.config.cameraNetwork, clock.now());
    let lastClaim = claimNow();
    return () => {
      const cameras = allCameras(s);
      const signature = signatureOf(cameras);
      const claim = claimNow();
      if (signature === lastSignature && claim === lastClaim) return;
      if (signature !== lastSignature) rec.syncCameras(cameras);
      lastSignature = signature;
      lastClaim = claim;
      // A camera added or its purpose, area or sign changed (dashboard or CLI), or containment failed or came
      // back (what the signs say about the camera network): posted signs may now be wrong.
      recordSignStaleness(loaded.config, db, audit, clock, alarms, claim);
    };
  });
}

/** `premises pause` runs in another process: watch the index so writing stops within seconds. */
export function pauseWatch(s: DaemonState): Component {
  let watcher: PauseWatcher | undefined;
  return component('privacy pause watch', {
    start() {
      const { clock, log } = s.app;
      const rec = need(s.recorder, 'recorder', 'privacy pause watch');
      watcher = new PauseWatcher(need(s.pauses, 'pause store', 'privacy pause watch'), clock, () => rec.reevaluate(), 1000, (err) =>
        log.error({ err: errorMessage(err) }, 'pause watcher'),
      );
      watcher.start();
    },
    stop() {
      watcher?.stop();
    },
  });
}

/**
 * The camera network's firewall, DHCP/DNS and time server (docs/containment.md). Right after the lock: the
 * cameras are contained before anything touches them. A failure to contain never stops recording; it raises
 * containment.off.
 */
export function cameraNetwork(s: DaemonState): Component {
  let running: Containment | undefined;
  return component('camera network', {
    async start() {
      const { loaded, layout, db, audit, alarms, clock, log } = s.app;
      running = new Containment({ config: loaded.config, db, audit, alarms, clock, log, dataDir: layout.dataDir });
      await running.start();
    },
    async stop() {
      await running?.stop();
    },
  });
}
