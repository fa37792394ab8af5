/**
 * The free-space floor takes the oldest footage of any camera first, and the
 * default floor measures the last hour's bitrate across all cameras: both
 * read segments by start time alone.
 */
export const sql = `
CREATE INDEX segments_start ON segments(start_ms);
`;
