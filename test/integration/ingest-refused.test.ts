import { ensureCamera } from '../../src/cameras/registry.js';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AuditLog } from '../../src/audit/log.js';
import { openDb, type Db } from '../../src/db/open.js';
import { SegmentIngestor } from '../../src/segments/ingest.js';
import { DataLayout } from '../../src/shared/data-layout.js';
import { inspect } from '../../src/segments/reconcile.js';
import { SegmentStore } from '../../src/segments/store.js';
import { systemClock } from '../../src/shared/clock.js';
import { isDiskFull } from '../../src/shared/edge-errors.js';
import { silentLogger } from '../../src/shared/logger.js';
import { smallDisk } from '../support/small-disk.js';

/**
 * The field report: on a full disk a segment was renamed into place, its row
 * could not be written (SQLITE_FULL), and the index and the files disagreed
 * until a restart. Here, on a real full tmpfs with a real index: the step is
 * kept, and once space returns a retry indexes the renamed file exactly once
 * and closes the run — in the same process.
 */
describe('ingest refused by a full disk', () => {
  const disk = smallDisk(16);
  const { dataDir, ballast } = disk;
  let db: Db;

  before(() => disk.mount());

  after(() => {
    db?.close();
    disk.unmount();
  });

  it('keeps the step, retries it when space returns, and leaves index and files in agreement', async () => {
    const layout = new DataLayout(dataDir);
    db = openDb(layout.indexPath);
    const store = new SegmentStore(db);
    ensureCamera(db, 'a', 'a', 'config', null, Date.now());
    const ingestor = new SegmentIngestor(db, layout, store, new AuditLog(db, systemClock), systemClock, silentLogger());
    const refusals: unknown[] = [];
    ingestor.onStorageTrouble((err) => refusals.push(err));
    const { runId, stagingDir } = ingestor.beginRun('a', Date.now() - 2_000);
    const file = join(stagingDir, 'seg_000000.mp4');
    writeFileSync(file, randomBytes(64 * 1024));

    // No room left for the index to grow: the WAL emptied, then the disk filled to the last block.
    db.pragma('wal_checkpoint(TRUNCATE)');
    disk.fillLeaving(0);

    const bytes = await ingestor.segmentClosed(runId, { file, durationMs: 2_000, closeWallMs: Date.now() });
    assert.equal(bytes, undefined, 'not indexed while the disk is full');
    assert.ok(refusals.length > 0 && isDiskFull(refusals[0]), `a full disk was reported: ${String(refusals[0])}`);
    assert.equal(ingestor.pendingCount(), 1);
    assert.ok(!existsSync(file), 'the file was renamed into place before the index refused');
    await ingestor.endRun(runId, Date.now(), 'Premises is shutting down');
    assert.equal(ingestor.pendingCount(), 2, 'closing the run waits behind the segment');

    // A retry while still full changes nothing and loses nothing.
    assert.equal(await ingestor.retryPending(), 2);

    rmSync(ballast);
    assert.equal(await ingestor.retryPending(), 0);
    const rows = db.prepare('SELECT path, bytes FROM segments WHERE run_id = ?').all(runId) as { path: string; bytes: number }[];
    assert.equal(rows.length, 1, 'indexed exactly once');
    assert.equal(rows[0]?.bytes, 64 * 1024);
    assert.ok(existsSync(layout.absolute(rows[0]?.path ?? '')));
    assert.notEqual(store.run(runId)?.ended_at, null, 'the run is closed');
    assert.equal(db.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'recording.started'").pluck().get(), 1);
    assert.deepEqual(await inspect(layout, store, { running: false, hash: true }), []);
  });
});
