/**
 * Zone alarms (docs/activity.md): which analysed segments the "movement in a zone during closed hours"
 * rules have looked at, so each segment's activity is judged once, whatever order the index analyses
 * segments in (newest first, backlogs later). The row goes with its segment (ON DELETE CASCADE), like
 * the activity it describes.
 */
export const sql = `
CREATE TABLE zone_alarm_checks (
  segment_id INTEGER PRIMARY KEY REFERENCES segments(id) ON DELETE CASCADE,
  checked_at INTEGER NOT NULL,           -- when the rules looked at this segment's activity
  moments    INTEGER NOT NULL            -- moments found in a zone during closed hours
) STRICT;
-- The last moment per camera and zone: movement that runs on across a segment boundary is one moment,
-- one alarm and one audit entry, not one per segment.
CREATE TABLE zone_alarm_last (
  camera_id TEXT NOT NULL,
  zone      TEXT NOT NULL,
  from_ms   INTEGER NOT NULL,
  to_ms     INTEGER NOT NULL,
  PRIMARY KEY (camera_id, zone)
) STRICT;
`;
