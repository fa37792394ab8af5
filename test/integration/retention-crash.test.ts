import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { verifyAudit } from '../../src/audit/verify.js';
import { finishGarbage } from '../../src/segments/garbage.js';
import { ALARM_STORAGE, statfsSpace } from '../../src/policy/retention/sweeper.js';
import { FakeClock } from '../../src/shared/clock.js';
import { cameraYaml, makeInstall } from '../support/install.js';
import { addSegments, rowsMatchFiles, segmentFiles } from '../support/segments.js';
import { rig } from '../support/sweeper.js';

const S = 1000;
const MB = 1024 * 1024;
const D = 24 * 3_600_000;
const child = fileURLToPath(new URL('../support/sweep-child.js', import.meta.url));
const NOW = Date.UTC(2026, 10, 26, 12);

function killedSweep(configPath: string, step: string): void {
  const res = spawnSync(process.execPath, [child, configPath, String(NOW), step], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(res.signal, 'SIGKILL', `the child should die at ${step}: ${res.stdout} ${res.stderr}`);
}

void describe('retention under failure', () => {
  void it('kill -9 before the commit: nothing changed; the next sweep does it all', () => {
    const install = makeInstall(`cameras:\n${cameraYaml('door', '    retention:\n      maxAge: 30s\n')}`);
    let r = rig(install.configPath, new FakeClock(NOW));
    try {
      addSegments(r.db, r.layout, 'door', { startMs: NOW - 70 * S, count: 7 });
      r.close();
      killedSweep(install.configPath, 'before-commit');
      r = rig(install.configPath, new FakeClock(NOW));
      assert.equal((r.db.prepare('SELECT COUNT(*) AS n FROM segments').get() as { n: number }).n, 7);
      assert.deepEqual(rowsMatchFiles(r.db, r.layout), { rowsWithoutFile: [], filesWithoutRow: [], garbage: 0 });
      assert.equal((r.db.prepare('SELECT COUNT(*) AS n FROM deletion_certificates').get() as { n: number }).n, 0);
      assert.equal(r.sweeper.sweep().deleted, 4);
      assert.deepEqual(rowsMatchFiles(r.db, r.layout), { rowsWithoutFile: [], filesWithoutRow: [], garbage: 0 });
      assert.ok(verifyAudit(r.db).ok);
    } finally {
      r.close();
      install.cleanup();
    }
  });

  void it('kill -9 after the commit (and part-way through the unlinks): start-up finishes the garbage', () => {
    const install = makeInstall(`cameras:\n${cameraYaml('door', '    retention:\n      maxAge: 30s\n')}`);
    let r = rig(install.configPath, new FakeClock(NOW));
    try {
      addSegments(r.db, r.layout, 'door', { startMs: NOW - 70 * S, count: 7 });
      r.close();
      killedSweep(install.configPath, 'after-commit');
      r = rig(install.configPath, new FakeClock(NOW));
      const garbage = r.db.prepare('SELECT path FROM garbage ORDER BY id').all() as { path: string }[];
      assert.equal(garbage.length, 4, 'the deletion was committed: rows moved to garbage');
      assert.equal(segmentFiles(r.layout).length, 7, 'no file unlinked yet');
      assert.equal((r.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'retention.sweep'").get() as { n: number }).n, 1);
      // The state a crash in the middle of the unlinks leaves: some files already gone.
      unlinkSync(r.layout.absolute(garbage[0]?.path ?? ''));
      unlinkSync(r.layout.absolute(garbage[1]?.path ?? ''));
      finishGarbage(r.db, r.layout);
      assert.deepEqual(rowsMatchFiles(r.db, r.layout), { rowsWithoutFile: [], filesWithoutRow: [], garbage: 0 });
      assert.equal(segmentFiles(r.layout).length, 3);
      assert.ok(verifyAudit(r.db).ok);
    } finally {
      r.close();
      install.cleanup();
    }
  });

  void it('free-space floor on a small filesystem: oldest unheld first, then stop recording without touching held footage', () => {
    const install = makeInstall(`retention:\n  freeSpaceFloor: 16MB\ncameras:\n${cameraYaml('a')}${cameraYaml('b')}`);
    const dataDir = install.dataDir;
    execFileSync('mkdir', ['-p', dataDir]);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', dataDir]);
    const stopped: string[][] = [];
    let r: ReturnType<typeof rig> | undefined;
    try {
      const clock = new FakeClock(NOW);
      r = rig(install.configPath, clock, { onStorageExhausted: (ids) => stopped.push(ids) });
      const rr = r;
      // Interleaved: a1 b1 a2 b2 … (a starts 5 s before b), 2 MiB each, all well inside 7 days.
      addSegments(rr.db, rr.layout, 'a', { startMs: NOW - 600 * S, count: 10, bytes: 2 * MB });
      addSegments(rr.db, rr.layout, 'b', { startMs: NOW - 595 * S, count: 10, bytes: 2 * MB });
      rr.holds.add({ cameraId: 'a', fromMs: NOW - 600 * S + 1, toMs: NOW - 581 * S, kind: 'incident', reason: 'spill at the counter' }, 'cli:owner');
      const ballast = join(dataDir, 'ballast');
      const fill = (freeWanted: number) => {
        rmSync(ballast, { force: true });
        const free = statfsSpace(dataDir).freeBytes;
        execFileSync('fallocate', ['-l', String(free - freeWanted), ballast]);
      };
      fill(10 * MB);
      const first = rr.sweeper.sweep();
      // 6 MiB short of 16 MB ⇒ three 2 MiB segments: b1, b2 (a1, a2 are held), then a3.
      assert.deepEqual(
        first.plan.deletions.map((d) => `${d.segment.cameraId}:${(d.segment.startMs - NOW) / S}:${d.reason}`),
        ['b:-595:floor', 'b:-585:floor', 'a:-580:floor'],
      );
      assert.ok(statfsSpace(dataDir).freeBytes >= 16e6, 'the floor is met after the sweep');
      assert.deepEqual(stopped, []);

      // Now hold everything left and squeeze the disk: nothing may go; recording must stop.
      rr.holds.add({ cameraId: 'a', fromMs: NOW - D, toMs: NOW + D, kind: 'legal', reason: 'litigation hold' }, 'cli:owner');
      rr.holds.add({ cameraId: 'b', fromMs: NOW - D, toMs: NOW + D, kind: 'legal', reason: 'litigation hold' }, 'cli:owner');
      const before = (rr.db.prepare('SELECT COUNT(*) AS n FROM segments').get() as { n: number }).n;
      fill(4 * MB);
      const second = rr.sweeper.sweep();
      assert.equal(second.deleted, 0);
      assert.equal((rr.db.prepare('SELECT COUNT(*) AS n FROM segments').get() as { n: number }).n, before);
      assert.deepEqual(stopped, [['a', 'b']]);
      assert.ok(rr.alarms.isOpen(ALARM_STORAGE, 'recordings'));
      // The index and the audit log stay writable.
      rr.audit.append({ actor: 'system', action: 'recording.stopped', subject: 'camera:a', details: { why: 'storage exhausted' } });
      assert.ok(verifyAudit(rr.db).ok);
      assert.deepEqual(rowsMatchFiles(rr.db, rr.layout), { rowsWithoutFile: [], filesWithoutRow: [], garbage: 0 });
    } finally {
      r?.close();
      spawnSync('umount', [dataDir]);
      install.cleanup();
    }
  });
});
