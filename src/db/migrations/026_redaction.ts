/**
 * Automatic bystander redaction (docs/redaction.md): one row per redaction of
 * an access-request export, from the detection pass through the review to
 * the published export. The detections themselves (face tracks, review
 * frames, cut clips) are never in the index: they live in the job's working
 * folder, <dataDir>/redaction/<id>/, which is deleted when the job ends. What
 * stays is who reviewed it, the export it became and a count of the tracks.
 */
export const sql = `
CREATE TABLE redaction_jobs (
  id           TEXT PRIMARY KEY,
  request      TEXT NOT NULL,                 -- JSON ExportRequest; answers an access request
  created_by   TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  state        TEXT NOT NULL CHECK (state IN ('analysing', 'review', 'publishing', 'published', 'failed', 'discarded')),
  pid          INTEGER,                       -- the process analysing or publishing (a dead one means interrupted)
  attempts     INTEGER NOT NULL DEFAULT 1 CHECK (attempts >= 1),
  reviewer     TEXT,
  reviewed_at  INTEGER,
  export_id    TEXT,                          -- chosen when publishing starts, so a restart can tell whether it finished
  summary      TEXT,                          -- JSON track counts, kept after the working folder is gone
  error        TEXT,
  ended_at     INTEGER,
  CHECK ((state IN ('published', 'failed', 'discarded')) = (ended_at IS NOT NULL)),
  CHECK (state <> 'published' OR export_id IS NOT NULL)
) STRICT;
CREATE INDEX redaction_jobs_open ON redaction_jobs(state) WHERE state IN ('analysing', 'review', 'publishing');
`;
