import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditLog } from '../audit/log.js';
import type { Db } from '../db/open.js';
import type { Clock } from '../shared/clock.js';
import { fsyncDir } from '../shared/fsync.js';
import { isRemovableMount } from './mounts.js';
import { PolicyStore } from '../policy/consent/transfer-policies.js';
import { Transfers } from './transfer.js';
import type { DataLayout } from '../shared/data-layout.js';

/**
 * Transfers whose sender died. A transfer is 'sending' from the audit entry
 * before its first byte to the one after its last; the sender's pid is on
 * the row. When that process is gone (a crash, a kill, a power cut) the
 * transfer is ended here as failed, with `interrupted_at` and an audit entry
 * saying what is left where. Nothing at a destination was ever complete-
 * looking: every kind writes under a `.part` name and renames last. A
 * partial copy on a drive is removed now; one on an SFTP server is removed
 * by the next transfer of the same export there (it needs the connection).
 */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface RecoveryDeps {
  db: Db;
  layout: DataLayout;
  audit: AuditLog;
  clock: Clock;
}

/**
 * `atStartup`: this process sends nothing yet, so a row with its own pid is a
 * previous run's (a container's Premises is pid 1 every time); approved
 * downloads whose one-time link a restart forgot are ended too.
 */
export function recoverTransfers(deps: RecoveryDeps, options: { atStartup: boolean; alive?: (pid: number) => boolean }): { interrupted: number[]; abandoned: number[] } {
  const { db, audit, clock } = deps;
  const alive = options.alive ?? pidAlive;
  const policies = new PolicyStore(db, audit, clock);
  const out = { interrupted: [] as number[], abandoned: [] as number[] };
  const sending = db.prepare("SELECT id, export_id, policy_name, requested_by, sender_pid FROM transfers WHERE state = 'sending' ORDER BY id").all() as {
    id: number;
    export_id: string;
    policy_name: string;
    requested_by: string;
    sender_pid: number | null;
  }[];
  for (const t of sending) {
    const mine = t.sender_pid === process.pid;
    if (t.sender_pid !== null && (mine ? !options.atStartup : alive(t.sender_pid))) continue;
    const policyTarget = policies.get(t.policy_name)?.target;
    // A backup's transfer sends one archive (export_id `backup:<file>`) to the policy's destination.
    const isBackup = policyTarget?.kind === 'backup';
    const target = policyTarget?.kind === 'backup' ? policyTarget.destination : policyTarget;
    const partName = isBackup ? `${t.export_id.replace(/^backup:/, '')}.part` : `premises-export-${t.export_id}.part`;
    let leftover: string;
    if (target?.kind === 'folder') {
      const part = join(target.path, partName);
      if (isRemovableMount(target.path) && existsSync(part)) {
        rmSync(part, { recursive: true, force: true });
        fsyncDir(target.path);
        leftover = `the partial copy ${part} was removed`;
      } else leftover = `no partial copy is on the drive now (or it is not mounted: a folder ending in .part there is incomplete; delete it)`;
    } else if (target?.kind === 'sftp') {
      leftover = `the partial copy on the server is named ${partName} and is removed by the next transfer of the same ${isBackup ? 'backup' : 'export'} there`;
    } else leftover = 'the receiver got an incomplete stream, which it cannot take for a complete one';
    const reason = `interrupted: Premises stopped (a restart, crash or power cut) while sending; ${leftover}; nothing was published as complete; ask for the transfer again`;
    db.transaction(() => {
      db.prepare("UPDATE transfers SET state = 'failed', reason = ?, finished_at = ?, interrupted_at = ? WHERE id = ? AND state = 'sending'").run(reason, clock.now(), clock.now(), t.id);
      audit.append({ actor: 'system', action: 'transfer.interrupted', subject: `transfer:${t.id}`, details: { export: t.export_id, policy: t.policy_name, requestedBy: t.requested_by, reason } });
    })();
    out.interrupted.push(t.id);
  }
  if (options.atStartup) {
    // A download allowed without approval exists only for the one-time link a restart just forgot.
    const transfers = new Transfers({ ...deps });
    const approved = db.prepare("SELECT id, policy_name FROM transfers WHERE state = 'approved' ORDER BY id").all() as { id: number; policy_name: string }[];
    for (const t of approved) {
      const p = policies.get(t.policy_name);
      if (p?.target.kind === 'download' && !p.requiresApproval) {
        if (transfers.abandon(t.id, 'Premises restarted before the download started; ask for the download again')) out.abandoned.push(t.id);
      }
    }
  }
  return out;
}
