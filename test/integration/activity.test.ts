import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { boxCells, maskedCells } from '../../src/activity/grid.js';
import { ActivityIndexer } from '../../src/activity/indexer.js';
import { activityBuckets, searchRegion, type Moment } from '../../src/activity/store.js';
import { FakeClock } from '../../src/shared/clock.js';
import { silentLogger } from '../../src/shared/logger.js';
import type { Point } from '../../src/recorder/mask.js';
import { addRecordedRun } from '../support/footage.js';
import { cameraYaml, makeInstall, type TestInstall } from '../support/install.js';
import { rig, type Rig } from '../support/sweeper.js';

const S = 1000;
/**
 * A grey scene, 640×360 at 25 fps (a keyframe every 0.8 s). Two white squares move, each in a known quarter
 * during known seconds: top left during [6 s, 10 s), bottom right during [14 s, 18 s). Nothing else changes.
 */
const SECONDS = 24;
const SOURCE =
  'color=c=gray:s=640x360:r=25[bg];color=c=white:s=60x60:r=25[a];color=c=white:s=60x60:r=25[b];' +
  "[bg][a]overlay=x='20+25*(t-6)':y=40:enable='between(t,6,10)'[v];" +
  "[v][b]overlay=x='360+25*(t-14)':y=220:enable='between(t,14,18)'";
const TOP_LEFT = { x: 0, y: 0, width: 0.5, height: 0.5 };
const BOTTOM_RIGHT = { x: 0.5, y: 0.5, width: 0.5, height: 0.5 };
const WHOLE = { x: 0, y: 0, width: 1, height: 1 };
const BOTTOM_RIGHT_MASK: Point[] = [
  [0.5, 0.5],
  [1, 0.5],
  [1, 1],
  [0.5, 1],
];

const rel = (moments: Moment[], t0: number) => moments.map((m) => [(m.fromMs - t0) / S, (m.toMs - t0) / S]);

void describe('activity index (real ffmpeg, real SQLite, real files)', () => {
  let install: TestInstall;
  let r: Rig;
  const clock = new FakeClock(Date.UTC(2026, 11, 5, 21, 40));
  let t0 = 0;

  before(async () => {
    install = makeInstall(`cameras:\n${cameraYaml('till', '    retention:\n      maxAge: 1m\n')}${cameraYaml('door', '    retention:\n      maxAge: 1m\n')}`);
    r = rig(install.configPath, clock);
    t0 = clock.now() - SECONDS * S;
    addRecordedRun(r.db, r.layout, 'till', { startMs: t0, seconds: SECONDS, segmentSeconds: 4, source: SOURCE });
    addRecordedRun(r.db, r.layout, 'door', { startMs: t0, seconds: SECONDS, segmentSeconds: 4, source: SOURCE });
    // The door camera masks the bottom right quarter; the till camera has no mask.
    const masks: Record<string, Point[][]> = { door: [BOTTOM_RIGHT_MASK], till: [] };
    const indexer = new ActivityIndexer({ db: r.db, layout: r.layout, clock, log: silentLogger(), masksOf: (id) => masks[id] ?? [], workDir: join(install.dir, 'work') });
    const settled = await indexer.drain();
    assert.equal(settled, 12, 'both runs of six 4-s segments are analysed');
  });
  after(() => {
    r.close();
    install.cleanup();
  });

  void it('finds the change where and when it happened, and nowhere else', () => {
    const topLeft = searchRegion(r.db, 'till', boxCells(TOP_LEFT), t0, t0 + SECONDS * S);
    const bottomRight = searchRegion(r.db, 'till', boxCells(BOTTOM_RIGHT), t0, t0 + SECONDS * S);
    // Keyframes every 0.8 s: the first change is seen at the first keyframe after the square appears (≤ 6.8 s),
    // the last at the first keyframe after it is gone (≤ 10.8 s). Precision: no moment outside; recall: one moment
    // covering the whole movement.
    assert.equal(topLeft.length, 1, JSON.stringify(rel(topLeft, t0)));
    const [from, to] = rel(topLeft, t0)[0] as [number, number];
    assert.ok(from >= 5.9 && from <= 6.9 && to >= 9.5 && to <= 10.9, `top left moment ${from}–${to} s`);
    assert.equal(bottomRight.length, 1, JSON.stringify(rel(bottomRight, t0)));
    const [bFrom, bTo] = rel(bottomRight, t0)[0] as [number, number];
    assert.ok(bFrom >= 13.9 && bFrom <= 14.9 && bTo >= 17.5 && bTo <= 18.9, `bottom right moment ${bFrom}–${bTo} s`);
    assert.deepEqual(searchRegion(r.db, 'till', boxCells({ x: 0.75, y: 0, width: 0.25, height: 0.25 }), t0, t0 + SECONDS * S), [], 'a corner nothing crossed');
  });

  void it('never counts the cells under a privacy mask', () => {
    assert.deepEqual(searchRegion(r.db, 'door', boxCells(BOTTOM_RIGHT), t0, t0 + SECONDS * S), [], 'the masked square is invisible to the index');
    const whole = rel(searchRegion(r.db, 'door', boxCells(WHOLE), t0, t0 + SECONDS * S), t0);
    assert.equal(whole.length, 1, JSON.stringify(whole));
    assert.ok((whole[0]?.[1] ?? 99) <= 10.9, 'only the unmasked square counts');
    const masked = maskedCells([BOTTOM_RIGHT_MASK]);
    assert.ok(masked.some((b) => b !== 0));
  });

  void it('draws activity per bucket for a timeline', () => {
    const buckets = activityBuckets(r.db, 'till', t0, t0 + SECONDS * S, 4 * S).map((b) => (b.startMs - t0) / S);
    assert.deepEqual(buckets, [4, 8, 12, 16], 'changes in [4,12) and [12,20) only');
  });

  void it('deletes activity with its footage and keeps it while the footage is held', () => {
    const countRows = (camera: string) => (r.db.prepare('SELECT COUNT(*) AS n FROM activity WHERE camera_id = ?').get(camera) as { n: number }).n;
    assert.equal(countRows('till'), 6);
    r.holds.add({ cameraId: 'till', fromMs: t0 + 6 * S, toMs: t0 + 10 * S, kind: 'incident', reason: 'cash missing from the till on Friday' }, 'cli:owner');
    clock.advance(5 * 60 * S);
    r.sweeper.sweep();
    const segments = r.db.prepare("SELECT id FROM segments WHERE camera_id = 'till' ORDER BY start_ms").all() as { id: number }[];
    const activity = r.db.prepare("SELECT segment_id AS id FROM activity WHERE camera_id = 'till' ORDER BY start_ms").all() as { id: number }[];
    assert.ok(segments.length >= 1 && segments.length < 6, `the held segments remain (${segments.length})`);
    assert.deepEqual(activity, segments, 'activity rows exist exactly for the footage that remains');
    assert.equal(countRows('door'), 0, 'the unheld camera lost its footage and its activity together');
    assert.equal(searchRegion(r.db, 'till', boxCells(BOTTOM_RIGHT), t0, t0 + SECONDS * S).length, 0, 'deleted footage is not found any more');
    assert.equal(searchRegion(r.db, 'till', boxCells(TOP_LEFT), t0, t0 + SECONDS * S).length, 1, 'held footage still is');
  });
});
