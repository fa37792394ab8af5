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
 * Live view against a real `premises start` and a real RTSP server: the
 * WebSocket stream decodes, masks are burned into live frames and snapshots,
 * two viewers share one camera connection, a privacy pause closes the socket
 * and refuses new ones until resumed, rights are checked on the camera, and
 * each viewing session is audited.
 */
const OWNER_PW = 'owner passphrase 1';
const VIEWER_PW = 'viewer passphrase 3';
const UNDER_MASK = { x: 0.05, y: 0.1, w: 0.3, h: 0.8 }; // inside the mask (left 40 %)
const OPEN = { x: 0.5, y: 0.1, w: 0.3, h: 0.4 }; // never masked

function frameCount(file: string): number {
  const r = spawnSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames,codec_name,width,height', '-of', 'json', file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const s = (JSON.parse(r.stdout) as { streams: { nb_read_frames: string; codec_name: string; width: number }[] }).streams[0];
  assert.equal(s?.codec_name, 'h264');
  return Number(s?.nb_read_frames);
}

const mustOpen = async (p: ReturnType<typeof openLive>): Promise<LiveCapture> => {
  const r = await p;
  if (!('capture' in r)) throw new Error(`upgrade refused with ${r.status}`);
  return r.capture;
};

describe('live view', () => {
  const dir = tempDir('premises-live-');
  let rtsp: RtspServer;
  let premises: PremisesProcess;
  let origin = '';
  let configPath = '';
  const dataDir = join(dir.path, 'data');
  const owner = () => clients.owner as DashboardClient;
  const viewerClient = () => clients.viewer as DashboardClient;
  const clients: Record<string, DashboardClient> = {};
  const file = (name: string) => join(dir.path, name);

  before(async () => {
    rtsp = await RtspServer.start({ bars: 'bars:640x360@10', bars2: 'bars:640x360@10' });
    const config = await writeConfig(dir.path, [
      { id: 'masked', rtsp: rtsp.url('bars'), extra: ['    masks:', '      - name: neighbour window', '        polygon: [[0, 0], [0.4, 0], [0.4, 1], [0, 1]]'] },
      { id: 'plain', rtsp: rtsp.url('bars2') },
    ]);
    configPath = config.path;
    origin = `http://127.0.0.1:${config.port}`;
    premises = await PremisesProcess.startRecording(config.path, config.port);
    const link = runCli(['setup-link', '--config', config.path]);
    const token = /token=([A-Za-z0-9_-]+)/.exec(link.stdout)?.[1] as string;
    clients.owner = new DashboardClient(origin);
    await owner().session();
    const setup = await owner().request('POST', '/api/setup', { token, username: 'owner', password: OWNER_PW, businessConfirmed: true });
    assert.equal(setup.status, 201, JSON.stringify(setup.body));
    if (!owner().cookies.has('premises_session')) assert.equal((await owner().login('owner', OWNER_PW)).status, 200);
    const v = await owner().request('POST', '/api/users', { username: 'viewer', password: VIEWER_PW, role: 'viewer', cameras: { plain: { live: true } } });
    assert.equal(v.status, 201, JSON.stringify(v.body));
    clients.viewer = new DashboardClient(origin);
    assert.equal((await clients.viewer.login('viewer', VIEWER_PW)).status, 200);
  });

  after(async () => {
    await premises?.stop();
    await rtsp?.stop();
    dir.remove();
  });

  it('streams an init segment and a fragment per frame that ffmpeg decodes', async () => {
    const live = await mustOpen(openLive(origin, 'plain', cookieOf(owner().cookies)));
    await live.fragmentsArrived(30, 20_000);
    live.close();
    await live.closed;
    assert.match(live.header?.codec ?? '', /^avc1\.[0-9a-f]{6}$/);
    assert.equal(live.header?.width, 640);
    assert.equal(live.header?.height, 360);
    assert.equal(live.init?.toString('latin1', 4, 8), 'ftyp', 'the init segment starts with ftyp');
    assert.ok(live.fragments.every((f) => f.bytes.toString('latin1', 4, 8) === 'moof'), 'every fragment is a moof + mdat');
    writeFileSync(file('plain-live.mp4'), live.mp4());
    // A fragment per frame: as many decoded frames as fragments (a fragment per GOP would give 10 frames each).
    assert.equal(frameCount(file('plain-live.mp4')), live.fragments.length);
    // The control for the mask test: the same source shows something bright where the mask would be.
    assert.ok(maxOf(lumaOf(file('plain-live.mp4'), 1, UNDER_MASK)) > 150);
  });

  it('blacks out the masked region in live frames and in snapshots, while the rest moves', async () => {
    const snapshot = async (camera: string, name: string) => {
      const shot = await fetch(`${origin}/api/cameras/${camera}/snapshot.jpg`, { headers: { cookie: cookieOf(owner().cookies) } });
      assert.equal(shot.status, 200, await shot.clone().text());
      assert.equal(shot.headers.get('content-type'), 'image/jpeg');
      writeFileSync(file(name), Buffer.from(await shot.arrayBuffer()));
      return file(name);
    };
    // Nobody watches the masked camera yet: the snapshot opens its own connection and applies the mask filter.
    assert.equal(ffmpegProcessesMentioning(join(dataDir, 'tmp', 'live', 'masked')).length, 0);
    const fromCamera = await snapshot('masked', 'masked-camera.jpg');
    assert.ok(maxOf(lumaOfImage(fromCamera, UNDER_MASK)) <= 40, 'the snapshot is black under the mask');
    assert.ok(maxOf(lumaOfImage(fromCamera, OPEN)) > 100, 'and not elsewhere');

    const live = await mustOpen(openLive(origin, 'masked', cookieOf(owner().cookies)));
    await live.fragmentsArrived(40, 30_000);
    // While it is watched, the snapshot comes from the (masked) live stream.
    const fromStream = await snapshot('masked', 'masked-stream.jpg');
    live.close();
    await live.closed;
    assert.ok(maxOf(lumaOfImage(fromStream, UNDER_MASK)) <= 40, 'the snapshot from the live stream is black under the mask');
    assert.ok(maxOf(lumaOfImage(fromStream, OPEN)) > 100);
    writeFileSync(file('masked-live.mp4'), live.mp4());
    for (const at of [0, 1.5, 3.5]) assert.ok(maxOf(lumaOf(file('masked-live.mp4'), at, UNDER_MASK)) <= 40, `live frame at ${at}s is not black under the mask`);
    const early = lumaOf(file('masked-live.mp4'), 0.2, OPEN);
    const late = lumaOf(file('masked-live.mp4'), 3.5, OPEN);
    assert.ok(maxOf(early) > 100, 'the open region is not black');
    assert.ok(meanAbsDiff(early, late) > 5, `the open region changes (mean difference ${meanAbsDiff(early, late).toFixed(1)})`);

    const plain = await snapshot('plain', 'plain.jpg');
    assert.ok(maxOf(lumaOfImage(plain, UNDER_MASK)) > 150, 'an unmasked snapshot shows the bright region (control)');
  });

  it('shares one camera connection between two viewers and stops it after the last leaves', async () => {
    // Let any stream of the tests above stop first, so this one starts from none.
    await waitUntil(() => ffmpegProcessesMentioning(join(dataDir, 'tmp', 'live')).length === 0, 15_000, 'earlier live streams to stop');
    // The recorder's own reconnects (if any) are not live view's: count them out.
    const restarts = async () => (await premises.health()).cameras.reduce((n, c) => n + c.restarts, 0);
    const restartsBefore = await restarts();
    const before = rtsp.connections;
    const one = await mustOpen(openLive(origin, 'plain', cookieOf(owner().cookies)));
    const two = await mustOpen(openLive(origin, 'plain', cookieOf(viewerClient().cookies)));
    await Promise.all([one.fragmentsArrived(15, 20_000), two.fragmentsArrived(15, 20_000)]);
    const shot = await fetch(`${origin}/api/cameras/plain/snapshot.jpg`, { headers: { cookie: cookieOf(owner().cookies) } });
    assert.equal(shot.status, 200);
    writeFileSync(file('shared.jpg'), Buffer.from(await shot.arrayBuffer()));
    assert.ok(maxOf(lumaOfImage(file('shared.jpg'), OPEN)) > 100, 'a snapshot from the shared stream decodes');
    assert.equal(rtsp.connections - before - ((await restarts()) - restartsBefore), 1, 'two viewers and a snapshot, one extra RTSP connection');
    assert.equal(ffmpegProcessesMentioning(join(dataDir, 'tmp', 'live', 'plain')).length, 1, 'one live ffmpeg for the camera');
    assert.equal(two.init?.toString('latin1', 4, 8), 'ftyp', 'the second viewer gets the init segment too');
    writeFileSync(file('second.mp4'), two.mp4());
    assert.ok(frameCount(file('second.mp4')) >= 15, 'the second viewer starts at a keyframe and decodes');
    one.close();
    two.close();
    await Promise.all([one.closed, two.closed]);
    await waitUntil(() => ffmpegProcessesMentioning(join(dataDir, 'tmp', 'live', 'plain')).length === 0, 15_000, 'the live ffmpeg to stop after the last viewer');
  });

  it('closes the live socket within 5 s of a privacy pause, refuses while paused, and streams again after resume', async () => {
    const live = await mustOpen(openLive(origin, 'plain', cookieOf(owner().cookies)));
    await live.fragmentsArrived(5, 20_000);
    // The pause comes from another process (the command line): the daemon notices it by itself.
    const paused = runCli(['pause', 'plain', '--reason', 'staff asked for privacy', '--config', configPath]);
    assert.equal(paused.code, 0, paused.stderr);
    const t0 = Date.now();
    await live.closed;
    assert.ok(Date.now() - t0 < 5_000, `closed ${Date.now() - t0} ms after the pause`);
    assert.equal(live.closeCode, 4409);
    assert.match(live.end?.reason ?? '', /privacy pause/);

    const refused = await mustOpen(openLive(origin, 'plain', cookieOf(owner().cookies)));
    await refused.closed;
    assert.equal(refused.fragments.length, 0);
    assert.match(refused.end?.reason ?? '', /privacy pause.*staff asked for privacy/);
    assert.equal((await fetch(`${origin}/api/cameras/plain/snapshot.jpg`, { headers: { cookie: cookieOf(owner().cookies) } })).status, 409, 'no snapshot while paused');

    assert.equal((await owner().request('POST', '/api/cameras/plain/resume')).status, 200);
    const again = await mustOpen(openLive(origin, 'plain', cookieOf(owner().cookies)));
    await again.fragmentsArrived(5, 20_000);
    again.close();
    await again.closed;
  });

  it('serves HLS from the same stream to a session that loaded the playlist', async () => {
    const cookie = cookieOf(owner().cookies);
    const playlist = await fetch(`${origin}/api/cameras/plain/live.m3u8`, { headers: { cookie } });
    assert.equal(playlist.status, 200, await playlist.clone().text());
    assert.match(playlist.headers.get('content-type') ?? '', /^application\/vnd\.apple\.mpegurl/);
    let text = await playlist.text();
    assert.match(text, /#EXT-X-MAP:URI="hls\/init\.mp4"/);
    // Wait for a few segments, then fetch the init segment and the newest two.
    for (let i = 0; i < 20 && (text.match(/^hls\/seg\d+\.m4s$/gm) ?? []).length < 3; i++) {
      await sleepMs(500);
      text = await (await fetch(`${origin}/api/cameras/plain/live.m3u8`, { headers: { cookie } })).text();
    }
    const segments = text.match(/^hls\/seg\d+\.m4s$/gm) ?? [];
    assert.ok(segments.length >= 3, text);
    const parts: Buffer[] = [];
    for (const uri of ['hls/init.mp4', ...segments.slice(-2)]) {
      const r = await fetch(`${origin}/api/cameras/plain/${uri}`, { headers: { cookie } });
      assert.equal(r.status, 200, uri);
      parts.push(Buffer.from(await r.arrayBuffer()));
    }
    writeFileSync(file('hls.mp4'), Buffer.concat(parts));
    assert.ok(frameCount(file('hls.mp4')) >= 5);
    // Another session has no lease: it cannot fetch segments without loading the playlist (and being audited).
    const viewerCookie = cookieOf(viewerClient().cookies);
    assert.equal((await fetch(`${origin}/api/cameras/plain/${segments.at(-1) as string}`, { headers: { cookie: viewerCookie } })).status, 404);
    assert.equal((await fetch(`${origin}/api/cameras/plain/hls/..%2f..%2findex.db`, { headers: { cookie } })).status, 404);

    // The masked camera's HLS comes from the same masked encode: black under the mask there too.
    let masked = '';
    for (let i = 0; i < 30 && (masked.match(/^hls\/seg\d+\.m4s$/gm) ?? []).length < 2; i++) {
      const r = await fetch(`${origin}/api/cameras/masked/live.m3u8`, { headers: { cookie } });
      masked = r.status === 200 ? await r.text() : '';
      await sleepMs(500);
    }
    const maskedSegments = masked.match(/^hls\/seg\d+\.m4s$/gm) ?? [];
    assert.ok(maskedSegments.length >= 2, masked);
    const maskedParts: Buffer[] = [];
    for (const uri of ['hls/init.mp4', maskedSegments.at(-1) as string]) {
      const r = await fetch(`${origin}/api/cameras/masked/${uri}`, { headers: { cookie } });
      assert.equal(r.status, 200, uri);
      maskedParts.push(Buffer.from(await r.arrayBuffer()));
    }
    writeFileSync(file('masked-hls.mp4'), Buffer.concat(maskedParts));
    assert.ok(maxOf(lumaOf(file('masked-hls.mp4'), 0, UNDER_MASK)) <= 40, 'HLS is masked too');
    assert.ok(maxOf(lumaOf(file('masked-hls.mp4'), 0, OPEN)) > 100);
  });

  it('checks the live right on the camera for the socket and the snapshot; anonymous gets 401', async () => {
    const viewer = cookieOf(viewerClient().cookies);
    assert.deepEqual(await openLive(origin, 'masked', viewer), { status: 403 });
    assert.equal((await fetch(`${origin}/api/cameras/masked/snapshot.jpg`, { headers: { cookie: viewer } })).status, 403);
    assert.equal((await fetch(`${origin}/api/cameras/masked/live.m3u8`, { headers: { cookie: viewer } })).status, 403);
    assert.deepEqual(await openLive(origin, 'plain', undefined), { status: 401 });
    assert.equal((await fetch(`${origin}/api/cameras/plain/snapshot.jpg`)).status, 401);
    assert.deepEqual(await openLive(origin, 'plain', viewer, { origin: 'http://evil.example' }), { status: 403 }, 'a cross-origin page cannot open the socket');
    assert.deepEqual(await openLive(origin, 'plain', viewer, { origin: null }), { status: 403 }, 'nor can a client that names no origin');
  });

  it('audits each viewing session once, with who, camera, start and end', () => {
    const rows = readIndex<{ actor: string; action: string; subject: string; details: string }>(
      dataDir,
      "SELECT actor, action, subject, details FROM audit_log WHERE action LIKE 'live.%' ORDER BY seq",
    );
    const started = rows.filter((r) => r.action === 'live.view-started');
    const ended = rows.filter((r) => r.action === 'live.view-ended');
    // Sockets: plain, masked, two shared, paused, after resume; HLS: one lease (may still run). The refused socket is not a session.
    assert.equal(started.filter((r) => via(r.details) === 'websocket').length, 6, JSON.stringify(rows, null, 1));
    assert.equal(ended.filter((r) => via(r.details) === 'websocket').length, 6);
    assert.ok(started.some((r) => r.actor === 'user:viewer' && r.subject === 'camera:plain'));
    const pausedEnd = ended.find((r) => /privacy pause/.test(r.details));
    assert.ok(pausedEnd, 'the end of the paused session says why');
    const d = JSON.parse(pausedEnd.details) as { startedAt: string; endedAt: string; durationMs: number };
    assert.ok(Date.parse(d.endedAt) > Date.parse(d.startedAt) && d.durationMs > 0);
    assert.equal(rows.filter((r) => r.action === 'live.snapshot').length, 4, 'one entry per snapshot');
    assert.ok(started.filter((r) => via(r.details) === 'hls').length >= 2, 'one HLS session per camera watched');
  });

  it('closes the live socket of a login that logs out, and audits why', async () => {
    const client = new DashboardClient(origin);
    assert.equal((await client.login('viewer', VIEWER_PW)).status, 200);
    const live = await mustOpen(openLive(origin, 'plain', cookieOf(client.cookies)));
    await live.fragmentsArrived(3, 20_000);
    assert.equal((await client.request('POST', '/api/logout')).status, 200);
    await live.closed;
    assert.equal(live.closeCode, 4401);
    assert.equal(live.end?.reason, 'you logged out', 'closed by the logout itself, not by the 5 s session re-check');
    const ended = readIndex<{ details: string }>(dataDir, "SELECT details FROM audit_log WHERE action = 'live.view-ended' AND actor = 'user:viewer' ORDER BY seq");
    assert.equal((JSON.parse(ended.at(-1)?.details ?? '{}') as { reason?: string }).reason, 'you logged out');
  });

  it('leaves no live ffmpeg behind when Premises is killed outright', async () => {
    const live = await mustOpen(openLive(origin, 'masked', cookieOf(owner().cookies)));
    await live.fragmentsArrived(3, 20_000);
    // One per watched camera: this socket's, and the HLS lease of the test above on the other camera may still run.
    assert.equal(ffmpegProcessesMentioning(join(dataDir, 'tmp', 'live', 'masked')).length, 1);
    await premises.kill9();
    await live.closed;
    await waitUntil(() => ffmpegProcessesMentioning(join(dataDir, 'tmp', 'live')).length === 0, 5_000, 'the live ffmpeg to die with its parent');
  });
});

const via = (details: string) => (JSON.parse(details) as { via?: string }).via;

async function waitUntil(fn: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fn()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleepMs(200);
  }
}
