import type { Db } from '../../db/open.js';
import { statement } from '../../db/statements.js';

/** The `cases` and `case_exports` tables (migration 021): thin typed queries. A case's ranges are its holds (holds.case_id). */
export const CASE_KINDS = ['incident', 'legal', 'police'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

export interface CaseRecord {
  id: number;
  name: string;
  reason: string;
  kind: CaseKind;
  openedBy: string;
  openedAt: number;
  closedAt: number | null;
  closedBy: string | null;
  closeReason: string | null;
}

export interface CaseExportLink {
  exportId: string;
  caseId: number;
  recipient: string;
}

interface Row {
  id: number;
  name: string;
  reason: string;
  kind: CaseKind;
  opened_by: string;
  opened_at: number;
  closed_at: number | null;
  closed_by: string | null;
  close_reason: string | null;
}

const toRecord = (r: Row): CaseRecord => ({
  id: r.id,
  name: r.name,
  reason: r.reason,
  kind: r.kind,
  openedBy: r.opened_by,
  openedAt: r.opened_at,
  closedAt: r.closed_at,
  closedBy: r.closed_by,
  closeReason: r.close_reason,
});

export function insertCase(db: Db, c: Pick<CaseRecord, 'name' | 'reason' | 'kind' | 'openedBy' | 'openedAt'>): number {
  const sql = 'INSERT INTO cases (name, reason, kind, opened_by, opened_at) VALUES (?, ?, ?, ?, ?)';
  return Number(statement(db, sql).run(c.name, c.reason, c.kind, c.openedBy, c.openedAt).lastInsertRowid);
}

export function findCase(db: Db, id: number): CaseRecord | undefined {
  const row = statement(db, 'SELECT * FROM cases WHERE id = ?').get(id) as Row | undefined;
  return row ? toRecord(row) : undefined;
}

export function listCases(db: Db, includeClosed: boolean): CaseRecord[] {
  const sql = includeClosed ? 'SELECT * FROM cases ORDER BY id DESC' : 'SELECT * FROM cases WHERE closed_at IS NULL ORDER BY id DESC';
  return (statement(db, sql).all() as Row[]).map(toRecord);
}

/** False when the case was already closed (another closer won). */
export function markClosed(db: Db, id: number, at: number, by: string, reason: string): boolean {
  const sql = 'UPDATE cases SET closed_at = ?, closed_by = ?, close_reason = ? WHERE id = ? AND closed_at IS NULL';
  return statement(db, sql).run(at, by, reason, id).changes === 1;
}

/** Called by the export in the transaction that records it, so a case's package is listed exactly when it exists. */
export function recordCaseExport(db: Db, exportId: string, caseId: number, recipient: string): void {
  statement(db, 'INSERT INTO case_exports (export_id, case_id, recipient) VALUES (?, ?, ?)').run(exportId, caseId, recipient);
}

export function caseExports(db: Db, caseId: number): CaseExportLink[] {
  const rows = statement(db, 'SELECT export_id, case_id, recipient FROM case_exports WHERE case_id = ? ORDER BY export_id').all(caseId) as { export_id: string; case_id: number; recipient: string }[];
  return rows.map((r) => ({ exportId: r.export_id, caseId: r.case_id, recipient: r.recipient }));
}
