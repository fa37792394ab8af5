import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { Response } from 'express';
import { sendError } from '../../src/api/http-util.js';
import { edgeError, isDiskFull, isStorageTrouble } from '../../src/shared/edge-errors.js';
import { exitCodeOf, httpStatusOf, PremisesError, EXIT_DISK_FULL, EXIT_FAILURE, EXIT_STORAGE_FAULT } from '../../src/shared/errors.js';

const errno = (code: string, path?: string) => Object.assign(new Error(`${code}: something, open '${path ?? ''}'`), { code, ...(path ? { path } : {}) });
const hint = { dataDir: '/var/lib/premises', user: 'premises' };

/** A real SQLITE_FULL: an index that may not grow past a few pages. */
function realSqliteFull(): unknown {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (x BLOB)');
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
  try {
    db.prepare('INSERT INTO t VALUES (?)').run(Buffer.alloc(100_000));
  } catch (err) {
    return err;
  } finally {
    db.close();
  }
  throw new Error('expected SQLITE_FULL');
}

describe('errors at the edges', () => {
  it('a full disk is ResourceExhausted: 507, exit 3, says which disk and what Premises does about it', () => {
    const full = edgeError(realSqliteFull(), hint);
    assert.ok(full);
    assert.equal(full.kind, 'ResourceExhausted');
    assert.equal(httpStatusOf(full.kind), 507);
    assert.equal(exitCodeOf(full.kind), EXIT_DISK_FULL);
    assert.match(full.message, /^the disk holding \/var\/lib\/premises is full \(SQLITE_FULL\): /);
    assert.match(full.message, /df -h \/var\/lib\/premises/);
    // A real ENOSPC from the kernel; write(2) names no path, so the message names the data folder.
    let enospc: unknown;
    try {
      writeFileSync('/dev/full', 'x');
    } catch (err) {
      enospc = err;
    }
    const fromKernel = edgeError(enospc, hint);
    assert.equal(fromKernel?.kind, 'ResourceExhausted');
    assert.match(fromKernel?.message ?? '', /^the disk holding \/var\/lib\/premises is full \(ENOSPC\)/);
    assert.equal(edgeError(errno('EDQUOT'), hint)?.kind, 'ResourceExhausted');
    assert.ok(isDiskFull(enospc) && isStorageTrouble(enospc));
  });

  it('a read-only index is a StorageFault: 503, exit 4, with the remount fix', () => {
    const db = new Database(':memory:', {});
    db.exec('CREATE TABLE t (x)');
    db.pragma('query_only = ON');
    let caught: unknown;
    try {
      db.exec('INSERT INTO t VALUES (1)');
    } catch (err) {
      caught = err;
    }
    db.close();
    assert.equal((caught as { code?: string }).code, 'SQLITE_READONLY');
    const ro = edgeError(caught, hint);
    assert.equal(ro?.kind, 'StorageFault');
    assert.equal(httpStatusOf('StorageFault'), 503);
    assert.equal(exitCodeOf('StorageFault'), EXIT_STORAGE_FAULT);
    assert.match(ro?.message ?? '', /read-only.*remount,rw/);
    assert.equal(edgeError(errno('EROFS', '/var/lib/premises/recordings/a'), hint)?.kind, 'StorageFault');
  });

  it('extended SQLite codes map like their base code', () => {
    assert.equal(edgeError(Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' }), hint)?.kind, 'StorageFault');
    // The WAL index cannot grow on a full disk: SQLite says I/O error, the truth is "full" (seen opening an index on a full tmpfs).
    assert.equal(edgeError(Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_SHMSIZE' }), hint)?.kind, 'ResourceExhausted');
    assert.equal(edgeError(Object.assign(new Error('readonly'), { code: 'SQLITE_READONLY_DBMOVED' }), hint)?.kind, 'StorageFault');
    assert.equal(edgeError(Object.assign(new Error('malformed'), { code: 'SQLITE_CORRUPT_INDEX' }), hint)?.kind, 'DataLoss');
    assert.match(edgeError(Object.assign(new Error('not a db'), { code: 'SQLITE_NOTADB' }), hint)?.message ?? '', /damaged.*restore the index from a backup/);
    // SQLITE_FULLX is not SQLITE_FULL: codes match whole or by an extension, never by a bare prefix.
    assert.equal(edgeError(Object.assign(new Error('x'), { code: 'SQLITE_FULLX' }), hint), undefined);
  });

  it('no permission names the path and the chown that fixes it', () => {
    const e = edgeError(errno('EACCES', '/var/lib/premises/index.db'), hint);
    assert.equal(e?.kind, 'StorageFault');
    assert.equal(e?.message, 'Premises may not write to /var/lib/premises/index.db (EACCES): give the premises user write access (chown -R premises: /var/lib/premises)');
    assert.equal(edgeError(errno('EPERM'), hint)?.kind, 'StorageFault');
  });

  it('I/O errors, too many open files and a vanished network disk are StorageFaults with their own fix', () => {
    assert.match(edgeError(errno('EIO'), hint)?.message ?? '', /input\/output errors.*dmesg/);
    assert.match(edgeError(errno('EMFILE'), hint)?.message ?? '', /too many files open.*LimitNOFILE/);
    assert.match(edgeError(errno('ENFILE'), hint)?.message ?? '', /too many files open/);
    assert.match(edgeError(errno('ESTALE'), hint)?.message ?? '', /network disk/);
  });

  it('finds the code through a cause chain, passes PremisesErrors through, and leaves other errors alone', () => {
    const wrapped = new Error('cannot ingest', { cause: errno('ENOSPC', '/x/y.mp4') });
    assert.equal(edgeError(wrapped, hint)?.kind, 'ResourceExhausted');
    const own = new PremisesError('NotFound', 'no camera "x"');
    assert.equal(edgeError(own, hint), own);
    assert.equal(edgeError(errno('ENOENT'), hint), undefined);
    assert.equal(edgeError(new Error('boom'), hint), undefined);
    assert.equal(edgeError('a string', hint), undefined);
    assert.equal(exitCodeOf('NotFound'), EXIT_FAILURE);
  });

  it('the API answers a full disk with 507 and the message, never a bare 500', () => {
    const sent: { status?: number; body?: unknown } = {};
    const res = {
      status(code: number) {
        sent.status = code;
        return this;
      },
      json(body: unknown) {
        sent.body = body;
        return this;
      },
    } as unknown as Response;
    sendError(res, realSqliteFull());
    assert.equal(sent.status, 507);
    assert.equal((sent.body as { kind: string }).kind, 'ResourceExhausted');
    assert.match((sent.body as { error: string }).error, /is full \(SQLITE_FULL\)/);
    sendError(res, errno('EROFS', '/d'));
    assert.equal(sent.status, 503);
    sendError(res, new Error('a bug'));
    assert.equal(sent.status, 500);
  });
});
