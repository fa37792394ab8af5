import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { AuditLog } from '../../src/audit/log.js';
import { eraseDetails } from '../../src/audit/erasure.js';
import { verifyAudit } from '../../src/audit/verify.js';
import { migrate, openDb } from '../../src/db/open.js';
import { FakeClock } from '../../src/shared/clock.js';

function schema(db: Database.Database): string[] {
  return (db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all() as { type: string; name: string; sql: string }[]).map(
    (r) => `${r.type} ${r.name}: ${r.sql}`,
  );
}

void describe('migrations 003, 005, 006', () => {
  void it('an index upgraded from the foundation schema equals a fresh one, and entries written before the upgrade can be erased', () => {
    const dir = mkdtempSync(join(tmpdir(), 'premises-mig-'));
    try {
      const old = new Database(join(dir, 'old.db'));
      migrate(old, undefined, 2);
      const clock = new FakeClock();
      const audit = new AuditLog(old, clock);
      audit.append({ actor: 'system', action: 'camera.added', subject: 'camera:door', details: { by: 'Jane Doe' } });
      old.close();
      const upgraded = openDb(join(dir, 'old.db'));
      const fresh = openDb(join(dir, 'fresh.db'));
      assert.deepEqual(schema(upgraded), schema(fresh));
      eraseDetails(upgraded, new AuditLog(upgraded, clock), 1, 'cli:owner', 'erasure request #1', clock.now());
      assert.ok(verifyAudit(upgraded).ok);
      upgraded.close();
      fresh.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
