/**
 * Append-only, hash-chained audit log. The triggers make accidental or casual
 * edits impossible; the chain and signed checkpoints make deliberate ones
 * (with the triggers dropped) detectable.
 */
export const sql = `
CREATE TABLE audit_log (
  seq           INTEGER PRIMARY KEY,
  at            INTEGER NOT NULL,
  actor         TEXT NOT NULL,
  action        TEXT NOT NULL,
  subject       TEXT NOT NULL,
  details       TEXT,           -- JSON; may be erased on a lawful request
  details_hash  TEXT NOT NULL,  -- sha256 of the original details text
  prev_hash     TEXT NOT NULL,
  hash          TEXT NOT NULL
) STRICT;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- Erasure of personal data in an entry's details. The entry's details_hash
-- still proves the chain; the erasure itself is an audit entry.
CREATE TABLE audit_erasures (
  seq         INTEGER PRIMARY KEY REFERENCES audit_log(seq),
  erased_at   INTEGER NOT NULL,
  erased_by   TEXT NOT NULL,
  reason      TEXT NOT NULL
) STRICT;
`;
