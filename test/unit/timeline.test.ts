import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openDb } from '../../src/db/open.js';
import { Timeline } from '../../src/segments/timeline.js';

describe(Timeline.name, () => {
  const db = openDb(':memory:');
  db.prepare("INSERT INTO cameras (id, name, origin, created_at) VALUES ('a', 'A', 'config', 0), ('b', 'B', 'config', 0)").run();
  db.prepare("INSERT INTO runs (id, camera_id, started_at) VALUES (1, 'a', 0), (2, 'b', 0)").run();
  const insert = db.prepare("INSERT INTO segments (camera_id, run_id, start_ms, end_ms, bytes, sha256, path) VALUES (?, ?, ?, ?, 1, ?, ?)");
  const add = (camera: string, run: number, start: number, end: number) => insert.run(camera, run, start, end, 'f'.repeat(64), `${camera}/${start}.mp4`);
  // a: 0-30 s contiguous, a 0.5 s hiccup at 30 s, then 40-50 s after a 9.5 s gap
  add('a', 1, 0, 10_000);
  add('a', 1, 10_000, 20_000);
  add('a', 1, 20_000, 30_000);
  add('a', 1, 30_500, 40_500);
  add('a', 1, 50_000, 60_000);
  add('b', 2, 5_000, 15_000);
  const timeline = new Timeline(db);

  it('merges contiguous segments and gaps up to 1 s into ranges, and splits at real gaps', () => {
    assert.deepEqual(timeline.recordedRanges('a', 0, 100_000), [
      [0, 40_500],
      [50_000, 60_000],
    ]);
  });

  it('includes a segment that started before the window and reaches into it', () => {
    assert.deepEqual(timeline.recordedRanges('a', 55_000, 100_000), [[50_000, 60_000]]);
    assert.deepEqual(timeline.recordedRanges('a', 60_000, 100_000), []);
  });

  it('keeps cameras apart', () => {
    assert.deepEqual(timeline.recordedRanges('b', 0, 100_000), [[5_000, 15_000]]);
    assert.deepEqual(timeline.recordedRanges('c', 0, 100_000), []);
  });
});
