/**
 * Access requests from people filmed (docs/access-requests.md). The deadline
 * is computed once at intake from the jurisdiction profile and stored, so a
 * later profile change cannot move a promise already made. Rows are never
 * deleted; a request is closed once, with its outcome.
 */
export const sql = `
CREATE TABLE access_requests (
  id                     INTEGER PRIMARY KEY,
  requester              TEXT NOT NULL CHECK (length(requester) > 0),
  identity_verification  TEXT NOT NULL CHECK (length(identity_verification) > 0),
  received_on            TEXT NOT NULL CHECK (received_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  jurisdiction           TEXT NOT NULL,
  cameras                TEXT NOT NULL,           -- JSON array of camera ids
  from_ms                INTEGER NOT NULL,
  to_ms                  INTEGER NOT NULL CHECK (to_ms > from_ms),
  description            TEXT NOT NULL CHECK (length(description) > 0),
  due_on                 TEXT NOT NULL,
  extended_due_on        TEXT NOT NULL,
  deadline_rule          TEXT NOT NULL,
  created_by             TEXT NOT NULL,
  created_at             INTEGER NOT NULL,
  extended_at            INTEGER,                 -- the allowed extension was taken (and the requester told)
  extended_by            TEXT,
  extension_reason       TEXT,
  closed_at              INTEGER,
  closed_by              TEXT,
  outcome                TEXT,
  CHECK ((closed_at IS NULL) = (closed_by IS NULL) AND (closed_at IS NULL) = (outcome IS NULL)),
  CHECK ((extended_at IS NULL) = (extended_by IS NULL) AND (extended_at IS NULL) = (extension_reason IS NULL))
) STRICT;
CREATE INDEX access_requests_open ON access_requests(due_on) WHERE closed_at IS NULL;

-- Which holds keep a request's candidate footage.
CREATE TABLE access_request_holds (
  request_id  INTEGER NOT NULL REFERENCES access_requests(id),
  hold_id     INTEGER NOT NULL REFERENCES holds(id),
  PRIMARY KEY (request_id, hold_id)
) STRICT;

CREATE TRIGGER access_requests_no_delete BEFORE DELETE ON access_requests
BEGIN SELECT RAISE(ABORT, 'access requests are never deleted, only closed'); END;
CREATE TRIGGER access_requests_closed_once BEFORE UPDATE ON access_requests
WHEN OLD.closed_at IS NOT NULL OR NEW.id IS NOT OLD.id OR NEW.received_on IS NOT OLD.received_on OR NEW.due_on IS NOT OLD.due_on
  OR NEW.extended_due_on IS NOT OLD.extended_due_on OR NEW.created_at IS NOT OLD.created_at OR NEW.from_ms IS NOT OLD.from_ms
  OR NEW.to_ms IS NOT OLD.to_ms OR NEW.cameras IS NOT OLD.cameras
  OR (OLD.extended_at IS NOT NULL AND (NEW.extended_at IS NOT OLD.extended_at OR NEW.extension_reason IS NOT OLD.extension_reason))
BEGIN SELECT RAISE(ABORT, 'an access request''s intake and deadline are fixed, an extension is taken once, and a closed request stays closed'); END;
`;
