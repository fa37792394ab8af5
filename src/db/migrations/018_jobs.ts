/**
 * Work that outlives a restart (docs/design.md, "Jobs across a restart").
 * export_jobs: exports asked for from the dashboard, from the request to
 * their end, so a restart resumes them from the request instead of losing
 * them. export_verifications: the last check of each export folder.
 * transfers gains who was sending (pid: a dead sender means the send was
 * interrupted), when an interruption was found, and whether the far side
 * confirmed the bytes were on its disk. transfer_policies gains the kind
 * `backup` and remembers whether its server can fsync. backups: every archive made, from its start, so an
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
-- transfer_policies gains the kind 'backup' (sealed backup archives only) and server_fsync: SQLite cannot widen a
-- CHECK in place, so the table is rebuilt with the same rows and its triggers made again.
CREATE TABLE transfer_policies_018 (
  name               TEXT PRIMARY KEY CHECK (name GLOB '[A-Za-z0-9]*' AND length(name) <= 64),
  kind               TEXT NOT NULL CHECK (kind IN ('folder', 'sftp', 'https', 'download', 'backup')),
  target             TEXT NOT NULL,
  recipient_org      TEXT NOT NULL CHECK (length(recipient_org) > 0),
  country            TEXT NOT NULL CHECK (length(country) > 0),
  legal_basis        TEXT NOT NULL CHECK (length(legal_basis) > 0),
  data               TEXT NOT NULL,
  expires_at         INTEGER NOT NULL,
  requires_approval  INTEGER NOT NULL CHECK (requires_approval IN (0, 1)),
  created_by         TEXT NOT NULL,
  created_at         INTEGER NOT NULL CHECK (expires_at > created_at),
  revoked_at         INTEGER,
  revoked_by         TEXT,
  revoke_reason      TEXT,
  server_fsync       TEXT CHECK (server_fsync IN ('yes', 'no')),   -- last seen on its SFTP server
  CHECK ((revoked_at IS NULL) = (revoked_by IS NULL) AND (revoked_at IS NULL) = (revoke_reason IS NULL))
) STRICT;
INSERT INTO transfer_policies_018 (name, kind, target, recipient_org, country, legal_basis, data, expires_at, requires_approval, created_by, created_at, revoked_at, revoked_by, revoke_reason)
  SELECT name, kind, target, recipient_org, country, legal_basis, data, expires_at, requires_approval, created_by, created_at, revoked_at, revoked_by, revoke_reason FROM transfer_policies;
DROP TABLE transfer_policies;
ALTER TABLE transfer_policies_018 RENAME TO transfer_policies;
CREATE TRIGGER transfer_policies_no_delete BEFORE DELETE ON transfer_policies
BEGIN SELECT RAISE(ABORT, 'transfer policies are never deleted; revoke them'); END;
CREATE TRIGGER transfer_policies_fixed BEFORE UPDATE ON transfer_policies
WHEN NEW.name IS NOT OLD.name OR NEW.kind IS NOT OLD.kind OR NEW.target IS NOT OLD.target OR NEW.recipient_org IS NOT OLD.recipient_org
  OR NEW.country IS NOT OLD.country OR NEW.legal_basis IS NOT OLD.legal_basis OR NEW.data IS NOT OLD.data
  OR NEW.expires_at IS NOT OLD.expires_at OR NEW.requires_approval IS NOT OLD.requires_approval
  OR NEW.created_by IS NOT OLD.created_by OR NEW.created_at IS NOT OLD.created_at OR OLD.revoked_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a transfer policy is fixed once written; revoke it and add a new one'); END;

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
