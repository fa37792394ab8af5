/**
 * Consent state kept in the index: printed signs (the hash of what each sign
 * says, and whether its posting was confirmed), stale-sign detections, and
 * privacy pauses. Times are UTC ms.
 */
export const sql = `
-- One row per rendering of a sign. sign_key is 'notice:<camera>', 'policy' or 'staff'.
-- content_sha256 covers what the sign says (canonical JSON of its content), not its layout.
CREATE TABLE signage_prints (
  id              INTEGER PRIMARY KEY,
  sign_key        TEXT NOT NULL,
  camera_id       TEXT,
  content_sha256  TEXT NOT NULL CHECK (length(content_sha256) = 64),
  printed_at      INTEGER NOT NULL,
  printed_by      TEXT NOT NULL,
  confirmed_at    INTEGER,
  confirmed_by    TEXT,
  CHECK ((confirmed_at IS NULL) = (confirmed_by IS NULL))
) STRICT;
CREATE INDEX signage_prints_key ON signage_prints(sign_key, id);

-- A posted sign that no longer matches the configuration, recorded once per
-- (sign, posted print, new content) so the audit log says when it went stale.
CREATE TABLE signage_stale (
  sign_key        TEXT NOT NULL,
  print_id        INTEGER NOT NULL REFERENCES signage_prints(id),
  current_sha256  TEXT NOT NULL CHECK (length(current_sha256) = 64),
  detected_at     INTEGER NOT NULL,
  PRIMARY KEY (sign_key, print_id, current_sha256)
) STRICT;

-- Privacy pauses. Open while ended_at IS NULL and (until_ms IS NULL OR until_ms > now).
CREATE TABLE privacy_pauses (
  id          INTEGER PRIMARY KEY,
  camera_id   TEXT NOT NULL,
  reason      TEXT NOT NULL CHECK (length(reason) > 0),
  started_at  INTEGER NOT NULL,
  started_by  TEXT NOT NULL,
  until_ms    INTEGER CHECK (until_ms IS NULL OR until_ms > started_at),
  ended_at    INTEGER,
  ended_by    TEXT,
  end_reason  TEXT CHECK (end_reason IS NULL OR end_reason IN ('resumed', 'replaced', 'expired'))
) STRICT;
CREATE INDEX privacy_pauses_open ON privacy_pauses(camera_id) WHERE ended_at IS NULL;
`;
