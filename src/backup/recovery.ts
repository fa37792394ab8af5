import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditLog } from '../audit/log.js';
import type { Db } from '../db/open.js';
import { pidAlive } from '../egress/transfer-recovery.js';
import type { DataLayout } from '../shared/data-layout.js';
import type { Clock } from '../shared/clock.js';
import { fsyncDir } from '../shared/fsync.js';
import { PART_SUFFIX, WORK_PREFIX } from './backup.js';
import { BackupStore } from './store.js';

/**
 * A backup whose process died (a kill, a crash, a power cut) left a `.part`
 * archive and a working folder with the snapshot in clear. Both go, the row
 * is marked interrupted and the audit log says so. Runs when Premises starts
 * and before each backup; a backup whose process still runs is left alone.
 */
export function recoverBackups(
  deps: { db: Db; layout: DataLayout; audit: AuditLog; clock: Clock },
  options: { atStartup: boolean; alive?: (pid: number) => boolean },
): number[] {
  const { db, layout, audit, clock } = deps;
  const alive = options.alive ?? pidAlive;
  const store = new BackupStore(db);
  const out: number[] = [];
  for (const b of store.running()) {
    const mine = b.pid === process.pid;
    if (mine ? !options.atStartup : alive(b.pid)) continue;
    rmSync(join(layout.backupsDir, b.file + PART_SUFFIX), { force: true });
    rmSync(join(layout.backupsDir, `${WORK_PREFIX}${b.id}`), { recursive: true, force: true });
    const reason = `backup ${b.id} was interrupted (Premises or the backup stopped before it was sealed); its partial archive and working copy were removed; no archive of it exists. Make a new backup.`;
    db.transaction(() => {
      store.ended(b.id, 'interrupted', clock.now(), reason);
      audit.append({ actor: 'system', action: 'backup.interrupted', subject: `backup:${b.id}`, details: { file: b.file, trigger: b.trigger, reason } });
    })();
    out.push(b.id);
  }
  // Working folders or parts without a running row (a crash between the row and the file): never left in clear.
  if (existsSync(layout.backupsDir)) {
    const running = new Set(store.running().map((b) => b.id));
    const runningFiles = new Set(store.running().map((b) => b.file + PART_SUFFIX));
    let removed = false;
    for (const name of readdirSync(layout.backupsDir)) {
      const workId = name.startsWith(WORK_PREFIX) ? Number(name.slice(WORK_PREFIX.length)) : NaN;
      if ((name.startsWith(WORK_PREFIX) && !running.has(workId)) || (name.endsWith(PART_SUFFIX) && !runningFiles.has(name))) {
        rmSync(join(layout.backupsDir, name), { recursive: true, force: true });
        removed = true;
      }
    }
    if (removed) fsyncDir(layout.backupsDir);
  }
  return out;
}
