/**
 * Incident cases (docs/cases.md): "everything about Friday's break-in" — a
 * name, a reason, who opened it, and ranges per camera. A case's ranges are
 * holds that carry its id (holds.case_id): the case is one hold over every
 * range, released together when the case is closed. A case is never deleted,
 * only closed (with who, when and why); its name, reason and kind never
 * change. case_exports ties each export package made of a case to it, with
 * the recipient it was made for.
 */
export const sql = `
CREATE TABLE cases (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL CHECK (length(name) > 0),
  reason        TEXT NOT NULL CHECK (length(reason) > 0),
  kind          TEXT NOT NULL CHECK (kind IN ('incident', 'legal', 'police')),
  opened_by     TEXT NOT NULL,
  opened_at     INTEGER NOT NULL,
  closed_at     INTEGER,
  closed_by     TEXT,
  close_reason  TEXT,
  CHECK ((closed_at IS NULL) = (closed_by IS NULL) AND (closed_at IS NULL) = (close_reason IS NULL))
) STRICT;

CREATE TRIGGER cases_no_delete BEFORE DELETE ON cases
BEGIN SELECT RAISE(ABORT, 'cases are never deleted, only closed'); END;
CREATE TRIGGER cases_fixed BEFORE UPDATE ON cases
WHEN NEW.name IS NOT OLD.name OR NEW.reason IS NOT OLD.reason OR NEW.kind IS NOT OLD.kind
  OR NEW.opened_by IS NOT OLD.opened_by OR NEW.opened_at IS NOT OLD.opened_at OR OLD.closed_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a case''s name, reason and kind are fixed, and a closed case stays closed'); END;

ALTER TABLE holds ADD COLUMN case_id INTEGER REFERENCES cases(id);
CREATE INDEX holds_case ON holds(case_id) WHERE case_id IS NOT NULL;
CREATE TRIGGER holds_case_fixed BEFORE UPDATE ON holds
WHEN NEW.case_id IS NOT OLD.case_id
BEGIN SELECT RAISE(ABORT, 'a hold''s case is fixed'); END;

CREATE TABLE case_exports (
  export_id  TEXT PRIMARY KEY REFERENCES exports(id),
  case_id    INTEGER NOT NULL REFERENCES cases(id),
  recipient  TEXT NOT NULL
) STRICT;
CREATE INDEX case_exports_case ON case_exports(case_id);
`;
