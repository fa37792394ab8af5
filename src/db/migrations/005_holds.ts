/**
 * Holds on (camera, time range): held footage is never deleted by age, quota
 * or the free-space floor. A hold is never deleted, only released (with who,
 * when and why); its range and kind never change once set.
 */
export const sql = `
CREATE TABLE holds (
  id              INTEGER PRIMARY KEY,
  camera_id       TEXT NOT NULL,
  from_ms         INTEGER NOT NULL,
  to_ms           INTEGER NOT NULL CHECK (to_ms > from_ms),
  kind            TEXT NOT NULL CHECK (kind IN ('incident', 'access_request', 'legal', 'police', 'decision')),
  reason          TEXT NOT NULL CHECK (length(reason) > 0),
  created_by      TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  review_at       INTEGER,
  decided_at      INTEGER,         -- 'decision' holds: when the decision about the person was made
  released_at     INTEGER,
  released_by     TEXT,
  release_reason  TEXT,
  CHECK (kind <> 'decision' OR decided_at IS NOT NULL),
  CHECK ((released_at IS NULL) = (released_by IS NULL) AND (released_at IS NULL) = (release_reason IS NULL))
) STRICT;
CREATE INDEX holds_active ON holds(camera_id, from_ms) WHERE released_at IS NULL;

CREATE TRIGGER holds_no_delete BEFORE DELETE ON holds
BEGIN SELECT RAISE(ABORT, 'holds are never deleted, only released'); END;
CREATE TRIGGER holds_fixed BEFORE UPDATE ON holds
WHEN NEW.camera_id IS NOT OLD.camera_id OR NEW.from_ms IS NOT OLD.from_ms OR NEW.to_ms IS NOT OLD.to_ms
  OR NEW.kind IS NOT OLD.kind OR NEW.decided_at IS NOT OLD.decided_at OR NEW.created_at IS NOT OLD.created_at
  OR OLD.released_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a hold''s range and kind are fixed, and a released hold stays released'); END;
`;
