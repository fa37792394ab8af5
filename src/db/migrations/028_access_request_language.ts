/**
 * The language a person who asked for their footage reads (docs/access-requests.md), for the letters written to
 * them. Kept beside the request rather than in it: a request's intake is fixed and a closed request stays closed
 * (migration 011's trigger), but a language recorded wrongly must be correctable even after the request is closed,
 * when its response letter is printed. Each change is in the audit log (`access_request.language`).
 */
export const sql = `
CREATE TABLE access_request_languages (
  request_id  INTEGER PRIMARY KEY REFERENCES access_requests(id),
  language    TEXT NOT NULL CHECK (length(language) > 0),
  set_by      TEXT NOT NULL,
  set_at      INTEGER NOT NULL
) STRICT;
`;
