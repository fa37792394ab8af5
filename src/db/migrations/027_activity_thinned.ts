/**
 * Whether a segment's activity was analysed coarsely: when the index fell too far behind (many cameras on a
 * small box), it reads only the first keyframe of each segment until it has caught up, so no segment is left
 * without a row. 1 = one sample per segment instead of one per keyframe (docs/activity.md, "Backlog").
 */
export const sql = `
ALTER TABLE activity ADD COLUMN thinned INTEGER NOT NULL DEFAULT 0;
`;
