import { AuditCheckpoints } from '../audit/checkpoints.js';
import { sweepExports } from '../disclosure/export/expire.js';
import { AccessRequests } from '../disclosure/requests/requests.js';
import { DpiaStore } from '../policy/consent/dpia-store.js';
import { formatFingerprint, SigningKey } from '../keys/signing.js';
import { startHousekeeping, type HousekeepingLoop } from '../policy/retention/loop.js';
import { floorBytes, retentionSettings } from '../policy/retention/settings.js';
import { RetentionSweeper, statfsSpace } from '../policy/retention/sweeper.js';
import { errorMessage } from '../shared/errors.js';
import { businessDate } from '../shared/local-date.js';
import { startDiskGuard, type DiskGuard } from '../storage/disk-guard.js';
import { StorageSampler } from '../storage/storage.js';
import { startJobs, type Jobs } from '../jobs/jobs.js';
import { ActivityIndexer } from '../activity/indexer.js';
import { join } from 'node:path';
import { component, periodic, type Component } from './components.js';
import { need, type DaemonState } from './state.js';

/**
 * Retention sweeps and signed audit checkpoints, for as long as Premises
 * runs. Listed before the recorder so it stops after it: the recorder's last
 * entries are covered by the final signed checkpoint.
 */
export function housekeeping(s: DaemonState): Component {
  let loop: HousekeepingLoop | undefined;
  return component('retention and audit checkpoints', {
    start() {
      const { loaded, layout, db, audit, alarms, clock, log } = s.app;
      const config = loaded.config;
      const signingKey = SigningKey.loadOrCreate(layout.keysDir);
      s.fingerprint = formatFingerprint(signingKey.fingerprint());
      const sweeper = new RetentionSweeper({
        db,
        layout,
        audit,
        alarms,
        clock,
        log,
        settings: () => retentionSettings(config),
        onStorageExhausted: (ids, why) => {
          s.storageFull = new Set(ids);
          s.storageWhy = why;
          s.recorder?.reevaluate();
        },
        onStorageRecovered: () => {
          s.storageFull = new Set();
          s.recorder?.reevaluate();
        },
      });
      loop = startHousekeeping({ sweeper, checkpoints: new AuditCheckpoints(db, signingKey, clock), clock, log, sweepIntervalMs: config.retention.sweepInterval });
      s.housekeeping = loop;
    },
    stop() {
      loop?.stop();
    },
  });
}

/**
 * The disk-use history of the storage page (a sample every 15 minutes, one
 * at start) and, between the regular sweeps, an early sweep when free space
 * falls under the floor faster than expected.
 */
export function freeSpaceWatch(s: DaemonState, everyMs = 10_000): Component {
  const { loaded, layout, db, clock, log } = s.app;
  const onError = (err: unknown) => log.error({ err: errorMessage(err) }, 'cannot read free disk space');
  return periodic('free-space watch', { clock, everyMs, onError }, () => {
    const loop = need(s.housekeeping, 'retention loop', 'free-space watch');
    const store = need(s.store, 'segment store', 'free-space watch');
    const sampler = new StorageSampler(db, clock);
    sampler.maybeSample(statfsSpace(layout.recordingsRoot));
    return () => {
      const disk = statfsSpace(layout.recordingsRoot);
      sampler.maybeSample(disk);
      const floor = floorBytes(retentionSettings(loaded.config).floor, disk.totalBytes, store.bytesSince(clock.now() - 3_600_000));
      if (disk.freeBytes < floor) loop.sweepSoon();
    };
  });
}

/**
 * Expired exports are removed like recordings; overdue access requests and an assessment past its yearly review
 * raise an alarm. Once at start, then every minute.
 */
export function disclosureChores(s: DaemonState, everyMs = 60_000): Component {
  const { loaded, layout, db, audit, alarms, clock, log } = s.app;
  const onError = (err: unknown) => log.error({ err: errorMessage(err) }, 'export expiry or access-request check failed; retrying in a minute');
  return periodic('export expiry and access-request deadlines', { clock, everyMs, runAtStart: true, onError }, () => {
    const requests = new AccessRequests(db, audit, clock);
    const dpia = new DpiaStore(db, audit, clock);
    return () => {
      sweepExports({ db, layout, audit, clock });
      requests.checkOverdue(alarms, businessDate(loaded.config.timezone, clock.now()));
      dpia.checkReview(alarms);
    };
  });
}

/**
 * Watches for a disk about to be full (every 2 s, and at once when a write is refused): releases the space
 * reserve, raises storage.exhausted, asks for a sweep, and retries ingest steps a full disk refused (docs/design.md).
 */
export function diskGuard(s: DaemonState): Component {
  let guard: DiskGuard | undefined;
  return component('disk guard', {
    start() {
      const { layout, alarms, clock, log } = s.app;
      const loop = need(s.housekeeping, 'retention loop', 'disk guard');
      guard = startDiskGuard({ layout, alarms, clock, log, sweepSoon: () => loop.sweepSoon(), ingest: need(s.ingestor, 'segment ingestor', 'disk guard') });
    },
    stop() {
      guard?.stop();
    },
  });
}

/** Transfers and backups a stopped process left unfinished are ended and cleaned; scheduled backups (src/jobs/). */
export function jobs(s: DaemonState): Component {
  let running: Jobs | undefined;
  return component('jobs and scheduled backups', {
    start() {
      const { loaded, layout, db, audit, alarms, clock, log } = s.app;
      const config = loaded.config;
      running = startJobs({ db, layout, audit, alarms, clock, log, timeZone: config.timezone, configPath: loaded.path, configText: loaded.text, backup: config.backup });
    },
    async stop() {
      await running?.stop();
    },
  });
}

/** The activity index follows the recording in the background (docs/activity.md); off with `activity.enabled: false`. */
export function activityIndex(s: DaemonState): Component {
  let indexer: ActivityIndexer | undefined;
  return component('activity index', {
    start() {
      const { loaded, layout, db, clock, log } = s.app;
      const config = loaded.config;
      if (!config.activity.enabled) return;
      const recorder = need(s.recorder, 'recorder', 'activity index');
      indexer = new ActivityIndexer({
        db,
        layout,
        clock,
        log,
        // The masks in force now, whoever set them (configuration or dashboard): their cells never count.
        masksOf: (id) => (recorder.cameraConfig(id)?.masks ?? []).map((m) => m.polygon),
        workDir: join(layout.dataDir, 'tmp', 'activity'),
        intervalMs: config.activity.interval,
      });
      indexer.start();
    },
    async stop() {
      await indexer?.stop();
    },
  });
}
