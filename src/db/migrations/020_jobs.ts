/**
 * Work that outlives a restart (docs/design.md, "Jobs across a restart").
 * export_jobs: exports asked for from the dashboard, from the request to
 * their end, so a restart resumes them from the request instead of losing
 * them. export_verifications: the last check of each export folder.
 * transfers gains who was sending (pid: a dead sender means the send was
 * interrupted), when an interruption was found, and whether the far side
 * confirmed the bytes were on its disk. transfer_policies remembers whether
 * its server can fsync. backups: every archive made, from its start, so an
 * interrupted one is found and cleaned up, and retention knows what to delete.
 */
export const sql = `
CREATE TABLE export_jobs (
  id          TEXT PRIMARY KEY,
  request     TEXT NOT NULL,                 -- JSON ExportRequest as asked
  created_by  TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
  attempts    INTEGER NOT NULL DEFAULT 1 CHECK (attempts >= 1),
  error       TEXT,
  ended_at    INTEGER,
  CHECK ((state IN ('done', 'failed')) = (ended_at IS NOT NULL))
) STRICT;
CREATE INDEX export_jobs_open ON export_jobs(state) WHERE state IN ('queued', 'running');

CREATE TABLE export_verifications (
  export_id      TEXT PRIMARY KEY,
  ok             INTEGER NOT NULL CHECK (ok IN (0, 1)),
  checked_at     INTEGER NOT NULL,
  files_checked  INTEGER NOT NULL,
  problems       TEXT NOT NULL                -- JSON [{kind, message}]
) STRICT;

ALTER TABLE transfers ADD COLUMN sender_pid INTEGER;
ALTER TABLE transfers ADD COLUMN interrupted_at INTEGER;
ALTER TABLE transfers ADD COLUMN far_side_durable TEXT;  -- 'fsynced' | 'not-supported' | 'local-fsync'
ALTER TABLE transfer_policies ADD COLUMN server_fsync TEXT;  -- last seen: 'yes' | 'no'

CREATE TABLE backups (
  id           INTEGER PRIMARY KEY,
  file         TEXT NOT NULL UNIQUE,         -- archive name inside dataDir/backups/
  trigger      TEXT NOT NULL CHECK (trigger IN ('manual', 'scheduled')),
  state        TEXT NOT NULL CHECK (state IN ('running', 'done', 'interrupted', 'failed')),
  pid          INTEGER NOT NULL,
  started_at   INTEGER NOT NULL,
  finished_at  INTEGER,
  bytes        INTEGER,
  sha256       TEXT,
  reason       TEXT,
  deleted_at   INTEGER,
  deleted_why  TEXT
) STRICT;
CREATE TRIGGER backups_no_delete BEFORE DELETE ON backups
BEGIN SELECT RAISE(ABORT, 'backup records are never deleted; the archive is removed and the row marked'); END;
`;
