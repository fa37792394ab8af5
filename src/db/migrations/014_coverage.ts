/**
 * Recorded ranges per camera, kept by triggers in the same transaction as
 * every segment insert and delete, so a timeline reads O(ranges) rows
 * instead of every segment (docs/benchmarks-index.md). Segments closer than
 * 1 s join one range. A deleted segment splits its range around itself; the
 * pieces keep up to 1 s of the join gap at the cut, which a timeline drawn in
 * seconds does not show.
 */
export const sql = `
CREATE TABLE coverage (
  id         INTEGER PRIMARY KEY,
  camera_id  TEXT NOT NULL,
  start_ms   INTEGER NOT NULL,
  end_ms     INTEGER NOT NULL CHECK (end_ms >= start_ms)
) STRICT;
CREATE INDEX coverage_camera_end ON coverage(camera_id, end_ms);
CREATE INDEX coverage_camera_start ON coverage(camera_id, start_ms);

INSERT INTO coverage (camera_id, start_ms, end_ms)
SELECT camera_id, min(start_ms), max(end_ms) FROM (
  SELECT camera_id, start_ms, end_ms,
         sum(gap) OVER (PARTITION BY camera_id ORDER BY start_ms ROWS UNBOUNDED PRECEDING) AS grp
  FROM (
    SELECT camera_id, start_ms, end_ms,
           CASE WHEN start_ms > coalesce(lag(end_ms) OVER (PARTITION BY camera_id ORDER BY start_ms), -1e18) + 1000 THEN 1 ELSE 0 END AS gap
    FROM segments
  )
)
GROUP BY camera_id, grp;

CREATE TRIGGER segments_coverage_insert AFTER INSERT ON segments
BEGIN
  INSERT INTO coverage (camera_id, start_ms, end_ms)
    SELECT NEW.camera_id, min(NEW.start_ms, coalesce(min(start_ms), NEW.start_ms)), max(NEW.end_ms, coalesce(max(end_ms), NEW.end_ms))
    FROM coverage
    WHERE camera_id = NEW.camera_id AND end_ms >= NEW.start_ms - 1000 AND start_ms <= NEW.end_ms + 1000;
  DELETE FROM coverage
    WHERE camera_id = NEW.camera_id AND end_ms >= NEW.start_ms - 1000 AND start_ms <= NEW.end_ms + 1000
      AND id <> last_insert_rowid();
END;

CREATE TRIGGER segments_coverage_delete AFTER DELETE ON segments
BEGIN
  INSERT INTO coverage (camera_id, start_ms, end_ms)
    SELECT camera_id, start_ms, OLD.start_ms FROM coverage
    WHERE camera_id = OLD.camera_id AND start_ms < OLD.start_ms AND end_ms > OLD.start_ms;
  INSERT INTO coverage (camera_id, start_ms, end_ms)
    SELECT camera_id, OLD.end_ms, end_ms FROM coverage
    WHERE camera_id = OLD.camera_id AND start_ms < OLD.end_ms AND end_ms > OLD.end_ms;
  DELETE FROM coverage
    WHERE camera_id = OLD.camera_id AND start_ms < OLD.end_ms AND end_ms > OLD.start_ms;
END;
`;
