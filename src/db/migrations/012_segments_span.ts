/**
 * A covering index for timelines: (camera, start, end) lets SQLite merge a
 * day of segments into recorded ranges without touching the table rows.
 * It replaces segments_camera_start, whose columns it starts with.
 */
export const sql = `
CREATE INDEX segments_camera_span ON segments(camera_id, start_ms, end_ms);
DROP INDEX segments_camera_start;
`;
