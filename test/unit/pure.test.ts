import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lineDiff } from '../../src/audit/config-changes.js';
import { buildRecordArgs, maskedKeyframeSeconds, parseSegmentListLine, ProgressParser } from '../../src/recorder/ffmpeg-args.js';
import { SegmentTimeline } from '../../src/recorder/timeline.js';
import { startFromSegmentName, DataLayout } from '../../src/shared/data-layout.js';
import { redactSecrets } from '../../src/shared/redact.js';

describe('ffmpeg arguments', () => {
  const args = buildRecordArgs({ inputUrl: 'rtsp://u:p@10.0.0.2/s', stagingDir: '/d/s', segmentSeconds: 10, rtspTimeoutMs: 5000, audio: true, progressFd: 3 });
  it('records by stream copy over TCP with a bounded I/O wait', () => {
    assert.equal(args[args.indexOf('-rtsp_transport') + 1], 'tcp');
    assert.equal(args[args.indexOf('-timeout') + 1], '5000000');
    assert.equal(args[args.indexOf('-c:v') + 1], 'copy');
    assert.ok(!args.some((a) => a === '-vf' || a === '-filter_complex' || a === 'libx264'), 'never decodes or encodes');
    assert.equal(args[args.indexOf('-protocol_whitelist') + 1], 'rtsp,rtsps,rtp,srtp,tcp,udp,tls');
  });
  it('maps the audio stream only when enabled, optionally', () => {
    assert.ok(args.includes('0:a:0?'));
    assert.ok(!args.includes('-an'));
  });
  it('writes sequence-numbered fragmented MP4 and reports closed segments on stdout', () => {
    assert.equal(args.at(-1), '/d/s/seg_%06d.mp4');
    assert.equal(args[args.indexOf('-segment_list') + 1], 'pipe:1');
    assert.match(args[args.indexOf('-segment_format_options') + 1] ?? '', /frag_keyframe\+empty_moov/);
  });
  it('flushes each fragment to the file as it is made, at least one per second', () => {
    const options = args[args.indexOf('-segment_format_options') + 1] ?? '';
    assert.match(options, /:frag_duration=1000000(:|$)/);
    assert.match(options, /:flush_packets=1(:|$)/);
    assert.equal(args[args.indexOf('-fflags') + 1], '+flush_packets');
    assert.ok(args.indexOf('-fflags') > args.indexOf('-i'), 'an output option, not an input one');
  });
});

describe('ffmpeg arguments for a masked camera', () => {
  const args = buildRecordArgs({ inputUrl: 'rtsp://10.0.0.2/s', stagingDir: '/d/s', segmentSeconds: 2, rtspTimeoutMs: 5000, audio: false, progressFd: 3, maskImage: '/d/m.pam' });
  it('re-encodes with the mask overlaid and a keyframe every second, on each segment boundary', () => {
    assert.equal(args[args.indexOf('-c:v') + 1], 'libx264');
    assert.match(args[args.indexOf('-filter_complex') + 1] ?? '', /scale2ref=flags=neighbor.*overlay/);
    assert.equal(args[args.indexOf('-force_key_frames') + 1], 'expr:gte(t,n_forced*1)');
    // Equal steps of at most 1 s that land on every segment boundary.
    assert.equal(maskedKeyframeSeconds(10), 1);
    assert.equal(maskedKeyframeSeconds(1.5), 0.75);
    assert.equal(maskedKeyframeSeconds(0.5), 0.5);
    const odd = buildRecordArgs({ inputUrl: 'rtsp://10.0.0.2/s', stagingDir: '/d/s', segmentSeconds: 2.5, rtspTimeoutMs: 5000, audio: false, progressFd: 3, maskImage: '/d/m.pam' });
    assert.equal(odd[odd.indexOf('-force_key_frames') + 1], 'expr:gte(t,n_forced*0.833333)');
    assert.equal(args[args.indexOf('-map') + 1], '[masked]');
    assert.ok(args.includes('/d/m.pam'));
  });
});

describe('ffmpeg output parsing', () => {
  it('reads csv segment list lines', () => {
    assert.deepEqual(parseSegmentListLine('seg_000003.mp4,6.000000,8.033333'), { file: 'seg_000003.mp4', startSeconds: 6, endSeconds: 8.033333 });
    assert.equal(parseSegmentListLine('garbage'), undefined);
    assert.equal(parseSegmentListLine('x.mp4,5,4'), undefined);
  });
  it('groups progress lines into blocks', () => {
    const p = new ProgressParser();
    assert.equal(p.push('frame=10'), undefined);
    assert.equal(p.push('out_time_us=2000000'), undefined);
    assert.equal(p.push('total_size=N/A'), undefined);
    assert.deepEqual(p.push('progress=continue'), { end: false, outTimeUs: 2000000, frame: 10 });
  });
});

describe(SegmentTimeline.name, () => {
  it('anchors the first segment at its close and chains the rest without gaps', () => {
    const t = new SegmentTimeline(1_000);
    assert.deepEqual(t.place(4_000, 10_000), { startMs: 6_000, endMs: 10_000 });
    assert.deepEqual(t.place(2_000, 12_000), { startMs: 10_000, endMs: 12_000 });
  });
  it('slews toward the wall clock by at most 1 % of a segment', () => {
    const t = new SegmentTimeline(0);
    t.place(10_000, 10_000);
    assert.deepEqual(t.place(10_000, 20_500), { startMs: 10_000, endMs: 20_100 });
    assert.deepEqual(t.place(10_000, 29_000), { startMs: 20_100, endMs: 30_000 });
  });
  it('never starts a run before the run itself began', () => {
    const t = new SegmentTimeline(5_000);
    assert.equal(t.place(8_000, 9_000).startMs, 5_000);
  });
});

describe('data layout', () => {
  const layout = new DataLayout('/srv/premises');
  it('names segments by UTC day and UTC start, and reads the start back', () => {
    const start = Date.UTC(2026, 2, 8, 9, 59, 58, 123);
    const rel = layout.segmentRelPath('door', start);
    assert.equal(rel, 'door/2026-03-08/20260308T095958.123Z.mp4');
    assert.equal(startFromSegmentName('20260308T095958.123Z.mp4'), start);
    assert.equal(startFromSegmentName('20260308T095958.123Z-1.mp4'), start);
    assert.equal(startFromSegmentName('seg_000001.mp4'), undefined);
  });
  it('refuses paths that leave the recordings root', () => {
    assert.throws(() => layout.absolute('../index.db'), /escapes/);
    assert.throws(() => layout.absolute('/etc/passwd'), /escapes/);
  });
});

describe(redactSecrets.name, () => {
  it('removes user info, secret query values, auth headers and known secrets', () => {
    assert.equal(redactSecrets('open rtsp://admin:pa55@10.0.0.2:554/s failed'), 'open rtsp://***@10.0.0.2:554/s failed');
    assert.equal(redactSecrets('GET /snap.jpg?user=admin&pwd=pa55'), 'GET /snap.jpg?user=***&pwd=***');
    assert.equal(redactSecrets('Authorization: Digest username="admin", response="abc"'), 'Authorization: Digest ***');
    assert.equal(redactSecrets('wrong password p@ss/word (p%40ss%2Fword)', ['p@ss/word']), 'wrong password *** (***)');
  });
});

describe(lineDiff.name, () => {
  it('lists removed and added lines', () => {
    assert.deepEqual(lineDiff('a: 1\nb: 2\n', 'a: 1\nb: 3\nc: 4\n'), { removed: ['b: 2'], added: ['b: 3', 'c: 4'] });
  });
});

describe('privacy mask raster', () => {
  it('fills polygons with hard edges at pixel centres (even-odd)', async () => {
    const { rasterizePolygons, maskCoverage, maskImagePam } = await import('../../src/recorder/mask.js');
    const px = rasterizePolygons([[[0, 0], [0.5, 0], [0.5, 1], [0, 1]]], 10, 4);
    assert.deepEqual([...px.slice(0, 10)], [255, 255, 255, 255, 255, 0, 0, 0, 0, 0]);
    const triangle = rasterizePolygons([[[0, 0], [1, 0], [0, 1]]], 100, 100);
    assert.equal(triangle[5 * 100 + 5], 255, 'inside the triangle');
    assert.equal(triangle[95 * 100 + 95], 0, 'outside the triangle');
    assert.ok(Math.abs(maskCoverage([[[0, 0], [0.4, 0], [0.4, 1], [0, 1]]]) - 0.4) < 0.01);
    const pam = maskImagePam([[[0, 0], [1, 0], [1, 1]]], 4, 2);
    assert.match(pam.subarray(0, 80).toString('ascii'), /^P7\nWIDTH 4\nHEIGHT 2\nDEPTH 4\nMAXVAL 255\nTUPLTYPE RGB_ALPHA\nENDHDR\n/);
  });
});
