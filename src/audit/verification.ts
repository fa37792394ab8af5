import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db/open.js';
import { formatFingerprint, PRIVATE_KEY_FILE, SigningKey } from '../keys/signing.js';
import { iso } from '../shared/iso.js';
import { storedCheckpoints } from './checkpoints.js';
import { latestOfAction } from './entries.js';
import type { Actor, AuditLog } from './log.js';
import { verifyAudit, type Problem } from './verify.js';

/**
 * A verification run recorded in the audit log itself (`audit.verified`), so
 * "when was the log last checked, and was it intact" survives restarts and
 * is itself covered by the chain. The same check as `premises audit verify`:
 * the hash chain, erasure records and the index's signed checkpoints, pinned
 * to the local signing key.
 */
export const VERIFIED_ACTION = 'audit.verified';

export interface VerificationRecord {
  seq: number;
  at: number;
  actor: string;
  ok: boolean;
  entries: number;
  headHash: string;
  checkpointsChecked: number;
  problemCount: number;
  problems: Problem[];
  keyFingerprint: string | null;
}

export function runVerification(db: Db, audit: AuditLog, keysDir: string, actor: Actor): VerificationRecord {
  const pin = existsSync(join(keysDir, PRIVATE_KEY_FILE)) ? SigningKey.load(keysDir).fingerprint() : undefined;
  const result = verifyAudit(db, { checkpoints: storedCheckpoints(db).map((c) => ({ ...c, source: 'index' })), ...(pin ? { pinnedFingerprint: pin } : {}) });
  const details = {
    ok: result.ok,
    entries: result.entries,
    headHash: result.headHash,
    checkpointsChecked: result.checkpointsChecked,
    problemCount: result.problems.length,
    // The first few are enough to find the damage; the CLI lists them all.
    problems: result.problems.slice(0, 20),
    keyFingerprint: pin ? formatFingerprint(pin) : null,
  };
  const entry = audit.append({ actor, action: VERIFIED_ACTION, subject: 'audit', details });
  return { seq: entry.seq, at: entry.at, actor, ...details };
}

export function lastVerification(db: Db): VerificationRecord | undefined {
  const row = latestOfAction(db, VERIFIED_ACTION);
  if (!row || row.details === null) return undefined;
  return { seq: row.seq, at: row.at, actor: row.actor, ...(row.details as Omit<VerificationRecord, 'seq' | 'at' | 'actor'>) };
}

/** The record of processing's line on the last recorded verification. */
export function auditVerificationSection(db: Db): string {
  const v = lastVerification(db);
  if (!v) return 'not run yet (the dashboard\'s audit page verifies the log and records the result; premises audit verify checks it from the command line)';
  return `${iso(v.at)} by ${v.actor}: ${v.ok ? 'intact' : `NOT intact (${v.problemCount} problem(s))`}, ${v.entries} entries, ${v.checkpointsChecked} checkpoint(s)`;
}
