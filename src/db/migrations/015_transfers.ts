/**
 * Transfer policies and transfers (docs/transfers.md). No policy exists by
 * default: nothing leaves the premises until the owner writes one down.
 * Policies and transfers are records: never deleted. A policy is revoked once
 * (revoked_at); a transfer moves forward through its states once each.
 */
export const sql = `
CREATE TABLE transfer_policies (
  name               TEXT PRIMARY KEY CHECK (name GLOB '[A-Za-z0-9]*' AND length(name) <= 64),
  kind               TEXT NOT NULL CHECK (kind IN ('folder', 'sftp', 'https', 'download')),
  target             TEXT NOT NULL,            -- JSON: the exact destination for the kind
  recipient_org      TEXT NOT NULL CHECK (length(recipient_org) > 0),
  country            TEXT NOT NULL CHECK (length(country) > 0),
  legal_basis        TEXT NOT NULL CHECK (length(legal_basis) > 0),
  data               TEXT NOT NULL,            -- JSON array: 'exports', 'backups'
  expires_at         INTEGER NOT NULL,
  requires_approval  INTEGER NOT NULL CHECK (requires_approval IN (0, 1)),
  created_by         TEXT NOT NULL,
  created_at         INTEGER NOT NULL CHECK (expires_at > created_at),
  revoked_at         INTEGER,
  revoked_by         TEXT,
  revoke_reason      TEXT,
  CHECK ((revoked_at IS NULL) = (revoked_by IS NULL) AND (revoked_at IS NULL) = (revoke_reason IS NULL))
) STRICT;

CREATE TRIGGER transfer_policies_no_delete BEFORE DELETE ON transfer_policies
BEGIN SELECT RAISE(ABORT, 'transfer policies are never deleted; revoke them'); END;
CREATE TRIGGER transfer_policies_fixed BEFORE UPDATE ON transfer_policies
WHEN NEW.name IS NOT OLD.name OR NEW.kind IS NOT OLD.kind OR NEW.target IS NOT OLD.target OR NEW.recipient_org IS NOT OLD.recipient_org
  OR NEW.country IS NOT OLD.country OR NEW.legal_basis IS NOT OLD.legal_basis OR NEW.data IS NOT OLD.data
  OR NEW.expires_at IS NOT OLD.expires_at OR NEW.requires_approval IS NOT OLD.requires_approval
  OR NEW.created_by IS NOT OLD.created_by OR NEW.created_at IS NOT OLD.created_at OR OLD.revoked_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a transfer policy is fixed once written; revoke it and add a new one'); END;

CREATE TABLE transfers (
  id            INTEGER PRIMARY KEY,
  export_id     TEXT NOT NULL,
  policy_name   TEXT NOT NULL,               -- as asked: a refused transfer may name no existing policy
  requested_by  TEXT NOT NULL,
  requested_at  INTEGER NOT NULL,
  state         TEXT NOT NULL CHECK (state IN ('refused', 'awaiting-approval', 'approved', 'sending', 'done', 'failed')),
  files         TEXT,                        -- JSON [{name, bytes, sha256}] of what was (to be) sent
  bytes_sent    INTEGER,
  reason        TEXT,                        -- why refused or failed, in plain language
  finished_at   INTEGER
) STRICT;
CREATE INDEX transfers_export ON transfers(export_id);

CREATE TRIGGER transfers_no_delete BEFORE DELETE ON transfers
BEGIN SELECT RAISE(ABORT, 'transfer records are never deleted'); END;
CREATE TRIGGER transfers_fixed BEFORE UPDATE ON transfers
WHEN NEW.id IS NOT OLD.id OR NEW.export_id IS NOT OLD.export_id OR NEW.policy_name IS NOT OLD.policy_name
  OR NEW.requested_by IS NOT OLD.requested_by OR NEW.requested_at IS NOT OLD.requested_at
  OR OLD.state IN ('refused', 'done', 'failed')
BEGIN SELECT RAISE(ABORT, 'a finished transfer record is fixed'); END;

CREATE TABLE transfer_approvals (
  transfer_id  INTEGER PRIMARY KEY REFERENCES transfers(id),
  approved_by  TEXT NOT NULL,
  approved_at  INTEGER NOT NULL
) STRICT;

CREATE TRIGGER transfer_approvals_second_person BEFORE INSERT ON transfer_approvals
WHEN NEW.approved_by = (SELECT requested_by FROM transfers WHERE id = NEW.transfer_id)
BEGIN SELECT RAISE(ABORT, 'a transfer is approved by a second person, not the one who asked for it'); END;
CREATE TRIGGER transfer_approvals_fixed BEFORE UPDATE ON transfer_approvals
BEGIN SELECT RAISE(ABORT, 'approvals are fixed'); END;
CREATE TRIGGER transfer_approvals_no_delete BEFORE DELETE ON transfer_approvals
BEGIN SELECT RAISE(ABORT, 'approvals are never deleted'); END;
`;
