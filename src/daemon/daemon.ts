import { join } from 'node:path';
import type { AppContext } from '../cli/context.js';
import { issueSetupLink, type SetupLink } from '../api/first-run.js';
import { baseUrl, checkListenHost, isLoopback, localNames } from '../api/net.js';
import { createApp, createLiveHub, listen, type ApiServer } from '../api/server.js';
import type { LiveHub } from '../live/hub.js';
import { SessionStore } from '../api/auth/sessions.js';
import { ensureCertificate } from '../api/tls.js';
import { PremisesError } from '../shared/errors.js';
import { recordConfigChange } from '../config/changes.js';
import { decideCamera } from '../policy/consent/decision.js';
import { PauseStore, PauseWatcher } from '../policy/pause.js';
import { AuditCheckpoints } from '../audit/checkpoints.js';
import { SecretBox } from '../cameras/secret-box.js';
import { sweepExports } from '../disclosure/export/expire.js';
import { AccessRequests } from '../disclosure/requests/requests.js';
import { businessDate } from '../shared/local-date.js';
import { formatFingerprint, SigningKey } from '../keys/signing.js';
import type { CameraDecision } from '../policy/consent/decision.js';
import { startHousekeeping, type HousekeepingLoop } from '../policy/retention/loop.js';
import { floorBytes, retentionSettings } from '../policy/retention/settings.js';
import { RetentionSweeper, statfsSpace } from '../policy/retention/sweeper.js';
import { chooseMaskMethod } from '../recorder/camera-masks.js';
import { Recorder } from '../recorder/recorder.js';
import { configCameras, indexCameras } from '../recorder/sources.js';
import { errorMessage } from '../shared/errors.js';
import { ffmpegSpawner, type Spawner } from '../recorder/spawner.js';
import { SegmentIngestor } from '../segments/ingest.js';
import { claimRecordings } from '../segments/ownership.js';
import { repair } from '../segments/reconcile.js';
import { SegmentStore } from '../segments/store.js';
import { StorageSampler } from '../storage/storage.js';
import { redactUrl } from '../shared/redact.js';
import { VERSION } from '../shared/version.js';
import { acquireLock, type InstanceLock } from './lock.js';
import { ActivityIndexer } from '../activity/indexer.js';
import { recordSignStaleness } from '../egress/signage.js';

/**
 * `premises start`: lock the data directory, make the index and the files
 * agree, then record every camera and serve the status page and API until a
 * signal arrives.
 */
export interface Daemon {
  readonly url: string;
  /** The install's signing key fingerprint, for the owner to write down. */
  readonly fingerprint: string;
  readonly recorder: Recorder;
  /** Printed at start while no owner account exists. */
  readonly setupLink: SetupLink | undefined;
  /** SHA-256 fingerprint of the HTTPS certificate, when serving the LAN. */
  readonly tlsFingerprint: string | null;
  stop(): Promise<void>;
}

export async function startDaemon(ctx: AppContext, options: { spawner?: Spawner; env?: NodeJS.ProcessEnv } = {}): Promise<Daemon> {
  const { loaded, layout, db, audit, alarms, clock, log } = ctx;
  // Refuse a public listen address before touching anything (docs/dashboard.md).
  const hostCheck = checkListenHost(loaded.config.listen.host, loaded.config.listen.allowPublic);
  if (!hostCheck.ok) throw new PremisesError('FailedPrecondition', hostCheck.problem as string);
  const lock: InstanceLock = await acquireLock(layout.dataDir, layout.pidPath);
  let server: ApiServer | undefined;
  let setupLink: SetupLink | undefined;
  let tlsFingerprint: string | null = null;
  let recorder: Recorder | undefined;
  let live: LiveHub | undefined;
  let pauseWatcher: PauseWatcher | undefined;
  let indexWatcher: NodeJS.Timeout | undefined;
  let housekeeping: HousekeepingLoop | undefined;
  let disclosureTimer: NodeJS.Timeout | undefined;
  let floorTimer: NodeJS.Timeout | undefined;
  let activity: ActivityIndexer | undefined;
  let fingerprint = '';
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
    recordSignStaleness(loaded.config, db, audit, clock, alarms);

    const pauses = new PauseStore(db, audit, clock);
    const config = loaded.config;
    // Cameras the retention sweeper stopped because only held footage is left on a full disk.
    let storageFull = new Set<string>();
    const withStorage = (decision: CameraDecision): CameraDecision =>
      storageFull.has(decision.camera) && decision.record
        ? {
            ...decision,
            record: false,
            reasons: [
              ...decision.reasons,
              {
                code: 'storage-full',
                message: 'the disk is full of footage under hold, which is never deleted',
                fix: 'free disk space, add a disk, or release holds that are no longer needed (premises hold list)',
              },
            ],
          }
        : decision;
    recorder = new Recorder(config, {
      clock,
      spawner: options.spawner ?? ffmpegSpawner(),
      sink: ingestor,
      alarms,
      log,
      decide: (camera, now) => withStorage(decideCamera(config, camera, now, pauses.current(camera.id, now))),
      maskDir: join(layout.dataDir, 'masks'),
      chooseMasks: (id, polygons, onvif, streamFrame) => chooseMaskMethod({ db, audit, alarms, clock, log }, id, polygons, onvif, streamFrame),
    });
    // Cameras come from the YAML and from the index (added by discovery); the YAML wins on an id clash.
    const env = options.env ?? process.env;
    const fromConfig = configCameras(config.cameras, loaded.path, env);
    const configIds = new Set(config.cameras.map((c) => c.id));
    const box = SecretBox.open(layout.keysDir);
    const allCameras = () => [...fromConfig, ...indexCameras(db, box, configIds)];
    const signatureOf = (cameras: ReturnType<typeof allCameras>) => JSON.stringify(cameras.map((c) => c.signature));
    const initialCameras = allCameras();
    recorder.startAll(initialCameras);
    const activeRecorder = recorder;
    // Cameras added, changed or removed through the CLI or the dashboard are picked up within seconds.
    // The baseline is what was started, so a first camera added to an empty install is seen too.
    let lastSignature = signatureOf(initialCameras);
    indexWatcher = setInterval(() => {
      try {
        const cameras = allCameras();
        const signature = signatureOf(cameras);
        if (signature !== lastSignature) {
          activeRecorder.syncCameras(cameras);
          lastSignature = signature;
          // A camera added or its purpose, area or sign changed (dashboard or CLI): posted signs may now be wrong.
          recordSignStaleness(config, db, audit, clock, alarms);
        }
      } catch (err) {
        log.error({ err: errorMessage(err) }, 'cannot read cameras from the index');
      }
    }, 2_000);
    // `premises pause` runs in another process: watch the index so writing stops within seconds.
    pauseWatcher = new PauseWatcher(pauses, clock, () => activeRecorder.reevaluate(), 1000, (err) => log.error({ err: errorMessage(err) }, 'pause watcher'));
    pauseWatcher.start();

    // Retention sweeps and signed audit checkpoints run for as long as Premises does.
    const signingKey = SigningKey.loadOrCreate(layout.keysDir);
    const checkpoints = new AuditCheckpoints(db, signingKey, clock);
    const sweeper = new RetentionSweeper({
      db,
      layout,
      audit,
      alarms,
      clock,
      log,
      settings: () => retentionSettings(config),
      onStorageExhausted: (ids) => {
        storageFull = new Set(ids);
        activeRecorder.reevaluate();
      },
      onStorageRecovered: () => {
        storageFull = new Set();
        activeRecorder.reevaluate();
      },
    });
    housekeeping = startHousekeeping({ sweeper, checkpoints, clock, log, sweepIntervalMs: config.retention.sweepInterval });
    // Between the minute sweeps, a disk filling faster than expected triggers a sweep at once.
    const lastHourBytes = db.prepare('SELECT coalesce(sum(bytes), 0) FROM segments WHERE start_ms >= ?').pluck();
    const activeHousekeepingLoop = housekeeping;
    // The disk-use history of the storage page: a sample every 15 minutes, one at start.
    const storageSampler = new StorageSampler(db, clock);
    storageSampler.maybeSample(statfsSpace(layout.recordingsRoot));
    floorTimer = setInterval(() => {
      try {
        const disk = statfsSpace(layout.recordingsRoot);
        storageSampler.maybeSample(disk);
        const floor = floorBytes(retentionSettings(config).floor, disk.totalBytes, lastHourBytes.get(clock.now() - 3_600_000) as number);
        if (disk.freeBytes < floor) activeHousekeepingLoop.sweepSoon();
      } catch (err) {
        log.error({ err: errorMessage(err) }, 'cannot read free disk space');
      }
    }, 10_000);

    // Expired exports are removed like recordings; overdue access requests raise an alarm.
    const requests = new AccessRequests(db, audit, clock);
    const disclosureChores = () => {
      try {
        sweepExports({ db, layout, audit, clock });
        requests.checkOverdue(alarms, businessDate(config.timezone, clock.now()));
      } catch (err) {
        log.error({ err: errorMessage(err) }, 'export expiry or access-request check failed; retrying in a minute');
      }
    };
    disclosureChores();
    disclosureTimer = setInterval(disclosureChores, 60_000);
    // The activity index follows the recording in the background (docs/activity.md).
    if (config.activity.enabled) {
      activity = new ActivityIndexer({
        db,
        layout,
        clock,
        log,
        masksOf: (id) => (allCameras().find((c) => c.config.id === id)?.config.masks ?? []).map((m) => m.polygon),
        workDir: join(layout.dataDir, 'tmp', 'activity'),
        intervalMs: config.activity.interval,
      });
      activity.start();
    }
    fingerprint = formatFingerprint(signingKey.fingerprint());
    // Plain HTTP on loopback; anywhere else HTTPS with a certificate made at first start (docs/dashboard.md).
    const listenCfg = loaded.config.listen;
    const secure = !isLoopback(listenCfg.host);
    const tls = secure ? await ensureCertificate(layout.dataDir, localNames(listenCfg.host)) : undefined;
    tlsFingerprint = tls?.fingerprint ?? null;
    new SessionStore(db, clock).prune();
    live = createLiveHub({ recorder, clock, log, loaded, layout });
    const app = createApp({ recorder, alarms, clock, version: VERSION, db, audit, loaded, layout, log, secure, tlsFingerprint, live });
    server = await listen(app, { host: listenCfg.host, port: listenCfg.port, allowPublic: listenCfg.allowPublic, ...(tls ? { tls } : {}) });
    setupLink = issueSetupLink({ db, audit, clock, dataDir: layout.dataDir }, baseUrl(listenCfg.host, listenCfg.port, secure));
  } catch (err) {
    clearInterval(floorTimer);
    clearInterval(disclosureTimer);
    await activity?.stop();
    housekeeping?.stop();
    clearInterval(indexWatcher);
    pauseWatcher?.stop();
    await live?.stopAll('start-up failed');
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
  const activeHousekeeping = housekeeping;
  const activeDisclosureTimer = disclosureTimer;
  const activeFloorTimer = floorTimer;
  const activeLive = live;
  const activeActivity = activity;
  let stopping: Promise<void> | undefined;
  return {
    url: baseUrl(host, port, !isLoopback(host)),
    fingerprint,
    recorder: activeRecorder,
    setupLink,
    tlsFingerprint,
    stop() {
      stopping ??= (async () => {
        activeWatcher?.stop();
        clearInterval(activeIndexWatcher);
        clearInterval(activeDisclosureTimer);
        clearInterval(activeFloorTimer);
        // Live sockets are upgraded connections the server no longer tracks: end them (and their ffmpegs) first.
        await activeLive?.stopAll();
        activeServer.closeAllConnections();
        await new Promise<void>((resolve) => activeServer.close(() => resolve()));
        await activeRecorder.stopAll();
        await activeActivity?.stop();
        // After the recorder: its last entries are covered by the final signed checkpoint.
        activeHousekeeping?.stop();
        await lock.release();
      })();
      return stopping;
    },
  };
}
