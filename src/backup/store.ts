import type { Db } from '../db/open.js';

/** The `backups` table (migration 018): one row per archive, from the moment it is started. */
export type BackupTrigger = 'manual' | 'scheduled';
export type BackupState = 'running' | 'done' | 'interrupted' | 'failed';

export interface BackupRecord {
  id: number;
  file: string;
  trigger: BackupTrigger;
  state: BackupState;
  pid: number;
  startedAt: number;
  finishedAt: number | null;
  bytes: number | null;
  sha256: string | null;
  reason: string | null;
  deletedAt: number | null;
  deletedWhy: string | null;
}

interface Row {
  id: number;
  file: string;
  trigger: BackupTrigger;
  state: BackupState;
  pid: number;
  started_at: number;
  finished_at: number | null;
  bytes: number | null;
  sha256: string | null;
  reason: string | null;
  deleted_at: number | null;
  deleted_why: string | null;
}

const toRecord = (r: Row): BackupRecord => ({
  id: r.id,
  file: r.file,
  trigger: r.trigger,
  state: r.state,
  pid: r.pid,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  bytes: r.bytes,
  sha256: r.sha256,
  reason: r.reason,
  deletedAt: r.deleted_at,
  deletedWhy: r.deleted_why,
});

export class BackupStore {
  constructor(private readonly db: Db) {}

  start(file: string, trigger: BackupTrigger, at: number): number {
    return Number(this.db.prepare("INSERT INTO backups (file, trigger, state, pid, started_at) VALUES (?, ?, 'running', ?, ?)").run(file, trigger, process.pid, at).lastInsertRowid);
  }

  done(id: number, at: number, bytes: number, sha256: string): void {
    this.db.prepare("UPDATE backups SET state = 'done', finished_at = ?, bytes = ?, sha256 = ? WHERE id = ?").run(at, bytes, sha256, id);
  }

  ended(id: number, state: 'failed' | 'interrupted', at: number, reason: string): void {
    this.db.prepare("UPDATE backups SET state = ?, finished_at = ?, reason = ? WHERE id = ? AND state = 'running'").run(state, at, reason, id);
  }

  deleted(id: number, at: number, why: string): void {
    this.db.prepare('UPDATE backups SET deleted_at = ?, deleted_why = ? WHERE id = ? AND deleted_at IS NULL').run(at, why, id);
  }

  running(): BackupRecord[] {
    return (this.db.prepare("SELECT * FROM backups WHERE state = 'running' ORDER BY id").all() as Row[]).map(toRecord);
  }

  /** Archives on disk (done, not deleted) made by `trigger`, newest first. */
  kept(trigger: BackupTrigger): BackupRecord[] {
    return (this.db.prepare("SELECT * FROM backups WHERE state = 'done' AND deleted_at IS NULL AND trigger = ? ORDER BY started_at DESC, id DESC").all(trigger) as Row[]).map(toRecord);
  }

  lastDone(trigger: BackupTrigger): BackupRecord | undefined {
    const row = this.db.prepare("SELECT * FROM backups WHERE state = 'done' AND trigger = ? ORDER BY started_at DESC, id DESC LIMIT 1").get(trigger) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  byFile(file: string): BackupRecord | undefined {
    const row = this.db.prepare('SELECT * FROM backups WHERE file = ?').get(file) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  get(id: number): BackupRecord | undefined {
    const row = this.db.prepare('SELECT * FROM backups WHERE id = ?').get(id) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }
}
