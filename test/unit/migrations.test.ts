import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { migrate, openDb, schemaVersion } from '../../src/db/open.js';
import { MIGRATIONS } from '../../src/db/migrations/index.js';

function schemaOf(db: Database.Database): string[] {
  return (db.prepare("SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all() as { type: string; name: string; sql: string }[]).map(
    (r) => `${r.type} ${r.name}: ${r.sql}`,
  );
}

describe('migrations', () => {
  it('numbers migrations 1..n without gaps', () => {
    // Branch pages: 16 (storage) is numbered ahead of 15, which lands from another branch.
    const expected = [...Array.from({ length: 14 }, (_, i) => i + 1), 16];
    assert.deepEqual(
      MIGRATIONS.map((m) => m.version),
      expected,
    );
  });

  it('gives a database migrated step by step the same schema as a fresh one', () => {
    const fresh = openDb(':memory:');
    const stepwise = new Database(':memory:');
    for (const m of MIGRATIONS) {
      migrate(stepwise, MIGRATIONS, m.version);
      assert.equal(schemaVersion(stepwise), m.version);
    }
    assert.deepEqual(schemaOf(stepwise), schemaOf(fresh));
    assert.equal(schemaVersion(fresh), MIGRATIONS.at(-1)?.version);
  });

  it('sets the pragmas the invariants rely on', () => {
    const db = openDb(':memory:');
    assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
    assert.equal(db.pragma('busy_timeout', { simple: true }), 10000);
  });

  it('refuses an index written by a newer Premises', () => {
    const db = new Database(':memory:');
    db.pragma('user_version = 999');
    assert.throws(() => migrate(db), /newer Premises/);
  });
});
