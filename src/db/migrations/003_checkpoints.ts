/**
 * Signed audit checkpoints, and the one narrow exception to the audit log's
 * append-only rule: erasing an entry's details on a lawful request.
 *
 * Why an exception in the trigger rather than a separate details table: the
 * chain hashes details_hash, never details, so nulling details cannot break
 * it; keeping details in the row keeps AuditLog.append and every reader
 * unchanged. The new trigger allows exactly one UPDATE shape — details from
 * text to NULL, every other column unchanged — and only once an
 * audit_erasures row names that entry (written in the same transaction as the
 * `audit.details_erased` entry). Everything else still aborts.
 */
export const sql = `
CREATE TABLE audit_checkpoints (
  id               INTEGER PRIMARY KEY,
  size             INTEGER NOT NULL,  -- number of entries covered = seq of the head entry
  head_hash        TEXT NOT NULL,     -- hash of entry 'size' (or the genesis hash for 0)
  at               INTEGER NOT NULL,
  key_fingerprint  TEXT NOT NULL,     -- sha256 of the public key (SPKI DER), hex
  public_key       TEXT NOT NULL,     -- SPKI DER, base64
  signature        TEXT NOT NULL      -- Ed25519 over 'premises-audit-checkpoint-v1\\n' + canonical {at, head, size}
) STRICT;
CREATE INDEX audit_checkpoints_size ON audit_checkpoints(size);

DROP TRIGGER audit_log_no_update;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN NOT (
  NEW.details IS NULL AND OLD.details IS NOT NULL
  AND NEW.seq = OLD.seq AND NEW.at = OLD.at AND NEW.actor = OLD.actor AND NEW.action = OLD.action
  AND NEW.subject = OLD.subject AND NEW.details_hash = OLD.details_hash
  AND NEW.prev_hash = OLD.prev_hash AND NEW.hash = OLD.hash
  AND EXISTS (SELECT 1 FROM audit_erasures WHERE seq = OLD.seq)
)
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only (only an erasure recorded in audit_erasures may clear details)'); END;

CREATE TRIGGER audit_erasures_no_update BEFORE UPDATE ON audit_erasures
BEGIN SELECT RAISE(ABORT, 'audit_erasures is append-only'); END;
CREATE TRIGGER audit_erasures_no_delete BEFORE DELETE ON audit_erasures
BEGIN SELECT RAISE(ABORT, 'audit_erasures is append-only'); END;
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;
`;
