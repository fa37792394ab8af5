import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openDb } from '../../src/db/open.js';
import { Timeline } from '../../src/segments/timeline.js';

function setup() {
  const db = openDb(':memory:');
  db.prepare("INSERT INTO cameras (id, name, origin, created_at) VALUES ('a', 'A', 'config', 0), ('b', 'B', 'config', 0)").run();
  db.prepare("INSERT INTO runs (id, camera_id, started_at) VALUES (1, 'a', 0), (2, 'b', 0)").run();
  const insert = db.prepare('INSERT INTO segments (camera_id, run_id, start_ms, end_ms, bytes, sha256, path) VALUES (?, ?, ?, ?, 1, ?, ?)');
  const add = (camera: string, start: number, end: number) => Number(insert.run(camera, camera === 'a' ? 1 : 2, start, end, 'f'.repeat(64), `${camera}/${start}.mp4`).lastInsertRowid);
  const remove = (id: number) => db.prepare('DELETE FROM segments WHERE id = ?').run(id);
  return { db, add, remove, timeline: new Timeline(db) };
}

describe(Timeline.name, () => {
  it('merges contiguous segments and gaps up to 1 s into ranges, and splits at real gaps', () => {
    const { add, timeline } = setup();
    add('a', 0, 10_000);
    add('a', 10_000, 20_000);
    add('a', 20_000, 30_000);
    add('a', 30_500, 40_500); // a 0.5 s hiccup joins
    add('a', 50_000, 60_000); // a 9.5 s gap splits
    add('b', 5_000, 15_000);
    assert.deepEqual(timeline.recordedRanges('a', 0, 100_000), [
      [0, 40_500],
      [50_000, 60_000],
    ]);
    assert.deepEqual(timeline.recordedRanges('b', 0, 100_000), [[5_000, 15_000]], 'cameras stay apart');
    assert.deepEqual(timeline.recordedRanges('c', 0, 100_000), []);
  });

  it('clips ranges to the window', () => {
    const { add, timeline } = setup();
    add('a', 50_000, 60_000);
    assert.deepEqual(timeline.recordedRanges('a', 55_000, 100_000), [[55_000, 60_000]]);
    assert.deepEqual(timeline.recordedRanges('a', 60_000, 100_000), []);
  });

  it('joins a segment that fills a gap, in any order (recovered files arrive late)', () => {
    const { add, timeline } = setup();
    add('a', 0, 10_000);
    add('a', 20_000, 30_000);
    add('a', 10_000, 20_000);
    assert.deepEqual(timeline.recordedRanges('a', 0, 100_000), [[0, 30_000]]);
  });

  it('follows deletions: the oldest trimmed by retention, a middle one split around a hold', () => {
    const { add, remove, timeline } = setup();
    const ids = [0, 1, 2, 3, 4].map((i) => add('a', i * 10_000, (i + 1) * 10_000));
    remove(ids[0] as number);
    assert.deepEqual(timeline.recordedRanges('a', 0, 100_000), [[10_000, 50_000]]);
    remove(ids[2] as number);
    assert.deepEqual(timeline.recordedRanges('a', 0, 100_000), [
      [10_000, 20_000],
      [30_000, 50_000],
    ]);
    remove(ids[4] as number);
    remove(ids[3] as number);
    remove(ids[1] as number);
    assert.deepEqual(timeline.recordedRanges('a', 0, 100_000), []);
  });

  it('backfills ranges for segments recorded before the coverage table existed', async () => {
    const { MIGRATIONS } = await import('../../src/db/migrations/index.js');
    const { migrate } = await import('../../src/db/open.js');
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS, 13);
    db.prepare("INSERT INTO cameras (id, name, origin, created_at) VALUES ('a', 'A', 'config', 0)").run();
    db.prepare("INSERT INTO runs (id, camera_id, started_at) VALUES (1, 'a', 0)").run();
    const insert = db.prepare("INSERT INTO segments (camera_id, run_id, start_ms, end_ms, bytes, sha256, path) VALUES ('a', 1, ?, ?, 1, ?, ?)");
    for (const [s, e] of [[0, 10_000], [10_000, 20_000], [40_000, 50_000]] as const) insert.run(s, e, 'f'.repeat(64), `a/${s}.mp4`);
    migrate(db, MIGRATIONS);
    assert.deepEqual(new Timeline(db).recordedRanges('a', 0, 100_000), [
      [0, 20_000],
      [40_000, 50_000],
    ]);
  });
});
