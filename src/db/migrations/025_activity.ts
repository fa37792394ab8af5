/**
 * The activity index: where in the picture something changed, per stored segment. One row per analysed
 * segment; the row goes with its segment (ON DELETE CASCADE), so activity is deleted with the footage it
 * describes and kept as long as that footage is held. No image is stored: per changed keyframe, 144 bits
 * (a 16 × 9 grid of cells) and its offset in the segment (src/activity/record.ts, docs/activity.md).
 */
export const sql = `
CREATE TABLE activity (
  segment_id INTEGER PRIMARY KEY REFERENCES segments(id) ON DELETE CASCADE,
  camera_id  TEXT NOT NULL,
  start_ms   INTEGER NOT NULL,            -- the segment's start, so searches need no join to find rows
  samples    INTEGER NOT NULL,            -- keyframes analysed
  changed    INTEGER NOT NULL,            -- of those, with any change outside the privacy masks
  peak       INTEGER NOT NULL,            -- most cells changed in one keyframe (0..144)
  data       BLOB NOT NULL,               -- version byte + changed samples
  error      TEXT                         -- why the segment could not be analysed (then samples = 0)
) STRICT;
CREATE INDEX activity_camera_start ON activity(camera_id, start_ms);
`;
