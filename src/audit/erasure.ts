import type { Db } from '../db/open.js';
import { auditEntry, eraseEntryDetails } from './entries.js';
import { PremisesError } from '../shared/errors.js';
import type { Actor, AuditLog } from './log.js';
import { ERASURE_ACTION } from './verify.js';

/**
 * Erase the personal data in one entry's details on a lawful request. The
 * entry keeps its details_hash, so the chain still verifies; the erasure
 * record (audit_erasures) and an `audit.details_erased` entry are written in
 * the same transaction, and the trigger from migration 003 lets details go
 * to NULL only when that record exists. Give a reason without personal data
 * (e.g. "erasure request #12"): the reason itself is permanent.
 */
export function eraseDetails(db: Db, audit: AuditLog, seq: number, actor: Actor, reason: string, now: number): void {
  if (!reason.trim()) throw new PremisesError('InvalidArgument', 'give a reason for the erasure (without personal data)');
  db.transaction(() => {
    const row = auditEntry(db, seq);
    if (!row) throw new PremisesError('NotFound', `no audit entry ${seq}`);
    if (row.details === null) throw new PremisesError('FailedPrecondition', `audit entry ${seq} has no details to erase`);
    eraseEntryDetails(db, seq, { at: now, by: actor, reason });
    audit.append({ actor, action: ERASURE_ACTION, subject: `audit:${seq}`, details: { reason } });
  })();
}
