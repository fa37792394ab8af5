import type { Actor, AuditLog } from '../audit/log.js';
import type { Db } from '../db/open.js';
import type { DataLayout } from '../shared/data-layout.js';
import type { Clock } from '../shared/clock.js';
import { PremisesError, type ErrorKind } from '../shared/errors.js';
import { exportFilesToSend } from './export-files.js';
import { sendToFolder } from './folder.js';
import { sendHttps } from './https.js';
import { describeTarget, isActive, PolicyStore, type PolicyKind, type TransferPolicy } from '../policy/consent/transfer-policies.js';
import { DestinationRefused } from './refusal.js';
import { sendSftp } from './sftp.js';
import type { OutgoingFile } from './tar.js';

/**
 * Transfers of exports under a policy (docs/transfers.md). Every step is a
 * row change and an audit entry in one transaction:
 *   transfer.requested   intent: policy, export, destination, files + sha256
 *   transfer.approved    a second person said yes (when the policy asks)
 *   transfer.started     just before the first byte leaves, files re-checked
 *   transfer.completed   bytes sent, where
 *   transfer.failed      bytes sent, what went wrong
 *   transfer.refused     a plain-language reason; nothing was sent
 */
export type TransferState = 'refused' | 'awaiting-approval' | 'approved' | 'sending' | 'done' | 'failed';

export interface TransferRecord {
  id: number;
  exportId: string;
  policy: string;
  requestedBy: string;
  requestedAt: number;
  state: TransferState;
  files: { name: string; bytes: number; sha256: string }[] | null;
  bytesSent: number | null;
  reason: string | null;
  finishedAt: number | null;
  approvedBy: string | null;
  /** Whether the destination confirmed the bytes were on its disk (fsynced, not-supported, local-fsync), once done. */
  farSideDurable: string | null;
  interruptedAt: number | null;
}

interface Row {
  id: number;
  export_id: string;
  policy_name: string;
  requested_by: string;
  requested_at: number;
  state: TransferState;
  files: string | null;
  bytes_sent: number | null;
  reason: string | null;
  finished_at: number | null;
  approved_by: string | null;
  far_side_durable: string | null;
  interrupted_at: number | null;
}

const SELECT = `SELECT t.*, a.approved_by FROM transfers t LEFT JOIN transfer_approvals a ON a.transfer_id = t.id`;

function toRecord(r: Row): TransferRecord {
  return {
    id: r.id,
    exportId: r.export_id,
    policy: r.policy_name,
    requestedBy: r.requested_by,
    requestedAt: r.requested_at,
    state: r.state,
    files: r.files === null ? null : (JSON.parse(r.files) as TransferRecord['files']),
    bytesSent: r.bytes_sent,
    reason: r.reason,
    finishedAt: r.finished_at,
    approvedBy: r.approved_by,
    farSideDurable: r.far_side_durable,
    interruptedAt: r.interrupted_at,
  };
}

export interface TransferDeps {
  db: Db;
  layout: DataLayout;
  audit: AuditLog;
  clock: Clock;
  /** Human-readable progress lines (the CLI prints them on stderr). */
  progress?: (line: string) => void;
}

/** Who asks, and what the asking channel allows (the dashboard passes the user's role and export rights). */
export interface Requester {
  actor: Actor;
  /** How the request arrived: `cli`, `api` (a sent transfer) or `download` (the dashboard's download button). */
  via: 'cli' | 'api' | 'download';
  role?: string;
  /** For dashboard users: may they export this camera? */
  mayExport?: (camera: string) => boolean;
}

/** Why a policy (no longer) allows sending an export at `now`, or undefined. Pure. */
export function policyStateRefusal(policy: TransferPolicy | undefined, name: string, now: number): string | undefined {
  if (!policy) return `there is no transfer policy named "${name}": nothing leaves the premises without one (premises transfer-policy add)`;
  if (policy.revokedAt !== null) return `the transfer policy "${name}" was revoked on ${new Date(policy.revokedAt).toISOString()} (${policy.revokeReason ?? ''})`;
  if (!isActive(policy, now)) return `the transfer policy "${name}" expired on ${new Date(policy.expiresAt).toISOString()}`;
  if (!policy.data.includes('exports')) return `the transfer policy "${name}" allows ${policy.data.join(', ')} only, not exports`;
  return undefined;
}

/** Why a policy does not allow this transfer by this requester, or undefined when it does. Pure. */
export function policyRefusal(policy: TransferPolicy | undefined, name: string, r: Pick<Requester, 'via' | 'role'>, now: number): string | undefined {
  const state = policyStateRefusal(policy, name, now);
  if (state || !policy) return state;
  const t = policy.target;
  if (t.kind === 'download' && r.via !== 'download' && r.via !== 'api') return `the transfer policy "${name}" is a download from the dashboard; use the download button there`;
  if (t.kind !== 'download' && r.via === 'download') return `the transfer policy "${name}" sends to ${describeTarget(t)}; it is not a download policy`;
  if (t.kind === 'download' && (r.role === undefined || !(t.roles as string[]).includes(r.role))) {
    return `the transfer policy "${name}" allows downloads by ${t.roles.join(', ')} only`;
  }
  return undefined;
}

/** What each far-side durability means, in the audit entry. */
export const DURABILITY_TEXT: Record<string, string> = {
  'local-fsync': 'each file and the folder were fsynced on the drive before the folder got its final name',
  fsynced: 'the server fsynced each file (fsync@openssh.com) before the folder got its final name',
  'not-supported': 'the server cannot fsync (no fsync@openssh.com): a power cut there soon after could lose the copy',
};

const mb = (n: number) => `${(n / 1_000_000).toFixed(1)} MB`;

export class Transfers {
  readonly policies: PolicyStore;

  constructor(private readonly deps: TransferDeps) {
    this.policies = new PolicyStore(deps.db, deps.audit, deps.clock);
  }

  get(id: number): TransferRecord | undefined {
    const row = this.deps.db.prepare(`${SELECT} WHERE t.id = ?`).get(id) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  list(): TransferRecord[] {
    return (this.deps.db.prepare(`${SELECT} ORDER BY t.id`).all() as Row[]).map(toRecord);
  }

  /** Record and audit a refusal, then throw it. */
  private refuse(exportId: string, policy: string, actor: Actor, reason: string, existing?: number, kind: ErrorKind = 'PermissionDenied'): never {
    const { db, audit, clock } = this.deps;
    let id = existing;
    db.transaction(() => {
      const now = clock.now();
      if (id === undefined) {
        id = Number(
          db
            .prepare("INSERT INTO transfers (export_id, policy_name, requested_by, requested_at, state, reason, finished_at, bytes_sent) VALUES (?, ?, ?, ?, 'refused', ?, ?, 0)")
            .run(exportId, policy, actor, now, reason, now).lastInsertRowid,
        );
      } else {
        db.prepare("UPDATE transfers SET state = 'refused', reason = ?, finished_at = ? WHERE id = ?").run(reason, now, id);
      }
      audit.append({ actor, action: 'transfer.refused', subject: `transfer:${id}`, details: { export: exportId, policy, reason, bytesSent: 0 } });
    })();
    throw new PremisesError(kind, `transfer ${id} refused: ${reason}`, { transferId: id });
  }

  /**
   * Ask for a transfer of an export under a policy. A refusal is recorded and
   * thrown. When the policy asks for approval the transfer waits for a second
   * person; otherwise a send-kind transfer is sent now, and a download is
   * returned `approved` for the caller to stream.
   */
  async request(exportId: string, policyName: string, who: Requester): Promise<TransferRecord> {
    const { db, audit, clock, layout } = this.deps;
    const policy = this.policies.get(policyName);
    const refusal = policyRefusal(policy, policyName, who, clock.now());
    if (refusal) this.refuse(exportId, policyName, who.actor, refusal);
    const found = await exportFilesToSend(db, layout, exportId, clock.now());
    if (!found.ok) this.refuse(exportId, policyName, who.actor, found.reason, undefined, found.kind);
    if (who.mayExport) {
      const denied = found.record.cameras.filter((c) => !who.mayExport!(c));
      if (denied.length > 0) this.refuse(exportId, policyName, who.actor, `you have no export right on camera ${denied.join(', ')}, which this export holds`);
    }
    const p = policy!;
    const files = found.files.map((f) => ({ name: f.name, bytes: f.bytes, sha256: f.sha256 }));
    const state: TransferState = p.requiresApproval ? 'awaiting-approval' : 'approved';
    let id = 0;
    db.transaction(() => {
      id = Number(
        db
          .prepare('INSERT INTO transfers (export_id, policy_name, requested_by, requested_at, state, files) VALUES (?, ?, ?, ?, ?, ?)')
          .run(exportId, policyName, who.actor, clock.now(), state, JSON.stringify(files)).lastInsertRowid,
      );
      audit.append({
        actor: who.actor,
        action: 'transfer.requested',
        subject: `transfer:${id}`,
        details: { export: exportId, policy: policyName, destination: describeTarget(p.target), recipient: p.recipientOrg, country: p.country, legalBasis: p.legalBasis, files, requiresApproval: p.requiresApproval },
      });
    })();
    if (state === 'approved' && p.target.kind !== 'download') await this.send(id);
    return this.get(id)!;
  }

  /**
   * The dashboard's download button: under a policy that asks for approval,
   * the user's own approved request is used (once); otherwise a new transfer
   * is requested. Returns the transfer to stream with send(id, writer).
   */
  async downloadFor(exportId: string, policyName: string, who: Requester): Promise<number> {
    const policy = this.policies.get(policyName);
    if (policy?.requiresApproval) {
      const refusal = policyRefusal(policy, policyName, who, this.deps.clock.now());
      if (refusal) this.refuse(exportId, policyName, who.actor, refusal);
      const row = this.deps.db
        .prepare("SELECT id FROM transfers WHERE export_id = ? AND policy_name = ? AND requested_by = ? AND state = 'approved' ORDER BY id DESC LIMIT 1")
        .get(exportId, policyName, who.actor) as { id: number } | undefined;
      if (!row) this.refuse(exportId, policyName, who.actor, `the transfer policy "${policyName}" asks a second person to approve each download, and no approved request of yours is waiting; ask for it first`);
      return row.id;
    }
    return (await this.request(exportId, policyName, who)).id;
  }

  /**
   * End a transfer that was allowed but never started (a download ticket that
   * lapsed, or one a restart forgot): failed, with the reason in the audit log.
   * Returns false when it had already moved on.
   */
  abandon(id: number, reason: string, actor: Actor = 'system'): boolean {
    const { db, audit, clock } = this.deps;
    return db.transaction(() => {
      const t = this.get(id);
      if (!t || t.state !== 'approved') return false;
      db.prepare("UPDATE transfers SET state = 'failed', bytes_sent = 0, reason = ?, finished_at = ? WHERE id = ?").run(reason, clock.now(), id);
      audit.append({ actor, action: 'transfer.failed', subject: `transfer:${id}`, details: { export: t.exportId, policy: t.policy, bytesSent: 0, result: 'not started', reason } });
      return true;
    })();
  }

  /** A second person approves; a send-kind transfer is then sent at once. */
  async approve(id: number, actor: Actor): Promise<TransferRecord> {
    const { db, audit, clock } = this.deps;
    const t = this.get(id);
    if (!t) throw new PremisesError('NotFound', `no transfer ${id}`);
    if (t.state !== 'awaiting-approval') throw new PremisesError('FailedPrecondition', `transfer ${id} is ${t.state}, not awaiting approval`);
    if (t.requestedBy === actor) {
      audit.append({ actor, action: 'transfer.approval-refused', subject: `transfer:${id}`, details: { reason: 'the person who asked for a transfer cannot approve it' } });
      throw new PremisesError('PermissionDenied', `transfer ${id} was asked for by ${actor}: a second, different person must approve it`);
    }
    db.transaction(() => {
      db.prepare('INSERT INTO transfer_approvals (transfer_id, approved_by, approved_at) VALUES (?, ?, ?)').run(id, actor, clock.now());
      db.prepare("UPDATE transfers SET state = 'approved' WHERE id = ? AND state = 'awaiting-approval'").run(id);
      audit.append({ actor, action: 'transfer.approved', subject: `transfer:${id}`, details: { export: t.exportId, policy: t.policy, requestedBy: t.requestedBy } });
    })();
    const policy = this.policies.get(t.policy);
    if (policy && policy.target.kind !== 'download') await this.send(id);
    return this.get(id)!;
  }

  /**
   * Re-check policy and files, audit the start, send, audit the end. For a
   * download the caller passes the writer (the HTTP response).
   */
  async send(id: number, download?: (files: OutgoingFile[], onBytes: (n: number) => void) => Promise<number>): Promise<TransferRecord> {
    const { db, audit, clock, layout } = this.deps;
    const progress = this.deps.progress ?? (() => undefined);
    const t = this.get(id);
    if (!t) throw new PremisesError('NotFound', `no transfer ${id}`);
    if (t.state === 'awaiting-approval') this.refuse(t.exportId, t.policy, t.requestedBy as Actor, 'it was not approved by a second person, as its policy requires', id);
    if (t.state !== 'approved') throw new PremisesError('FailedPrecondition', `transfer ${id} is ${t.state}`);
    const policy = this.policies.get(t.policy);
    // Revoked or expired while it waited for approval: refused now.
    const refusal = policyStateRefusal(policy, t.policy, clock.now());
    if (refusal) this.refuse(t.exportId, t.policy, t.requestedBy as Actor, refusal, id);
    const found = await exportFilesToSend(db, layout, t.exportId, clock.now());
    if (!found.ok) this.refuse(t.exportId, t.policy, t.requestedBy as Actor, found.reason, id, found.kind);
    const p = policy!;
    const files = found.files;
    const total = files.reduce((n, f) => n + f.bytes, 0);
    db.transaction(() => {
      // One approval, one sending: a second caller racing for the same transfer finds it taken.
      // The sender's pid marks who owns the send: a 'sending' row whose process is gone was interrupted (transfer-recovery.ts).
      if (db.prepare("UPDATE transfers SET state = 'sending', sender_pid = ? WHERE id = ? AND state = 'approved'").run(process.pid, id).changes !== 1) {
        throw new PremisesError('FailedPrecondition', `transfer ${id} is being sent or was sent already`);
      }
      audit.append({
        actor: t.requestedBy as Actor,
        action: 'transfer.started',
        subject: `transfer:${id}`,
        details: { export: t.exportId, policy: t.policy, destination: describeTarget(p.target), files: files.map((f) => ({ name: f.name, bytes: f.bytes, sha256: f.sha256 })), approvedBy: t.approvedBy },
      });
    })();
    let sent = 0;
    let lastPct = -1;
    const onBytes = (n: number) => {
      sent = n;
      const pct = total === 0 ? 100 : Math.floor((n / total) * 100);
      if (pct !== lastPct && (pct % 10 === 0 || pct === 100)) {
        lastPct = pct;
        progress(`transfer ${id}: ${pct}% (${mb(n)} of ${mb(total)}) to ${p.recipientOrg}`);
      }
    };
    const kind: PolicyKind = p.target.kind;
    try {
      let where: string;
      let durable: string | null = null;
      const target = p.target;
      switch (target.kind) {
        case 'folder':
          where = (await sendToFolder(target.path, t.exportId, files, onBytes, layout.dataDir)).where;
          durable = 'local-fsync';
          break;
        case 'sftp': {
          const interruptedBefore = db
            .prepare('SELECT 1 FROM transfers WHERE export_id = ? AND policy_name = ? AND interrupted_at IS NOT NULL AND id <> ?')
            .get(t.exportId, t.policy, id);
          const r = await sendSftp(target, t.exportId, files, onBytes, { clearStalePart: interruptedBefore !== undefined });
          where = r.where;
          durable = r.durable;
          // The policy shows whether its server can make a copy durable; only a revoked policy is left as it was.
          db.prepare('UPDATE transfer_policies SET server_fsync = ? WHERE name = ? AND revoked_at IS NULL').run(r.durable === 'fsynced' ? 'yes' : 'no', t.policy);
          break;
        }
        case 'https':
          where = (await sendHttps(target, t.exportId, files, onBytes, Math.floor(clock.now() / 1000))).where;
          break;
        case 'backup':
          // policyStateRefusal already refuses exports under a backup policy (its data is backups only).
          throw new DestinationRefused(`the transfer policy "${t.policy}" carries sealed backups only, not exports`);
        case 'download':
          if (!download) throw new Error('a download transfer is streamed by the dashboard');
          sent = await download(files, onBytes);
          where = 'dashboard download';
          break;
      }
      db.transaction(() => {
        db.prepare("UPDATE transfers SET state = 'done', bytes_sent = ?, finished_at = ?, far_side_durable = ? WHERE id = ?").run(sent, clock.now(), durable, id);
        audit.append({
          actor: t.requestedBy as Actor,
          action: 'transfer.completed',
          subject: `transfer:${id}`,
          details: { export: t.exportId, policy: t.policy, kind, bytesSent: sent, where, result: 'ok', ...(durable === null ? {} : { farSideDurable: durable, durability: DURABILITY_TEXT[durable] }) },
        });
      })();
    } catch (err) {
      const message = (err as Error).message;
      if (err instanceof DestinationRefused) this.refuse(t.exportId, t.policy, t.requestedBy as Actor, message, id);
      db.transaction(() => {
        db.prepare("UPDATE transfers SET state = 'failed', bytes_sent = ?, reason = ?, finished_at = ? WHERE id = ?").run(sent, message, clock.now(), id);
        audit.append({ actor: t.requestedBy as Actor, action: 'transfer.failed', subject: `transfer:${id}`, details: { export: t.exportId, policy: t.policy, kind, bytesSent: sent, result: 'failed', reason: message } });
      })();
      throw new PremisesError('Unavailable', `transfer ${id} failed after ${sent} bytes: ${message}`, { transferId: id });
    }
    return this.get(id)!;
  }
}
