/**
 * Storage history for the dashboard's storage page (docs/dashboard-pages.md).
 *
 * - storage_camera_bytes: bytes of footage each camera has in the index now,
 *   kept by triggers in the same transaction as every segment insert and
 *   delete, so "used by recordings" is O(cameras) instead of a scan of every
 *   segment.
 * - storage_daily: bytes and seconds recorded per camera per UTC day, added
 *   on insert and never reduced by deletion: the history of what was
 *   recorded (bytes/day, bitrate) outlives the footage itself.
 * - storage_samples: the disk (total, free) and the recordings' bytes,
 *   sampled by the daemon every 15 minutes, kept 90 days.
 */
export const sql = `
CREATE TABLE storage_camera_bytes (
  camera_id  TEXT PRIMARY KEY,
  bytes      INTEGER NOT NULL,
  segments   INTEGER NOT NULL
) STRICT;
INSERT INTO storage_camera_bytes (camera_id, bytes, segments)
  SELECT camera_id, sum(bytes), count(*) FROM segments GROUP BY camera_id;

CREATE TABLE storage_daily (
  camera_id    TEXT NOT NULL,
  day          INTEGER NOT NULL,   -- UTC day number: start_ms / 86400000
  bytes        INTEGER NOT NULL,
  duration_ms  INTEGER NOT NULL,
  PRIMARY KEY (camera_id, day)
) STRICT;
INSERT INTO storage_daily (camera_id, day, bytes, duration_ms)
  SELECT camera_id, start_ms / 86400000, sum(bytes), sum(end_ms - start_ms) FROM segments GROUP BY camera_id, start_ms / 86400000;

CREATE TABLE storage_samples (
  at                INTEGER PRIMARY KEY,
  total_bytes       INTEGER NOT NULL,
  free_bytes        INTEGER NOT NULL,
  recordings_bytes  INTEGER NOT NULL
) STRICT;

CREATE TRIGGER segments_storage_insert AFTER INSERT ON segments
BEGIN
  INSERT INTO storage_camera_bytes (camera_id, bytes, segments) VALUES (NEW.camera_id, NEW.bytes, 1)
    ON CONFLICT (camera_id) DO UPDATE SET bytes = bytes + excluded.bytes, segments = segments + 1;
  INSERT INTO storage_daily (camera_id, day, bytes, duration_ms) VALUES (NEW.camera_id, NEW.start_ms / 86400000, NEW.bytes, NEW.end_ms - NEW.start_ms)
    ON CONFLICT (camera_id, day) DO UPDATE SET bytes = bytes + excluded.bytes, duration_ms = duration_ms + excluded.duration_ms;
END;

CREATE TRIGGER segments_storage_delete AFTER DELETE ON segments
BEGIN
  UPDATE storage_camera_bytes SET bytes = bytes - OLD.bytes, segments = segments - 1 WHERE camera_id = OLD.camera_id;
END;
`;
