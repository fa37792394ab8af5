/**
 * Evidence exports (docs/exports.md). One row per completed export folder
 * <dataDir>/exports/<id>/; the folder is removed when the export expires and
 * the row stays as the record (removed_at, removed_by, removal_reason).
 * Rows are never deleted; only the removal columns change, once.
 */
export const sql = `
CREATE TABLE exports (
  id               TEXT PRIMARY KEY,
  cameras          TEXT NOT NULL,            -- JSON array of camera ids
  from_ms          INTEGER NOT NULL,
  to_ms            INTEGER NOT NULL CHECK (to_ms > from_ms),
  reason           TEXT NOT NULL CHECK (length(reason) > 0),
  requested_by     TEXT NOT NULL CHECK (length(requested_by) > 0),
  legal_basis      TEXT NOT NULL CHECK (length(legal_basis) > 0),
  created_by       TEXT NOT NULL,
  created_at       INTEGER NOT NULL,
  expires_at       INTEGER NOT NULL CHECK (expires_at > created_at),
  manifest_sha256  TEXT NOT NULL CHECK (length(manifest_sha256) = 64),
  files            INTEGER NOT NULL,
  bytes            INTEGER NOT NULL,
  removed_at       INTEGER,
  removed_by       TEXT,
  removal_reason   TEXT,
  CHECK ((removed_at IS NULL) = (removed_by IS NULL) AND (removed_at IS NULL) = (removal_reason IS NULL))
) STRICT;
CREATE INDEX exports_live_expiry ON exports(expires_at) WHERE removed_at IS NULL;

CREATE TRIGGER exports_no_delete BEFORE DELETE ON exports
BEGIN SELECT RAISE(ABORT, 'export records are never deleted; the folder is removed and the row marked'); END;
CREATE TRIGGER exports_fixed BEFORE UPDATE ON exports
WHEN NEW.id IS NOT OLD.id OR NEW.cameras IS NOT OLD.cameras OR NEW.from_ms IS NOT OLD.from_ms OR NEW.to_ms IS NOT OLD.to_ms
  OR NEW.reason IS NOT OLD.reason OR NEW.requested_by IS NOT OLD.requested_by OR NEW.legal_basis IS NOT OLD.legal_basis
  OR NEW.created_by IS NOT OLD.created_by OR NEW.created_at IS NOT OLD.created_at OR NEW.expires_at IS NOT OLD.expires_at
  OR NEW.manifest_sha256 IS NOT OLD.manifest_sha256 OR NEW.files IS NOT OLD.files OR NEW.bytes IS NOT OLD.bytes
  OR OLD.removed_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'an export record is fixed once written; only its removal is recorded, once'); END;
`;
