import type { Db } from '../db/open.js';
import { statement } from '../db/statements.js';

/**
 * The audit_log table, read side: every query over the log is here (the one
 * writer is AuditLog.append in log.ts, the one detail eraser eraseDetails).
 * Rows keep their stored shape (AuditRow) where a hash is recomputed from
 * them; everything else gets an AuditRecord, details parsed, from one mapper.
 */
export interface AuditRow {
  seq: number;
  at: number;
  actor: string;
  action: string;
  subject: string;
  details: string | null;
  details_hash: string;
  prev_hash: string;
  hash: string;
}

export interface AuditRecord {
  seq: number;
  at: number;
  actor: string;
  action: string;
  subject: string;
  /** Parsed; null when the entry had none or they were erased. */
  details: unknown;
}

type RecordRow = Pick<AuditRow, 'seq' | 'at' | 'actor' | 'action' | 'subject' | 'details'>;
const RECORD_COLUMNS = 'seq, at, actor, action, subject, details';

export function toAuditRecord(r: RecordRow): AuditRecord {
  return { seq: r.seq, at: r.at, actor: r.actor, action: r.action, subject: r.subject, details: r.details === null ? null : (JSON.parse(r.details) as unknown) };
}

/** The last entry's seq and hash: what the next entry chains to. */
export function auditHead(db: Db): { seq: number; hash: string } | undefined {
  return statement(db, 'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
}

/** How many entries there are and when the newest was written (record of processing). */
export function auditSummary(db: Db): { entries: number; lastAt: number | undefined } {
  const r = statement(db, 'SELECT count(*) AS n, max(at) AS last FROM audit_log').get() as { n: number; last: number | null };
  return { entries: r.n, lastAt: r.last ?? undefined };
}

/** Newest first, below `before` (a seq), for paging through the audit page. */
export function auditPage(db: Db, before: number, limit: number): AuditRecord[] {
  return (statement(db, `SELECT ${RECORD_COLUMNS} FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT ?`).all(before, limit) as RecordRow[]).map(toAuditRecord);
}

export function auditEntry(db: Db, seq: number): AuditRecord | undefined {
  const row = statement(db, `SELECT ${RECORD_COLUMNS} FROM audit_log WHERE seq = ?`).get(seq) as RecordRow | undefined;
  return row ? toAuditRecord(row) : undefined;
}

export function latestOfAction(db: Db, action: string): AuditRecord | undefined {
  const row = statement(db, `SELECT ${RECORD_COLUMNS} FROM audit_log WHERE action = ? ORDER BY seq DESC LIMIT 1`).get(action) as RecordRow | undefined;
  return row ? toAuditRecord(row) : undefined;
}

/** Every entry of one action, oldest first. */
export function entriesOfAction(db: Db, action: string): AuditRecord[] {
  return (statement(db, `SELECT ${RECORD_COLUMNS} FROM audit_log WHERE action = ? ORDER BY seq`).all(action) as RecordRow[]).map(toAuditRecord);
}

/** Entries of one action written at or after `at`, oldest first, at most `limit`. */
export function entriesOfActionSince(db: Db, action: string, at: number, limit: number): AuditRecord[] {
  return (statement(db, `SELECT ${RECORD_COLUMNS} FROM audit_log WHERE action = ? AND at >= ? ORDER BY seq LIMIT ?`).all(action, at, limit) as RecordRow[]).map(
    toAuditRecord,
  );
}

/** Entries of the given actions among the last `lookback` of the log, oldest first (start-up scans). */
export function recentEntriesOfActions(db: Db, actions: readonly string[], lookback: number): AuditRecord[] {
  const rows = statement(
    db,
    `SELECT ${RECORD_COLUMNS} FROM audit_log
     WHERE seq > (SELECT coalesce(max(seq), 0) FROM audit_log) - ? AND action IN (SELECT value FROM json_each(?)) AND details IS NOT NULL
     ORDER BY seq`,
  ).all(lookback, JSON.stringify(actions)) as RecordRow[];
  return rows.map(toAuditRecord);
}

/** The whole log as stored, oldest first, one row at a time (verification recomputes every hash). */
export function iterateAuditRows(db: Db): IterableIterator<AuditRow> {
  return statement(db, 'SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<AuditRow>;
}

/** The seqs whose details were erased on a lawful request (audit_erasures). */
export function erasedSeqs(db: Db): Set<number> {
  return new Set((statement(db, 'SELECT seq FROM audit_erasures').all() as { seq: number }[]).map((r) => r.seq));
}

/** Records the erasure and empties the details; the migration-003 trigger allows the second only after the first. */
export function eraseEntryDetails(db: Db, seq: number, erasure: { at: number; by: string; reason: string }): void {
  statement(db, 'INSERT INTO audit_erasures (seq, erased_at, erased_by, reason) VALUES (?, ?, ?, ?)').run(seq, erasure.at, erasure.by, erasure.reason);
  statement(db, 'UPDATE audit_log SET details = NULL WHERE seq = ?').run(seq);
}

/** A viewing entry (live or playback start) for the report's review of routine viewing. */
export interface ViewingEntry {
  actor: string;
  action: string;
  at: number;
  camera: string;
  /** The reason given for viewing recorded footage; null for live views (none is asked) or erased details. */
  reason: string | null;
}

/** Live and playback starts written at or after `since`, oldest first (index audit_log_action_at). */
export function viewingEntriesSince(db: Db, actions: readonly string[], since: number): ViewingEntry[] {
  return statement(
    db,
    `SELECT actor, action, at, subject AS camera, json_extract(details, '$.reason') AS reason FROM audit_log
     WHERE action IN (SELECT value FROM json_each(?)) AND at >= ? ORDER BY seq`,
  ).all(JSON.stringify(actions), since) as ViewingEntry[];
}
