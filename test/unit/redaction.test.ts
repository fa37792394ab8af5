import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blurBoxes } from '../../src/disclosure/redaction/blur.js';
import { mergeDetections, tilesFor } from '../../src/disclosure/redaction/detector.js';
import { addBox, counts, hiddenTracks, newReview, pickRequester, removeBox, setRole, type ReviewClip } from '../../src/disclosure/redaction/review.js';
import { boxAt, buildTracks, padBox, trackAt, type Sample } from '../../src/disclosure/redaction/track.js';
import { PremisesError } from '../../src/shared/errors.js';

const box = (x: number, y: number, w = 100, h = 100) => ({ x, y, w, h });

void describe('face tracks', () => {
  void it('follows two faces moving apart and starts a new track for a face that appears', () => {
    const samples: Sample[] = [0, 200, 400, 600].map((t, i) => ({
      tMs: t,
      detections: [
        { box: box(100 + i * 30, 100), score: 0.9 },
        { box: box(600 - i * 30, 300), score: 0.8 },
        ...(i >= 2 ? [{ box: box(1000, 50), score: 0.5 }] : []),
      ],
    }));
    const tracks = buildTracks(samples);
    assert.equal(tracks.length, 3);
    assert.deepEqual(
      tracks.map((t) => t.points.length),
      [4, 4, 2],
    );
    assert.deepEqual(tracks[0]!.points.map((p) => p.box.x), [100, 130, 160, 190]);
  });

  void it('ends a track after a gap longer than maxGapMs and does not join boxes that do not overlap', () => {
    const tracks = buildTracks(
      [
        { tMs: 0, detections: [{ box: box(0, 0), score: 1 }] },
        { tMs: 1500, detections: [{ box: box(0, 0), score: 1 }] },
        { tMs: 1700, detections: [{ box: box(500, 0), score: 1 }] },
      ],
      { minIou: 0.1, maxGapMs: 1000 },
    );
    assert.equal(tracks.length, 3);
  });

  void it('with maxCentreShift, continues a walker whose boxes no longer overlap, but not a jump or a change of size', () => {
    const walker = (x: number) => ({ box: box(x, 100, 80, 200), score: 0.9 });
    const options = { minIou: 0.1, maxGapMs: 1500, maxCentreShift: 1 };
    // 120 px between detections: no overlap with an 80-px-wide box, well under one box height (200 px).
    const walking: Sample[] = [0, 500, 1000, 1500].map((t, i) => ({ tMs: t, detections: [walker(100 + i * 120)] }));
    assert.equal(buildTracks(walking).length, 4, 'IoU alone breaks the walk into pieces');
    assert.deepEqual(buildTracks(walking, options).map((t) => t.points.length), [4]);
    const jump: Sample[] = [{ tMs: 0, detections: [walker(100)] }, { tMs: 500, detections: [walker(400)] }];
    assert.equal(buildTracks(jump, options).length, 2, '1.5 box heights is too far');
    const grown: Sample[] = [{ tMs: 0, detections: [walker(100)] }, { tMs: 500, detections: [{ box: box(150, 100, 200, 400), score: 0.9 }] }];
    assert.equal(buildTracks(grown, options).length, 2, 'five times the area is someone else');
    // Overlap is preferred to distance: two candidates, the overlapping one continues the track.
    const two: Sample[] = [{ tMs: 0, detections: [walker(100)] }, { tMs: 500, detections: [walker(250), walker(120)] }];
    const joined = buildTracks(two, options);
    assert.deepEqual(joined[0]!.points.map((p) => p.box.x), [100, 120]);
  });

  void it('holds a track for its own interval when it has one', () => {
    const t = { id: 1, points: [{ tMs: 1000, box: box(0, 0) }], holdMs: 500 };
    assert.ok(boxAt(t, 600, 200), 'the track\'s 500 ms, not the clip\'s 200');
    assert.equal(boxAt(t, 400, 200), undefined);
    assert.ok(boxAt({ id: 2, points: t.points }, 800, 200));
    assert.equal(boxAt({ id: 2, points: t.points }, 700, 200), undefined);
  });

  void it('interpolates between samples and holds the box one interval before and after', () => {
    const track = { id: 1, points: [{ tMs: 1000, box: box(0, 0) }, { tMs: 1200, box: box(100, 50, 120, 80) }] };
    assert.deepEqual(boxAt(track, 1100, 200), { x: 50, y: 25, w: 110, h: 90 });
    assert.deepEqual(boxAt(track, 850, 200), box(0, 0));
    assert.deepEqual(boxAt(track, 1400, 200), box(100, 50, 120, 80));
    assert.equal(boxAt(track, 799, 200), undefined);
    assert.equal(boxAt(track, 1401, 200), undefined);
  });

  void it('pads boxes inside the picture and picks the smallest track holding a point', () => {
    assert.deepEqual(padBox(box(10, 10, 100, 100), 0.25, 120, 1000), { x: 0, y: 0, w: 120, h: 135 });
    const big = { id: 1, points: [{ tMs: 0, box: box(0, 0, 500, 500) }] };
    const small = { id: 2, points: [{ tMs: 0, box: box(100, 100, 50, 50) }] };
    assert.equal(trackAt([big, small], 0, 120, 120, 200)?.id, 2);
    assert.equal(trackAt([big, small], 0, 400, 400, 200)?.id, 1);
    assert.equal(trackAt([big, small], 0, 600, 600, 200), undefined);
    assert.equal(trackAt([big, small], 500, 120, 120, 200), undefined);
  });
});

void describe('detector windows', () => {
  void it('cuts a wide picture into overlapping squares covering it, and a square one into itself', () => {
    const tiles = tilesFor(640, 360);
    assert.ok(tiles.length >= 2);
    assert.ok(tiles.every((t) => t.w === 360 && t.h === 360 && t.y === 0));
    assert.equal(tiles[0]!.x, 0);
    assert.equal(tiles.at(-1)!.x + 360, 640);
    for (let i = 1; i < tiles.length; i++) assert.ok(tiles[i - 1]!.x + 360 - tiles[i]!.x >= 90, 'neighbours overlap by a quarter');
    assert.deepEqual(tilesFor(400, 360), [{ x: 0, y: 0, w: 400, h: 360 }]);
  });

  void it('counts a face seen in two windows once, keeping the best score', () => {
    const merged = mergeDetections([
      { box: box(300, 10), score: 0.6 },
      { box: box(305, 12), score: 0.9 },
      { box: box(10, 10), score: 0.4 },
    ]);
    assert.deepEqual(
      merged.map((d) => d.score),
      [0.9, 0.4],
    );
  });
});

void describe('blur', () => {
  void it('removes the detail inside the box and leaves every pixel outside it', () => {
    const w = 64;
    const h = 48;
    const frame = Buffer.alloc((w * h * 3) / 2);
    for (let i = 0; i < frame.length; i++) frame[i] = (i * 37) % 251; // a busy pattern everywhere
    const before = Buffer.from(frame);
    blurBoxes(frame, w, h, [box(16, 8, 32, 24)]);
    let outsideChanged = 0;
    let insideDetail = 0;
    let insideDetailBefore = 0;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const inside = x >= 16 && x < 48 && y >= 8 && y < 32;
        if (!inside && frame[y * w + x] !== before[y * w + x]) outsideChanged++;
        if (inside && x < 47) {
          insideDetail += Math.abs(frame[y * w + x]! - frame[y * w + x + 1]!);
          insideDetailBefore += Math.abs(before[y * w + x]! - before[y * w + x + 1]!);
        }
      }
    }
    assert.equal(outsideChanged, 0);
    assert.ok(insideDetail < insideDetailBefore * 0.1, `${insideDetail} vs ${insideDetailBefore}`);
  });
});

void describe('review', () => {
  const clip = (): ReviewClip => ({
    camera: 'door',
    startMs: 10_000,
    endMs: 16_000,
    file: 'a.mp4',
    width: 1280,
    height: 720,
    fps: 15,
    frames: 90,
    durationMs: 6000,
    sampleMs: 200,
    samples: 30,
    detectWidth: 640,
    detectHeight: 360,
    strip: [],
    tracks: [
      { id: 1, points: [{ tMs: 0, box: box(100, 100) }, { tMs: 6000, box: box(700, 100) }] },
      { id: 2, points: [{ tMs: 0, box: box(100, 500) }, { tMs: 6000, box: box(100, 500) }] },
    ],
  });

  void it('blurs every track until the reviewer says otherwise, picks the requester by a point, takes added and removed boxes', () => {
    const s = newReview([clip()]);
    assert.deepEqual(hiddenTracks(s, s.clips[0]!).map((t) => t.id), [1, 2]);
    assert.equal(pickRequester(s, 'door', 13_000, 450, 150), 1); // at 3 s the first face is at x 400
    assert.throws(() => pickRequester(s, 'door', 13_000, 50, 50), (e: unknown) => e instanceof PremisesError && e.kind === 'NotFound');
    assert.throws(() => pickRequester(s, 'till', 13_000, 450, 150), /no clip of camera "till"/);
    const added = addBox(s, 'door', 11_000, 12_000, box(900, 300, 60, 60));
    assert.equal(added, 3);
    assert.throws(() => addBox(s, 'door', 11_000, 12_000, box(1250, 300, 60, 60)), /inside the 1280×720 picture/);
    assert.deepEqual(hiddenTracks(s, s.clips[0]!).map((t) => t.id), [2, 3]);
    removeBox(s, 3);
    removeBox(s, 2);
    assert.deepEqual(hiddenTracks(s, s.clips[0]!), []);
    setRole(s, 2, 'bystander');
    assert.deepEqual(counts(s), { clips: 1, tracks: 2, persons: 0, requester: 1, blurred: 1, notAFace: 0, addedByReviewer: 0 });
  });

  void it('keeps the body holding the requester\'s face, blurs every other person, and lets the reviewer overrule either', () => {
    const c = clip();
    // Person 3 walks with face 1 (the face in its upper part); person 4 stands around face 2.
    c.tracks.push(
      { id: 3, kind: 'person', holdMs: 500, points: [{ tMs: 0, box: box(60, 80, 180, 420) }, { tMs: 6000, box: box(660, 80, 180, 420) }] },
      { id: 4, kind: 'person', holdMs: 500, points: [{ tMs: 0, box: box(60, 480, 180, 240) }, { tMs: 6000, box: box(60, 480, 180, 240) }] },
    );
    const s = newReview([c]);
    assert.deepEqual(hiddenTracks(s, s.clips[0]!).map((t) => t.id), [1, 2, 3, 4], 'every face and every person is blurred until the reviewer decides');
    pickRequester(s, 'door', 13_000, 450, 150); // the face (the smallest box holding the point)
    assert.deepEqual(hiddenTracks(s, s.clips[0]!).map((t) => t.id), [2, 4], 'the requester\'s body follows the face');
    assert.deepEqual(counts(s), { clips: 1, tracks: 4, persons: 2, requester: 2, blurred: 2, notAFace: 0, addedByReviewer: 0 });
    setRole(s, 3, 'bystander');
    assert.deepEqual(hiddenTracks(s, s.clips[0]!).map((t) => t.id), [2, 3, 4], 'a role set on the body itself wins');

    // Picked by the body instead (the face turned away): a face inside it is the requester's too.
    const s2 = newReview([clip()]);
    s2.clips[0]!.tracks.push({ id: 3, kind: 'person', holdMs: 500, points: [{ tMs: 0, box: box(60, 80, 180, 420) }, { tMs: 6000, box: box(660, 80, 180, 420) }] });
    assert.equal(pickRequester(s2, 'door', 13_000, 450, 400), 3);
    assert.deepEqual(hiddenTracks(s2, s2.clips[0]!).map((t) => t.id), [2]);
    // "not-a-face" on a person: a false detection, not blurred, and it carries nobody's role.
    setRole(s2, 3, 'not-a-face');
    assert.deepEqual(hiddenTracks(s2, s2.clips[0]!).map((t) => t.id), [1, 2]);
  });
});
