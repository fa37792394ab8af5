import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Actor, AuditLog } from '../audit/log.js';
import type { Db } from '../db/open.js';
import { sendFileToFolder } from '../egress/folder.js';
import { describeTarget, isActive, PolicyStore, type TransferPolicy } from '../policy/consent/transfer-policies.js';
import { sendFileSftp } from '../egress/sftp.js';
import type { OutgoingFile } from '../egress/tar.js';
import { DURABILITY_TEXT } from '../egress/transfer.js';
import type { DataLayout } from '../shared/data-layout.js';
import type { Clock } from '../shared/clock.js';
import { errorMessage, PremisesError } from '../shared/errors.js';
import { fileSha256 } from './digest.js';
import { MAGIC } from './sealed-stream.js';
import { BackupStore } from './store.js';

/**
 * Send a sealed backup archive under a transfer policy of kind `backup`
 * (docs/backup.md). Only an archive this install sealed goes: its name is a
 * finished row of the backups table and its bytes still hash to what was
 * recorded when it was sealed. Each step is a transfers row and an audit
 * entry like an export's transfer; the row's export_id is `backup:<file>`.
 */
export interface SendBackupDeps {
  db: Db;
  layout: DataLayout;
  audit: AuditLog;
  clock: Clock;
  progress?: (line: string) => void;
}

export const BACKUP_SUBJECT = 'backup:';

/** Why this policy does not carry backups at `now`, or undefined. Pure. */
export function backupPolicyRefusal(policy: TransferPolicy | undefined, name: string, now: number): string | undefined {
  if (!policy) return `there is no transfer policy named "${name}": a backup leaves the premises only under a policy of kind "backup" (premises transfer-policy add NAME --kind backup --via folder|sftp …)`;
  if (policy.revokedAt !== null) return `the transfer policy "${name}" was revoked on ${new Date(policy.revokedAt).toISOString()} (${policy.revokeReason ?? ''})`;
  if (!isActive(policy, now)) return `the transfer policy "${name}" expired on ${new Date(policy.expiresAt).toISOString()}`;
  if (policy.target.kind !== 'backup') return `the transfer policy "${name}" is of kind ${policy.target.kind}: backups leave only sealed, under a policy of kind "backup"`;
  if (!policy.data.includes('backups')) return `the transfer policy "${name}" does not allow backups`;
  return undefined;
}

function startsWithMagic(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(MAGIC.length);
    return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(MAGIC);
  } finally {
    closeSync(fd);
  }
}

export async function sendBackup(deps: SendBackupDeps, archive: string, policyName: string, actor: Actor): Promise<{ transferId: number; where: string; durable: string }> {
  const { db, layout, audit, clock } = deps;
  const name = basename(archive);
  const subject = `${BACKUP_SUBJECT}${name}`;
  const refuse = (reason: string): never => {
    let id = 0;
    db.transaction(() => {
      const now = clock.now();
      id = Number(
        db
          .prepare("INSERT INTO transfers (export_id, policy_name, requested_by, requested_at, state, reason, finished_at, bytes_sent) VALUES (?, ?, ?, ?, 'refused', ?, ?, 0)")
          .run(subject, policyName, actor, now, reason, now).lastInsertRowid,
      );
      audit.append({ actor, action: 'transfer.refused', subject: `transfer:${id}`, details: { backup: name, policy: policyName, reason, bytesSent: 0 } });
    })();
    throw new PremisesError('PermissionDenied', `transfer ${id} refused: ${reason}`, { transferId: id });
  };

  const policy = new PolicyStore(db, audit, clock).get(policyName);
  const refusal = backupPolicyRefusal(policy, policyName, clock.now());
  if (refusal) refuse(refusal);
  const row = new BackupStore(db).byFile(name);
  const path = join(layout.backupsDir, name);
  if (!row || row.state !== 'done' || row.deletedAt !== null || !existsSync(path)) {
    refuse(`${name} is not a sealed backup of this install in ${layout.backupsDir}: only archives made by premises backup go under a backup policy`);
  }
  const sha256 = await fileSha256(path);
  if (!startsWithMagic(path) || sha256.sha256 !== row!.sha256 || sha256.bytes !== row!.bytes) {
    refuse(`${name} no longer matches the sealed archive recorded when it was made (sha256 ${row!.sha256 ?? '?'}): it was changed; make a new backup`);
  }
  const target = (policy as TransferPolicy & { target: { kind: 'backup' } }).target.destination;
  const file: OutgoingFile = { name, path, bytes: sha256.bytes, sha256: sha256.sha256 };
  const files = [{ name, bytes: file.bytes, sha256: file.sha256 }];
  let id = 0;
  db.transaction(() => {
    id = Number(
      db
        .prepare("INSERT INTO transfers (export_id, policy_name, requested_by, requested_at, state, files, sender_pid) VALUES (?, ?, ?, ?, 'sending', ?, ?)")
        .run(subject, policyName, actor, clock.now(), JSON.stringify(files), process.pid).lastInsertRowid,
    );
    const where = { destination: describeTarget(policy!.target), recipient: policy!.recipientOrg, country: policy!.country, legalBasis: policy!.legalBasis };
    audit.append({ actor, action: 'transfer.requested', subject: `transfer:${id}`, details: { backup: name, policy: policyName, ...where, files, requiresApproval: false } });
    audit.append({ actor, action: 'transfer.started', subject: `transfer:${id}`, details: { backup: name, policy: policyName, destination: where.destination, files } });
  })();
  let sent = 0;
  const onBytes = (n: number) => {
    sent = n;
  };
  try {
    let where: string;
    let durable: string;
    if (target.kind === 'folder') {
      where = (await sendFileToFolder(target.path, file, onBytes, layout.dataDir)).where;
      durable = 'local-fsync';
    } else {
      const interruptedBefore = db.prepare('SELECT 1 FROM transfers WHERE export_id = ? AND policy_name = ? AND interrupted_at IS NOT NULL AND id <> ?').get(subject, policyName, id);
      const r = await sendFileSftp(target, file, onBytes, { clearStalePart: interruptedBefore !== undefined });
      where = r.where;
      durable = r.durable;
      db.prepare('UPDATE transfer_policies SET server_fsync = ? WHERE name = ? AND revoked_at IS NULL').run(r.durable === 'fsynced' ? 'yes' : 'no', policyName);
    }
    db.transaction(() => {
      db.prepare("UPDATE transfers SET state = 'done', bytes_sent = ?, finished_at = ?, far_side_durable = ? WHERE id = ?").run(sent, clock.now(), durable, id);
      audit.append({
        actor,
        action: 'transfer.completed',
        subject: `transfer:${id}`,
        details: { backup: name, policy: policyName, kind: 'backup', bytesSent: sent, where, result: 'ok', farSideDurable: durable, durability: DURABILITY_TEXT[durable] },
      });
    })();
    deps.progress?.(`backup ${name} sent to ${where}`);
    return { transferId: id, where, durable };
  } catch (err) {
    const message = errorMessage(err);
    db.transaction(() => {
      db.prepare("UPDATE transfers SET state = 'failed', bytes_sent = ?, reason = ?, finished_at = ? WHERE id = ?").run(sent, message, clock.now(), id);
      audit.append({ actor, action: 'transfer.failed', subject: `transfer:${id}`, details: { backup: name, policy: policyName, kind: 'backup', bytesSent: sent, result: 'failed', reason: message } });
    })();
    throw new PremisesError('Unavailable', `transfer ${id} of backup ${name} failed after ${sent} bytes: ${message}`, { transferId: id });
  }
}
