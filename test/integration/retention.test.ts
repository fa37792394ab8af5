import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { join } from 'node:path';
import { AuditLog, sha256Hex } from '../../src/audit/log.js';
import { openDb } from '../../src/db/open.js';
import { Holds } from '../../src/policy/retention/holds.js';
import { verifyAudit } from '../../src/audit/verify.js';
import { FakeClock } from '../../src/shared/clock.js';
import { ALARM_CLOCK_AHEAD } from '../../src/policy/retention/sweeper.js';
import { startHousekeeping } from '../../src/policy/retention/loop.js';
import * as candidates from '../../src/policy/retention/candidates.js';
import { AuditCheckpoints } from '../../src/audit/checkpoints.js';
import { SigningKey } from '../../src/keys/signing.js';
import { silentLogger } from '../../src/shared/logger.js';
import { cameraYaml, makeInstall } from '../support/install.js';
import { addSegments, rowsMatchFiles, segmentFiles } from '../support/segments.js';
import { rig } from '../support/sweeper.js';

const S = 1000;
const H = 3_600_000;
const D = 24 * H;

function sweepEntries(db: import('../../src/db/open.js').Db, action = 'retention.sweep'): { details: Record<string, unknown> }[] {
  return (db.prepare('SELECT details FROM audit_log WHERE action = ? ORDER BY seq').all(action) as { details: string }[]).map((r) => ({
    details: JSON.parse(r.details) as Record<string, unknown>,
  }));
}

void describe('retention sweeper (real SQLite, real files)', () => {
  void it('deletes exactly the segments older than the maximum age and records the sweep', () => {
    const install = makeInstall(`cameras:\n${cameraYaml('door', '    retention:\n      maxAge: 30s\n')}`);
    const clock = new FakeClock(Date.UTC(2026, 10, 26, 12));
    const r = rig(install.configPath, clock);
    try {
      mkdirSync(r.layout.recordingsRoot, { recursive: true });
      const now = clock.now();
      const ids = addSegments(r.db, r.layout, 'door', { startMs: now - 70 * S, count: 7 }); // end at -60s … 0
      const result = r.sweeper.sweep();
      assert.equal(result.deleted, 4);
      const left = (r.db.prepare('SELECT id FROM segments ORDER BY id').all() as { id: number }[]).map((x) => x.id);
      assert.deepEqual(left, ids.slice(4));
      assert.deepEqual(rowsMatchFiles(r.db, r.layout), { rowsWithoutFile: [], filesWithoutRow: [], garbage: 0 });
      assert.equal(segmentFiles(r.layout).length, 3);

      const [entry] = sweepEntries(r.db);
      assert.ok(entry);
      assert.equal(entry.details['count'], 4);
      assert.equal(entry.details['bytes'], 4 * 4096);
      assert.deepEqual(entry.details['cameras'], ['door']);
      const items = (r.db.prepare('SELECT sha256 FROM deletion_certificate_items WHERE certificate_id = ?').all(result.certificateId) as { sha256: string }[]).map((x) => x.sha256);
      assert.equal(items.length, 4);
      assert.equal(entry.details['listHash'], sha256Hex([...items].sort().join('\n')), 'the record hash proves the certificate complete');
      assert.ok(verifyAudit(r.db).ok);

      const again = r.sweeper.sweep();
      assert.equal(again.deleted, 0);
      assert.equal(sweepEntries(r.db).length, 1, 'a sweep that deletes nothing leaves no deletion record');
    } finally {
      r.close();
      install.cleanup();
    }
  });

  void it('keeps held footage through every sweep and deletes it after release', () => {
    const install = makeInstall(`cameras:\n${cameraYaml('till', '    retention:\n      maxAge: 30s\n')}`);
    const clock = new FakeClock(Date.UTC(2026, 10, 26, 12));
    const r = rig(install.configPath, clock);
    try {
      const t0 = clock.now();
      addSegments(r.db, r.layout, 'till', { startMs: t0 - 70 * S, count: 7 });
      const hold = r.holds.add({ cameraId: 'till', fromMs: t0 - 55 * S, toMs: t0 - 45 * S, kind: 'incident', reason: 'broken glass at the till' }, 'cli:owner');
      r.sweeper.sweep();
      for (let i = 0; i < 3; i++) {
        clock.advance(60 * S);
        addSegments(r.db, r.layout, 'till', { startMs: clock.now() - 10 * S, count: 1 });
        r.sweeper.sweep();
      }
      const held = r.db.prepare('SELECT start_ms FROM segments WHERE start_ms < ? ORDER BY start_ms').all(t0 - 30 * S) as { start_ms: number }[];
      assert.deepEqual(held.map((x) => x.start_ms - t0), [-60 * S, -50 * S], 'exactly the two held segments survive');
      r.holds.release(hold.id, 'incident closed, nothing found', 'cli:owner');
      r.sweeper.sweep();
      assert.equal((r.db.prepare('SELECT COUNT(*) AS n FROM segments WHERE start_ms < ?').get(t0 - 30 * S) as { n: number }).n, 0);
      assert.deepEqual(rowsMatchFiles(r.db, r.layout), { rowsWithoutFile: [], filesWithoutRow: [], garbage: 0 });
      const actions = (r.db.prepare("SELECT action FROM audit_log WHERE action LIKE 'hold.%'").all() as { action: string }[]).map((x) => x.action);
      assert.deepEqual(actions, ['hold.added', 'hold.released']);
    } finally {
      r.close();
      install.cleanup();
    }
  });

  void it('a hold committed by another process while the sweep plans is honoured', () => {
    const install = makeInstall(`cameras:\n${cameraYaml('door', '    retention:\n      maxAge: 30s\n')}`);
    const clock = new FakeClock(Date.UTC(2026, 10, 26, 12));
    const r = rig(install.configPath, clock, {
      step: (step) => {
        if (step !== 'planned') return;
        // Another process (a CLI `hold add`) commits between the plan and the deletion.
        const other = openDb(join(install.dataDir, 'index.db'));
        new Holds(other, new AuditLog(other, clock), clock).add({ cameraId: 'door', fromMs: t0 - 70 * S, toMs: t0 - 65 * S, kind: 'access_request', reason: 'request #7' }, 'cli:clerk');
        other.close();
      },
    });
    const t0 = clock.now();
    try {
      const ids = addSegments(r.db, r.layout, 'door', { startMs: t0 - 70 * S, count: 7 });
      const result = r.sweeper.sweep();
      assert.equal(result.plan.deletions.length, 4, 'the plan was made before the hold');
      assert.equal(result.deleted, 3);
      assert.ok(r.db.prepare('SELECT 1 FROM segments WHERE id = ?').get(ids[0]), 'the held segment survives');
      const [entry] = sweepEntries(r.db);
      assert.equal(entry?.details['count'], 3);
      assert.deepEqual(rowsMatchFiles(r.db, r.layout), { rowsWithoutFile: [], filesWithoutRow: [], garbage: 0 });
    } finally {
      r.close();
      install.cleanup();
    }
  });

  void it('enforces a byte quota oldest first, sparing held footage', () => {
    const install = makeInstall(`cameras:\n${cameraYaml('yard', '    retention:\n      maxAge: 7d\n      maxBytes: 16000\n')}`);
    const clock = new FakeClock(Date.UTC(2026, 10, 26, 12));
    const r = rig(install.configPath, clock);
    try {
      const t0 = clock.now();
      const ids = addSegments(r.db, r.layout, 'yard', { startMs: t0 - 70 * S, count: 7 }); // 7 × 4096 B = 28 672 B
      r.holds.add({ cameraId: 'yard', fromMs: t0 - 69 * S, toMs: t0 - 61 * S, kind: 'incident', reason: 'delivery dispute' }, 'cli:owner');
      const result = r.sweeper.sweep();
      assert.deepEqual(result.plan.deletions.map((d) => [d.segment.id, d.reason]), [[ids[1], 'quota'], [ids[2], 'quota'], [ids[3], 'quota'], [ids[4], 'quota']]);
      const total = (r.db.prepare('SELECT SUM(bytes) AS b FROM segments').get() as { b: number }).b;
      assert.equal(total, 3 * 4096, 'the held first segment and the newest two: 12 288 B ≤ 16 000 B');
      assert.deepEqual(rowsMatchFiles(r.db, r.layout), { rowsWithoutFile: [], filesWithoutRow: [], garbage: 0 });
    } finally {
      r.close();
      install.cleanup();
    }
  });

  void it('capped sweeps skip held ranges through the index and work a backlog off completely', () => {
    const install = makeInstall(`cameras:\n${cameraYaml('a', '    retention:\n      maxAge: 30s\n')}${cameraYaml('b', '    retention:\n      maxAge: 30s\n')}`);
    const clock = new FakeClock(Date.UTC(2026, 10, 26, 12));
    const r = rig(install.configPath, clock);
    try {
      const t0 = clock.now();
      addSegments(r.db, r.layout, 'a', { startMs: t0 - 200 * S, count: 20 });
      addSegments(r.db, r.layout, 'b', { startMs: t0 - 195 * S, count: 20 });
      // Two holds on a (one touching a segment boundary, one overlapping another), one on b.
      r.holds.add({ cameraId: 'a', fromMs: t0 - 180 * S, toMs: t0 - 150 * S, kind: 'incident', reason: 'one' }, 'cli:owner');
      r.holds.add({ cameraId: 'a', fromMs: t0 - 155 * S, toMs: t0 - 135 * S, kind: 'legal', reason: 'two' }, 'cli:owner');
      r.holds.add({ cameraId: 'b', fromMs: t0 - 100 * S, toMs: t0 - 99 * S, kind: 'police', reason: 'three' }, 'cli:owner');
      const { unheldOldestAcross } = candidates;
      const across = [...unheldOldestAcross(r.db, ['a', 'b'], r.holds.active())].map((x) => `${x.cameraId}${(x.startMs - t0) / S}`);
      assert.deepEqual(across.slice(0, 6), ['a-200', 'b-195', 'b-185', 'b-175', 'b-165', 'b-155']);
      assert.ok(!across.includes('a-190') && !across.includes('a-140') && !across.includes('b-105'), `held segments listed: ${across.join(' ')}`);
      assert.ok(across.includes('a-130'));
      let sweeps = 0;
      for (;;) {
        sweeps += 1;
        if (!r.sweeper.sweep({ maxDeletions: 2 }).plan.capped) break;
      }
      assert.ok(sweeps > 5);
      const left = (r.db.prepare('SELECT camera_id, start_ms FROM segments WHERE end_ms <= ? ORDER BY camera_id, start_ms').all(t0 - 30 * S) as { camera_id: string; start_ms: number }[]).map(
        (x) => `${x.camera_id}${(x.start_ms - t0) / S}`,
      );
      // Held: a -190 (ends where hold one starts), -180 … -150 (hold one), -160 … -140 (hold two); b -105 (overlaps hold three).
      assert.deepEqual([...left].sort(), ['a-140', 'a-150', 'a-160', 'a-170', 'a-180', 'a-190', 'b-105']);
      assert.deepEqual(rowsMatchFiles(r.db, r.layout), { rowsWithoutFile: [], filesWithoutRow: [], garbage: 0 });
    } finally {
      r.close();
      install.cleanup();
    }
  });

  void it('does not mass-delete when the clock jumps a year ahead, and raises an alarm', () => {
    const install = makeInstall(`cameras:\n${cameraYaml('door')}`);
    const clock = new FakeClock(Date.UTC(2026, 10, 26, 12));
    const r = rig(install.configPath, clock);
    try {
      addSegments(r.db, r.layout, 'door', { startMs: clock.now() - 2 * D, count: 50, durationMs: 60 * 60 * S }); // 50 h of hour-long segments
      clock.jumpWall(365 * D);
      const result = r.sweeper.sweep();
      assert.equal(result.deleted, 0);
      assert.equal((r.db.prepare('SELECT COUNT(*) AS n FROM segments').get() as { n: number }).n, 50);
      assert.ok(r.alarms.isOpen(ALARM_CLOCK_AHEAD, 'retention'));
      clock.jumpWall(-365 * D);
      r.sweeper.sweep();
      assert.ok(!r.alarms.isOpen(ALARM_CLOCK_AHEAD, 'retention'), 'the alarm clears once the clock agrees again');
    } finally {
      r.close();
      install.cleanup();
    }
  });

  void it('refuses a decision-hold release before a year, allows it after', () => {
    const install = makeInstall(`cameras:\n${cameraYaml('staff-door')}`);
    const clock = new FakeClock(Date.UTC(2026, 10, 26, 12));
    const r = rig(install.configPath, clock);
    try {
      const decided = Date.UTC(2026, 10, 20);
      const hold = r.holds.add(
        { cameraId: 'staff-door', fromMs: decided - D, toMs: decided, kind: 'decision', reason: 'footage used in a staff discipline decision', decidedAt: decided },
        'cli:owner',
      );
      clock.advance(300 * D);
      assert.throws(() => r.holds.release(hold.id, 'done', 'cli:owner'), /at least one year after the decision.*2027-11-20/);
      clock.jumpWall(Date.UTC(2027, 10, 20) - clock.now());
      assert.equal(r.holds.release(hold.id, 'a year has passed', 'cli:owner').releasedBy, 'cli:owner');
    } finally {
      r.close();
      install.cleanup();
    }
  });

  void it('the housekeeping loop sweeps every interval, checkpoints, prunes year-old certificates, and signs on stop', () => {
    const install = makeInstall(`cameras:\n${cameraYaml('door', '    retention:\n      maxAge: 30s\n')}`);
    const clock = new FakeClock(Date.UTC(2026, 10, 26, 12));
    const r = rig(install.configPath, clock);
    try {
      const checkpoints = new AuditCheckpoints(r.db, SigningKey.generate(), clock);
      addSegments(r.db, r.layout, 'door', { startMs: clock.now() - 70 * S, count: 7 });
      const loop = startHousekeeping({ sweeper: r.sweeper, checkpoints, clock, log: silentLogger(), sweepIntervalMs: 60 * S, maxDeletions: 3 });
      clock.advance(0); // 4 due, 3 per sweep: a capped sweep is followed at once by another
      assert.equal((r.db.prepare('SELECT COUNT(*) AS n FROM segments').get() as { n: number }).n, 3);
      assert.equal((r.db.prepare('SELECT COUNT(*) AS n FROM deletion_certificates').get() as { n: number }).n, 2);
      assert.equal(checkpoints.all().length, 1);
      clock.advance(60 * S); // the remaining three are now older than 30 s
      assert.equal((r.db.prepare('SELECT COUNT(*) AS n FROM segments').get() as { n: number }).n, 0);
      assert.equal((r.db.prepare('SELECT COUNT(*) AS n FROM deletion_certificates').get() as { n: number }).n, 3);
      // A year on (with fresh footage so the clock is believed), the old certificates go; the audit records stay.
      clock.jumpWall(367 * D);
      addSegments(r.db, r.layout, 'door', { startMs: clock.now() - 5 * S, count: 1 });
      loop.sweepSoon();
      clock.advance(0);
      assert.equal((r.db.prepare('SELECT COUNT(*) AS n FROM deletion_certificates').get() as { n: number }).n, 0);
      assert.equal(sweepEntries(r.db).length, 3);
      assert.equal(sweepEntries(r.db, 'retention.certificates_pruned').length, 1);
      const before = checkpoints.all().length;
      loop.stop();
      assert.equal(checkpoints.all().length, before + 1);
      assert.ok(verifyAudit(r.db, { checkpoints: checkpoints.all().map((c) => ({ ...c, source: 'index' })) }).ok);
    } finally {
      r.close();
      install.cleanup();
    }
  });
});
