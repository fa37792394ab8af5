import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Alarms } from '../../src/alarms/alarms.js';
import { AuditLog } from '../../src/audit/log.js';
import { BackupScheduler, nextRun } from '../../src/backup/schedule.js';
import { openDb } from '../../src/db/open.js';
import { DataLayout } from '../../src/shared/data-layout.js';
import { FakeClock } from '../../src/shared/clock.js';
import { silentLogger } from '../../src/shared/logger.js';
import { tempDir } from '../support/premises.js';

/**
 * Scheduled backups on a FakeClock: real archives in a real data directory,
 * made at the configured local time, the oldest deleted once more than
 * `keep` exist, every creation and deletion in the audit log.
 */
const DAY = 24 * 3600 * 1000;

void describe('scheduled backups', () => {
  void it('computes the next local run time across a daylight-saving change', () => {
    // Vancouver: 03:30 PST is 11:30 UTC; on 2026-03-08 clocks go forward, so 03:30 PDT is 10:30 UTC.
    assert.equal(new Date(nextRun('daily at 03:30', 'America/Vancouver', Date.UTC(2026, 2, 6, 12))).toISOString(), '2026-03-07T11:30:00.000Z');
    assert.equal(new Date(nextRun('daily at 03:30', 'America/Vancouver', Date.UTC(2026, 2, 7, 12))).toISOString(), '2026-03-08T10:30:00.000Z');
    assert.equal(new Date(nextRun('daily at 03:30', 'UTC', Date.UTC(2026, 2, 7, 3, 30))).toISOString(), '2026-03-08T03:30:00.000Z', 'strictly after');
    assert.throws(() => nextRun('every tuesday', 'UTC', 0), /daily at HH:MM/);
  });

  void it('makes a sealed archive at the scheduled time and keeps only the newest `keep`, audited', async () => {
    const dir = tempDir('premises-backup-schedule-');
    const layout = new DataLayout(join(dir.path, 'data'));
    mkdirSync(layout.dataDir, { recursive: true });
    const db = openDb(layout.indexPath);
    try {
      // Monday 2026-11-30 22:00 in Vancouver (06:00 UTC the next day).
      const clock = new FakeClock(Date.UTC(2026, 11, 1, 6, 0));
      const audit = new AuditLog(db, clock);
      const passFile = join(dir.path, 'backup-pass');
      writeFileSync(passFile, 'a long enough backup passphrase\n', { mode: 0o600 });
      const scheduler = new BackupScheduler({
        db,
        layout,
        audit,
        alarms: new Alarms(db, audit, clock),
        clock,
        log: silentLogger(),
        timeZone: 'America/Vancouver',
        configPath: join(dir.path, 'premises.yaml'),
        configText: 'dataDir: ./data\ncameras: []\n',
        settings: { schedule: 'daily at 03:30', keep: 3, passphraseFile: 'backup-pass' },
      });
      scheduler.start();
      const archives = () => readdirSync(layout.backupsDir).filter((n) => n.endsWith('.pbk')).sort();

      clock.advance(5 * 3600 * 1000 + 29 * 60 * 1000); // 03:29 local: not yet
      await scheduler.idle();
      assert.throws(() => readdirSync(layout.backupsDir), /ENOENT/, 'no backup before the time');
      clock.advance(60 * 1000); // 03:30 local = 11:30 UTC
      await scheduler.idle();
      assert.deepEqual(archives(), ['premises-backup-20261201T113000Z.pbk']);

      for (let day = 1; day <= 4; day++) {
        clock.advance(DAY);
        await scheduler.idle();
      }
      assert.deepEqual(archives(), ['premises-backup-20261203T113000Z.pbk', 'premises-backup-20261204T113000Z.pbk', 'premises-backup-20261205T113000Z.pbk']);
      assert.deepEqual(readdirSync(layout.backupsDir).sort(), archives(), 'nothing but sealed archives in backups/');

      const entries = db.prepare("SELECT action, subject, details FROM audit_log WHERE action LIKE 'backup.%' ORDER BY seq").all() as { action: string; subject: string; details: string }[];
      assert.equal(entries.filter((e) => e.action === 'backup.created').length, 5);
      const deleted = entries.filter((e) => e.action === 'backup.deleted');
      assert.equal(deleted.length, 2);
      assert.match(deleted[0]!.details, /premises-backup-20261201T113000Z\.pbk/);
      assert.match(deleted[0]!.details, /backup\.keep is 3/);
      const rows = db.prepare("SELECT file, trigger, state, deleted_at IS NOT NULL AS deleted FROM backups ORDER BY id").all() as { file: string; trigger: string; state: string; deleted: number }[];
      assert.deepEqual(rows.map((r) => [r.trigger, r.state, r.deleted]), [
        ['scheduled', 'done', 1],
        ['scheduled', 'done', 1],
        ['scheduled', 'done', 0],
        ['scheduled', 'done', 0],
        ['scheduled', 'done', 0],
      ]);

      // A missing passphrase file: audited as failed, an alarm raised, nothing left behind; the next day tries again.
      rmSync(passFile);
      clock.advance(DAY);
      await scheduler.idle();
      const alarm = db.prepare("SELECT message FROM alarms WHERE kind = 'backup.failed' AND cleared_at IS NULL").get() as { message: string } | undefined;
      assert.match(alarm?.message ?? '', /backup\.passphraseFile: .*backup-pass does not exist/);
      assert.equal(archives().length, 3);
      writeFileSync(passFile, 'a long enough backup passphrase\n', { mode: 0o600 });
      clock.advance(DAY);
      await scheduler.idle();
      assert.equal(db.prepare("SELECT count(*) FROM alarms WHERE kind = 'backup.failed' AND cleared_at IS NULL").pluck().get(), 0, 'the alarm clears with the next sealed backup');
      assert.equal(archives().at(-1), 'premises-backup-20261207T113000Z.pbk');
      assert.equal(archives().length, 3);
      await scheduler.stop();

      // With a policy named: each sealed archive is sent under it; a policy that does not exist refuses, audited and alarmed.
      const sending = new BackupScheduler({
        db,
        layout,
        audit,
        alarms: new Alarms(db, audit, clock),
        clock,
        log: silentLogger(),
        timeZone: 'America/Vancouver',
        configPath: join(dir.path, 'premises.yaml'),
        configText: 'dataDir: ./data\ncameras: []\n',
        settings: { schedule: 'daily at 03:30', keep: 3, passphraseFile: 'backup-pass', policy: 'offsite' },
      });
      sending.start();
      clock.advance(DAY);
      await sending.idle();
      await sending.stop();
      assert.equal(archives().at(-1), 'premises-backup-20261208T113000Z.pbk', 'the archive is kept here whatever happens to the send');
      const refused = db.prepare("SELECT export_id, state, reason FROM transfers ORDER BY id DESC LIMIT 1").get() as { export_id: string; state: string; reason: string };
      assert.equal(refused.export_id, 'backup:premises-backup-20261208T113000Z.pbk');
      assert.equal(refused.state, 'refused');
      assert.match(refused.reason, /no transfer policy named "offsite"/);
      const sendAlarm = db.prepare("SELECT message FROM alarms WHERE kind = 'backup.failed' AND cleared_at IS NULL").get() as { message: string } | undefined;
      assert.match(sendAlarm?.message ?? '', /the scheduled backup failed: it was sealed into .*premises-backup-20261208T113000Z\.pbk but not sent under policy offsite: transfer \d+ refused: there is no transfer policy named "offsite"/);
    } finally {
      db.close();
      dir.remove();
    }
  });
});
