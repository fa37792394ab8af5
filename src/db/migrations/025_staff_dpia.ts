/**
 * Staff notices and the privacy impact assessment (docs/staff-dpia.md).
 *
 * - `staff`: the people who work on the premises, as the owner keeps them (a new hire is one command or one form):
 *   name, job title, the areas they work in and the language of their notice. Someone who leaves is marked, not
 *   deleted, so their acknowledgements stay provable; their row holds nothing else.
 * - `staff_acks`: one row per acknowledgement of an individual notice, fixed once written: which version of the
 *   notice (the hash of its content), the day the person signed, how, and who recorded it.
 * - `dpia_answers`: the owner's current answers to the questions only a person can answer (a draft).
 * - `dpia_versions`: each saved assessment, the facts and the answers as saved, fixed once written.
 * - An index of the audit log by action and time, so the report's count of routine viewing over the last 30 days
 *   reads only those entries however long the log is.
 */
export const sql = `
CREATE TABLE staff (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  role        TEXT NOT NULL,
  areas       TEXT NOT NULL,             -- JSON array of area types
  language    TEXT NOT NULL,
  added_at    INTEGER NOT NULL,
  added_by    TEXT NOT NULL,
  left_at     INTEGER,
  left_by     TEXT,
  CHECK ((left_at IS NULL) = (left_by IS NULL))
) STRICT;

CREATE TABLE staff_acks (
  id              INTEGER PRIMARY KEY,
  staff_id        INTEGER NOT NULL REFERENCES staff(id),
  notice_sha256   TEXT NOT NULL CHECK (length(notice_sha256) = 64),
  method          TEXT NOT NULL CHECK (method IN ('paper')),
  signed_on       TEXT NOT NULL,          -- local date the person signed, YYYY-MM-DD
  recorded_at     INTEGER NOT NULL,
  recorded_by     TEXT NOT NULL
) STRICT;
CREATE INDEX staff_acks_staff ON staff_acks(staff_id, id);
CREATE TRIGGER staff_acks_fixed BEFORE UPDATE ON staff_acks
BEGIN SELECT RAISE(ABORT, 'an acknowledgement is fixed once recorded'); END;
CREATE TRIGGER staff_acks_kept BEFORE DELETE ON staff_acks
BEGIN SELECT RAISE(ABORT, 'acknowledgements are never deleted'); END;

CREATE TABLE dpia_answers (
  question     TEXT PRIMARY KEY,
  answer       TEXT NOT NULL,
  answered_at  INTEGER NOT NULL,
  answered_by  TEXT NOT NULL
) STRICT;

CREATE TABLE dpia_versions (
  version       INTEGER PRIMARY KEY,
  saved_at      INTEGER NOT NULL,
  saved_by      TEXT NOT NULL,
  facts_sha256  TEXT NOT NULL CHECK (length(facts_sha256) = 64),
  content       TEXT NOT NULL,            -- canonical JSON: {facts, answers}
  sha256        TEXT NOT NULL CHECK (length(sha256) = 64)
) STRICT;
CREATE TRIGGER dpia_versions_fixed BEFORE UPDATE ON dpia_versions
BEGIN SELECT RAISE(ABORT, 'a saved assessment is fixed; save a new version'); END;
CREATE TRIGGER dpia_versions_kept BEFORE DELETE ON dpia_versions
BEGIN SELECT RAISE(ABORT, 'saved assessments are never deleted'); END;

CREATE INDEX audit_log_action_at ON audit_log(action, at);
`;
