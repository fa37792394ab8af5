import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expiredExports } from '../../src/disclosure/export/expire.js';
import { concatArgs, concatScript } from '../../src/disclosure/export/ffmpeg.js';
import { checksumsText, signedBytes } from '../../src/disclosure/export/manifest.js';
import { GAP_TOLERANCE_MS, keyframeAtOrBefore, pieceFileName, planExport, planRanges, type SourceSegment } from '../../src/disclosure/export/plan.js';
import { parseRedaction, redactionGraph } from '../../src/disclosure/export/redact.js';
import type { ExportRecord } from '../../src/disclosure/export/store.js';

const T = Date.UTC(2026, 10, 26, 10, 0, 0);
let nextId = 1;
function seg(cameraId: string, runId: number, startS: number, endS: number): SourceSegment {
  const id = nextId++;
  return { id, cameraId, runId, startMs: T + startS * 1000, endMs: T + endS * 1000, bytes: 1, sha256: 'a'.repeat(64), path: `${cameraId}/${id}.mp4` };
}
const ids = (segs: SourceSegment[]) => segs.map((s) => s.id);

void describe('planExport', () => {
  const run1 = [seg('c', 1, 0, 10), seg('c', 1, 10, 20), seg('c', 1, 20, 30)];
  const run2 = [seg('c', 2, 40, 50), seg('c', 2, 50, 60)];
  const other = [seg('d', 3, 0, 60)];
  const all = [...run2, ...other, ...run1];

  void it('takes only overlapping segments of the named cameras, one piece per run', () => {
    const p = planExport(all, ['c'], T + 15_000, T + 45_000);
    assert.equal(p.pieces.length, 2);
    assert.deepEqual(ids(p.pieces[0]!.segments), ids(run1.slice(1)));
    assert.deepEqual(ids(p.pieces[1]!.segments), ids(run2.slice(0, 1)));
    assert.equal(p.pieces[0]!.clipFromMs, T + 15_000);
    assert.equal(p.pieces[0]!.clipToMs, T + 30_000);
    assert.equal(p.pieces[1]!.clipFromMs, T + 40_000);
    assert.equal(p.pieces[1]!.clipToMs, T + 45_000);
    assert.deepEqual(p.gaps, [{ cameraId: 'c', fromMs: T + 30_000, toMs: T + 40_000 }]);
  });

  void it('a segment ending exactly at --from or starting at --to is not part of the export', () => {
    const p = planExport(run1, ['c'], T + 10_000, T + 20_000);
    assert.deepEqual(ids(p.pieces[0]!.segments), [run1[1]!.id]);
  });

  void it('splits a run at a missing segment, but not at a sub-tolerance seam', () => {
    const holed = [seg('h', 7, 0, 10), seg('h', 7, 20, 30)];
    const p = planExport(holed, ['h'], T, T + 30_000);
    assert.equal(p.pieces.length, 2);
    assert.deepEqual(p.gaps, [{ cameraId: 'h', fromMs: T + 10_000, toMs: T + 20_000 }]);
    const seam = [seg('s', 8, 0, 10), seg('s', 8, 10 + (GAP_TOLERANCE_MS - 1) / 1000, 20)];
    assert.equal(planExport(seam, ['s'], T, T + 20_000).pieces.length, 1);
  });

  void it('keeps overlapping runs of one camera whole, one piece each, ordered by start', () => {
    const a = [seg('o', 10, 0, 4), seg('o', 10, 4, 8)];
    const b = [seg('o', 11, 2, 6), seg('o', 11, 6, 10)];
    const p = planExport([...b, ...a], ['o'], T, T + 10_000);
    assert.deepEqual(p.pieces.map((x) => ids(x.segments)), [ids(a), ids(b)]);
    assert.deepEqual(p.gaps, []);
  });

  void it('reports gaps at both ends and cameras with no footage', () => {
    const p = planExport(all, ['c', 'nobody'], T - 5_000, T + 70_000);
    assert.deepEqual(p.gaps, [
      { cameraId: 'c', fromMs: T - 5_000, toMs: T },
      { cameraId: 'c', fromMs: T + 30_000, toMs: T + 40_000 },
      { cameraId: 'c', fromMs: T + 60_000, toMs: T + 70_000 },
      { cameraId: 'nobody', fromMs: T - 5_000, toMs: T + 70_000 },
    ]);
  });

  void it('refuses an empty range', () => {
    assert.throws(() => planExport(all, ['c'], T, T), RangeError);
  });
});

void describe('planRanges (an incident case)', () => {
  const c = [seg('c', 1, 0, 10), seg('c', 1, 10, 20), seg('c', 1, 20, 30)];
  const d = [seg('d', 2, 0, 30)];
  const r = (camera: string, fromS: number, toS: number) => ({ camera, fromMs: T + fromS * 1000, toMs: T + toS * 1000 });

  void it("cuts each camera within its own ranges only, joining a camera's overlapping ranges so nothing is cut twice", () => {
    const p = planRanges([...c, ...d], [r('c', 12, 15), r('d', 5, 8), r('c', 2, 5), r('c', 14, 18), r('d', 25, 40)]);
    assert.deepEqual(
      p.pieces.map((x) => [x.cameraId, (x.clipFromMs - T) / 1000, (x.clipToMs - T) / 1000, ids(x.segments)]),
      [
        ['c', 2, 5, [c[0]!.id]],
        ['c', 12, 18, [c[1]!.id]],
        ['d', 5, 8, [d[0]!.id]],
        ['d', 25, 30, [d[0]!.id]],
      ],
    );
    assert.deepEqual(p.gaps, [{ cameraId: 'd', fromMs: T + 30_000, toMs: T + 40_000 }], 'a range past the footage says so');
  });
});

void describe('keyframes, names, ffmpeg arguments', () => {
  void it('starts at the last keyframe at or before the offset', () => {
    const k = [0, 800, 1600, 2400];
    assert.equal(keyframeAtOrBefore(k, 1000), 800);
    assert.equal(keyframeAtOrBefore(k, 1600), 1600);
    assert.equal(keyframeAtOrBefore(k, 5000), 2400);
    assert.equal(keyframeAtOrBefore([], 5000), 0);
    assert.equal(keyframeAtOrBefore([400], 100), 0);
  });

  void it('names files by camera and UTC start', () => {
    assert.equal(pieceFileName('cam1', T + 4_800), 'cam1-20261126T100004.800Z.mp4');
  });

  void it('writes an ffconcat script with quoted paths, inpoint and outpoint', () => {
    const script = concatScript([{ file: "/d/it's.mp4", inpoint: 1.6 }, { file: '/d/b.mp4' }, { file: '/d/c.mp4', outpoint: 2.5 }]);
    const opts = 'option probesize 32\noption codec_whitelist none\n';
    assert.equal(script, `ffconcat version 1.0\nfile '/d/it'\\''s.mp4'\n${opts}inpoint 1.600000\nfile '/d/b.mp4'\n${opts}file '/d/c.mp4'\n${opts}outpoint 2.500000\n`);
    assert.throws(() => concatScript([{ file: '/d/a\nfile /etc/passwd' }]), /line break/);
    // One pass, front to back, into a file ffmpeg may not seek in; progress on fd 3.
    const args = concatArgs('/t/list', '/t/out.mp4');
    assert.deepEqual(args.slice(args.indexOf('-c'), args.indexOf('-c') + 6), ['-c', 'copy', '-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-f', 'mp4']);
    assert.deepEqual(args.slice(-9), ['-progress', 'pipe:3', '-nostats', '-seekable', '0', '-truncate', '0', '-y', 'file:/t/out.mp4']);
  });

  void it('signs the purpose line and the manifest bytes; SHA256SUMS is in sha256sum format', () => {
    assert.equal(signedBytes(Buffer.from('{}\n')).toString(), 'premises-export-manifest-v1\n{}\n');
    assert.equal(checksumsText([{ name: 'a.mp4', sha256: 'ab' }, { name: 'b.mp4', sha256: 'cd' }]), 'ab  a.mp4\ncd  b.mp4\n');
  });
});

void describe('expiredExports', () => {
  const rec = (id: string, expiresAt: number, removedAt: number | null = null): ExportRecord => ({
    id, cameras: ['c'], fromMs: 0, toMs: 1, reason: 'r', requestedBy: 'q', legalBasis: 'l', createdBy: 'cli:x', createdAt: 0,
    expiresAt, manifestSha256: 'f'.repeat(64), files: 1, bytes: 1, removedAt,
  });
  void it('picks exports at or past expiry that are not yet removed', () => {
    const now = 1_000;
    const out = expiredExports([rec('a', 999), rec('b', 1_000), rec('c', 1_001), rec('d', 10, 500)], now);
    assert.deepEqual(out.map((r) => r.id), ['a', 'b']);
  });
});

void describe('redaction spec and filter graph', () => {
  void it('parses CAMERA,X,Y,W,H[,FROM,TO][,method] and rounds to even pixels outward', () => {
    assert.deepEqual(parseRedaction('cam1,100,60,80,60'), { camera: 'cam1', x: 100, y: 60, w: 80, h: 60, method: 'fill' });
    assert.deepEqual(parseRedaction('cam1,101,61,10,10,blur'), { camera: 'cam1', x: 100, y: 60, w: 12, h: 12, method: 'blur' });
    const timed = parseRedaction('door,0,0,16,16,2026-11-26T10:00:04Z,2026-11-26T10:00:06Z');
    assert.equal(timed.fromMs, Date.UTC(2026, 10, 26, 10, 0, 4));
    assert.equal(timed.toMs, Date.UTC(2026, 10, 26, 10, 0, 6));
    for (const bad of ['cam1,0,0,10', 'cam1,0,0,0,10', 'cam1,-2,0,10,10', 'cam1,0,0,10,10,x,y', 'cam1,0,0,10,10,2026-11-26T10:00:06Z,2026-11-26T10:00:04Z', ',0,0,10,10']) {
      assert.throws(() => parseRedaction(bad), /--redact/, bad);
    }
  });

  void it('builds a graph only from the redactions that touch the file, with times relative to its start', () => {
    const start = Date.UTC(2026, 10, 26, 10, 0, 0, 800);
    const end = start + 8_000;
    const fill = parseRedaction('c,10,20,30,40');
    assert.equal(redactionGraph([fill], start, end), '[0:v]drawbox=x=10:y=20:w=30:h=40:color=black:t=fill[vout]');
    const later = parseRedaction('c,0,0,16,16,2026-11-26T10:00:20Z,2026-11-26T10:00:21Z');
    assert.equal(redactionGraph([later], start, end), undefined);
    const timedBlur = parseRedaction('c,0,0,160,120,2026-11-26T10:00:04Z,2026-11-26T10:00:06Z,blur');
    assert.equal(
      redactionGraph([fill, timedBlur], start, end),
      '[0:v]drawbox=x=10:y=20:w=30:h=40:color=black:t=fill[v1];' +
        '[v1]split[m1][c1];[c1]crop=160:120:0:0,boxblur=luma_radius=30:luma_power=3:chroma_radius=30:chroma_power=3[b1];' +
        "[m1][b1]overlay=0:0:enable='between(t,3.200,5.200)'[vout]",
    );
  });
});
