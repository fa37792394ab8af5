import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AuditLog } from '../../src/audit/log.js';
import { SecretBox } from '../../src/cameras/secret-box.js';
import { setCameraScope } from '../../src/cameras/scope.js';
import { addCameraByXaddr } from '../../src/cameras/service.js';
import { openDb } from '../../src/db/open.js';
import { DataLayout } from '../../src/shared/data-layout.js';
import { systemClock } from '../../src/shared/clock.js';
import { DashboardClient } from '../support/dashboard-client.js';
import { cookieOf, openLive, type LiveCapture } from '../support/live-client.js';
import { spawnSim, type SimProcess } from '../support/onvif-sim/process.js';
import { lumaOf, maxOf } from '../support/pixels.js';
import { PremisesProcess, readIndex, runCli, tempDir, writeConfig, type HealthBody, type SegmentRecord } from '../support/premises.js';
import { RtspServer } from '../support/rtsp.js';

/**
 * `premises start` with four masked cameras: an ONVIF camera that holds its
 * masks (snapshot and stream show them), one that lies about them (its
 * snapshot shows the patch), one whose snapshot is masked but whose video
 * stream is not, and a plain RTSP camera. The recorder must stream-copy only
 * the first and re-encode the others with the mask burned in; health says who
 * masks each one, the two unreliable cameras raise an alarm, and every stored
 * segment is black under the mask.
 *
 * The simulator draws masks on its snapshot; the video comes from the
 * GStreamer test server. The honest camera's video is a clip encoded with the
 * masked area already black, as a camera masking in its encoder sends it.
 */
const USER = 'admin';
const PASSWORD = 'daemon mask pw';
const MASK = [[0, 0], [0.4, 0], [0.4, 1], [0, 1]] as [number, number][];
const UNDER_MASK = { x: 0.05, y: 0.1, w: 0.3, h: 0.8 };
const SCOPE = {
  purposes: ['Investigate theft and break-ins at the test door'],
  area: 'entrance',
  signage: { location: 'Test door', date: '2026-11-26', confirmedBy: 'Test owner' },
  masks: [{ name: 'neighbour window', polygon: MASK }],
};

/** The ffmpeg command lines (argv) of live processes whose arguments mention `needle`. */
function ffmpegArgv(needle: string): string[][] {
  const out: string[][] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (argv[0]?.endsWith('ffmpeg') && argv.some((a) => a.includes(needle))) out.push(argv);
    } catch {
      // gone
    }
  }
  return out;
}

describe('the recorder switches each masked camera to camera-side or Premises masking', () => {
  const dir = tempDir('premises-masks-daemon-');
  let rtsp: RtspServer;
  let premises: PremisesProcess;
  const sims: SimProcess[] = [];
  let health: HealthBody;
  let configPath = '';
  let origin = '';
  const data = () => join(dir.path, 'data');

  before(async () => {
    const clip = join(dir.path, 'masked-by-camera.mp4');
    const encoded = spawnSync('ffmpeg', ['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=10', '-t', '60', '-vf', 'drawbox=x=0:y=0:w=iw*0.4:h=ih:color=black:t=fill',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '10', '-bf', '0', '-pix_fmt', 'yuv420p', clip]);
    assert.equal(encoded.status, 0, encoded.stderr.toString());
    rtsp = await RtspServer.start({ plain: 'bars:640x360@10', honest: `file:${clip}`, liar: 'bars:640x360@10', snaponly: 'bars:640x360@10' });
    const onvifCamera = (mount: string, extra: Record<string, unknown> = {}) =>
      spawnSim({ bind: '127.0.0.1', username: USER, password: PASSWORD, media2: true, brightPatch: [0.05, 0.1, 0.3, 0.8], rtspUrl: rtsp.url(mount), ...extra });
    const honest = await onvifCamera('honest');
    const liar = await onvifCamera('liar', { masksIgnored: true });
    const snaponly = await onvifCamera('snaponly');
    sims.push(honest, liar, snaponly);
    const config = await writeConfig(dir.path, [{ id: 'plain', rtsp: rtsp.url('plain'), extra: ['    masks:', '      - polygon: [[0, 0], [0.4, 0], [0.4, 1], [0, 1]]'] }]);
    // The two ONVIF cameras are added to the index as `premises camera add --allow-loopback` would.
    mkdirSync(data(), { recursive: true });
    const layout = new DataLayout(data());
    const db = openDb(layout.indexPath);
    const audit = new AuditLog(db, systemClock);
    const deps = { db, audit, clock: systemClock, box: SecretBox.open(layout.keysDir) };
    for (const [id, sim] of [['honest', honest], ['liar', liar], ['snaponly', snaponly]] as const) {
      await addCameraByXaddr(deps, { xaddr: sim.xaddr, id, credentials: { username: USER, password: PASSWORD }, policy: { allowLoopback: true }, actor: 'cli:test' });
      setCameraScope(db, audit, systemClock, id, SCOPE, 'cli:test');
    }
    db.close();
    configPath = config.path;
    origin = `http://127.0.0.1:${config.port}`;
    premises = PremisesProcess.start(config.path, config.port);
    health = await premises.waitFor(
      (h) => h.cameras.length === 4 && h.cameras.every((c) => c.masking && c.lastSegmentAt !== null),
      50_000,
      'all four cameras to settle their masking and record',
    );
  });

  after(async () => {
    await premises?.stop();
    await Promise.all(sims.map((s) => s.stop()));
    await rtsp?.stop();
    dir.remove();
  });

  const cam = (id: string) => health.cameras.find((c) => c.id === id);
  // Index cameras' URLs carry credentials in ffmpeg's argv: match on host and path.
  const where = (id: string) => {
    const u = new URL(rtsp.url(id));
    return `${u.host}${u.pathname}`;
  };

  it('health says who masks each camera, and why Premises does', () => {
    assert.equal(cam('honest')?.masking?.method, 'camera');
    assert.ok(cam('honest')?.masking?.verifiedAt);
    assert.equal(cam('liar')?.masking?.method, 'premises');
    assert.match(cam('liar')?.masking?.reason ?? '', /snapshot still shows the masked area/);
    assert.equal(cam('snaponly')?.masking?.method, 'premises');
    assert.match(cam('snaponly')?.masking?.reason ?? '', /snapshot shows the masks but its video stream does not/);
    assert.equal(cam('plain')?.masking?.method, 'premises');
    assert.match(cam('plain')?.masking?.reason ?? '', /not added over ONVIF/);
  });

  it('the two unreliable cameras raise an alarm; the others do not', () => {
    const alarms = health.alarms.filter((a) => a.kind === 'masks-camera-side');
    assert.deepEqual(alarms.map((a) => a.subject).sort(), ['liar', 'snaponly']);
    assert.match(alarms[0]?.message ?? '', /re-encoding/);
  });

  it('records the verified camera by stream copy and re-encodes the others with the mask', () => {
    const honestArgs = ffmpegArgv(where('honest'));
    assert.equal(honestArgs.length, 1, 'one ffmpeg for the honest camera');
    assert.ok(honestArgs[0]?.includes('copy') && !honestArgs[0]?.includes('libx264'), honestArgs[0]?.join(' '));
    for (const id of ['liar', 'snaponly', 'plain']) {
      const argv = ffmpegArgv(where(id))[0] ?? [];
      assert.ok(argv.includes('libx264') && argv.some((a) => a.endsWith(`${id}.pam`)), `${id}: ${argv.join(' ')}`);
    }
  });

  it('audits each switch and keeps the state in the index', () => {
    const rows = readIndex<{ camera_id: string; method: string; verified_at: number | null; last_error: string | null }>(data(), 'SELECT camera_id, method, verified_at, last_error FROM camera_masks_state ORDER BY camera_id');
    assert.deepEqual(rows.map((r) => [r.camera_id, r.method]), [['honest', 'camera'], ['liar', 'premises'], ['plain', 'premises'], ['snaponly', 'premises']]);
    const audit = readIndex<{ subject: string; details: string }>(data(), "SELECT subject, details FROM audit_log WHERE action = 'camera.masks-method' ORDER BY seq");
    assert.deepEqual(audit.map((a) => a.subject).sort(), ['camera:honest', 'camera:liar', 'camera:plain', 'camera:snaponly']);
  });

  it('stores black under the mask whoever masks it', () => {
    for (const id of ['honest', 'liar', 'snaponly', 'plain']) {
      const segments = readIndex<SegmentRecord>(data(), 'SELECT * FROM segments WHERE camera_id = ? ORDER BY start_ms', id);
      assert.ok(segments.length >= 1, `${id} has segments`);
      for (const s of segments) assert.ok(maxOf(lumaOf(join(data(), 'recordings', s.path), 0, UNDER_MASK)) <= 40, `${id}: ${s.path} is not black under the mask`);
    }
  });

  it("shows the verified camera live by stream copy and the lying camera live with Premises' mask, black under it either way", async () => {
    const link = runCli(['setup-link', '--config', configPath]);
    const token = /token=([A-Za-z0-9_-]+)/.exec(link.stdout)?.[1] as string;
    const owner = new DashboardClient(origin);
    await owner.session();
    const setup = await owner.request('POST', '/api/setup', { token, username: 'owner', password: 'owner passphrase 1', businessConfirmed: true });
    assert.equal(setup.status, 201, JSON.stringify(setup.body));
    if (!owner.cookies.has('premises_session')) assert.equal((await owner.login('owner', 'owner passphrase 1')).status, 200);
    const watch = async (id: string): Promise<LiveCapture> => {
      const r = await openLive(origin, id, cookieOf(owner.cookies));
      if (!('capture' in r)) throw new Error(`${id}: upgrade refused with ${r.status}`);
      return r.capture;
    };
    const honest = await watch('honest');
    const liar = await watch('liar');
    try {
      await Promise.all([honest.fragmentsArrived(15, 30_000), liar.fragmentsArrived(15, 30_000)]);
      // The live ffmpeg is the one writing through the tee muxer; the recorder's is the other one.
      const liveArgv = (id: string) => ffmpegArgv(where(id)).filter((argv) => argv.includes('tee'));
      const honestLive = liveArgv('honest');
      assert.equal(honestLive.length, 1, 'one live ffmpeg for the honest camera');
      assert.ok(honestLive[0]?.includes('copy') && !honestLive[0]?.includes('libx264') && !honestLive[0]?.some((a) => a.endsWith('.pam')), honestLive[0]?.join(' '));
      const liarLive = liveArgv('liar');
      assert.equal(liarLive.length, 1, 'one live ffmpeg for the lying camera');
      assert.ok(liarLive[0]?.includes('libx264') && liarLive[0]?.some((a) => a.endsWith('liar.live.pam')), liarLive[0]?.join(' '));
      for (const [id, capture] of [['honest', honest], ['liar', liar]] as const) {
        const file = join(dir.path, `${id}-live.mp4`);
        writeFileSync(file, capture.mp4());
        assert.ok(maxOf(lumaOf(file, 0.5, UNDER_MASK)) <= 40, `${id}: live view is not black under the mask`);
      }
    } finally {
      honest.close();
      liar.close();
    }
  });
});
