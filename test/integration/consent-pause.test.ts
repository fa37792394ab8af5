import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AuditLog } from '../../src/audit/log.js';
import { main } from '../../src/cli/main.js';
import type { CommandIo } from '../../src/cli/command.js';
import { openDb, type Db } from '../../src/db/open.js';
import { PauseStore, PauseWatcher, type PauseEvent } from '../../src/policy/consent/pause.js';
import { FakeClock } from '../../src/shared/clock.js';

function io(): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), stdin: process.stdin, env: {} };
}

const CONFIG = `
dataDir: ./data
cameras:
  - id: till
    rtsp: rtsp://127.0.0.1:8554/till
`;

function auditRows(db: Db, prefix: string) {
  return db.prepare("SELECT actor, action, subject, details FROM audit_log WHERE action LIKE ? || '%' ORDER BY seq").all(prefix) as Array<{
    actor: string;
    action: string;
    subject: string;
    details: string;
  }>;
}

void describe('privacy pause against a real index', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'premises-pause-'));
    writeFileSync(join(dir, 'premises.yaml'), CONFIG);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  void it('premises pause / resume change the index and are audited', async () => {
    const cfg = join(dir, 'premises.yaml');
    let o = io();
    assert.equal(await main(['pause', 'till', '--reason', 'customer objected to being filmed', '--for', '30m', '--config', cfg], o), 0, o.stderr.join('\n'));
    assert.match(o.stdout.join('\n'), /camera 'till' paused until \d{4}-/);

    const db = openDb(join(dir, 'data', 'index.db'));
    try {
      const store = new PauseStore(db, new AuditLog(db, new FakeClock()), new FakeClock(Date.now()));
      const p = store.current('till', Date.now());
      assert.ok(p);
      assert.equal(p.reason, 'customer objected to being filmed');
      assert.equal(p.until, p.startedAt + 30 * 60_000);
      assert.equal(store.isPaused('till', Date.now()), true);
      assert.equal(store.isPaused('till', p.startedAt + 30 * 60_000), false, 'a timed pause is over at its end');

      o = io();
      assert.equal(await main(['resume', 'till', '--config', cfg], o), 0, o.stderr.join('\n'));
      assert.equal(store.isPaused('till', Date.now()), false);
      o = io();
      assert.equal(await main(['resume', 'till', '--config', cfg], o), 1);
      assert.match(o.stderr.join('\n'), /camera 'till' is not paused/);

      const rows = auditRows(db, 'privacy.');
      assert.deepEqual(rows.map((r) => [r.action, r.subject]), [['privacy.pause', 'camera:till'], ['privacy.resume', 'camera:till']]);
      assert.match(rows[0]?.actor ?? '', /^cli:/);
      assert.match(rows[0]?.details ?? '', /customer objected/);
    } finally {
      db.close();
    }

    o = io();
    assert.equal(await main(['pause', 'nope', '--reason', 'x', '--config', cfg], o), 1);
    assert.equal(await main(['pause', 'till', '--config', cfg], io()), 2, 'a reason is required');
    assert.equal(await main(['pause', 'till', '--reason', 'x', '--for', 'soon', '--config', cfg], io()), 2);
  });

  void it('the watcher reports a pause made through another connection, and a timed pause expires (audited)', () => {
    const path = join(dir, 'watch.db');
    const clock = new FakeClock(Date.parse('2026-11-26T12:00:00Z'));
    const recorderDb = openDb(path);
    const cliDb = openDb(path); // stands in for `premises pause` in another process
    try {
      const recorderStore = new PauseStore(recorderDb, new AuditLog(recorderDb, clock), clock);
      const cliStore = new PauseStore(cliDb, new AuditLog(cliDb, clock), clock);
      const events: PauseEvent[] = [];
      const watcher = new PauseWatcher(recorderStore, clock, (e) => events.push(e), 1000);
      watcher.start();
      assert.equal(events.length, 0);

      cliStore.pause('till', 'staff meeting', clock.now() + 10 * 60_000, 'cli:alex');
      clock.advance(999);
      assert.equal(events.length, 0, 'not polled yet');
      clock.advance(1);
      assert.equal(events.length, 1, 'seen within one poll interval (well inside the 5 s budget)');
      assert.equal(events[0]?.type, 'paused');

      clock.advance(5000);
      assert.equal(events.length, 1, 'reported once');

      // Replacing a pause with an open-ended one reports the new pause.
      cliStore.pause('till', 'customer asked us to stop', undefined, 'cli:alex');
      clock.advance(1000);
      assert.equal(events.length, 2);
      assert.equal(events[1]?.type === 'paused' && events[1].pause.until, undefined);

      cliStore.resume('till', 'cli:alex');
      clock.advance(1000);
      assert.deepEqual(events[2], { type: 'resumed', camera: 'till' });

      cliStore.pause('till', 'cleaning', clock.now() + 60_000, 'cli:sam');
      clock.advance(1000);
      assert.equal(events[3]?.type, 'paused');
      clock.advance(60_000);
      assert.deepEqual(events[4], { type: 'resumed', camera: 'till' });
      watcher.stop();

      const actions = auditRows(recorderDb, 'privacy.').map((r) => r.action);
      assert.deepEqual(actions, ['privacy.pause', 'privacy.pause', 'privacy.resume', 'privacy.pause', 'privacy.pause.expired']);
      const ends = recorderDb.prepare('SELECT end_reason FROM privacy_pauses ORDER BY id').all() as Array<{ end_reason: string }>;
      assert.deepEqual(ends.map((e) => e.end_reason), ['replaced', 'resumed', 'expired']);
    } finally {
      recorderDb.close();
      cliDb.close();
    }
  });

  void it('a throwing listener neither stops the watcher nor hides other cameras', () => {
    const path = join(dir, 'resilient.db');
    const clock = new FakeClock(Date.parse('2026-11-26T12:00:00Z'));
    const db = openDb(path);
    try {
      const store = new PauseStore(db, new AuditLog(db, clock), clock);
      const seen: string[] = [];
      const errors: unknown[] = [];
      const watcher = new PauseWatcher(
        store,
        clock,
        (e) => {
          if (e.type === 'paused' && e.pause.camera === 'bad') throw new Error('listener bug');
          seen.push(e.type === 'paused' ? e.pause.camera : `-${e.camera}`);
        },
        1000,
        (err) => errors.push(err),
      );
      watcher.start();
      store.pause('bad', 'test', undefined, 'cli:t');
      store.pause('good', 'test', undefined, 'cli:t');
      clock.advance(1000);
      assert.deepEqual(seen, ['good']);
      assert.equal(errors.length, 1);
      store.resume('good', 'cli:t');
      clock.advance(1000);
      assert.deepEqual(seen, ['good', '-good'], 'still polling after the error');
      watcher.stop();
      store.pause('good', 'again', undefined, 'cli:t');
      clock.advance(5000);
      assert.deepEqual(seen, ['good', '-good'], 'stopped means stopped');
    } finally {
      db.close();
    }
  });
});
