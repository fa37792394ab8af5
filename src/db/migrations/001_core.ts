/**
 * Core index: cameras, runs, segments, the two-phase-deletion garbage table,
 * quarantine and lost-footage records, alarms, and metadata.
 * Times are UTC milliseconds since the epoch (INTEGER).
 */
export const sql = `
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE cameras (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  origin      TEXT NOT NULL CHECK (origin IN ('config', 'index')),
  rtsp_url    TEXT,           -- without credentials
  created_at  INTEGER NOT NULL,
  removed_at  INTEGER
) STRICT;

-- One continuous recording session of a camera. A gap always ends a run.
CREATE TABLE runs (
  id           INTEGER PRIMARY KEY,
  camera_id    TEXT NOT NULL REFERENCES cameras(id),
  started_at   INTEGER NOT NULL,
  ended_at     INTEGER,
  end_reason   TEXT,
  video_codec  TEXT,
  width        INTEGER,
  height       INTEGER,
  audio_codec  TEXT
) STRICT;
CREATE INDEX runs_camera_started ON runs(camera_id, started_at);

-- A row exists only for a complete, fsynced file whose sha256 and size it records.
CREATE TABLE segments (
  id         INTEGER PRIMARY KEY,
  camera_id  TEXT NOT NULL REFERENCES cameras(id),
  run_id     INTEGER NOT NULL REFERENCES runs(id),
  start_ms   INTEGER NOT NULL,
  end_ms     INTEGER NOT NULL CHECK (end_ms >= start_ms),
  bytes      INTEGER NOT NULL CHECK (bytes > 0),
  sha256     TEXT NOT NULL CHECK (length(sha256) = 64),
  path       TEXT NOT NULL UNIQUE, -- relative to the recordings root
  recovered  INTEGER NOT NULL DEFAULT 0 -- 1 when ingested by start-up reconciliation
) STRICT;
CREATE INDEX segments_camera_start ON segments(camera_id, start_ms);
CREATE INDEX segments_run ON segments(run_id);

-- Two-phase deletion: a segment row moves here in the same transaction that
-- decides its deletion; the file is unlinked, the directory fsynced, and only
-- then is this row removed. Start-up finishes whatever is left here.
CREATE TABLE garbage (
  id          INTEGER PRIMARY KEY,
  segment_id  INTEGER NOT NULL,
  camera_id   TEXT NOT NULL,
  path        TEXT NOT NULL,
  reason      TEXT NOT NULL,
  created_at  INTEGER NOT NULL
) STRICT;

-- Files reconciliation could not ingest. Kept on disk (never deleted), reported.
CREATE TABLE quarantine (
  id          INTEGER PRIMARY KEY,
  camera_id   TEXT,
  path        TEXT NOT NULL,  -- relative to the recordings root, inside quarantine/
  original    TEXT NOT NULL,
  reason      TEXT NOT NULL,
  bytes       INTEGER NOT NULL,
  created_at  INTEGER NOT NULL
) STRICT;

-- Rows whose file vanished: removed from segments (so no row points at a missing
-- file) and kept here as the record of what was lost.
CREATE TABLE lost_segments (
  id          INTEGER PRIMARY KEY,
  segment_id  INTEGER NOT NULL,
  camera_id   TEXT NOT NULL,
  start_ms    INTEGER NOT NULL,
  end_ms      INTEGER NOT NULL,
  bytes       INTEGER NOT NULL,
  sha256      TEXT NOT NULL,
  path        TEXT NOT NULL,
  detected_at INTEGER NOT NULL
) STRICT;

-- One alarm model for the whole product. At most one open alarm per (kind, subject).
CREATE TABLE alarms (
  id               INTEGER PRIMARY KEY,
  kind             TEXT NOT NULL,
  subject          TEXT NOT NULL,
  severity         TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
  message          TEXT NOT NULL,
  details          TEXT,
  raised_at        INTEGER NOT NULL,
  last_seen_at     INTEGER NOT NULL,
  acknowledged_at  INTEGER,
  acknowledged_by  TEXT,
  cleared_at       INTEGER
) STRICT;
CREATE UNIQUE INDEX alarms_open ON alarms(kind, subject) WHERE cleared_at IS NULL;
`;
