import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ExportManifest } from '../../src/disclosure/export/manifest.js';
import { startCapture, type Capture } from '../support/capture.js';
import { createEgressNetwork, runIn, type EgressNetwork } from '../support/netns.js';
import { spawnSim, type SimProcess } from '../support/onvif-sim/process.js';
import { CLI, PremisesProcess, readIndex, sleepMs, tempDir, writeConfig } from '../support/premises.js';
import { RtspServer } from '../support/rtsp.js';
import { startSshd, type SshServer } from '../support/sshd.js';

/**
 * The egress proof (issue 6, "Proof"; docs/transfers.md). Premises runs alone
 * in a network namespace with IPv6 off and three links: cameras, the SFTP
 * server of a transfer policy, and "outside", which holds its default route.
 * While it discovers, records, serves its dashboard, exports, refuses a
 * transfer without a policy and makes one under a policy, tcpdump watches the
 * outside link: nothing but ARP may appear there. Positive controls: the
 * allowed transfer is seen on the SFTP link, and one deliberate packet to the
 * outside is seen by the outside capture.
 */
const BUDGET_MS = 90_000;

describe('egress proof: nothing leaves but what a transfer policy allows', () => {
  const dir = tempDir('premises-egress-proof-');
  let net: EgressNetwork;
  let rtsp: RtspServer;
  let sim: SimProcess;
  let sshd: SshServer;
  let outside: Capture;
  let sftpLink: Capture;
  let premises: PremisesProcess | undefined;

  before(async () => {
    net = createEgressNetwork('eg');
    rtsp = await RtspServer.start({ main: 'live:320x240@10' }, 8554, net.cameraNs, net.camera.farAddr);
    sim = await spawnSim({ bind: net.camera.farAddr, discovery: true, username: 'admin', password: 'cam-secret-42', rtspUrl: rtsp.url('main'), name: 'Front door' }, net.cameraNs);
    sshd = await startSshd(join(dir.path, 'sshd'), net.sftpNs, net.sftp.farAddr);
    outside = await startCapture(net.outsideNs, net.outside.far);
    sftpLink = await startCapture(net.sftpNs, net.sftp.far, ['tcp', 'port', '22']);
  });

  after(async () => {
    await premises?.kill9();
    await outside?.stop();
    await sftpLink?.stop();
    await sshd?.stop();
    await sim?.stop();
    await rtsp?.stop();
    net?.destroy();
    dir.remove();
  });

  it('discovers, records, serves, exports and transfers once; the outside link sees only ARP', async () => {
    const started = Date.now();
    const inPremises = (argv: string[], input?: string) => runIn(net.premisesNs, argv, input === undefined ? {} : { input });
    const cli = (args: string[]) => inPremises([process.execPath, CLI, ...args]);

    // Discover on the camera link. Without --interface, discover probes every IPv4 interface, and this
    // capture then sees WS-Discovery multicast (TTL 1) on the outside link: the owner names the LAN.
    const found = await cli(['discover', '--json', '--interface', net.camera.near, '--timeout', '2s']);
    assert.equal(found.code, 0, found.stderr);
    const devices = JSON.parse(found.stdout) as { xaddr: string }[];
    assert.deepEqual(devices.map((d) => d.xaddr), [sim.xaddr]);

    // Record: the daemon inside the namespace, its dashboard on the namespace's loopback.
    const config = await writeConfig(dir.path, [{ id: 'door', rtsp: rtsp.url('main') }]);
    const cfg = ['--config', config.path];
    const dataDir = join(dir.path, 'data');
    premises = PremisesProcess.start(config.path, config.port, {}, net.premisesNs);
    const segments = () => {
      try {
        return readIndex<{ n: number }>(dataDir, "SELECT count(*) AS n FROM segments WHERE camera_id = 'door'")[0]?.n ?? 0;
      } catch {
        return 0; // the daemon has not created its index yet
      }
    };
    for (let i = 0; segments() < 2; i++) {
      if (premises.child.exitCode !== null || i > 120) throw new Error(`no recording within 30 s:\n${premises.output.join('').slice(-3000)}`);
      await sleepMs(250);
    }

    // Serve: the dashboard answers from inside.
    const health = await inPremises([process.execPath, '-e', `fetch('http://127.0.0.1:${config.port}/api/health').then((r) => r.text()).then((t) => process.stdout.write(t))`]);
    assert.equal(health.code, 0, health.stderr);
    const h = JSON.parse(health.stdout) as { cameras: { id: string; recording: boolean }[] };
    assert.deepEqual(h.cameras.map((c) => [c.id, c.recording]), [['door', true]]);
    const page = await inPremises([process.execPath, '-e', `fetch('http://127.0.0.1:${config.port}/').then(async (r) => process.stdout.write(r.status + ' ' + (await r.text()).slice(0, 200)))`]);
    assert.match(page.stdout, /^200 <!doctype html>/i, 'the dashboard page itself is served (run npm run build first)');

    // Export the first recorded segment's time.
    const seg = readIndex<{ start_ms: number; end_ms: number }>(dataDir, "SELECT start_ms, end_ms FROM segments WHERE camera_id = 'door' ORDER BY start_ms LIMIT 1")[0]!;
    const exp = await cli([
      'export', '--camera', 'door', '--from', new Date(seg.start_ms).toISOString(), '--to', new Date(seg.end_ms).toISOString(),
      '--reason', 'egress proof', '--requested-by', 'test', '--legal-basis', 'test', '--json', ...cfg,
    ]);
    assert.equal(exp.code, 0, exp.stderr);
    const exportId = (JSON.parse(exp.stdout) as { id: string }).id;

    // No policy, no transfer: refused and logged.
    const refused = await cli(['transfer', exportId, '--policy', 'anywhere', ...cfg]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /no transfer policy named "anywhere"/);

    // One transfer under a policy, to the SFTP link.
    const add = await cli([
      'transfer-policy', 'add', 'evidence', '--kind', 'sftp', '--host', sshd.address, '--remote-path', sshd.inbox, '--user', sshd.user,
      '--key-file', sshd.clientKey, '--host-key', sshd.hostKeyFingerprint, '--recipient', 'Police', '--country', 'Canada',
      '--legal-basis', 'PIPA s.18(1)(j)', '--expires', '2099-01-01T00:00:00Z', ...cfg,
    ]);
    assert.equal(add.code, 0, add.stderr);
    const sent = await cli(['transfer', exportId, '--policy', 'evidence', ...cfg]);
    assert.equal(sent.code, 0, sent.stderr);

    await premises.stop();
    premises = undefined;
    await sleepMs(500);

    // The received files are the exported ones.
    const manifest = JSON.parse(readFileSync(join(dataDir, 'exports', exportId, 'manifest.json'), 'utf8')) as ExportManifest;
    const landed = join(sshd.inbox, `premises-export-${exportId}`);
    for (const f of manifest.files) assert.equal(createHash('sha256').update(readFileSync(join(landed, f.name))).digest('hex'), f.sha256);
    assert.ok(readdirSync(landed).includes('manifest.sig'));

    // The audit log holds the refusal and the transfer, before and after.
    const audit = readIndex<{ action: string; details: string }>(dataDir, "SELECT action, details FROM audit_log WHERE action LIKE 'transfer%' ORDER BY seq").map((e) => e.action);
    assert.deepEqual(audit, ['transfer.refused', 'transfer-policy.created', 'transfer.requested', 'transfer.started', 'transfer.completed']);

    // The verdict: only ARP on the outside link.
    const leaked = outside.lines().filter((l) => !/ethertype ARP/.test(l));
    assert.deepEqual(leaked, [], 'packets other than ARP reached the outside link');
    // Positive control 1: the capture on the SFTP link saw the transfer, both ways.
    const ssh = sftpLink.lines();
    assert.ok(ssh.some((l) => l.includes(`${net.sftp.nearAddr}.`) && l.includes(`> ${net.sftp.farAddr}.22:`)), `no SFTP packets seen:\n${ssh.slice(0, 5).join('\n')}`);
    assert.ok(ssh.length > 20, `only ${ssh.length} packets on the SFTP link`);
    // Positive control 2: the outside capture does see what is sent there.
    const probe = await inPremises([process.execPath, '-e', `const s = require('node:dgram').createSocket('udp4'); s.send('egress-control', 9, '${net.outside.farAddr}', () => s.close());`]);
    assert.equal(probe.code, 0, probe.stderr);
    for (let i = 0; i < 40 && !outside.lines().some((l) => /UDP/.test(l)); i++) await sleepMs(100);
    assert.ok(outside.lines().some((l) => l.includes(`${net.outside.farAddr}.9: UDP`)), `the outside capture missed the control packet:\n${outside.lines().join('\n')}`);

    const elapsed = Date.now() - started;
    assert.ok(elapsed < BUDGET_MS, `took ${elapsed} ms`);
  });
});
