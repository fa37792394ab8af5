/**
 * Dashboard accounts, sessions and first-run setup tokens (docs/dashboard.md).
 * Session and setup tokens are stored as sha256 hashes only: a copy of the
 * index does not let anyone log in. Viewers see only the cameras listed in
 * user_camera_rights; owners and managers have every right on every camera.
 */
export const sql = `
CREATE TABLE users (
  id             INTEGER PRIMARY KEY,
  username       TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash  TEXT NOT NULL,
  role           TEXT NOT NULL CHECK (role IN ('owner', 'manager', 'viewer')),
  created_at     INTEGER NOT NULL,
  created_by     TEXT NOT NULL,
  disabled_at    INTEGER
) STRICT;

CREATE TABLE user_camera_rights (
  user_id    INTEGER NOT NULL REFERENCES users(id),
  camera_id  TEXT NOT NULL,
  live       INTEGER NOT NULL CHECK (live IN (0, 1)),
  playback   INTEGER NOT NULL CHECK (playback IN (0, 1)),
  export     INTEGER NOT NULL CHECK (export IN (0, 1)),
  PRIMARY KEY (user_id, camera_id)
) STRICT;

CREATE TABLE sessions (
  token_hash    TEXT PRIMARY KEY,
  user_id       INTEGER NOT NULL REFERENCES users(id),
  csrf_token    TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  last_seen_at  INTEGER NOT NULL,
  address       TEXT,
  revoked_at    INTEGER
) STRICT;
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE setup_tokens (
  token_hash  TEXT PRIMARY KEY,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  used_at     INTEGER
) STRICT;
`;
