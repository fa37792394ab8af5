import { existsSync, readFileSync, rmSync } from 'node:fs';
import { isAbsolute, join, resolve, dirname } from 'node:path';
import type { Alarms } from '../alarms/alarms.js';
import type { AuditLog } from '../audit/log.js';
import type { Db } from '../db/open.js';
import type { DataLayout } from '../shared/data-layout.js';
import type { Clock, Timer } from '../shared/clock.js';
import { errorMessage, PremisesError } from '../shared/errors.js';
import { fsyncDir } from '../shared/fsync.js';
import type { Logger } from '../shared/logger.js';
import { createBackup } from './backup.js';
import { sendBackup } from './send.js';
import { BackupStore } from './store.js';

/**
 * Scheduled backups (config `backup:`): a sealed archive every day at a
 * local time, and retention of their own: after each one, only the newest
 * `keep` scheduled archives stay; older ones are deleted and the deletion
 * audited. Archives made by hand (`premises backup`) are the owner's to
 * delete. A backup missed while Premises was off is not made up at start:
 * the next one is at the next scheduled time.
 */
export interface BackupSettings {
  schedule: string;
  keep: number;
  passphraseFile: string;
  /** A transfer policy of kind backup: each scheduled archive is sent under it once sealed. */
  policy?: string | undefined;
}

export const SCHEDULE = /^daily at ([01]\d|2[0-3]):([0-5]\d)$/;
export const BACKUP_ALARM = 'backup.failed';

/** Milliseconds east of UTC of `timeZone` at the instant `utcMs`. Pure. */
function zoneOffset(timeZone: string, utcMs: number): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(
    new Date(utcMs),
  );
  const v = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return Date.UTC(v('year'), v('month') - 1, v('day'), v('hour'), v('minute'), v('second')) - Math.floor(utcMs / 1000) * 1000;
}

/** The first instant after `afterMs` whose local time in `timeZone` is the schedule's HH:MM. Pure. */
export function nextRun(schedule: string, timeZone: string, afterMs: number): number {
  const m = SCHEDULE.exec(schedule);
  if (!m) throw new PremisesError('InvalidArgument', `backup.schedule: "${schedule}" is not "daily at HH:MM"`);
  const [hh, mm] = [Number(m[1]), Number(m[2])];
  const local = new Date(afterMs + zoneOffset(timeZone, afterMs));
  for (let day = -1; day <= 2; day++) {
    const guess = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + day, hh, mm);
    // Local wall time → UTC: subtract the offset in force then (checked twice for a DST change in between).
    let at = guess - zoneOffset(timeZone, guess);
    at = guess - zoneOffset(timeZone, at);
    if (at > afterMs) return at;
  }
  throw new Error('no next backup time found');
}

export interface SchedulerDeps {
  db: Db;
  layout: DataLayout;
  audit: AuditLog;
  alarms: Alarms;
  clock: Clock;
  log: Logger;
  timeZone: string;
  configPath: string;
  configText: string;
  settings: BackupSettings;
}

export class BackupScheduler {
  private timer: Timer | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly deps: SchedulerDeps) {}

  /** When the next scheduled backup is due. */
  next(): number {
    return nextRun(this.deps.settings.schedule, this.deps.timeZone, this.deps.clock.now());
  }

  start(): void {
    this.stopped = false;
    this.arm();
  }

  stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
    return this.running;
  }

  /** The backup in progress, if any (tests wait on it). */
  idle(): Promise<void> {
    return this.running;
  }

  private arm(): void {
    if (this.stopped) return;
    const at = this.next();
    this.timer = this.deps.clock.setTimeout(() => {
      this.running = this.runOnce().finally(() => this.arm());
    }, at - this.deps.clock.now());
  }

  /** One scheduled backup and the retention after it; failures are audited (by createBackup) and raise an alarm. */
  async runOnce(): Promise<void> {
    const { db, layout, audit, alarms, clock, log, settings } = this.deps;
    try {
      const file = isAbsolute(settings.passphraseFile) ? settings.passphraseFile : resolve(dirname(this.deps.configPath), settings.passphraseFile);
      if (!existsSync(file)) throw new PremisesError('FailedPrecondition', `backup.passphraseFile: ${file} does not exist; write the passphrase there (mode 0600)`);
      const passphrase = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
      const made = await createBackup({ db, layout, configText: this.deps.configText, passphrase, audit, clock, actor: 'system', trigger: 'scheduled' });
      log.info({ backup: made.path, bytes: made.bytes }, 'scheduled backup sealed');
      this.applyKeep();
      if (settings.policy) {
        // Refusals and failures are recorded and audited by sendBackup; the archive stays here either way.
        try {
          const sent = await sendBackup({ db, layout, audit, clock }, made.path, settings.policy, 'system');
          log.info({ backup: made.path, where: sent.where }, 'scheduled backup sent');
        } catch (err) {
          throw new PremisesError('Unavailable', `it was sealed into ${made.path} but not sent under policy ${settings.policy}: ${errorMessage(err)}`);
        }
      }
      alarms.clear(BACKUP_ALARM, 'backup', settings.policy ? 'a scheduled backup was sealed and sent' : 'a scheduled backup was sealed');
    } catch (err) {
      if (!db.open) return;
      log.error({ err: errorMessage(err) }, 'scheduled backup failed');
      alarms.raise(BACKUP_ALARM, 'backup', 'warning', `the scheduled backup failed: ${errorMessage(err)}`);
    }
  }

  /** Keep the newest `keep` scheduled archives; delete the rest, each audited. */
  applyKeep(): string[] {
    const { db, layout, audit, clock, settings } = this.deps;
    const store = new BackupStore(db);
    const removed: string[] = [];
    for (const old of store.kept('scheduled').slice(settings.keep)) {
      const path = join(layout.backupsDir, old.file);
      rmSync(path, { force: true });
      const why = `backup.keep is ${settings.keep}: ${settings.keep} newer scheduled backups exist`;
      db.transaction(() => {
        store.deleted(old.id, clock.now(), why);
        audit.append({ actor: 'system', action: 'backup.deleted', subject: `backup:${old.id}`, details: { file: path, sha256: old.sha256, why } });
      })();
      removed.push(old.file);
    }
    if (removed.length > 0) fsyncDir(layout.backupsDir);
    return removed;
  }
}
