/**
 * What each printed sign said, so a stale sign can be explained: the
 * version of the signs' own wording it was printed with (1 for prints made
 * before versions existed) and its content as canonical JSON (what the hash
 * covers). The Compliance page then says "the sign's wording changed: …" or
 * which part of the configuration changed, instead of only "stale".
 */
export const sql = `
ALTER TABLE signage_prints ADD COLUMN wording INTEGER NOT NULL DEFAULT 1;
ALTER TABLE signage_prints ADD COLUMN content TEXT;
`;
