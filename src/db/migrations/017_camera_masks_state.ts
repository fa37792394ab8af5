/**
 * Who blacks out each masked camera's privacy masks: the camera itself
 * (ONVIF Media2 masks, pushed and verified by a snapshot check) or Premises
 * (decode + overlay + re-encode). One row per camera with masks; written
 * before the recorder starts that camera, so footage is never stored without
 * one of the two in force (docs/masks.md).
 */
export const sql = `
CREATE TABLE camera_masks_state (
  camera_id     TEXT PRIMARY KEY REFERENCES cameras(id),
  masks_hash    TEXT NOT NULL,                 -- sha256 of the canonical JSON of the polygons
  method        TEXT NOT NULL CHECK (method IN ('camera', 'premises')),
  verified_at   INTEGER,                       -- when the snapshot check last passed (method camera)
  last_error    TEXT,                          -- why Premises masks itself, in words for the owner
  camera_tokens TEXT NOT NULL DEFAULT '[]',    -- JSON: tokens of the masks Premises created on the camera
  updated_at    INTEGER NOT NULL
) STRICT;
`;
