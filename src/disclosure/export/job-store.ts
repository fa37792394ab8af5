import type { Db } from '../../db/open.js';
import type { ExportRequest } from './create.js';
import type { VerifyProblem } from './verify.js';

/**
 * The `export_jobs` and `export_verifications` tables (migration 018): an
 * export asked for from the dashboard is a row from the moment it is queued,
 * so a restart finds it (src/disclosure/export/resume.ts).
 */
export type StoredJobState = 'queued' | 'running' | 'done' | 'failed';

export interface StoredJob {
  id: string;
  request: ExportRequest;
  createdBy: string;
  createdAt: number;
  state: StoredJobState;
  attempts: number;
  error: string | null;
  endedAt: number | null;
}

export interface StoredVerification {
  ok: boolean;
  checkedAt: number;
  filesChecked: number;
  problems: VerifyProblem[];
}

interface Row {
  id: string;
  request: string;
  created_by: string;
  created_at: number;
  state: StoredJobState;
  attempts: number;
  error: string | null;
  ended_at: number | null;
}

const toJob = (r: Row): StoredJob => ({
  id: r.id,
  request: JSON.parse(r.request) as ExportRequest,
  createdBy: r.created_by,
  createdAt: r.created_at,
  state: r.state,
  attempts: r.attempts,
  error: r.error,
  endedAt: r.ended_at,
});

export class ExportJobStore {
  constructor(private readonly db: Db) {}

  insert(id: string, request: ExportRequest, createdBy: string, createdAt: number): void {
    this.db.prepare("INSERT INTO export_jobs (id, request, created_by, created_at, state) VALUES (?, ?, ?, ?, 'queued')").run(id, JSON.stringify(request), createdBy, createdAt);
  }

  running(id: string): void {
    this.db.prepare("UPDATE export_jobs SET state = 'running' WHERE id = ? AND state = 'queued'").run(id);
  }

  ended(id: string, state: 'done' | 'failed', at: number, error: string | null = null): void {
    this.db.prepare("UPDATE export_jobs SET state = ?, error = ?, ended_at = ? WHERE id = ? AND state IN ('queued', 'running')").run(state, error, at, id);
  }

  /** Back to the queue after a restart; counts the attempt. */
  requeue(id: string): void {
    this.db.prepare("UPDATE export_jobs SET state = 'queued', attempts = attempts + 1 WHERE id = ?").run(id);
  }

  get(id: string): StoredJob | undefined {
    const row = this.db.prepare('SELECT * FROM export_jobs WHERE id = ?').get(id) as Row | undefined;
    return row ? toJob(row) : undefined;
  }

  /** Jobs a restart interrupted, oldest first. */
  unfinished(): StoredJob[] {
    return (this.db.prepare("SELECT * FROM export_jobs WHERE state IN ('queued', 'running') ORDER BY created_at, id").all() as Row[]).map(toJob);
  }

  recentFailed(limit: number): StoredJob[] {
    return (this.db.prepare("SELECT * FROM export_jobs WHERE state = 'failed' ORDER BY ended_at DESC LIMIT ?").all(limit) as Row[]).map(toJob).reverse();
  }

  saveVerification(exportId: string, v: StoredVerification): void {
    this.db
      .prepare(
        `INSERT INTO export_verifications (export_id, ok, checked_at, files_checked, problems) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(export_id) DO UPDATE SET ok = excluded.ok, checked_at = excluded.checked_at, files_checked = excluded.files_checked, problems = excluded.problems`,
      )
      .run(exportId, v.ok ? 1 : 0, v.checkedAt, v.filesChecked, JSON.stringify(v.problems));
  }

  verification(exportId: string): StoredVerification | undefined {
    const r = this.db.prepare('SELECT * FROM export_verifications WHERE export_id = ?').get(exportId) as
      | { ok: number; checked_at: number; files_checked: number; problems: string }
      | undefined;
    return r ? { ok: r.ok === 1, checkedAt: r.checked_at, filesChecked: r.files_checked, problems: JSON.parse(r.problems) as VerifyProblem[] } : undefined;
  }
}
