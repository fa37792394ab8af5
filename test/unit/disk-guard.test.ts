import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Alarms } from '../../src/alarms/alarms.js';
import { AuditLog } from '../../src/audit/log.js';
import { openDb } from '../../src/db/open.js';
import { ALARM_STORAGE } from '../../src/policy/retention/sweeper.js';
import { DataLayout } from '../../src/shared/data-layout.js';
import { FakeClock } from '../../src/shared/clock.js';
import { silentLogger } from '../../src/shared/logger.js';
import { startDiskGuard } from '../../src/storage/disk-guard.js';
import { RESERVE_FILE, reserveBytesFor, SpaceReserve } from '../../src/shared/space-reserve.js';

const MiB = 1024 * 1024;

describe('the space reserve', () => {
  const dir = mkdtempSync(join(tmpdir(), 'premises-reserve-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is 1 % of the disk, between 4 and 64 MiB', () => {
    assert.equal(reserveBytesFor(64 * MiB), 4 * MiB);
    assert.equal(reserveBytesFor(2048 * MiB), 21 * MiB);
    assert.equal(reserveBytesFor(4e12), 64 * MiB);
  });

  it('is made whole under its own name, released once, and made again', () => {
    const reserve = new SpaceReserve(dir);
    assert.equal(reserve.heldBytes(), 0);
    assert.equal(reserve.create(MiB), true);
    assert.equal(statSync(join(dir, RESERVE_FILE)).blocks * 512 >= MiB, true, 'really allocated, not sparse');
    assert.equal(existsSync(join(dir, `${RESERVE_FILE}.tmp`)), false);
    assert.equal(reserve.create(MiB), false, 'already there');
    assert.equal(reserve.release('test'), true);
    assert.equal(reserve.release('test'), false);
    assert.equal(reserve.heldBytes(), 0);
  });
});

describe('the disk guard', () => {
  const dir = mkdtempSync(join(tmpdir(), 'premises-guard-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('releases the reserve, alarms and sweeps at once on a full disk; retries refused ingest once there is room; makes the reserve again', async () => {
    const layout = new DataLayout(dir);
    const db = openDb(layout.indexPath);
    const clock = new FakeClock();
    const alarms = new Alarms(db, new AuditLog(db, clock), clock);
    const total = 64 * MiB;
    let free = 40 * MiB;
    let sweeps = 0;
    let retries = 0;
    let pending = 0;
    let refusedListener: ((err: unknown) => void) | undefined;
    const guard = startDiskGuard({
      layout,
      alarms,
      clock,
      log: silentLogger(),
      sweepSoon: () => (sweeps += 1),
      ingest: {
        onStorageTrouble: (l) => (refusedListener = l),
        pendingCount: () => pending,
        retryPending: () => {
          retries += 1;
          pending = 0;
          return Promise.resolve(0);
        },
      },
      freeSpace: () => ({ freeBytes: free, totalBytes: total }),
    });
    const reserve = new SpaceReserve(dir);
    try {
      clock.advance(0);
      assert.equal(reserve.heldBytes(), 4 * MiB, 'made at start when there is room');
      assert.equal(sweeps, 0);

      // Full: less than half a reserve left.
      free = MiB;
      clock.advance(2_000);
      assert.equal(reserve.heldBytes(), 0, 'released');
      assert.ok(alarms.isOpen(ALARM_STORAGE, 'recordings'));
      assert.match(alarms.open()[0]?.message ?? '', /is full \(1\.0 MB free of 67\.1 MB\)\. Premises released its space reserve/);
      assert.equal(sweeps, 1);
      // Still full: no sweep every tick, one every 30 s at most.
      clock.advance(20_000);
      assert.equal(sweeps, 1);
      clock.advance(12_000);
      assert.equal(sweeps, 2);

      // Room again: the reserve is made again.
      free = 30 * MiB;
      clock.advance(2_000);
      assert.equal(reserve.heldBytes(), 4 * MiB);
      assert.equal(sweeps, 2);

      // A write refused for lack of space wakes the guard at once, whatever statfs said a moment ago.
      pending = 1;
      refusedListener?.(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }));
      clock.advance(0);
      assert.equal(reserve.heldBytes(), 0, 'released for the refused write');
      assert.equal(sweeps, 3);
      assert.equal(retries, 0, 'no retry while the disk is judged full');
      // A read-only disk is not helped by the reserve: no wake-up for it.
      refusedListener?.(Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' }));
      clock.advance(0);
      assert.equal(sweeps, 3);

      // Room again: the refused steps are retried and the reserve is made again.
      clock.advance(2_000);
      await Promise.resolve();
      assert.equal(retries, 1);
      assert.equal(reserve.heldBytes(), 4 * MiB);
    } finally {
      guard.stop();
      db.close();
    }
  });
});
