/**
 * ONVIF details of cameras onboarded by discovery or by hand (origin 'index'
 * rows of `cameras`), and camera credentials encrypted at rest.
 * Numbered 4: the retention work uses 3, 5, 6 and 7.
 */
export const sql = `
CREATE TABLE camera_onvif (
  camera_id        TEXT PRIMARY KEY REFERENCES cameras(id),
  xaddr            TEXT NOT NULL,         -- device service; private/link-local only
  urn              TEXT,                  -- WS-Discovery endpoint reference, when discovered
  media_xaddr      TEXT NOT NULL,
  manufacturer     TEXT NOT NULL,
  model            TEXT NOT NULL,
  firmware         TEXT NOT NULL,
  serial           TEXT NOT NULL,
  hardware         TEXT NOT NULL,
  main_profile     TEXT NOT NULL,         -- recorded (cameras.rtsp_url is its stream URI)
  main_codec       TEXT NOT NULL,
  sub_profile      TEXT,                  -- for live view
  sub_rtsp_url     TEXT,
  snapshot_url     TEXT,
  clock_offset_ms  INTEGER NOT NULL,      -- camera clock minus ours at onboarding
  clock_skewed     INTEGER NOT NULL CHECK (clock_skewed IN (0, 1)),
  h265_only        INTEGER NOT NULL CHECK (h265_only IN (0, 1)),
  profiles         TEXT NOT NULL,         -- JSON array of every video profile seen
  onboarded_at     INTEGER NOT NULL
) STRICT;

-- AES-256-GCM; plaintext is JSON {"username","password"}, the camera id is
-- the additional authenticated data so a row cannot be moved to another camera.
-- The key is <dataDir>/keys/credentials.key (0600), never in the index.
CREATE TABLE camera_credentials (
  camera_id   TEXT PRIMARY KEY REFERENCES cameras(id),
  key_id      TEXT NOT NULL,              -- first 16 hex of sha256(key): detects a wrong key file
  iv          BLOB NOT NULL CHECK (length(iv) = 12),
  ciphertext  BLOB NOT NULL,
  tag         BLOB NOT NULL CHECK (length(tag) = 16),
  updated_at  INTEGER NOT NULL
) STRICT;
`;
