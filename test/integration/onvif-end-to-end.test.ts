import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createLoopbackNamespace, runIn, type LoopbackNamespace } from '../support/netns.js';
import { spawnSim, type SimProcess } from '../support/onvif-sim/process.js';
import { CLI, PremisesProcess, readIndex, runCli, sleepMs, tempDir, writeConfig } from '../support/premises.js';
import { RtspServer } from '../support/rtsp.js';

/**
 * The owner's path with no RTSP URL typed: discover the camera on the LAN,
 * add it with its credentials, describe its purpose, area and sign, and it
 * records. Everything runs in a network namespace of its own whose loopback
 * carries multicast: a simulated ONVIF camera, GStreamer's RTSP server behind
 * it, and Premises.
 */
describe('discover -> add -> record', () => {
  const dir = tempDir();
  let network: LoopbackNamespace;
  let rtsp: RtspServer;
  let sim: SimProcess;
  let premises: PremisesProcess | undefined;
  let configPath = '';
  const data = () => join(dir.path, 'data');

  before(async () => {
    network = createLoopbackNamespace('e2e');
    rtsp = await RtspServer.start({ main: 'live:320x240@10' }, 8554, network.ns);
    sim = await spawnSim({ bind: '127.0.0.1', discovery: true, username: 'admin', password: 'cam-secret-42', rtspUrl: 'rtsp://127.0.0.1:8554/main', name: 'Back door' }, network.ns);
    configPath = (await writeConfig(dir.path, [])).path;
  });

  after(async () => {
    await premises?.kill9();
    await sim?.stop();
    await rtsp?.stop();
    network?.destroy();
    dir.remove();
  });

  it('finds the camera, adds it, and records it with a clean index', async () => {
    const found = await runIn(network.ns, [process.execPath, CLI, 'discover', '--json', '--interface', 'lo', '--allow-loopback', '--timeout', '2s']);
    assert.equal(found.code, 0, found.stderr);
    const devices = JSON.parse(found.stdout) as { xaddr: string; name: string }[];
    assert.equal(devices.length, 1, found.stdout);
    const xaddr = devices[0]?.xaddr as string;
    assert.equal(xaddr, sim.xaddr);

    const added = await runIn(
      network.ns,
      [process.execPath, CLI, 'camera', 'add', '--xaddr', xaddr, '--username', 'admin', '--password-stdin', '--allow-loopback', '--id', 'backdoor', '--config', configPath],
      { input: 'cam-secret-42\n' },
    );
    assert.equal(added.code, 0, added.stdout + added.stderr);
    assert.ok(!(added.stdout + added.stderr).includes('cam-secret-42'));

    const scoped = runCli([
      'camera', 'scope', 'backdoor', '--config', configPath,
      '--purpose', 'Investigate break-ins at the back door after closing',
      '--area', 'storage',
      '--sign-location', 'Back door, outside', '--sign-date', '2026-11-26', '--sign-confirmed-by', 'Owner',
    ]);
    assert.equal(scoped.code, 0, scoped.stdout + scoped.stderr);

    premises = PremisesProcess.start(configPath, 0, {}, network.ns);
    const deadline = Date.now() + 60_000;
    let recordedMs = 0;
    while (Date.now() < deadline && recordedMs < 20_000) {
      await sleepMs(1_000);
      recordedMs = readIndex<{ ms: number | null }>(data(), "SELECT sum(end_ms - start_ms) AS ms FROM segments WHERE camera_id = 'backdoor'")[0]?.ms ?? 0;
      if (premises.child.exitCode !== null) break;
    }
    assert.ok(recordedMs >= 20_000, `recorded ${recordedMs} ms:\n${premises.output.join('').slice(-3000)}`);
    const exit = await premises.stop();
    assert.equal(exit.code, 0, premises.output.join('').slice(-3000));

    const check = runCli(['check', '--config', configPath]);
    assert.equal(check.code, 0, check.stdout + check.stderr);
    const [camera] = readIndex<{ rtsp_url: string; origin: string }>(data(), "SELECT rtsp_url, origin FROM cameras WHERE id = 'backdoor'");
    assert.equal(camera?.origin, 'index');
    assert.equal(camera?.rtsp_url, 'rtsp://127.0.0.1:8554/main', 'the stored stream URI carries no credentials');
    assert.ok(!premises.output.join('').includes('cam-secret-42'), 'the password never reaches the log');
  });
});
