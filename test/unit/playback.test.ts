import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openSegmentFile } from '../../src/api/playback/open-segment.js';
import { planRange } from '../../src/api/playback/range.js';
import { checkStart, closeDangling, MAX_OPEN_PER_USER, PlaybackSessions, type StartRequest } from '../../src/api/playback/sessions.js';
import { AuditLog } from '../../src/audit/log.js';
import { openDb, type Db } from '../../src/db/open.js';
import { DataLayout } from '../../src/shared/data-layout.js';
import { FakeClock } from '../../src/shared/clock.js';
import { PremisesError } from '../../src/shared/errors.js';

const T0 = Date.UTC(2026, 10, 26, 10);
const entries = (db: Db) =>
  (db.prepare("SELECT actor, action, subject, details FROM audit_log WHERE action LIKE 'playback.%' ORDER BY seq").all() as { actor: string; action: string; subject: string; details: string }[]).map((e) => ({
    ...e,
    details: JSON.parse(e.details) as Record<string, unknown>,
  }));
const request = (over: Partial<StartRequest> = {}): StartRequest => ({
  userId: 1,
  actor: 'user:alice',
  cameraId: 'door',
  fromMs: T0,
  toMs: T0 + 3_600_000,
  reason: 'incident',
  reasonText: 'broken window on the 25th',
  ...over,
});

describe(planRange.name, () => {
  it('serves the whole file without a header, for a list of ranges, and for other units', () => {
    assert.deepEqual(planRange(undefined, 100), { kind: 'full' });
    assert.deepEqual(planRange('bytes=0-1,5-6', 100), { kind: 'full' });
    assert.deepEqual(planRange('items=0-1', 100), { kind: 'full' });
    assert.deepEqual(planRange('bytes=-', 100), { kind: 'full' });
  });
  it('answers first-last, open-ended and suffix ranges, clipped to the file', () => {
    assert.deepEqual(planRange('bytes=10-19', 100), { kind: 'partial', start: 10, end: 19 });
    assert.deepEqual(planRange('bytes=90-', 100), { kind: 'partial', start: 90, end: 99 });
    assert.deepEqual(planRange('bytes=90-500', 100), { kind: 'partial', start: 90, end: 99 });
    assert.deepEqual(planRange('bytes=-30', 100), { kind: 'partial', start: 70, end: 99 });
    assert.deepEqual(planRange('bytes=-300', 100), { kind: 'partial', start: 0, end: 99 });
  });
  it('says unsatisfiable past the end, ignores an inverted range', () => {
    assert.deepEqual(planRange('bytes=100-', 100), { kind: 'unsatisfiable' });
    assert.deepEqual(planRange('bytes=-0', 100), { kind: 'unsatisfiable' });
    assert.deepEqual(planRange('bytes=0-', 0), { kind: 'unsatisfiable' });
    assert.deepEqual(planRange('bytes=20-10', 100), { kind: 'full' });
  });
});

describe(checkStart.name, () => {
  const ok = { fromMs: T0, toMs: T0 + 1000 };
  it('takes the listed reasons and needs text for "other"', () => {
    assert.deepEqual(checkStart({ ...ok, reason: 'police request', reasonText: undefined }), { reason: 'police request', reasonText: undefined });
    assert.deepEqual(checkStart({ ...ok, reason: 'other', reasonText: '  lost keys  ' }), { reason: 'other', reasonText: 'lost keys' });
    assert.throws(() => checkStart({ ...ok, reason: 'other', reasonText: '   ' }), /needs reasonText/);
    assert.throws(() => checkStart({ ...ok, reason: 'curiosity', reasonText: undefined }), /reason must be one of/);
    assert.throws(() => checkStart({ ...ok, reason: 'incident', reasonText: 'x'.repeat(501) }), /longer than 500/);
    assert.throws(() => checkStart({ ...ok, reason: 'incident', reasonText: 'two\nlines' }), /one line/);
    assert.throws(() => checkStart({ ...ok, reason: 'incident', reasonText: 7 }), /must be text/);
  });
  it('needs from before to, at most 31 days apart', () => {
    assert.throws(() => checkStart({ fromMs: T0, toMs: T0, reason: 'incident', reasonText: undefined }), /from before to/);
    assert.throws(() => checkStart({ fromMs: T0, toMs: T0 + 32 * 86_400_000, reason: 'incident', reasonText: undefined }), /31 days/);
  });
});

describe(PlaybackSessions.name, () => {
  const setup = (idleMs = 300_000) => {
    const db = openDb(':memory:');
    const clock = new FakeClock(T0);
    const audit = new AuditLog(db, clock);
    return { db, clock, audit, sessions: new PlaybackSessions(audit, clock, idleMs) };
  };

  it('writes one entry at start and one at end, however many requests come between', () => {
    const { db, clock, sessions } = setup();
    const s = sessions.start(request());
    for (let i = 0; i < 50; i++) {
      clock.advance(1000);
      sessions.touch(s, { segmentId: 1 + (i % 5), startMs: T0 + i * 2000, endMs: T0 + i * 2000 + 2000, bytes: 10 });
    }
    sessions.end(s, 'user');
    sessions.end(s, 'user');
    const log = entries(db);
    assert.deepEqual(log.map((e) => e.action), ['playback.started', 'playback.ended']);
    assert.deepEqual(log[0], {
      actor: 'user:alice',
      action: 'playback.started',
      subject: 'camera:door',
      details: { session: s.id, from: new Date(T0).toISOString(), to: new Date(T0 + 3_600_000).toISOString(), reason: 'incident', reasonText: 'broken window on the 25th' },
    });
    assert.equal(log[1]?.details['cause'], 'user');
    assert.equal(log[1]?.details['segments'], 5);
    assert.equal(log[1]?.details['bytes'], 500);
    assert.deepEqual(log[1]?.details['viewed'], { from: new Date(T0).toISOString(), to: new Date(T0 + 100_000).toISOString() });
    assert.equal(sessions.get(s.id, 1), undefined);
  });

  it('ends a session idle for the timeout, not one still in use', () => {
    const { db, clock, sessions } = setup(300_000);
    const busy = sessions.start(request());
    const idle = sessions.start(request({ cameraId: 'till' }));
    for (let i = 0; i < 12; i++) {
      clock.advance(60_000);
      sessions.touch(busy);
    }
    assert.equal(sessions.get(idle.id, 1), undefined, 'idle for 12 minutes: ended');
    assert.ok(sessions.get(busy.id, 1), 'touched every minute: open');
    clock.advance(299_000);
    assert.ok(sessions.get(busy.id, 1));
    clock.advance(1_000);
    assert.equal(sessions.get(busy.id, 1), undefined);
    const ends = entries(db).filter((e) => e.action === 'playback.ended');
    assert.deepEqual(ends.map((e) => [e.subject, e.details['cause']]), [['camera:till', 'idle'], ['camera:door', 'idle']]);
  });

  it("keeps sessions per user: another user's id is unknown", () => {
    const { sessions } = setup();
    const s = sessions.start(request());
    assert.equal(sessions.get(s.id, 2), undefined);
    assert.equal(sessions.get(s.id, 1), s);
    assert.equal(sessions.get('made-up', 1), undefined);
  });

  it('bounds open sessions per user by ending the oldest', () => {
    const { db, clock, sessions } = setup();
    const first = sessions.start(request());
    for (let i = 1; i < MAX_OPEN_PER_USER + 2; i++) {
      clock.advance(10);
      sessions.start(request());
    }
    assert.equal(sessions.size, MAX_OPEN_PER_USER);
    assert.equal(sessions.get(first.id, 1), undefined);
    assert.equal(entries(db).filter((e) => e.details['cause'] === 'replaced').length, 2);
    sessions.endAll('shutdown');
    assert.equal(sessions.size, 0);
    const log = entries(db);
    assert.equal(log.filter((e) => e.action === 'playback.started').length, log.filter((e) => e.action === 'playback.ended').length);
  });

  it('ends on logout the sessions of the logins that ended, cause logout, and no others', () => {
    const { db, sessions } = setup();
    const a = sessions.start(request({ login: 'hash-a' }));
    const b = sessions.start(request({ login: 'hash-b' }));
    const other = sessions.start(request({ userId: 2, actor: 'user:bob', login: 'hash-a' }));
    assert.equal(sessions.endForLogin({ userId: 1, only: 'hash-a' }), 1);
    assert.equal(sessions.get(a.id, 1), undefined);
    assert.equal(sessions.get(b.id, 1), b);
    assert.equal(sessions.endForLogin({ userId: 1, except: 'hash-b' }), 0, 'a password change keeps the current login');
    assert.equal(sessions.endForLogin({ userId: 1 }), 1, 'log out everywhere');
    assert.equal(sessions.get(other.id, 2), other, "another user's session stays");
    const ended = entries(db).filter((e) => e.action === 'playback.ended');
    assert.deepEqual(ended.map((e) => [e.details['session'], e.details['cause']]), [[a.id, 'logout'], [b.id, 'logout']]);
  });

  it('closes at start-up the sessions a killed process left open, once', () => {
    const { db, clock, audit, sessions } = setup();
    const left = sessions.start(request());
    const done = sessions.start(request({ cameraId: 'till' }));
    sessions.end(done, 'user');
    clock.advance(5000);
    assert.equal(closeDangling(db, audit), 1);
    assert.equal(closeDangling(db, audit), 0);
    const last = entries(db).at(-1);
    assert.equal(last?.action, 'playback.ended');
    assert.equal(last?.details['session'], left.id);
    assert.equal(last?.details['cause'], 'restart');
    assert.equal(last?.actor, 'user:alice');
  });
});

describe(openSegmentFile.name, () => {
  const make = () => {
    const dir = mkdtempSync(join(tmpdir(), 'premises-open-seg-'));
    const layout = new DataLayout(join(dir, 'data'));
    mkdirSync(join(layout.recordingsRoot, 'door', '2026-11-26'), { recursive: true });
    writeFileSync(join(layout.recordingsRoot, 'door', '2026-11-26', 'ok.mp4'), 'segment bytes');
    writeFileSync(join(dir, 'secret.txt'), 'outside');
    return { dir, layout, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  };
  const refused = async (p: Promise<unknown>, kind: string) => {
    await assert.rejects(p, (err: unknown) => err instanceof PremisesError && err.kind === kind);
  };

  it('opens a regular file under the recordings root', async () => {
    const { layout, cleanup } = make();
    try {
      const f = await openSegmentFile(layout, 'door/2026-11-26/ok.mp4');
      assert.equal(f.size, 13);
      await f.handle.close();
    } finally {
      cleanup();
    }
  });

  it('refuses escapes, symlinks (file and directory), FIFOs and directories', async () => {
    const { dir, layout, cleanup } = make();
    try {
      const day = join(layout.recordingsRoot, 'door', '2026-11-26');
      symlinkSync(join(dir, 'secret.txt'), join(day, 'link.mp4'));
      symlinkSync(dir, join(layout.recordingsRoot, 'door', 'linkdir'));
      execFileSync('mkfifo', [join(day, 'fifo.mp4')]);
      await refused(openSegmentFile(layout, '../secret.txt'), 'PermissionDenied');
      await refused(openSegmentFile(layout, join(dir, 'secret.txt')), 'PermissionDenied');
      await refused(openSegmentFile(layout, 'door/2026-11-26/link.mp4'), 'PermissionDenied');
      await refused(openSegmentFile(layout, 'door/linkdir/secret.txt'), 'PermissionDenied');
      await refused(openSegmentFile(layout, 'door/2026-11-26/fifo.mp4'), 'PermissionDenied');
      await refused(openSegmentFile(layout, 'door/2026-11-26'), 'PermissionDenied');
      await refused(openSegmentFile(layout, 'door/2026-11-26/missing.mp4'), 'NotFound');
    } finally {
      cleanup();
    }
  });
});
