import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDb } from '../../src/db/open.js';
import type { ExportManifest } from '../../src/disclosure/export/manifest.js';
import { verifyExport } from '../../src/disclosure/export/verify.js';
import { DataLayout } from '../../src/shared/data-layout.js';
import { addRecordedRun, GOP_SECONDS, mediaErrors, mediaSeconds, type RecordedSegment } from '../support/footage.js';
import { makeInstall, type TestInstall } from '../support/install.js';

const T0 = Date.UTC(2026, 10, 26, 10, 0, 0);
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
const WHY = ['--reason', 'access request #1', '--requested-by', 'the person filmed', '--legal-basis', 'PIPA s.23'];
const W = 320;

/** One frame as 8-bit luma, W pixels wide (the test footage is 320×240). */
function lumaFrame(file: string, seconds: number): Buffer {
  return execFileSync('ffmpeg', ['-nostdin', '-v', 'error', '-ss', seconds.toFixed(3), '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], {
    maxBuffer: 1 << 20,
  });
}

function region(frame: Buffer, x: number, y: number, w: number, h: number): number[] {
  const out: number[] = [];
  for (let r = y; r < y + h; r++) for (let c = x; c < x + w; c++) out.push(frame[r * W + c]!);
  return out;
}
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const stddev = (v: number[]) => Math.sqrt(mean(v.map((x) => (x - mean(v)) ** 2)));
const meanAbsDiff = (a: number[], b: number[]) => mean(a.map((x, i) => Math.abs(x - b[i]!)));

/** Mean luma of a rectangle in every frame of a file. */
function regionMeansPerFrame(file: string, x: number, y: number, w: number, h: number): number[] {
  const r = spawnSync('ffmpeg', ['-nostdin', '-v', 'error', '-i', file, '-vf', `crop=${w}:${h}:${x}:${y},signalstats,metadata=print:key=lavfi.signalstats.YAVG:file=-`, '-f', 'null', '-'], {
    encoding: 'utf8',
  });
  return [...r.stdout.matchAll(/YAVG=([\d.]+)/g)].map((m) => Number(m[1]));
}

void describe('redacted export (real ffmpeg re-encode)', () => {
  let install: TestInstall;
  let layout: DataLayout;
  let segs: RecordedSegment[];
  let fingerprint: string;

  before(async () => {
    install = makeInstall('cameras: []\n');
    layout = new DataLayout(install.dataDir);
    mkdirSync(layout.recordingsRoot, { recursive: true });
    const db = openDb(layout.indexPath);
    segs = addRecordedRun(db, layout, 'cam1', { startMs: T0, seconds: 12 });
    db.close();
    const fp = await install.run(['keys', 'fingerprint']);
    fingerprint = fp.out.trim().split('\n').at(-1)!;
  });
  after(() => install.cleanup());

  const exportWith = async (redact: string[]) => {
    const r = await install.run(['export', '--camera', 'cam1', '--from', at(1), '--to', at(9), ...WHY, ...redact.flatMap((x) => ['--redact', x]), '--json']);
    assert.equal(r.code, 0, r.err);
    const { dir } = JSON.parse(r.out) as { dir: string };
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ExportManifest;
    return { dir, m, file: join(dir, m.files[0]!.name) };
  };
  /** The source frame shown at `outSeconds` into an export starting at 0.8 s (keyframe before 1 s). */
  const sourceFrame = (outSeconds: number) => {
    const t = 0.8 + outSeconds;
    const seg = segs.find((s) => T0 + t * 1000 >= s.startMs && T0 + t * 1000 < s.endMs)!;
    return lumaFrame(layout.absolute(seg.path), t - (seg.startMs - T0) / 1000);
  };

  void it('fills a rectangle black in every frame, leaves the rest of the picture, and still verifies', async () => {
    const { dir, m, file } = await exportWith(['cam1,100,60,80,60']);
    assert.equal(m.files.length, 1);
    assert.equal(m.files[0]!.encoding, 'redacted');
    assert.deepEqual(m.redactions, [{ camera: 'cam1', x: 100, y: 60, w: 80, h: 60, method: 'fill' }]);
    assert.equal(m.files[0]!.start, at(0.8));
    assert.equal(mediaErrors(file), '');
    assert.ok(Math.abs(mediaSeconds(file) - 8) <= GOP_SECONDS + 0.05);

    const means = regionMeansPerFrame(file, 100, 60, 80, 60);
    assert.ok(means.length >= 200, `${means.length} frames`);
    assert.ok(means.every((v) => v <= 20), `box not black in some frame: max ${Math.max(...means)}`);
    const src = sourceFrame(2);
    assert.ok(mean(region(src, 100, 60, 80, 60)) > 40, 'precondition: the source has picture in the box');
    const out = lumaFrame(file, 2);
    assert.ok(meanAbsDiff(region(out, 0, 150, W, 90), region(src, 0, 150, W, 90)) < 8, 'outside the box the picture is kept');
    assert.deepEqual((await verifyExport(dir, { fingerprint })).problems, []);
  });

  void it('blurs only during the given span; other times are untouched', async () => {
    const { m, file } = await exportWith([`cam1,0,0,160,120,${at(4)},${at(6)},blur`]);
    assert.deepEqual(m.redactions, [{ camera: 'cam1', x: 0, y: 0, w: 160, h: 120, from: at(4), to: at(6), method: 'blur' }]);
    // Output t = source time − 0.8 s.
    const inside = lumaFrame(file, 5 - 0.8);
    const insideSrc = sourceFrame(5 - 0.8);
    assert.ok(stddev(region(inside, 8, 8, 144, 104)) < 0.6 * stddev(region(insideSrc, 8, 8, 144, 104)), 'detail removed inside the span');
    const outside = lumaFrame(file, 2 - 0.8);
    const outsideSrc = sourceFrame(2 - 0.8);
    assert.ok(meanAbsDiff(region(outside, 0, 0, 160, 120), region(outsideSrc, 0, 0, 160, 120)) < 8, 'untouched before the span');
  });

  void it('a redaction outside the file leaves it a stream copy; bad specs and unexported cameras are refused', async () => {
    const { m } = await exportWith([`cam1,0,0,16,16,${at(20)},${at(21)}`]);
    assert.equal(m.files[0]!.encoding, 'stream-copy');
    for (const spec of ['cam2,0,0,10,10', 'cam1,0,0,10', 'cam1,a,0,10,10', `cam1,0,0,10,10,${at(5)},${at(4)}`]) {
      const r = await install.run(['export', '--camera', 'cam1', '--from', at(1), '--to', at(9), ...WHY, '--redact', spec]);
      assert.equal(r.code, 1, spec);
      assert.match(r.err, /--redact/);
    }
  });
});
