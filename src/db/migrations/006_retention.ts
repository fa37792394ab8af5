/**
 * Retention bookkeeping: the rule last applied per camera (to detect a
 * lowering that would delete at once what the old rule kept), and deletion
 * certificates: the full list of segments one sweep deleted. The sweep's
 * audit entry carries a hash over the sorted sha256 list, which proves the
 * certificate complete; certificates may be pruned after a year, the audit
 * entry stays.
 */
export const sql = `
CREATE TABLE retention_applied (
  camera_id      TEXT PRIMARY KEY,
  max_age_ms     INTEGER NOT NULL,
  max_bytes      INTEGER,
  justification  TEXT,
  applied_at     INTEGER NOT NULL
) STRICT;

CREATE TABLE deletion_certificates (
  id         INTEGER PRIMARY KEY,
  at         INTEGER NOT NULL,
  actor      TEXT NOT NULL,
  rules      TEXT NOT NULL,    -- JSON: the rules that applied, per camera
  count      INTEGER NOT NULL,
  bytes      INTEGER NOT NULL,
  list_hash  TEXT NOT NULL     -- sha256 over the sorted sha256 list, joined by newlines
) STRICT;

CREATE TABLE deletion_certificate_items (
  certificate_id  INTEGER NOT NULL REFERENCES deletion_certificates(id) ON DELETE CASCADE,
  segment_id      INTEGER NOT NULL,
  camera_id       TEXT NOT NULL,
  start_ms        INTEGER NOT NULL,
  end_ms          INTEGER NOT NULL,
  bytes           INTEGER NOT NULL,
  sha256          TEXT NOT NULL,
  reason          TEXT NOT NULL CHECK (reason IN ('age', 'quota', 'floor'))
) STRICT;
CREATE INDEX deletion_certificate_items_cert ON deletion_certificate_items(certificate_id);

`;
