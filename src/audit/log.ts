import { createHash } from 'node:crypto';
import type { Db } from '../db/open.js';
import { statement } from '../db/statements.js';
import { auditHead, type AuditRow } from './entries.js';
import type { Clock } from '../shared/clock.js';

/**
 * The audit log is written through this one function, always inside the same
 * transaction as the change it records (callers run it within db.transaction).
 *
 * hash = sha256(canonical([seq, at, actor, action, subject, details_hash, prev_hash]))
 * Because the chain covers the details' hash rather than the details, the
 * personal data in details can be erased on a lawful request while the chain
 * still verifies.
 */
export const GENESIS_HASH = '0'.repeat(64);

export type Actor = 'system' | `cli:${string}` | `user:${string}`;

export interface AuditEntryInput {
  actor: Actor;
  action: string;
  subject: string;
  details?: unknown;
}

/** An entry as stored: the audit_log row (src/audit/entries.ts reads them). */
export type AuditEntry = AuditRow;

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** JSON with object keys sorted at every level, so equal values hash equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function entryHash(e: Pick<AuditEntry, 'seq' | 'at' | 'actor' | 'action' | 'subject' | 'details_hash' | 'prev_hash'>): string {
  return sha256Hex(canonicalJson([e.seq, e.at, e.actor, e.action, e.subject, e.details_hash, e.prev_hash]));
}

export class AuditLog {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Append one entry. Must be called inside the transaction of the change it records. */
  append(input: AuditEntryInput): AuditEntry {
    if (!this.db.inTransaction) {
      // A lone entry is its own transaction; a change with an entry must share one.
      return this.db.transaction(() => this.append(input))();
    }
    const last = auditHead(this.db);
    const details = input.details === undefined ? null : canonicalJson(input.details);
    const partial = {
      seq: (last?.seq ?? 0) + 1,
      at: this.clock.now(),
      actor: input.actor,
      action: input.action,
      subject: input.subject,
      details,
      details_hash: sha256Hex(details ?? ''),
      prev_hash: last?.hash ?? GENESIS_HASH,
    };
    const entry: AuditEntry = { ...partial, hash: entryHash(partial) };
    statement(
      this.db,
      `INSERT INTO audit_log (seq, at, actor, action, subject, details, details_hash, prev_hash, hash)
       VALUES (@seq, @at, @actor, @action, @subject, @details, @details_hash, @prev_hash, @hash)`,
    ).run(entry);
    return entry;
  }
}

/** The actor for command-line actions: `cli:<OS user>`. */
export function cliActor(): Actor {
  const user = process.env['SUDO_USER'] ?? process.env['USER'] ?? process.env['LOGNAME'];
  if (user) return `cli:${user}`;
  try {
    return `cli:${String(process.getuid?.() ?? 'unknown')}`;
  } catch {
    return 'cli:unknown';
  }
}
