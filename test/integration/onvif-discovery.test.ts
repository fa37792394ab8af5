import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { DiscoveryResult } from '../../src/cameras/onvif/discovery.js';
import { createLoopbackNamespace, createTestNetwork, type TestNetwork } from '../support/netns.js';
import { spawnSim, type SimProcess } from '../support/onvif-sim/process.js';

const BIN = fileURLToPath(new URL('../../../bin/premises.js', import.meta.url));
const RUNNER = fileURLToPath(new URL('../support/discover-runner.js', import.meta.url));
const NODE_ONVIF_PROBE = fileURLToPath(new URL('../support/node-onvif-probe.js', import.meta.url));

/**
 * Real multicast on a private network: cameras (simulators, one process each)
 * in one namespace, our discovery — the CLI itself — in the other.
 */
void describe('WS-Discovery on a veth network', () => {
  let net: TestNetwork;
  const sims: SimProcess[] = [];
  let dir: string;

  before(async () => {
    net = createTestNetwork('d', 5);
    dir = mkdtempSync(join(tmpdir(), 'premises-onvif-disc-'));
    const addrs = net.camAddrs;
    for (let i = 0; i < 3; i++) {
      sims.push(
        await spawnSim(
          { bind: addrs[i] as string, discovery: true, name: `Cam ${i + 1}`, hardware: `HW-${i + 1}`, model: `Model-${i + 1}`, username: 'admin', password: 'secret', rtspUrl: `rtsp://${addrs[i]}:8554/main` },
          net.camNs,
        ),
      );
    }
    // A fourth camera advertising a public XAddr: must be ignored and reported.
    sims.push(await spawnSim({ bind: addrs[3] as string, discovery: true, name: 'Rogue', advertisedXaddr: 'http://203.0.113.7/onvif/device_service' }, net.camNs));
  });

  after(async () => {
    for (const s of sims) await s.stop();
    net?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  void it('finds the 3 cameras with their XAddrs and reports the one with a public XAddr', async () => {
    const r = await net.run(net.nvrNs, [process.execPath, BIN, 'discover', '--json', '--timeout', '2s', '--interface', net.nvrIf]);
    assert.equal(r.code, 0, r.stderr);
    const devices = JSON.parse(r.stdout) as { xaddr: string; urn: string; name: string; hardware: string; manufacturer: string; model: string; scopes: string[] }[];
    assert.deepEqual(devices.map((d) => d.xaddr).sort(), sims.slice(0, 3).map((s) => s.xaddr).sort());
    for (const d of devices) {
      assert.match(d.urn, /^urn:uuid:/);
      assert.match(d.name, /^Cam [123]$/);
      assert.match(d.hardware, /^HW-[123]$/);
      assert.equal(d.manufacturer, 'Premises');
      assert.ok(d.scopes.length >= 4);
    }
    assert.match(r.stderr, /203\.0\.113\.7.*outside the local network.*ignored/);
  });

  void it('reports an interface without a multicast route instead of "0 cameras"', async () => {
    const r = await net.run(net.nvrNs, [process.execPath, BIN, 'discover', '--json', '--timeout', '1s', '--interface', net.dummyIf]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`no multicast route on interface ${net.dummyIf}`));
    assert.deepEqual(JSON.parse(r.stdout), []);
  });

  void it('without the multicast route node-onvif silently finds 0 devices; we name the interface', async () => {
    execFileSync('ip', ['-n', net.nvrNs, 'route', 'del', '224.0.0.0/4', 'dev', net.nvrIf]);
    try {
      const theirs = await net.run(net.nvrNs, [process.execPath, NODE_ONVIF_PROBE]);
      assert.deepEqual(JSON.parse(theirs.stdout), { devices: 0 }, theirs.stderr);
      const ours = await net.run(net.nvrNs, [process.execPath, BIN, 'discover', '--json', '--timeout', '1s', '--interface', net.nvrIf]);
      assert.equal(ours.code, 1);
      assert.match(ours.stderr, new RegExp(`no multicast route on interface ${net.nvrIf}`));
    } finally {
      execFileSync('ip', ['-n', net.nvrNs, 'route', 'add', '224.0.0.0/4', 'dev', net.nvrIf]);
    }
  });

  void it('probes every interface by default: finds the cameras and names the interface it could not use', async () => {
    const r = await net.run(net.nvrNs, [process.execPath, BIN, 'discover', '--json', '--timeout', '2s']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as unknown[]).length, 3);
    assert.match(r.stderr, new RegExp(`no multicast route on interface ${net.dummyIf}`));
  });

  void it('survives a ProbeMatch flood from one address: real cameras still found, flood reported, loop never blocked', async () => {
    const flood = await spawnSim({ bind: net.camAddrs[4] as string, discovery: true, hostile: 'flood' }, net.camNs);
    try {
      const r = await net.run(net.nvrNs, [process.execPath, RUNNER, JSON.stringify({ interface: net.nvrIf, windowMs: 2000 })]);
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as { result: DiscoveryResult; maxLagMs: number; prototypeUntouched: boolean; elapsedMs: number };
      const xaddrs = out.result.devices.map((d) => d.xaddr);
      for (const s of sims.slice(0, 3)) assert.ok(xaddrs.includes(s.xaddr), `${s.xaddr} missing`);
      const fromFlood = out.result.devices.filter((d) => d.from === net.camAddrs[4]).length;
      assert.ok(fromFlood <= 32, `${fromFlood} devices accepted from the flooding address`);
      assert.ok(out.result.problems.some((p) => p.code === 'flood' && p.subject === net.camAddrs[4]));
      assert.ok(out.maxLagMs < 100, `event loop blocked ${out.maxLagMs} ms`);
      assert.ok(out.elapsedMs < 2000 + 2000, `took ${out.elapsedMs} ms`);
      assert.equal(out.prototypeUntouched, true);
    } finally {
      await flood.stop();
    }
  });

  void it('discover -> camera add -> camera list, across the namespaces with the real address rule', async () => {
    const config = join(dir, 'premises.yaml');
    writeFileSync(config, `dataDir: ${join(dir, 'data')}\n`);
    const found = await net.run(net.nvrNs, [process.execPath, BIN, 'discover', '--json', '--timeout', '2s', '--interface', net.nvrIf]);
    const first = (JSON.parse(found.stdout) as { xaddr: string }[]).find((d) => d.xaddr === sims[0]?.xaddr);
    assert.ok(first);
    const add = await net.run(net.nvrNs, [process.execPath, BIN, 'camera', 'add', '--config', config, '--xaddr', first.xaddr, '--username', 'admin', '--password-stdin', '--id', 'door'], {
      input: 'secret\n',
    });
    assert.equal(add.code, 0, add.stderr);
    const list = await net.run(net.nvrNs, [process.execPath, BIN, 'camera', 'list', '--config', config, '--json']);
    const cams = JSON.parse(list.stdout) as { id: string; rtspUrl: string; origin: string; onvif: { xaddr: string } }[];
    assert.equal(cams.length, 1);
    assert.equal(cams[0]?.id, 'door');
    assert.equal(cams[0]?.origin, 'index');
    assert.equal(cams[0]?.rtspUrl, `rtsp://${net.camAddrs[0]}:8554/main`);
    assert.ok(!list.stdout.includes('secret'));
  });
});

void describe('WS-Discovery on loopback inside one namespace (the set-up for an end-to-end test)', () => {
  void it('finds a simulator on 127.0.0.1 with --interface lo --allow-loopback, and refuses it without the flag', async () => {
    const lo = createLoopbackNamespace('l');
    let sim: SimProcess | undefined;
    try {
      sim = await spawnSim({ bind: '127.0.0.1', discovery: true, name: 'Lo Cam' }, lo.ns);
      const ok = await lo.run(lo.ns, [process.execPath, BIN, 'discover', '--json', '--timeout', '1s', '--interface', 'lo', '--allow-loopback']);
      assert.equal(ok.code, 0, ok.stderr);
      assert.deepEqual((JSON.parse(ok.stdout) as { xaddr: string }[]).map((d) => d.xaddr), [sim.xaddr]);
      const refused = await lo.run(lo.ns, [process.execPath, BIN, 'discover', '--json', '--timeout', '1s', '--interface', 'lo']);
      assert.deepEqual(JSON.parse(refused.stdout), []);
      assert.match(refused.stderr, /127\.0\.0\.1.*outside the local network/);
    } finally {
      await sim?.stop();
      lo.destroy();
    }
  });
});
