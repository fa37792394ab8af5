import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { boxCells } from '../../src/activity/grid.js';
import { ActivityIndexer } from '../../src/activity/indexer.js';
import { searchRegion } from '../../src/activity/store.js';
import { FakeClock } from '../../src/shared/clock.js';
import { silentLogger } from '../../src/shared/logger.js';
import { addRecordedRun, GOP_SECONDS } from '../support/footage.js';
import { cameraYaml, makeInstall, type TestInstall } from '../support/install.js';
import { rig, type Rig } from '../support/sweeper.js';

const S = 1000;
/**
 * A backlog: 40 s of one camera in 2 s segments, all pending at once (as after many cameras outran the index,
 * or after an upgrade that added it). A white square sits in the top left quarter during [6 s, 14 s) and
 * nothing else changes.
 */
const SECONDS = 40;
const SEGMENT_SECONDS = 2;
const SOURCE = "color=c=gray:s=640x360:r=25[bg];color=c=white:s=60x60:r=25[a];[bg][a]overlay=x=40:y=40:enable='between(t,6,14)'";
const BATCH = 4;

/**
 * The indexer reads the monotonic clock when a pass starts and before each batch; each read here is 0.6 s
 * later, so with `thinAfterMs: 1000` the first batch is analysed in full and every later batch of the same pass
 * is "behind" — deterministic, whatever the machine's load.
 */
class SteppingClock extends FakeClock {
  private reads = 0;
  override monotonic(): number {
    this.reads += 1;
    return this.reads * 600;
  }
}

interface Row {
  start_ms: number;
  samples: number;
  thinned: number;
  error: string | null;
}

void describe('activity index under a backlog (real ffmpeg, real SQLite, real files)', () => {
  let install: TestInstall;
  let r: Rig;
  const clock = new SteppingClock(Date.UTC(2026, 11, 5, 21, 40));
  let t0 = 0;
  let settled = 0;

  before(async () => {
    install = makeInstall(`cameras:\n${cameraYaml('till')}`);
    r = rig(install.configPath, clock);
    t0 = clock.now() - SECONDS * S;
    addRecordedRun(r.db, r.layout, 'till', { startMs: t0, seconds: SECONDS, segmentSeconds: SEGMENT_SECONDS, source: SOURCE });
    const indexer = new ActivityIndexer({ db: r.db, layout: r.layout, clock, log: silentLogger(), masksOf: () => [], workDir: join(install.dir, 'work'), batchSize: BATCH, thinAfterMs: 1000 });
    settled = await indexer.drain();
  });
  after(() => {
    r.close();
    install.cleanup();
  });

  const rows = () => r.db.prepare("SELECT a.start_ms, a.samples, a.thinned, a.error FROM activity a WHERE a.camera_id = 'till' ORDER BY a.start_ms").all() as Row[];

  void it('works the whole backlog off: a row for every stored segment, none left pending', () => {
    const segments = (r.db.prepare("SELECT COUNT(*) AS n FROM segments WHERE camera_id = 'till'").get() as { n: number }).n;
    assert.ok(segments >= SECONDS / SEGMENT_SECONDS - 1, `${segments} segments`);
    assert.equal(settled, segments, 'every segment settled in one drain');
    const pending = r.db.prepare('SELECT COUNT(*) AS n FROM segments s LEFT JOIN activity a ON a.segment_id = s.id WHERE a.segment_id IS NULL').get() as { n: number };
    assert.equal(pending.n, 0);
    assert.deepEqual(rows().filter((row) => row.error !== null), [], 'no segment failed');
  });

  void it('analyses the newest batch in full, then reads one keyframe per segment and says so in the row', () => {
    const all = rows();
    const full = all.slice(-BATCH);
    const thinned = all.slice(0, -BATCH);
    const keyframesPerSegment = Math.round(SEGMENT_SECONDS / GOP_SECONDS);
    for (const row of full) {
      assert.equal(row.thinned, 0, `newest segment at ${(row.start_ms - t0) / S} s: not thinned`);
      assert.ok(row.samples >= keyframesPerSegment - 1, `newest segment at ${(row.start_ms - t0) / S} s: ${row.samples} samples, every keyframe`);
    }
    assert.ok(thinned.length >= 2 * BATCH, `${thinned.length} thinned rows`);
    for (const row of thinned) {
      assert.equal(row.thinned, 1, `backlog segment at ${(row.start_ms - t0) / S} s is marked thinned`);
      assert.equal(row.samples, 1, `backlog segment at ${(row.start_ms - t0) / S} s: its first keyframe only`);
    }
  });

  void it('still finds the change in the thinned footage, at the coarser resolution, and nowhere else', () => {
    const topLeft = searchRegion(r.db, 'till', boxCells({ x: 0, y: 0, width: 0.5, height: 0.5 }), t0, t0 + SECONDS * S);
    const seconds = topLeft.map((m) => [(m.fromMs - t0) / S, (m.toMs - t0) / S]);
    // One sample per segment, at its start (segments are cut at the first keyframe after each 2 s, so they start
    // within 0.8 s after it): the square's arrival at 6 s is seen at the first segment start after it, its
    // departure at 14 s likewise; changes 8 s apart are two moments.
    assert.equal(seconds.length, 2, JSON.stringify(seconds));
    const [arrival, departure] = seconds as [[number, number], [number, number]];
    assert.ok(arrival[0] >= 6 && arrival[1] <= 6 + SEGMENT_SECONDS, `arrival seen at ${arrival.join('–')} s`);
    assert.ok(departure[0] >= 14 && departure[1] <= 14 + SEGMENT_SECONDS, `departure seen at ${departure.join('–')} s`);
    assert.deepEqual(searchRegion(r.db, 'till', boxCells({ x: 0.5, y: 0.5, width: 0.5, height: 0.5 }), t0, t0 + SECONDS * S), [], 'nothing moved in the bottom right');
  });
});
