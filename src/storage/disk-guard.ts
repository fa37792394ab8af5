import type { Alarms } from '../alarms/alarms.js';
import { ALARM_STORAGE, statfsSpace, type DiskSpace } from '../policy/retention/sweeper.js';
import type { DataLayout } from '../shared/data-layout.js';
import type { Clock, Timer } from '../shared/clock.js';
import { isDiskFull } from '../shared/edge-errors.js';
import { errorMessage } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { reserveBytesFor, SpaceReserve } from '../shared/space-reserve.js';

/**
 * Watches the disk that holds the data folder every few seconds, and at once
 * when a write was refused:
 * - nearly full (or a write refused for lack of space): release the space
 *   reserve, raise `storage.exhausted` and ask for a retention sweep now, so
 *   unheld footage goes and recording continues;
 * - ingest steps the disk refused are retried until the index and the files
 *   agree again (no restart needed);
 * - room again: make the reserve again.
 * The retention sweeper clears the alarm once free space is above the floor.
 */
export interface DiskGuardDeps {
  layout: DataLayout;
  alarms: Alarms;
  clock: Clock;
  log: Logger;
  sweepSoon: () => void;
  ingest: {
    onStorageTrouble(listener: (err: unknown) => void): void;
    pendingCount(): number;
    retryPending(): Promise<number>;
  };
  freeSpace?: (path: string) => DiskSpace;
  intervalMs?: number;
}

export interface DiskGuard {
  /** Look at the disk now (also what a refused write triggers). */
  check(): void;
  stop(): void;
}

export const DISK_GUARD_INTERVAL_MS = 2_000;
const MB = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

export function startDiskGuard(deps: DiskGuardDeps): DiskGuard {
  const { layout, alarms, clock, log } = deps;
  const freeSpace = deps.freeSpace ?? statfsSpace;
  const reserve = new SpaceReserve(layout.dataDir, log);
  let stopped = false;
  let timer: Timer | undefined;
  let refused: unknown;
  let retrying = false;
  let sweepAskedAt: number | undefined;
  let wasFull = false;

  const tick = () => {
    if (stopped) return;
    try {
      const disk = freeSpace(layout.dataDir);
      const size = reserveBytesFor(disk.totalBytes);
      const full = disk.freeBytes < size / 2 || refused !== undefined;
      if (full) {
        const why = refused === undefined ? `${MB(disk.freeBytes)} free` : `a write was refused: ${errorMessage(refused)}`;
        refused = undefined;
        const released = reserve.release(why);
        // On the way down only: while it stays full the sweep's own alarm (what fills the disk) is the one to keep.
        if (!wasFull && !alarms.isOpen(ALARM_STORAGE, 'recordings')) {
          alarms.raise(
            ALARM_STORAGE,
            'recordings',
            'critical',
            `The disk holding ${layout.dataDir} is full (${MB(disk.freeBytes)} free of ${MB(disk.totalBytes)}). ` +
              `Premises ${released ? 'released its space reserve so its index stays writable and ' : ''}is deleting the oldest footage that is not under hold. ` +
              'If this alarm stays, it says what fills the disk.',
            { freeBytes: disk.freeBytes, totalBytes: disk.totalBytes, reserveReleased: released },
          );
        }
        // Once on the way down, then at most every half minute: a disk another program keeps full must not mean a sweep (and an index write) every tick.
        wasFull = true;
        const now = clock.now();
        if (released || sweepAskedAt === undefined || now - sweepAskedAt >= 30_000 || now < sweepAskedAt) {
          sweepAskedAt = now;
          deps.sweepSoon();
        }
      } else {
        wasFull = false;
        sweepAskedAt = undefined;
        if (disk.freeBytes >= 2 * size && reserve.heldBytes() < size) reserve.create(size);
      }
      if (!full && deps.ingest.pendingCount() > 0 && !retrying) {
        retrying = true;
        void deps.ingest
          .retryPending()
          .then((left) => {
            if (left === 0) log.info('ingest steps the disk had refused are done; the index and the files agree again');
          })
          .finally(() => {
            retrying = false;
          });
      }
    } catch (err) {
      log.error({ err: errorMessage(err) }, 'disk guard check failed; trying again in a moment');
    }
    schedule(deps.intervalMs ?? DISK_GUARD_INTERVAL_MS);
  };
  const schedule = (ms: number) => {
    timer?.cancel();
    if (!stopped) timer = clock.setTimeout(tick, ms);
  };
  deps.ingest.onStorageTrouble((err) => {
    // A read-only or failing disk is not helped by the reserve or by deleting: the error's own message says what to do.
    if (refused === undefined && isDiskFull(err)) {
      refused = err;
      schedule(0);
    }
  });
  schedule(0);
  return {
    check: () => schedule(0),
    stop() {
      stopped = true;
      timer?.cancel();
    },
  };
}

