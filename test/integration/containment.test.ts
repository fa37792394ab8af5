import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startCapture, type Capture } from '../support/capture.js';
import { createContainmentNetwork, type ContainmentNetwork } from '../support/containment-net.js';
import { runIn } from '../support/netns.js';
import { spawnSim, type SimProcess } from '../support/onvif-sim/process.js';
import { CLI, PremisesProcess, readIndex, sleepMs, tempDir, writeConfig } from '../support/premises.js';
import { RtspServer } from '../support/rtsp.js';

/**
 * Camera containment in real namespaces (docs/containment.md). A chatty
 * camera (RTSP server, ONVIF simulator and a process that phones home) gets
 * its address from Premises' DHCP, its time from Premises' NTP, and is
 * recorded; while it asks DNS for its cloud name and sends TCP and UDP to the
 * cloud address, tcpdump on the outside link sees none of it, although the
 * same probe from an uncontained host routed through the same machine is
 * seen. The attempts reach the index, the audit log, the API and an alarm.
 */
const CHATTY = fileURLToPath(new URL('../support/chatty-camera.js', import.meta.url));
const API_PROBE = fileURLToPath(new URL('../support/network-api-probe.js', import.meta.url));
const CLOUD_NAME = 'p2p.example-cloud.com';
const LEASE_IP = '10.93.1.11';

interface AttemptRow {
  camera_id: string | null;
  kind: string;
  proto: string;
  dst_ip: string;
  dst_port: number;
  name: string;
  likely_name: string | null;
  count: number;
}

describe('camera containment: the cameras themselves cannot send anything out', () => {
  const dir = tempDir('premises-containment-');
  const dataDir = join(dir.path, 'data');
  let net: ContainmentNetwork;
  let rtsp: RtspServer | undefined;
  let sim: SimProcess | undefined;
  let outside: Capture;
  let premises: PremisesProcess | undefined;
  let configPath = '';
  let port = 0;
  const inPremises = (argv: string[]) => runIn(net.premisesNs, argv);
  const cli = (args: string[]) => inPremises([process.execPath, CLI, ...args, '--config', configPath]);
  const chatty = (rounds: number) => runIn(net.cameraNs, [process.execPath, CHATTY, net.premisesAddr, CLOUD_NAME, net.cloudAddr, String(rounds), '200'], { timeoutMs: 60_000 });
  const attempts = () => {
    try {
      return readIndex<AttemptRow>(dataDir, 'SELECT * FROM network_attempts ORDER BY id');
    } catch {
      return [];
    }
  };
  const nftJson = async (args: string[]) => {
    const r = await inPremises(['nft', '-j', ...args]);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as { nftables: Record<string, unknown>[] };
  };
  const waitFor = async <T>(what: string, timeoutMs: number, probe: () => T | undefined | Promise<T | undefined>): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await probe();
      if (v !== undefined) return v;
      if (premises && premises.child.exitCode !== null) throw new Error(`Premises exited while waiting for ${what}:\n${premises.output.join('').slice(-3000)}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${premises ? `\n${premises.output.join('').slice(-3000)}` : ''}`);
      await sleepMs(200);
    }
  };

  before(async () => {
    net = createContainmentNetwork('ct');
    outside = await startCapture(net.outsideNs, net.outsideFarIf, ['not', 'arp']);
    // Another program's firewall table in the same namespace: Premises must leave it exactly as it is.
    const other = await runIn(net.premisesNs, ['nft', '-f', '-'], { input: 'table inet other_app {\n  chain input { type filter hook input priority 10; policy accept; tcp dport 9999 accept; }\n}\n' });
    assert.equal(other.code, 0, other.stderr);
    const config = await writeConfig(dir.path, [{ id: 'door', rtsp: `rtsp://${LEASE_IP}:8554/main`, extra: ['    name: Door'] }], {
      top: [
        'cameraNetwork:',
        `  interface: ${net.cameraIf}`,
        '  subnet: 10.93.1.0/24',
        `  address: ${net.premisesAddr}`,
        '  pollInterval: 1s',
        '  leases:',
        `    - { camera: door, mac: "${net.cameraMac}", ip: ${LEASE_IP} }`,
      ],
    });
    configPath = config.path;
    port = config.port;
  });

  /** dnsmasq and chronyd processes started for this test's data directory (found through /proc). */
  const helperPids = () =>
    readdirSync('/proc')
      .filter((e) => /^\d+$/.test(e))
      .filter((e) => {
        try {
          const cmd = readFileSync(`/proc/${e}/cmdline`, 'utf8').split('\0');
          return cmd.some((a) => a.includes(dir.path)) && cmd.some((a) => /(dnsmasq|chronyd)$/.test(a));
        } catch {
          return false;
        }
      })
      .map(Number);

  after(async () => {
    await premises?.kill9();
    for (const pid of helperPids()) process.kill(pid, 'SIGKILL');
    await outside?.stop();
    await sim?.stop();
    await rtsp?.stop();
    net?.destroy();
    dir.remove();
  });

  it('gives the camera its lease and time, records it, and keeps the other table untouched', async () => {
    const otherBefore = (await inPremises(['nft', 'list', 'table', 'inet', 'other_app'])).stdout;
    premises = PremisesProcess.start(configPath, port, {}, net.premisesNs);
    await premises.waitForOutput(/camera network contained/, 20_000);
    const tables = await nftJson(['list', 'tables']);
    assert.deepEqual(tables.nftables.flatMap((t) => (t['table'] ? [(t['table'] as { name: string }).name] : [])).sort(), ['other_app', 'premises']);

    // A real DHCP client (busybox udhcpc) on the camera: the fixed lease, no router, DNS and NTP are Premises.
    const script = join(dir.path, 'udhcpc.sh');
    writeFileSync(script, '#!/bin/sh\nenv | grep -E "^(ip|mask|router|dns|ntpsrv)=" > "$(dirname "$0")/lease.$1"\n[ "$1" = bound ] && ip addr add "$ip/$mask" dev "$interface"\nexit 0\n', { mode: 0o755 });
    const dhcp = await waitFor('a lease (dnsmasq starting)', 20_000, async () => {
      const r = await runIn(net.cameraNs, ['busybox', 'udhcpc', '-i', net.cameraFarIf, '-q', '-n', '-f', '-t', '3', '-T', '1', '-s', script, '-O', 'ntpsrv'], { timeoutMs: 15_000 });
      return r.code === 0 ? r : undefined;
    });
    assert.match(dhcp.stderr + dhcp.stdout, new RegExp(`lease of ${LEASE_IP.replace(/\./g, '\\.')} obtained from ${net.premisesAddr.replace(/\./g, '\\.')}`));
    const lease = readFileSync(join(dir.path, 'lease.bound'), 'utf8');
    assert.match(lease, new RegExp(`^ip=${LEASE_IP}$`, 'm'));
    assert.match(lease, new RegExp(`^dns=${net.premisesAddr}$`, 'm'));
    assert.match(lease, new RegExp(`^ntpsrv=${net.premisesAddr}$`, 'm'));
    assert.doesNotMatch(lease, /^router=/m, 'the camera must get no router');

    // Its time comes from Premises: an NTP query from the camera is answered (chronyd -Q never sets the clock).
    const ntp = await waitFor('an NTP answer', 20_000, async () => {
      const r = await runIn(net.cameraNs, ['chronyd', '-Q', '-t', '4', `server ${net.premisesAddr} iburst maxsamples 1`], { timeoutMs: 10_000 });
      return /System clock wrong by/.test(r.stderr + r.stdout) ? r : undefined;
    });
    assert.equal(ntp.code, 0);

    // The camera: RTSP and ONVIF on its leased address; Premises records it and finds it by ONVIF through the firewall.
    rtsp = await RtspServer.start({ main: 'live:320x240@10' }, 8554, net.cameraNs, LEASE_IP);
    sim = await spawnSim({ bind: LEASE_IP, discovery: true, username: 'admin', password: 'cam-secret-42', rtspUrl: rtsp.url('main'), name: 'Door' }, net.cameraNs);
    await waitFor('two recorded segments', 40_000, () => {
      const n = readIndex<{ n: number }>(dataDir, "SELECT count(*) AS n FROM segments WHERE camera_id = 'door'")[0]?.n ?? 0;
      return n >= 2 ? n : undefined;
    });
    const found = await inPremises([process.execPath, CLI, 'discover', '--json', '--interface', net.cameraIf, '--timeout', '2s']);
    assert.equal(found.code, 0, found.stderr);
    assert.deepEqual((JSON.parse(found.stdout) as { xaddr: string }[]).map((d) => d.xaddr), [sim.xaddr], JSON.stringify(attempts()));

    assert.equal((await inPremises(['nft', 'list', 'table', 'inet', 'other_app'])).stdout, otherBefore, 'the other table was changed');
  });

  it('blocks and records the camera phoning home; the outside sees nothing of it, but sees the uncontained control', async () => {
    const route = await runIn(net.cameraNs, ['ip', 'route', 'add', 'default', 'via', net.premisesAddr]);
    assert.equal(route.code, 0, route.stderr);
    const started = Date.now();
    const run = chatty(15);
    // The alarm names the camera, the cloud name it asked and the address it then tried, within 10 s.
    const alarm = await waitFor('the attempt alarm', 10_000, () => {
      const rows = readIndex<{ message: string }>(dataDir, "SELECT message FROM alarms WHERE kind = 'network.attempt' AND subject = 'door' AND cleared_at IS NULL");
      return rows[0] && /3478/.test(rows[0].message) ? rows[0] : undefined;
    });
    const alarmLatency = Date.now() - started;
    assert.ok(alarmLatency < 10_000, `alarm after ${alarmLatency} ms`);
    assert.match(alarm.message, /^camera Door tried to reach p2p\.example-cloud\.com \(198\.51\.100\.7:3478\/udp\) \d+ times since \d\d:\d\d, and 2 other destinations or names\./);
    const done = await run;
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stdout, /round 15 dns E(REFUSED|NOTFOUND)/, done.stdout);

    // Every blocked packet is in the record: the index's counts equal the firewall's own counters.
    await sleepMs(2_500);
    const set = (await nftJson(['list', 'set', 'inet', 'premises', 'attempts'])).nftables.find((x) => x['set'])!['set'] as { elem?: { elem: { val: { concat: [string, string, string, string, number] }; counter: { packets: number } } }[] };
    const kernel = new Map((set.elem ?? []).map((e) => [`${e.elem.val.concat[2]}:${e.elem.val.concat[4]}/${e.elem.val.concat[3]}`, e.elem.counter.packets]));
    const rows = attempts();
    const blocked = rows.filter((r) => r.kind === 'blocked');
    assert.deepEqual(new Map(blocked.map((r) => [`${r.dst_ip}:${r.dst_port}/${r.proto}`, r.count])), kernel);
    assert.ok((kernel.get(`${net.cloudAddr}:3478/udp`) ?? 0) >= 45, `UDP packets counted: ${kernel.get(`${net.cloudAddr}:3478/udp`)}`);
    for (const r of blocked) {
      assert.equal(r.camera_id, 'door');
      assert.equal(r.likely_name, CLOUD_NAME, 'the blocked address is tied to the name the camera asked just before');
    }
    const dns = rows.filter((r) => r.kind === 'dns');
    assert.deepEqual(dns.map((r) => [r.camera_id, r.name, r.proto]), [['door', CLOUD_NAME, 'A']]);
    assert.ok(dns[0]!.count >= 15, `DNS queries counted: ${dns[0]!.count}`);

    // The audit log: one entry per new destination per camera, not one per packet.
    const audit = readIndex<{ action: string; subject: string; details: string }>(dataDir, "SELECT action, subject, details FROM audit_log WHERE action LIKE 'network.%' ORDER BY seq");
    assert.deepEqual(audit.map((a) => [a.action, a.subject]).sort(), [
      ['network.attempt', 'camera:door'],
      ['network.attempt', 'camera:door'],
      ['network.dns-query', 'camera:door'],
    ]);

    // The API (owner), from inside Premises' namespace.
    const api = await inPremises([process.execPath, API_PROBE, configPath, String(port), '/api/network']);
    assert.equal(api.code, 0, api.stderr);
    const reply = JSON.parse(api.stdout) as { status: number; body: { status: { mode: string }; cameras: { camera: string; contained: boolean; attempts: { destination: string }[] }[] } };
    assert.equal(reply.status, 200);
    assert.equal(reply.body.status.mode, 'contained');
    const door = reply.body.cameras.find((c) => c.camera === 'door')!;
    assert.equal(door.contained, true);
    assert.deepEqual(door.attempts.map((a) => a.destination).sort(), [`${CLOUD_NAME} (${net.cloudAddr}:3478/udp)`, `${CLOUD_NAME} (${net.cloudAddr}:443/tcp)`, CLOUD_NAME].sort());

    // The CLI.
    const audited = await cli(['network', 'audit', 'door']);
    assert.equal(audited.code, 0, audited.stderr);
    assert.match(audited.stdout, /blocked +p2p\.example-cloud\.com \(198\.51\.100\.7:443\/tcp\)/);

    // The verdict: the outside link saw nothing from the camera (nor from Premises).
    assert.deepEqual(outside.lines(), [], 'packets reached the outside link');
    // Positive control: the same probe from a host that is not contained is routed out by the same machine and seen.
    const control = await runIn(net.controlNs, [process.execPath, CHATTY, net.premisesAddr, CLOUD_NAME, net.cloudAddr, '2', '200'], { timeoutMs: 20_000 });
    assert.equal(control.code, 0, control.stderr);
    await waitFor('the control packets on the outside link', 5_000, () => (outside.lines().some((l) => l.includes(`${net.controlAddr}.`) && l.includes(`> ${net.cloudAddr}.3478: UDP`)) ? true : undefined));
    assert.ok(outside.lines().some((l) => l.includes(`> ${net.cloudAddr}.443: Flags [S]`)), outside.lines().join('\n'));
    assert.deepEqual(outside.lines().filter((l) => !l.includes(net.controlAddr) && !/ > 10\.93\.2\.2\./.test(l)), [], 'something other than the control reached the outside');
  });

  it('notices a crash of dnsmasq and restarts it with backoff', async () => {
    const status = () => JSON.parse(readIndex<{ state: string }>(dataDir, 'SELECT state FROM containment_state')[0]!.state) as { services: { name: string; pid: number | null; state: string; restarts: number }[] };
    const before = status().services.find((s) => s.name === 'dnsmasq')!;
    assert.equal(before.state, 'running');
    process.kill(before.pid!, 'SIGKILL');
    await waitFor('the service alarm', 10_000, () => readIndex(dataDir, "SELECT 1 FROM alarms WHERE kind = 'containment.service-down' AND subject = 'dnsmasq'")[0]);
    const after = await waitFor('dnsmasq running again', 15_000, () => {
      const s = status().services.find((x) => x.name === 'dnsmasq')!;
      return s.state === 'running' && s.pid !== before.pid ? s : undefined;
    });
    assert.equal(after.restarts, 1);
    // It answers again: the camera's DHCP renewal and a local name.
    const renew = await runIn(net.cameraNs, ['busybox', 'udhcpc', '-i', net.cameraFarIf, '-q', '-n', '-f', '-t', '3', '-T', '1', '-s', join(dir.path, 'udhcpc.sh')], { timeoutMs: 15_000 });
    assert.equal(renew.code, 0, renew.stderr);
    await waitFor('the alarm to clear', 10_000, () => (readIndex(dataDir, "SELECT 1 FROM alarms WHERE kind = 'containment.service-down' AND cleared_at IS NULL").length === 0 ? true : undefined));
  });

  it('keeps the rules across a crash and restart, counts what was blocked while it was down, and reloads them before any camera is touched', async () => {
    const helpersBefore = helperPids();
    assert.equal(helpersBefore.length, 2, 'dnsmasq and chronyd run');
    // A crash: dnsmasq and chronyd run as unprivileged users (no parent-death signal), so they may survive it.
    await premises!.kill9();
    premises = undefined;
    // Down: the table stays, so the camera is still contained (and the kernel still counts).
    const down = await chatty(5);
    assert.equal(down.code, 0, down.stderr);
    const udpBefore = attempts().find((r) => r.kind === 'blocked' && r.dst_port === 3478)!.count;
    premises = PremisesProcess.start(configPath, port, {}, net.premisesNs);
    const out = await premises.waitForOutput(/start-up reconciliation done/, 30_000);
    const log = premises.output.join('');
    assert.ok(log.indexOf('camera network contained') >= 0 && log.indexOf('camera network contained') < (out.index ?? 0), 'the camera network was contained before anything else started');
    await waitFor('the down-time packets counted', 10_000, () => {
      const c = attempts().find((r) => r.kind === 'blocked' && r.dst_port === 3478)!.count;
      return c >= udpBefore + 15 ? c : undefined;
    });
    assert.deepEqual(outside.lines().filter((l) => !l.includes(net.controlAddr) && !/ > 10\.93\.2\.2\./.test(l)), []);
    // The helpers left over from the crashed run were ended; new ones serve.
    await waitFor('two new helpers', 10_000, () => {
      const now = helperPids();
      return now.length === 2 && now.every((p) => !helpersBefore.includes(p)) ? now : undefined;
    });
  });

  it('without dnsmasq, says containment is off with the key and the fix, and keeps recording', async () => {
    await premises!.stop();
    premises = undefined;
    writeFileSync(configPath, readFileSync(configPath, 'utf8').replace('  pollInterval: 1s\n', '  pollInterval: 1s\n  tools: { dnsmasq: /nonexistent/dnsmasq }\n'));
    const segmentsBefore = readIndex<{ n: number }>(dataDir, "SELECT count(*) AS n FROM segments WHERE camera_id = 'door'")[0]!.n;
    premises = PremisesProcess.start(configPath, port, {}, net.premisesNs);
    const alarm = await waitFor('the containment-off alarm', 20_000, () => readIndex<{ message: string; severity: string }>(dataDir, "SELECT message, severity FROM alarms WHERE kind = 'containment.off' AND cleared_at IS NULL")[0]);
    assert.equal(alarm.severity, 'critical');
    assert.match(alarm.message, /^Camera containment is off: cameraNetwork\.tools\.dnsmasq: cannot find "\/nonexistent\/dnsmasq"\. Install it \(apt-get install dnsmasq-base\) or set cameraNetwork\.tools\.dnsmasq to its full path/);
    await waitFor('recording to go on', 30_000, () => {
      const n = readIndex<{ n: number }>(dataDir, "SELECT count(*) AS n FROM segments WHERE camera_id = 'door'")[0]!.n;
      return n >= segmentsBefore + 2 ? n : undefined;
    });
    const status = await cli(['network', 'status', '--json']);
    assert.equal(status.code, 0, status.stderr);
    const report = JSON.parse(status.stdout) as { status: { mode: string; summary: string }; cameras: { camera: string; contained: boolean }[] };
    assert.equal(report.status.mode, 'failed');
    assert.match(report.status.summary, /cameraNetwork\.tools\.dnsmasq/);
    assert.deepEqual(report.cameras.map((c) => [c.camera, c.contained]), [['door', false]]);
    const text = await cli(['network', 'status']);
    assert.match(text.stdout, /^Camera network: FAILED — containment is off: cameraNetwork\.tools\.dnsmasq/);
  });
});
