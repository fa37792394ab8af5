import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { AuditCheckpoints, signCheckpoint } from '../../src/audit/checkpoints.js';
import { AuditLog, entryHash } from '../../src/audit/log.js';
import { openDb } from '../../src/db/open.js';
import { PRIVATE_KEY_FILE, SigningKey } from '../../src/keys/signing.js';
import { FakeClock } from '../../src/shared/clock.js';
import { makeInstall, type TestInstall } from '../support/install.js';

/** Fill an install's audit log with `n` entries through the real append path. */
function seed(install: TestInstall, n: number): void {
  const db = openDb(join(install.dataDir, 'index.db'));
  const audit = new AuditLog(db, new FakeClock(Date.UTC(2026, 10, 1)));
  for (let i = 1; i <= n; i++) {
    audit.append({ actor: 'cli:owner', action: 'hold.added', subject: `camera:cam${i % 3}`, details: { reason: `incident ${i}`, requester: `Person ${i}` } });
  }
  db.close();
}

/** The attacker's view: the raw file with the triggers dropped. */
function tamper(install: TestInstall, fn: (db: Database.Database) => void): void {
  const db = new Database(join(install.dataDir, 'index.db'));
  db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
  db.exec('DROP TRIGGER IF EXISTS audit_checkpoints_no_update; DROP TRIGGER IF EXISTS audit_checkpoints_no_delete;');
  fn(db);
  db.close();
}

void describe('audit log', () => {
  let install: TestInstall;
  let outside: string;
  let fingerprint: string;

  before(async () => {
    install = makeInstall();
    outside = mkdtempSync(join(tmpdir(), 'premises-outside-'));
    const fp = await install.run(['keys', 'fingerprint']);
    assert.equal(fp.code, 0, fp.err);
    fingerprint = (fp.out.split('\n')[1] ?? '').trim();
    assert.match(fingerprint, /^([0-9a-f]{4} ){15}[0-9a-f]{4}$/);
  });
  after(() => {
    install.cleanup();
    rmSync(outside, { recursive: true, force: true });
  });

  void it('keeps the private key private', () => {
    const keysDir = join(install.dataDir, 'keys');
    assert.equal(statSync(keysDir).mode & 0o777, 0o700);
    assert.equal(statSync(join(keysDir, PRIVATE_KEY_FILE)).mode & 0o777, 0o600);
  });

  void it('verifies an intact log and its exported checkpoints', async () => {
    seed(install, 20);
    const exp = await install.run(['audit', 'checkpoints', '--out', outside]);
    assert.equal(exp.code, 0, exp.err);
    assert.equal(readdirSync(outside).filter((n) => n.endsWith('.json')).length, 1);
    const v = await install.run(['audit', 'verify', '--checkpoints', outside, '--fingerprint', fingerprint]);
    assert.equal(v.code, 0, v.err);
    assert.match(v.out, /audit log intact: 21 entries/);
  });

  void it('refuses UPDATE and DELETE while the triggers are in place', () => {
    const db = new Database(join(install.dataDir, 'index.db'));
    assert.throws(() => db.prepare("UPDATE audit_log SET actor = 'x' WHERE seq = 2").run(), /append-only/);
    assert.throws(() => db.prepare('UPDATE audit_log SET details = NULL WHERE seq = 2').run(), /append-only/);
    assert.throws(() => db.prepare('DELETE FROM audit_log WHERE seq = 2').run(), /append-only/);
    db.close();
  });

  void it('erasing the details of an entry keeps the chain verifiable and is logged', async () => {
    const r = await install.run(['audit', 'erase', '3', '--reason', 'erasure request 2026-11-26 #4']);
    assert.equal(r.code, 0, r.err);
    const db = new Database(join(install.dataDir, 'index.db'), { readonly: true });
    const row = db.prepare('SELECT details FROM audit_log WHERE seq = 3').get() as { details: string | null };
    const last = db.prepare('SELECT action, subject FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { action: string; subject: string };
    db.close();
    assert.equal(row.details, null);
    assert.deepEqual(last, { action: 'audit.details_erased', subject: 'audit:3' });
    const v = await install.run(['audit', 'verify', '--checkpoints', outside, '--fingerprint', fingerprint]);
    assert.equal(v.code, 0, v.err);
  });

  void it('detects an edited row', async () => {
    const copy = await cloneInstall(install);
    try {
      tamper(copy, (db) => db.prepare("UPDATE audit_log SET actor = 'cli:nobody' WHERE seq = 7").run());
      const v = await copy.run(['audit', 'verify', '--checkpoints', outside, '--fingerprint', fingerprint]);
      assert.equal(v.code, 1);
      assert.match(v.err, /first bad entry 7: edited/);
    } finally {
      copy.cleanup();
    }
  });

  void it('detects edited details even when the hashes are left alone', async () => {
    const copy = await cloneInstall(install);
    try {
      tamper(copy, (db) => db.prepare(`UPDATE audit_log SET details = '{"reason":"nothing"}' WHERE seq = 5`).run());
      const v = await copy.run(['audit', 'verify']);
      assert.equal(v.code, 1);
      assert.match(v.err, /first bad entry 5: details-edited/);
    } finally {
      copy.cleanup();
    }
  });

  void it('detects a deleted row', async () => {
    const copy = await cloneInstall(install);
    try {
      tamper(copy, (db) => db.prepare('DELETE FROM audit_log WHERE seq = 9').run());
      const v = await copy.run(['audit', 'verify', '--checkpoints', outside, '--fingerprint', fingerprint]);
      assert.equal(v.code, 1);
      assert.match(v.err, /first bad entry 9: deleted: entry 9 missing/);
    } finally {
      copy.cleanup();
    }
  });

  void it('detects two swapped rows', async () => {
    const copy = await cloneInstall(install);
    try {
      tamper(copy, (db) => {
        db.prepare('UPDATE audit_log SET seq = -1 WHERE seq = 11').run();
        db.prepare('UPDATE audit_log SET seq = 11 WHERE seq = 12').run();
        db.prepare('UPDATE audit_log SET seq = 12 WHERE seq = -1').run();
      });
      const v = await copy.run(['audit', 'verify', '--fingerprint', fingerprint]);
      assert.equal(v.code, 1);
      assert.match(v.err, /first bad entry 11: edited: entry 11 was edited or moved/);
    } finally {
      copy.cleanup();
    }
  });

  void it('detects an inserted row even when its own hash is correct', async () => {
    const copy = await cloneInstall(install);
    try {
      tamper(copy, (db) => {
        // Shift entries 14.. up by one and forge a well-formed entry 14 that links to 13.
        const rows = db.prepare('SELECT seq FROM audit_log WHERE seq >= 14 ORDER BY seq DESC').all() as { seq: number }[];
        for (const { seq } of rows) db.prepare('UPDATE audit_log SET seq = ? WHERE seq = ?').run(seq + 1, seq);
        const prev = db.prepare('SELECT hash FROM audit_log WHERE seq = 13').get() as { hash: string };
        const forged = { seq: 14, at: Date.UTC(2026, 10, 1), actor: 'system', action: 'noop', subject: 'x', details_hash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', prev_hash: prev.hash };
        db.prepare('INSERT INTO audit_log (seq, at, actor, action, subject, details, details_hash, prev_hash, hash) VALUES (@seq, @at, @actor, @action, @subject, NULL, @details_hash, @prev_hash, @hash)').run({ ...forged, hash: entryHash(forged) });
      });
      const v = await copy.run(['audit', 'verify', '--fingerprint', fingerprint]);
      assert.equal(v.code, 1);
      assert.match(v.err, /first bad entry 15: edited/);
    } finally {
      copy.cleanup();
    }
  });

  void it('detects a truncated tail behind an exported checkpoint', async () => {
    const copy = await cloneInstall(install);
    try {
      tamper(copy, (db) => {
        db.prepare('DELETE FROM audit_log WHERE seq > 15').run();
        db.prepare('DELETE FROM audit_checkpoints WHERE size > 15').run();
      });
      const v = await copy.run(['audit', 'verify', '--checkpoints', outside, '--fingerprint', fingerprint]);
      assert.equal(v.code, 1);
      assert.match(v.err, /first bad entry 16: truncated: the log ends at entry 15/);
    } finally {
      copy.cleanup();
    }
  });

  void it('detects a rewritten log re-signed with a fresh key', async () => {
    const copy = await cloneInstall(install);
    try {
      const intruder = SigningKey.generate();
      tamper(copy, (db) => {
        // Rewrite entry 4 and every later hash, then re-sign every stored checkpoint.
        const rows = db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Parameters<typeof entryHash>[0][];
        let prev = '0'.repeat(64);
        for (const row of rows) {
          const fixed = { ...row, actor: row.seq === 4 ? 'cli:intruder' : row.actor, prev_hash: prev };
          const hash = entryHash(fixed);
          db.prepare('UPDATE audit_log SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(fixed.actor, prev, hash, row.seq);
          prev = hash;
        }
        const cps = db.prepare('SELECT id, size, at FROM audit_checkpoints').all() as { id: number; size: number; at: number }[];
        for (const cp of cps) {
          const head = (db.prepare('SELECT hash FROM audit_log WHERE seq = ?').get(cp.size) as { hash: string } | undefined)?.hash ?? '0'.repeat(64);
          const s = signCheckpoint(intruder, cp.size, head, cp.at);
          db.prepare('UPDATE audit_checkpoints SET head_hash = ?, key_fingerprint = ?, public_key = ?, signature = ? WHERE id = ?').run(s.head_hash, s.key_fingerprint, s.public_key, s.signature, cp.id);
        }
      });
      const v = await copy.run(['audit', 'verify', '--fingerprint', fingerprint]);
      assert.equal(v.code, 1);
      assert.match(v.err, /unpinned-key: .*not the pinned key/);
      const withCopy = await copy.run(['audit', 'verify', '--checkpoints', outside, '--fingerprint', fingerprint]);
      assert.equal(withCopy.code, 1);
      assert.match(withCopy.err, /rewritten/);
    } finally {
      copy.cleanup();
    }
  });

  void it('signs a checkpoint every N entries and at least hourly', () => {
    const db = openDb(join(mkdtempSync(join(tmpdir(), 'premises-cp-')), 'index.db'));
    const clock = new FakeClock(Date.UTC(2026, 10, 1));
    const audit = new AuditLog(db, clock);
    const cps = new AuditCheckpoints(db, SigningKey.generate(), clock, { everyEntries: 5 });
    assert.equal(cps.maybeCheckpoint()?.size, 0, 'the first call signs the (empty) head');
    for (let i = 0; i < 4; i++) audit.append({ actor: 'system', action: 'x', subject: 's' });
    assert.equal(cps.maybeCheckpoint(), undefined);
    audit.append({ actor: 'system', action: 'x', subject: 's' });
    assert.equal(cps.maybeCheckpoint()?.size, 5);
    audit.append({ actor: 'system', action: 'x', subject: 's' });
    clock.advance(59 * 60_000);
    assert.equal(cps.maybeCheckpoint(), undefined);
    clock.advance(60_000);
    assert.equal(cps.maybeCheckpoint()?.size, 6);
    clock.advance(2 * 3_600_000);
    assert.equal(cps.maybeCheckpoint(), undefined, 'nothing new, nothing to sign');
    const file = db.name;
    db.close();
    rmSync(join(file, '..'), { recursive: true, force: true });
  });
});

/** A copy of an install's data dir (index + keys), so each tampering starts from the same intact log. */
async function cloneInstall(source: TestInstall): Promise<TestInstall> {
  const copy = makeInstall();
  const src = new Database(join(source.dataDir, 'index.db'), { readonly: true });
  mkdirSync(copy.dataDir, { recursive: true });
  await src.backup(join(copy.dataDir, 'index.db'));
  src.close();
  cpSync(join(source.dataDir, 'keys'), join(copy.dataDir, 'keys'), { recursive: true });
  return copy;
}
