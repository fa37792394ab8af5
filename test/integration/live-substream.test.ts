import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DashboardClient } from '../support/dashboard-client.js';
import { cookieOf, openLive, type LiveCapture } from '../support/live-client.js';
import { lumaOf, lumaOfImage, maxOf, meanAbsDiff } from '../support/pixels.js';
import { ffmpegProcessesMentioning, PremisesProcess, readIndex, runCli, sleepMs, tempDir, writeConfig } from '../support/premises.js';
import { RtspServer } from '../support/rtsp.js';

/**
 * Sub streams in live view, against a real `premises start` and a real RTSP
 * server serving each camera's main stream (640×360) and sub stream (320×180)
 * at two mount points: grid tiles (`?stream=sub`) get the sub stream and the
 * single view the main one, each from its own shared ffmpeg; a camera without
 * a sub stream serves its main stream to both from one ffmpeg; a privacy mask
 * blacks out the same area of a sub-stream tile, its HLS and its thumbnail.
 */
const OWNER_PW = 'owner passphrase 1';
const UNDER_MASK = { x: 0.05, y: 0.1, w: 0.3, h: 0.8 }; // inside the mask (left 40 %)
const OPEN = { x: 0.5, y: 0.1, w: 0.3, h: 0.4 }; // never masked

const mustOpen = async (p: ReturnType<typeof openLive>): Promise<LiveCapture> => {
  const r = await p;
  if (!('capture' in r)) throw new Error(`upgrade refused with ${r.status}`);
  return r.capture;
};

function sizeOf(file: string): { width: number; height: number } {
  const r = spawnSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'json', file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const s = (JSON.parse(r.stdout) as { streams: { width: number; height: number }[] }).streams[0];
  return { width: Number(s?.width), height: Number(s?.height) };
}

async function waitUntil(fn: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fn()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleepMs(200);
  }
}

describe('live view of sub streams', () => {
  const dir = tempDir('premises-substream-');
  let rtsp: RtspServer;
  let premises: PremisesProcess;
  let origin = '';
  const dataDir = join(dir.path, 'data');
  const liveDir = join(dataDir, 'tmp', 'live');
  const client = new Map<string, DashboardClient>();
  const cookie = () => cookieOf((client.get('owner') as DashboardClient).cookies);
  const file = (name: string) => join(dir.path, name);

  before(async () => {
    rtsp = await RtspServer.start({
      dualMain: 'bars:640x360@10',
      dualSub: 'bars:320x180@10',
      maskedMain: 'bars:640x360@10',
      maskedSub: 'bars:320x180@10',
      single: 'bars:640x360@10',
    });
    const config = await writeConfig(dir.path, [
      { id: 'dual', rtsp: rtsp.url('dualMain'), extra: [`    subRtsp: ${rtsp.url('dualSub')}`] },
      {
        id: 'masked',
        rtsp: rtsp.url('maskedMain'),
        extra: [`    subRtsp: ${rtsp.url('maskedSub')}`, '    masks:', '      - name: neighbour window', '        polygon: [[0, 0], [0.4, 0], [0.4, 1], [0, 1]]'],
      },
      { id: 'single', rtsp: rtsp.url('single') },
    ]);
    origin = `http://127.0.0.1:${config.port}`;
    premises = await PremisesProcess.startRecording(config.path, config.port);
    const link = runCli(['setup-link', '--config', config.path]);
    const token = /token=([A-Za-z0-9_-]+)/.exec(link.stdout)?.[1] as string;
    const owner = new DashboardClient(origin);
    client.set('owner', owner);
    await owner.session();
    const setup = await owner.request('POST', '/api/setup', { token, username: 'owner', password: OWNER_PW, businessConfirmed: true });
    assert.equal(setup.status, 201, JSON.stringify(setup.body));
    if (!owner.cookies.has('premises_session')) assert.equal((await owner.login('owner', OWNER_PW)).status, 200);
  });

  after(async () => {
    await premises?.stop();
    await rtsp?.stop();
    dir.remove();
  });

  it('gives a tile the sub stream and the single view the main stream, each from one ffmpeg', async () => {
    const tile = await mustOpen(openLive(origin, 'dual', cookie(), { stream: 'sub' }));
    const single = await mustOpen(openLive(origin, 'dual', cookie()));
    const second = await mustOpen(openLive(origin, 'dual', cookie(), { stream: 'sub' }));
    await Promise.all([tile.fragmentsArrived(15, 20_000), single.fragmentsArrived(15, 20_000), second.fragmentsArrived(15, 20_000)]);
    assert.deepEqual([tile.header?.width, tile.header?.height], [320, 180], 'the tile receives the sub stream');
    assert.deepEqual([single.header?.width, single.header?.height], [640, 360], 'the single view receives the main stream');
    // Stream copy of each: one ffmpeg per stream, shared by the two tiles, none re-encoding.
    const sub = ffmpegProcessesMentioning(join(liveDir, 'dual-sub-'));
    const main = ffmpegProcessesMentioning(join(liveDir, 'dual-main-'));
    assert.equal(sub.length, 1, 'one ffmpeg for the sub stream, shared');
    assert.equal(main.length, 1, 'one ffmpeg for the main stream');
    assert.equal(ffmpegProcessesMentioning('dualSub').length, 1, 'one connection to the sub stream');
    writeFileSync(file('dual-sub.mp4'), tile.mp4());
    assert.deepEqual(sizeOf(file('dual-sub.mp4')), { width: 320, height: 180 });
    for (const c of [tile, single, second]) c.close();
    await Promise.all([tile.closed, single.closed, second.closed]);
    const started = readIndex<{ details: string }>(dataDir, "SELECT details FROM audit_log WHERE action = 'live.view-started' AND subject = 'camera:dual' ORDER BY seq");
    assert.deepEqual(started.map((r) => (JSON.parse(r.details) as { stream: string }).stream).sort(), ['main', 'sub', 'sub'], 'the audit says which stream was shown');
  });

  it('falls back to the main stream, from the same ffmpeg, for a camera without a sub stream', async () => {
    const tile = await mustOpen(openLive(origin, 'single', cookie(), { stream: 'sub' }));
    const single = await mustOpen(openLive(origin, 'single', cookie()));
    await Promise.all([tile.fragmentsArrived(10, 20_000), single.fragmentsArrived(10, 20_000)]);
    assert.deepEqual([tile.header?.width, tile.header?.height], [640, 360]);
    assert.equal(ffmpegProcessesMentioning(join(liveDir, 'single-')).length, 1, 'tile and single view share one ffmpeg');
    assert.equal(ffmpegProcessesMentioning(join(liveDir, 'single-sub-')).length, 0);
    tile.close();
    single.close();
    await Promise.all([tile.closed, single.closed]);
    const shot = await fetch(`${origin}/api/cameras/single/snapshot.jpg`, { headers: { cookie: cookie() } });
    assert.equal(shot.status, 200);
    writeFileSync(file('single.jpg'), Buffer.from(await shot.arrayBuffer()));
    assert.deepEqual(sizeOf(file('single.jpg')), { width: 640, height: 360 }, 'the thumbnail of a camera without a sub stream is its main picture');
    const bad = await openLive(origin, 'single', cookie(), { stream: 'thumb' });
    assert.ok('status' in bad && bad.status === 400, 'an unknown stream is refused');
    assert.equal((await fetch(`${origin}/api/cameras/single/snapshot.jpg?stream=big`, { headers: { cookie: cookie() } })).status, 400);
  });

  it('blacks out the masked area of a sub-stream tile, its HLS and its thumbnail, at the sub resolution', async () => {
    await waitUntil(() => ffmpegProcessesMentioning(join(liveDir, 'masked-')).length === 0, 15_000, 'no live stream of the masked camera');
    // Nobody watches: the thumbnail connects to the sub stream and masks it.
    const thumb = await fetch(`${origin}/api/cameras/masked/snapshot.jpg`, { headers: { cookie: cookie() } });
    assert.equal(thumb.status, 200, await thumb.clone().text());
    writeFileSync(file('masked-thumb.jpg'), Buffer.from(await thumb.arrayBuffer()));
    assert.deepEqual(sizeOf(file('masked-thumb.jpg')), { width: 320, height: 180 }, 'a thumbnail comes from the sub stream');
    assert.ok(maxOf(lumaOfImage(file('masked-thumb.jpg'), UNDER_MASK)) <= 40, 'the thumbnail is black under the mask');
    assert.ok(maxOf(lumaOfImage(file('masked-thumb.jpg'), OPEN)) > 100, 'and not elsewhere');
    const full = await fetch(`${origin}/api/cameras/masked/snapshot.jpg?stream=main`, { headers: { cookie: cookie() } });
    assert.equal(full.status, 200);
    writeFileSync(file('masked-full.jpg'), Buffer.from(await full.arrayBuffer()));
    assert.deepEqual(sizeOf(file('masked-full.jpg')), { width: 640, height: 360 });
    assert.ok(maxOf(lumaOfImage(file('masked-full.jpg'), UNDER_MASK)) <= 40);

    const tile = await mustOpen(openLive(origin, 'masked', cookie(), { stream: 'sub' }));
    await tile.fragmentsArrived(40, 30_000);
    assert.deepEqual([tile.header?.width, tile.header?.height], [320, 180]);
    // HLS of the same tile stream: the playlist's addresses keep ?stream=sub.
    let playlist = '';
    for (let i = 0; i < 30 && (playlist.match(/^hls\/seg\d+\.m4s\?stream=sub$/gm) ?? []).length < 2; i++) {
      const r = await fetch(`${origin}/api/cameras/masked/live.m3u8?stream=sub`, { headers: { cookie: cookie() } });
      playlist = r.status === 200 ? await r.text() : '';
      await sleepMs(500);
    }
    assert.match(playlist, /#EXT-X-MAP:URI="hls\/init\.mp4\?stream=sub"/);
    const segments = playlist.match(/^hls\/seg\d+\.m4s\?stream=sub$/gm) ?? [];
    assert.ok(segments.length >= 2, playlist);
    const parts: Buffer[] = [];
    for (const uri of ['hls/init.mp4?stream=sub', segments.at(-1) as string]) {
      const r = await fetch(`${origin}/api/cameras/masked/${uri}`, { headers: { cookie: cookie() } });
      assert.equal(r.status, 200, uri);
      parts.push(Buffer.from(await r.arrayBuffer()));
    }
    tile.close();
    await tile.closed;
    writeFileSync(file('masked-tile.mp4'), tile.mp4());
    assert.deepEqual(sizeOf(file('masked-tile.mp4')), { width: 320, height: 180 });
    for (const at of [0, 1.5, 3.5]) assert.ok(maxOf(lumaOf(file('masked-tile.mp4'), at, UNDER_MASK)) <= 40, `tile frame at ${at}s is black under the mask`);
    const early = lumaOf(file('masked-tile.mp4'), 0.2, OPEN);
    const late = lumaOf(file('masked-tile.mp4'), 3.5, OPEN);
    assert.ok(maxOf(early) > 100, 'the open region is not black');
    assert.ok(meanAbsDiff(early, late) > 5, 'the open region moves');
    writeFileSync(file('masked-hls.mp4'), Buffer.concat(parts));
    assert.deepEqual(sizeOf(file('masked-hls.mp4')), { width: 320, height: 180 });
    assert.ok(maxOf(lumaOf(file('masked-hls.mp4'), 0, UNDER_MASK)) <= 40, 'the sub-stream HLS is masked too');
    assert.ok(maxOf(lumaOf(file('masked-hls.mp4'), 0, OPEN)) > 100);
    // The control: the unmasked camera's sub stream is bright where the mask would be.
    const control = await mustOpen(openLive(origin, 'dual', cookie(), { stream: 'sub' }));
    await control.fragmentsArrived(10, 20_000);
    control.close();
    await control.closed;
    writeFileSync(file('dual-control.mp4'), control.mp4());
    assert.ok(maxOf(lumaOf(file('dual-control.mp4'), 0.2, UNDER_MASK)) > 150);
  });
  it('keeps the sub stream given when a camera is added by its address, and lists the camera as having one', async () => {
    const owner = client.get('owner') as DashboardClient;
    const refused = await owner.request('POST', '/api/cameras', { xaddr: 'http://127.0.0.1:9/onvif/device_service', subRtsp: rtsp.url('dualSub') });
    assert.equal(refused.status, 400, JSON.stringify(refused.body));
    const added = await owner.request('POST', '/api/cameras', { rtsp: rtsp.url('dualMain'), subRtsp: rtsp.url('dualSub'), id: 'lobby' });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    type Listed = { id: string; subStream?: boolean; subRtspUrl?: string | null };
    let lobby: Listed | undefined;
    for (let i = 0; i < 40 && !lobby?.subStream; i++) {
      const list = await owner.request('GET', '/api/cameras');
      lobby = (list.body as { cameras: Listed[] }).cameras.find((c) => c.id === 'lobby');
      if (!lobby?.subStream) await sleepMs(250);
    }
    assert.equal(lobby?.subStream, true, 'the running recorder knows its sub stream');
    assert.equal(lobby?.subRtspUrl, rtsp.url('dualSub'));
    const single = (await owner.request('GET', '/api/cameras')).body as { cameras: Listed[] };
    assert.equal(single.cameras.find((c) => c.id === 'single')?.subStream, false);
  });
});
