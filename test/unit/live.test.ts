import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { rewritePlaylist } from '../../src/api/routes/live.js';
import { streamParam } from '../../src/api/routes/live-viewing.js';
import { buildLiveArgs, buildSnapshotArgs, buildStreamSnapshotArgs } from '../../src/live/args.js';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { LiveHub, refusal, type LiveCamera, type LiveViewer } from '../../src/live/hub.js';
import type { CameraDecision } from '../../src/policy/consent/decision.js';
import type { MediaSpawner } from '../../src/recorder/spawner.js';
import { FakeClock } from '../../src/shared/clock.js';
import { silentLogger } from '../../src/shared/logger.js';
import { BoxSplitter, FragmentAssembler, GopCache, trackInfo, type Box } from '../../src/live/mp4.js';

const box = (type: string, ...parts: Buffer[]): Buffer => {
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
};
const u32 = (...values: number[]) => {
  const b = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, i * 4));
  return b;
};
const asBox = (bytes: Buffer): Box => ({ type: bytes.toString('latin1', 4, 8), bytes });

/** An init segment like ffmpeg's: ftyp, moov with one avc1 track (640x360, High 4.0) and a trex defaulting to non-sync samples. */
function initSegment(): Buffer {
  const visual = Buffer.alloc(78);
  visual.writeUInt16BE(640, 24);
  visual.writeUInt16BE(360, 26);
  const avcC = box('avcC', Buffer.from([1, 0x64, 0x00, 0x28, 0xff, 0xe0]));
  const stsd = box('stsd', u32(0, 1), box('avc1', visual, avcC));
  const trak = box('trak', box('tkhd', u32(0)), box('mdia', box('minf', box('stbl', stsd))));
  const trex = box('trex', u32(0, 1, 1, 0, 0, 0x00010000));
  return Buffer.concat([box('ftyp', Buffer.from('isom')), box('moov', box('mvhd', u32(0)), trak, box('mvex', trex))]);
}

/** moof + mdat; `firstFlags` goes in trun's first-sample-flags when given, else the trex default applies. */
function fragment(firstFlags: number | undefined, payload = 'frame'): Buffer {
  const trun = firstFlags === undefined ? box('trun', u32(0x000001, 1, 0)) : box('trun', u32(0x000005, 1, 0, firstFlags));
  const moof = box('moof', box('mfhd', u32(0, 1)), box('traf', box('tfhd', u32(0x020000, 1)), box('tfdt', u32(0, 0)), trun));
  return Buffer.concat([moof, box('mdat', Buffer.from(payload))]);
}

describe('live MP4 parsing', () => {
  it('splits boxes whatever the chunking, and refuses absurd sizes', () => {
    const stream = Buffer.concat([initSegment(), fragment(0)]);
    const splitter = new BoxSplitter();
    const types: string[] = [];
    for (let i = 0; i < stream.length; i += 7) types.push(...splitter.push(stream.subarray(i, i + 7)).map((b) => b.type));
    assert.deepEqual(types, ['ftyp', 'moov', 'moof', 'mdat']);
    const bad = Buffer.alloc(8);
    bad.writeUInt32BE(0x7fffffff, 0);
    bad.write('mdat', 4, 'latin1');
    assert.throws(() => new BoxSplitter(1 << 20).push(bad), /malformed/);
  });

  it('reads the codec string and size from avcC and the sample entry', () => {
    const moov = new BoxSplitter().push(initSegment()).find((b) => b.type === 'moov') as Box;
    assert.deepEqual(trackInfo(moov), { codec: 'avc1.640028', width: 640, height: 360 });
  });

  it('names an HEVC track so the page can say the browser cannot play it', () => {
    const visual = Buffer.alloc(78);
    visual.writeUInt16BE(1920, 24);
    visual.writeUInt16BE(1080, 26);
    // general_profile_space 0, tier 0, profile 1; compatibility flags 0x60000000; constraints 0x90; level 120.
    const hvcC = box('hvcC', Buffer.from([1, 0x01, 0x60, 0, 0, 0, 0x90, 0, 0, 0, 0, 0, 120]));
    const stsd = box('stsd', u32(0, 1), box('hvc1', visual, hvcC));
    const moov = asBox(box('moov', box('trak', box('mdia', box('minf', box('stbl', stsd))))));
    assert.deepEqual(trackInfo(moov), { codec: 'hvc1.1.6.L120.90', width: 1920, height: 1080 });
  });

  it('emits the init segment once, then moof+mdat fragments marked keyframe or not', () => {
    const a = new FragmentAssembler();
    const events = a.push(Buffer.concat([initSegment(), fragment(0x02000000, 'key'), fragment(undefined, 'p1'), fragment(0x01010000, 'p2')]));
    assert.deepEqual(
      events.map((e) => (e.kind === 'init' ? `init:${e.track.codec}` : `${e.fragment.keyframe ? 'K' : 'p'}:${e.fragment.bytes.toString('latin1', 4, 8)}`)),
      ['init:avc1.640028', 'K:moof', 'p:moof', 'p:moof'],
    );
    const init = events[0];
    assert.ok(init?.kind === 'init' && init.bytes.equals(initSegment()), 'the init segment is ftyp + moov byte for byte');
  });

  it('keeps the fragments since the last keyframe for a late joiner, bounded', () => {
    const gop = new GopCache(100);
    const f = (keyframe: boolean, n = 10) => ({ keyframe, bytes: Buffer.alloc(n) });
    gop.add(f(false));
    assert.equal(gop.current().length, 0, 'nothing decodable before the first keyframe');
    gop.add(f(true));
    gop.add(f(false));
    gop.add(f(false));
    assert.deepEqual(gop.current().map((x) => x.keyframe), [true, false, false]);
    gop.add(f(true));
    assert.deepEqual(gop.current().map((x) => x.keyframe), [true]);
    gop.add(f(false, 200));
    assert.equal(gop.current().length, 0, 'a GOP larger than the bound is dropped, not kept growing');
  });
});

describe('live ffmpeg arguments', () => {
  it('copies the stream into one fragment per frame and HLS, from one camera connection', () => {
    const args = buildLiveArgs({ inputUrl: 'rtsp://10.0.0.2/s', rtspTimeoutMs: 5000, hlsDir: '/d/tmp/live/a-1' });
    assert.equal(args.filter((a) => a === '-i').length, 1);
    assert.deepEqual(args.slice(args.indexOf('-c:v'), args.indexOf('-c:v') + 2), ['-c:v', 'copy']);
    assert.ok(args.includes('-an'));
    const tee = args.at(-1) as string;
    assert.match(tee, /movflags=empty_moov\+default_base_moof\+frag_every_frame/);
    assert.match(tee, /\|\[f=hls:hls_time=1:.*\]\/d\/tmp\/live\/a-1\/live\.m3u8$/);
    assert.throws(() => buildLiveArgs({ inputUrl: 'rtsp://x/s', rtspTimeoutMs: 1, hlsDir: '/d/a|b' }), /tee/);
  });

  it('masks before encoding when the camera has masks: live and snapshot alike', () => {
    for (const args of [
      buildLiveArgs({ inputUrl: 'rtsp://10.0.0.2/s', rtspTimeoutMs: 5000, hlsDir: '/d/h', maskImage: '/d/m.pam' }),
      buildSnapshotArgs({ inputUrl: 'rtsp://10.0.0.2/s', rtspTimeoutMs: 5000, maskImage: '/d/m.pam' }),
    ]) {
      assert.ok(args.includes('/d/m.pam'));
      assert.match(args[args.indexOf('-filter_complex') + 1] as string, /overlay/);
      assert.deepEqual(args.slice(args.indexOf('-map'), args.indexOf('-map') + 2), ['-map', '[masked]']);
      assert.ok(!args.includes('copy'), 'a masked camera is never stream-copied');
    }
    const fromStream = buildStreamSnapshotArgs(7);
    assert.deepEqual(fromStream.slice(fromStream.indexOf('-i'), fromStream.indexOf('-i') + 2), ['-i', 'pipe:0'], 'a watched camera is not opened twice');
    assert.ok(fromStream.includes('select=gte(n\\,7)'), 'the newest frame of the GOP');
    const snap = buildSnapshotArgs({ inputUrl: 'rtsp://10.0.0.2/s', rtspTimeoutMs: 5000 });
    assert.deepEqual(snap.slice(snap.indexOf('-frames:v'), snap.indexOf('-frames:v') + 2), ['-frames:v', '1']);
  });
});

describe('live refusal and HLS playlist', () => {
  const live = (stream: boolean, codes: string[]): LiveCamera =>
    ({
      camera: { id: 'a' },
      source: {},
      decision: { camera: 'a', record: false, stream, audio: false, recheckAt: undefined, reasons: codes.map((code) => ({ code, message: `${code} message`, fix: '' })) },
    }) as unknown as LiveCamera;

  it('refuses with the consent reasons, but not for the recording schedule', () => {
    assert.equal(refusal(undefined, 'x'), 'no camera "x"');
    assert.equal(refusal(live(true, ['outside-schedule']), 'a'), undefined);
    assert.equal(refusal(live(false, ['paused', 'outside-schedule']), 'a'), 'paused message');
  });

  it('points segment and init URIs below hls/', () => {
    const text = '#EXTM3U\n#EXT-X-MAP:URI="init.mp4"\n#EXTINF:1.0,\nseg3.m4s\n';
    assert.equal(rewritePlaylist(text), '#EXTM3U\n#EXT-X-MAP:URI="hls/init.mp4"\n#EXTINF:1.0,\nhls/seg3.m4s\n');
    assert.equal(rewritePlaylist(text, 'sub'), '#EXTM3U\n#EXT-X-MAP:URI="hls/init.mp4?stream=sub"\n#EXTINF:1.0,\nhls/seg3.m4s?stream=sub\n', 'a sub-stream playlist keeps asking for the sub stream');
  });

  it('reads ?stream= as main or sub and refuses anything else by name', () => {
    assert.equal(streamParam(undefined, 'sub'), 'sub');
    assert.equal(streamParam('', 'main'), 'main');
    assert.equal(streamParam('sub', 'main'), 'sub');
    assert.equal(streamParam('main', 'sub'), 'main');
    assert.throws(() => streamParam('thumb', 'main'), /stream must be "main".*or "sub"/);
    assert.throws(() => streamParam(['sub', 'main'], 'main'), /stream must be/);
  });
});

describe('LiveHub with a fake ffmpeg', () => {
  const tmp = join(tmpdir(), `premises-live-unit-${process.pid}`);
  after(() => rmSync(tmp, { recursive: true, force: true }));
  interface FakeProc {
    args: readonly string[];
    data(b: Buffer): void;
    exit(code: number): void;
    killed: NodeJS.Signals[];
  }
  const setup = (masked = false, withSub = false) => {
    const clock = new FakeClock();
    const procs: FakeProc[] = [];
    const spawner: MediaSpawner = {
      spawn(args) {
        let onData: (b: Buffer) => void = () => undefined;
        const closers: ((c: number | null, s: NodeJS.Signals | null) => void)[] = [];
        const proc: FakeProc = {
          args,
          killed: [],
          data: (b) => onData(b),
          exit: (code) => closers.splice(0).forEach((fn) => fn(code, null)),
        };
        procs.push(proc);
        return {
          pid: procs.length,
          onData: (fn) => (onData = fn),
          onStderrLine: () => undefined,
          onClose: (fn) => closers.push(fn),
          kill: (signal) => {
            proc.killed.push(signal);
            proc.exit(0);
          },
        };
      },
    };
    let stream = true;
    let cameraMasks = false;
    const masks = [{ polygon: [[0, 0], [0.4, 0], [0.4, 1], [0, 1]] }];
    const camera: LiveCamera = {
      camera: (masked ? { id: 'a', masks } : { id: 'a' }) as LiveCamera['camera'],
      source: {
        resolveSource: () => Promise.resolve({ rtspUrl: 'rtsp://10.0.0.2/s', credentials: undefined }),
        ...(withSub ? { resolveSubSource: () => Promise.resolve({ rtspUrl: 'rtsp://10.0.0.2/sub', credentials: undefined }) } : {}),
      } as unknown as LiveCamera['source'],
      decision: { camera: 'a', record: true, stream: true, audio: false, reasons: [], recheckAt: undefined },
    };
    const hub = new LiveHub({
      cameras: (id) =>
        id === 'a'
          ? { ...camera, cameraMasks, decision: { ...camera.decision, stream, reasons: stream ? [] : [{ code: 'paused', message: 'paused for privacy', fix: '' } as CameraDecision['reasons'][number]] } }
          : undefined,
      spawner,
      clock,
      log: silentLogger(),
      rtspTimeoutMs: 5000,
      maskDir: join(tmp, 'masks'),
      tmpDir: tmp,
    });
    const viewer = () => {
      const seen: string[] = [];
      const v: LiveViewer = {
        begin: (track) => seen.push(`begin:${track.codec}`),
        fragment: (f) => seen.push(f.keyframe ? 'K' : 'p'),
        end: (reason, cause) => seen.push(`end:${cause}:${reason}`),
      };
      return { v, seen };
    };
    return { clock, procs, hub, viewer, pause: () => (stream = false), setCameraMasks: (v: boolean) => (cameraMasks = v) };
  };
  const tick = () => new Promise((r) => setImmediate(r));

  it('runs one ffmpeg for all viewers, gives a late joiner the init and the GOP, and stops after the linger', async () => {
    const { clock, procs, hub, viewer } = setup();
    const one = viewer();
    const leaveOne = hub.join('a', one.v);
    await tick();
    assert.equal(procs.length, 1);
    assert.ok(procs[0]?.args.includes('-probesize'), 'the first attempt skips probing');
    procs[0]?.data(Buffer.concat([initSegment(), fragment(0x02000000), fragment(0x01010000)]));
    const two = viewer();
    const leaveTwo = hub.join('a', two.v);
    procs[0]?.data(fragment(0x01010000));
    assert.equal(procs.length, 1, 'the second viewer shares the first ffmpeg');
    assert.deepEqual(one.seen, ['begin:avc1.640028', 'K', 'p', 'p']);
    assert.deepEqual(two.seen, ['begin:avc1.640028', 'K', 'p', 'p'], 'the late joiner starts at the keyframe');
    leaveOne();
    leaveTwo();
    clock.advance(4_000);
    assert.deepEqual(procs[0]?.killed, [], 'still lingering');
    const three = viewer();
    const leaveThree = hub.join('a', three.v);
    assert.equal(procs.length, 1, 'a viewer within the linger reuses the stream');
    leaveThree();
    clock.advance(5_001);
    await tick();
    assert.deepEqual(procs[0]?.killed, ['SIGTERM']);
    assert.equal(hub.running, 0);
  });

  it('closes every viewer with the reason when the camera may no longer be shown, and refuses new ones', async () => {
    const { clock, procs, hub, viewer, pause } = setup();
    const one = viewer();
    hub.join('a', one.v);
    await tick();
    procs[0]?.data(Buffer.concat([initSegment(), fragment(0x02000000)]));
    pause();
    clock.advance(1_000);
    await tick();
    assert.equal(one.seen.at(-1), 'end:refused:paused for privacy');
    assert.deepEqual(procs[0]?.killed, ['SIGTERM']);
    assert.throws(() => hub.join('a', viewer().v), /paused for privacy/);
    assert.throws(() => hub.join('b', viewer().v), /no camera "b"/);
  });

  it('probes again when the fast start fails before the init segment, and reports a lost stream after that', async () => {
    const { procs, hub, viewer } = setup();
    const one = viewer();
    hub.join('a', one.v);
    await tick();
    procs[0]?.exit(1);
    await tick();
    assert.equal(procs.length, 2);
    assert.ok(!procs[1]?.args.includes('-probesize'), 'the second attempt probes the stream');
    procs[1]?.exit(1);
    await tick();
    assert.match(one.seen.at(-1) ?? '', /^end:lost:/);
  });

  it('stream-copies a masked camera only while its own masks are verified, and masks it again once they are not', async () => {
    const { clock, procs, hub, viewer, setCameraMasks } = setup(true);
    const unverified = viewer();
    const leave = hub.join('a', unverified.v);
    await tick();
    assert.ok(procs[0]?.args.includes('libx264') && procs[0]?.args.some((a) => a.endsWith('a.live.pam')), 'unverified: Premises masks it');
    leave();
    clock.advance(5_001);
    await tick();
    setCameraMasks(true);
    const verified = viewer();
    hub.join('a', verified.v);
    await tick();
    assert.equal(procs.length, 2);
    assert.ok(procs[1]?.args.includes('copy') && !procs[1]?.args.includes('libx264'), 'verified camera-side: stream copy');
    procs[1]?.data(Buffer.concat([initSegment(), fragment(0x02000000)]));
    setCameraMasks(false);
    clock.advance(1_000);
    await tick();
    assert.match(verified.seen.at(-1) ?? '', /^end:lost:.*privacy masks/);
    assert.deepEqual(procs[1]?.killed, ['SIGTERM']);
    hub.join('a', viewer().v);
    await tick();
    assert.ok(procs[2]?.args.includes('libx264'), 'the next stream is masked by Premises');
  });

  it("takes a snapshot of a masked camera through the mask unless the camera's own masks are verified", async () => {
    const { procs, hub, setCameraMasks } = setup(true);
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xd9]);
    const snap = async () => {
      const taken = hub.snapshot('a');
      await tick();
      const proc = procs.at(-1) as FakeProc;
      proc.data(jpeg);
      proc.exit(0);
      assert.deepEqual(await taken, jpeg);
      return proc.args;
    };
    const masked = await snap();
    assert.ok(masked.some((a) => a.endsWith('a.live.pam')), masked.join(' '));
    setCameraMasks(true);
    const copied = await snap();
    assert.ok(!copied.some((a) => a.endsWith('.pam')) && copied.includes('mjpeg'), copied.join(' '));
  });
  const url = (args: readonly string[] | undefined) => args?.[(args.indexOf('-i')) + 1];

  it('runs one ffmpeg per stream: tiles share the sub stream, the single view the main one', async () => {
    const { clock, procs, hub, viewer } = setup(false, true);
    const leaveTile = hub.join('a', viewer().v, 'sub');
    const leaveOther = hub.join('a', viewer().v, 'sub');
    const leaveMain = hub.join('a', viewer().v, 'main');
    await tick();
    assert.equal(procs.length, 2);
    assert.deepEqual(procs.map((p) => url(p.args)).sort(), ['rtsp://10.0.0.2/s', 'rtsp://10.0.0.2/sub']);
    assert.ok(procs.every((p) => p.args.includes('copy')), 'both are stream copies');
    assert.equal(hub.streamOf('a', 'sub'), 'sub');
    assert.match(hub.hlsDirOf('a', 'sub') ?? '', /a-sub-/);
    leaveTile();
    leaveOther();
    leaveMain();
    clock.advance(5_001);
    await tick();
    assert.equal(hub.running, 0);
  });

  it('serves the main stream to a tile of a camera without a sub stream, from the same ffmpeg', async () => {
    const { procs, hub, viewer } = setup();
    hub.join('a', viewer().v, 'sub');
    hub.join('a', viewer().v, 'main');
    await tick();
    assert.equal(procs.length, 1);
    assert.equal(url(procs[0]?.args), 'rtsp://10.0.0.2/s');
    assert.equal(hub.streamOf('a', 'sub'), 'main');
    assert.equal(hub.hlsDirOf('a', 'sub'), hub.hlsDirOf('a', 'main'));
  });

  it("masks a masked camera's sub stream itself even while the camera's own masks are verified on the main stream", async () => {
    const { procs, hub, viewer, setCameraMasks } = setup(true, true);
    setCameraMasks(true);
    hub.join('a', viewer().v, 'main');
    hub.join('a', viewer().v, 'sub');
    await tick();
    const main = procs.find((p) => url(p.args) === 'rtsp://10.0.0.2/s');
    const sub = procs.find((p) => url(p.args) === 'rtsp://10.0.0.2/sub');
    assert.ok(main?.args.includes('copy') && !main.args.includes('libx264'), 'the verified main stream is copied');
    assert.ok(sub?.args.includes('libx264') && sub.args.some((a) => a.endsWith('a.live.pam')), 'the sub stream goes through the mask');
  });

  it('takes a thumbnail from the sub stream, or from a stream already running', async () => {
    const { procs, hub, viewer } = setup(false, true);
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xd9]);
    const taken = hub.snapshot('a');
    await tick();
    const proc = procs.at(-1) as FakeProc;
    assert.equal(url(proc.args), 'rtsp://10.0.0.2/sub', 'a thumbnail connects to the sub stream');
    proc.data(jpeg);
    proc.exit(0);
    assert.deepEqual(await taken, jpeg);
    hub.join('a', viewer().v, 'main');
    await tick();
    procs.at(-1)?.data(Buffer.concat([initSegment(), fragment(0x02000000)]));
    const fromStream = hub.snapshot('a');
    await tick();
    const grab = procs.at(-1) as FakeProc;
    assert.equal(url(grab.args), 'pipe:0', 'with the main stream running, no second connection to the camera');
    grab.data(jpeg);
    grab.exit(0);
    assert.deepEqual(await fromStream, jpeg);
  });
  it('shows the main stream on a tile whose sub stream cannot be opened, still through the mask', async () => {
    const { procs, hub, viewer, setCameraMasks } = setup(true, true);
    setCameraMasks(true);
    const tile = viewer();
    hub.join('a', tile.v, 'sub');
    await tick();
    procs[0]?.exit(1); // fast start fails
    await tick();
    procs[1]?.exit(1); // with probing too: the sub stream is not there
    await tick();
    assert.equal(procs.length, 3);
    assert.deepEqual(procs.map((p) => url(p.args)), ['rtsp://10.0.0.2/sub', 'rtsp://10.0.0.2/sub', 'rtsp://10.0.0.2/s']);
    assert.ok(procs[2]?.args.includes('libx264') && procs[2]?.args.some((a) => a.endsWith('a.live.pam')), 'the fallback on a tile is masked by Premises');
    assert.ok(!tile.seen.some((e) => e.startsWith('end:')), 'the viewer is not dropped');
    procs[2]?.exit(1);
    await tick();
    procs[3]?.exit(1);
    await tick();
    assert.match(tile.seen.at(-1) ?? '', /^end:lost:/, 'a main stream that fails too ends the view as lost');
  });
  it('takes a thumbnail from the main stream when the sub stream cannot be read', async () => {
    const { procs, hub } = setup(false, true);
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xd9]);
    const taken = hub.snapshot('a');
    await tick();
    procs.at(-1)?.exit(1);
    await tick();
    await tick();
    const main = procs.at(-1) as FakeProc;
    assert.equal(url(main.args), 'rtsp://10.0.0.2/s');
    main.data(jpeg);
    main.exit(0);
    assert.deepEqual(await taken, jpeg);
  });
});
