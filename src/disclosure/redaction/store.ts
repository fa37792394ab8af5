import type { Db } from '../../db/open.js';
import type { ExportRequest } from '../export/create.js';

/** The `redaction_jobs` table (migration 026). */
export type RedactionState = 'analysing' | 'review' | 'publishing' | 'published' | 'failed' | 'discarded';
export const OPEN_STATES: readonly RedactionState[] = ['analysing', 'review', 'publishing'];

export interface RedactionSummary {
  clips: number;
  tracks: number;
  /** Of `tracks`, whole persons (absent in jobs analysed before persons were detected). */
  persons?: number;
  requester: number;
  blurred: number;
  notAFace: number;
  addedByReviewer: number;
}

export interface RedactionJob {
  id: string;
  request: ExportRequest;
  createdBy: string;
  createdAt: number;
  state: RedactionState;
  pid: number | null;
  attempts: number;
  reviewer: string | null;
  reviewedAt: number | null;
  exportId: string | null;
  summary: RedactionSummary | null;
  error: string | null;
  endedAt: number | null;
}

interface Row {
  id: string;
  request: string;
  created_by: string;
  created_at: number;
  state: RedactionState;
  pid: number | null;
  attempts: number;
  reviewer: string | null;
  reviewed_at: number | null;
  export_id: string | null;
  summary: string | null;
  error: string | null;
  ended_at: number | null;
}

const toJob = (r: Row): RedactionJob => ({
  id: r.id,
  request: JSON.parse(r.request) as ExportRequest,
  createdBy: r.created_by,
  createdAt: r.created_at,
  state: r.state,
  pid: r.pid,
  attempts: r.attempts,
  reviewer: r.reviewer,
  reviewedAt: r.reviewed_at,
  exportId: r.export_id,
  summary: r.summary === null ? null : (JSON.parse(r.summary) as RedactionSummary),
  error: r.error,
  endedAt: r.ended_at,
});

export class RedactionStore {
  constructor(private readonly db: Db) {}

  insert(id: string, request: ExportRequest, createdBy: string, createdAt: number, pid: number): void {
    this.db
      .prepare("INSERT INTO redaction_jobs (id, request, created_by, created_at, state, pid) VALUES (?, ?, ?, ?, 'analysing', ?)")
      .run(id, JSON.stringify(request), createdBy, createdAt, pid);
  }

  get(id: string): RedactionJob | undefined {
    const row = this.db.prepare('SELECT * FROM redaction_jobs WHERE id = ?').get(id) as Row | undefined;
    return row ? toJob(row) : undefined;
  }

  list(includeEnded: boolean): RedactionJob[] {
    const where = includeEnded ? '' : "WHERE state IN ('analysing', 'review', 'publishing')";
    return (this.db.prepare(`SELECT * FROM redaction_jobs ${where} ORDER BY created_at, id`).all() as Row[]).map(toJob);
  }

  /** Move from one state to another; false when the job was not in `from` (someone else moved it). */
  move(id: string, from: RedactionState, to: 'analysing' | 'review' | 'publishing', pid: number | null, summary?: RedactionSummary): boolean {
    const r = this.db
      .prepare('UPDATE redaction_jobs SET state = ?, pid = ?, summary = COALESCE(?, summary) WHERE id = ? AND state = ?')
      .run(to, pid, summary === undefined ? null : JSON.stringify(summary), id, from);
    return r.changes === 1;
  }

  /** Review → publishing under `exportId`, by the process `pid`. */
  publishing(id: string, exportId: string, pid: number): boolean {
    return this.db.prepare("UPDATE redaction_jobs SET state = 'publishing', pid = ?, export_id = ? WHERE id = ? AND state = 'review'").run(pid, exportId, id).changes === 1;
  }

  /** An interrupted step starts over: counts the attempt. */
  retry(id: string, state: 'analysing' | 'review'): void {
    this.db.prepare('UPDATE redaction_jobs SET state = ?, pid = NULL, export_id = NULL, attempts = attempts + 1 WHERE id = ?').run(state, id);
  }

  published(id: string, exportId: string, reviewer: string, at: number, summary: RedactionSummary): void {
    this.db
      .prepare("UPDATE redaction_jobs SET state = 'published', pid = NULL, export_id = ?, reviewer = ?, reviewed_at = ?, summary = ?, ended_at = ? WHERE id = ?")
      .run(exportId, reviewer, at, JSON.stringify(summary), at, id);
  }

  ended(id: string, state: 'failed' | 'discarded', at: number, error: string | null): void {
    this.db.prepare('UPDATE redaction_jobs SET state = ?, pid = NULL, error = ?, ended_at = ? WHERE id = ?').run(state, error, at, id);
  }
}
