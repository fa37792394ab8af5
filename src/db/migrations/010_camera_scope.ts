/**
 * The scope (purposes, area, signage, justifications, audio, schedule, masks)
 * of cameras added at run time. Config cameras carry theirs in the YAML.
 * Stored as JSON validated by cameraScopeSchema on every write and read.
 */
export const sql = `
CREATE TABLE camera_scope (
  camera_id   TEXT PRIMARY KEY REFERENCES cameras(id),
  scope       TEXT NOT NULL,
  updated_at  INTEGER NOT NULL,
  updated_by  TEXT NOT NULL
) STRICT;
`;
