import assert from 'node:assert/strict';
import type { NetworkInterfaceInfo } from 'node:os';
import { describe, it } from 'node:test';
import { Alarms } from '../../src/alarms/alarms.js';
import { AuditLog } from '../../src/audit/log.js';
import { parseConfig } from '../../src/config/load.js';
import { ALARM_REFRESH_MS, AttemptRecorder, ATTEMPT_ALARM } from '../../src/containment/attempts.js';
import { cameraNetworkSchema } from '../../src/config/camera-network.js';
import { parseDnsmasqLine } from '../../src/containment/dnsmasq-log.js';
import { isHostOf, overlaps, parseIpv4, parseSubnet } from '../../src/shared/ipv4.js';
import { parseTable } from '../../src/containment/nft.js';
import { preflight } from '../../src/containment/preflight.js';
import { buildRuleset } from '../../src/containment/ruleset.js';
import { buildChronyConfig, buildDnsmasqConfig, chronydArgs, dnsmasqArgs } from '../../src/containment/services-config.js';
import { openDb } from '../../src/db/open.js';
import { PremisesError } from '../../src/shared/errors.js';
import { FakeClock } from '../../src/shared/clock.js';

const BASE = 'cameras: []\n';
const problemsOf = (yaml: string) => parseConfig(BASE + yaml).problems.map((p) => `${p.path}: ${p.message}`);

const addr = (address: string, cidr: string): NetworkInterfaceInfo => ({ address, cidr, family: 'IPv4', internal: false, mac: '00:00:00:00:00:00', netmask: '' });
const iface = { eth0: [addr('192.168.1.20', '192.168.1.20/24')], eth1: [addr('10.20.0.1', '10.20.0.1/24')] };
const net = (extra: Record<string, unknown> = {}) => cameraNetworkSchema.parse({ interface: 'eth1', subnet: '10.20.0.0/24', tools: { dnsmasq: '/bin/true', chronyd: '/bin/true', nft: '/bin/true' }, ...extra });
const preflightError = (n: ReturnType<typeof net>, interfaces = iface) => {
  try {
    preflight(n, { interfaces, interfaceExists: (name) => name in interfaces });
  } catch (err) {
    assert.ok(err instanceof PremisesError);
    return err.message;
  }
  return assert.fail('preflight passed');
};

void describe('camera network config', () => {
  void it('is optional, and refuses unknown keys and bad addresses naming the key', () => {
    assert.deepEqual(problemsOf(''), []);
    assert.deepEqual(problemsOf('cameraNetwork: { interface: eth1, subnet: 10.20.0.0/24, dhcp: true }\n'), ['cameraNetwork: unknown key "dhcp" (check the spelling; see docs/configuration.md)']);
    assert.deepEqual(problemsOf('cameraNetwork: { interface: eth1, subnet: 10.20.0.1/24 }\n'), ['cameraNetwork.subnet: expected a subnet like "10.20.0.0/24" (network address, no host bits)']);
    const leases = problemsOf(
      'cameraNetwork:\n  interface: eth1\n  subnet: 10.20.0.0/24\n  address: 10.20.0.1\n  leases:\n' +
        '    - { camera: door, mac: "00:11:22:AA:BB:CC", ip: 10.20.1.5 }\n' +
        '    - { camera: till, mac: "00-11-22-aa-bb-cc", ip: 10.20.0.1 }\n' +
        '    - { camera: yard, mac: "nope", ip: 10.20.0.7 }\n',
    );
    assert.deepEqual(leases, [
      'cameraNetwork.leases[2].mac: expected a MAC address like "00:11:22:aa:bb:cc" (printed on the camera\'s label)',
      'cameraNetwork.leases[0].ip: 10.20.1.5 is not a host address inside 10.20.0.0/24',
      "cameraNetwork.leases[1].ip: 10.20.0.1 is Premises' own address; give the camera another one",
      'cameraNetwork.leases[1].mac: "00:11:22:aa:bb:cc" is already used by leases[0]',
    ]);
  });

  void it('does IPv4 subnet arithmetic right', () => {
    const s = parseSubnet('10.20.0.0/24')!;
    assert.equal(isHostOf(parseIpv4('10.20.0.0')!, s), false);
    assert.equal(isHostOf(parseIpv4('10.20.0.255')!, s), false);
    assert.equal(isHostOf(parseIpv4('10.20.0.254')!, s), true);
    assert.equal(overlaps(s, parseSubnet('10.0.0.0/8')!), true);
    assert.equal(overlaps(s, parseSubnet('10.20.1.0/24')!), false);
    assert.equal(parseIpv4('10.20.0.256'), undefined);
    assert.equal(parseIpv4('010.20.0.1'), undefined);
  });
});

void describe('containment preflight', () => {
  void it('names the key and the fix: missing interface, no address, overlap, missing tool', () => {
    assert.equal(preflight(net(), { interfaces: iface, interfaceExists: (n) => n in iface }).address, '10.20.0.1');
    assert.match(preflightError(net({ interface: 'eth9' })), /^cameraNetwork\.interface: this machine has no network interface "eth9" \(it has eth0, eth1\)\. Set cameraNetwork\.interface to the port/);
    assert.match(preflightError(net({ address: '10.20.0.2' })), /^cameraNetwork\.address: interface eth1 does not have 10\.20\.0\.2 \(it has 10\.20\.0\.1\/24\)\. .*ip addr add 10\.20\.0\.2\/24 dev eth1/);
    assert.match(
      preflightError(net(), { ...iface, eth0: [addr('10.20.0.9', '10.20.0.9/16')] }),
      /^cameraNetwork\.subnet: 10\.20\.0\.0\/24 overlaps 10\.20\.0\.0\/16 on interface eth0 \(10\.20\.0\.9\)\. Choose a camera subnet no other network/,
    );
    assert.match(preflightError(net({ tools: { nft: '/bin/true', dnsmasq: '/nonexistent/dnsmasq', chronyd: '/bin/true' } })), /^cameraNetwork\.tools\.dnsmasq: cannot find "\/nonexistent\/dnsmasq"\. Install it \(apt-get install dnsmasq-base\)/);
    assert.match(preflightError(net({ tools: { nft: 'no-such-nft-here', dnsmasq: '/bin/true', chronyd: '/bin/true' } })), /^cameraNetwork\.tools\.nft: .*apt-get install nftables/);
  });
});

void describe('containment rules and helper configs', () => {
  void it('owns exactly one table, replaced whole, and records what it blocks', () => {
    const rules = buildRuleset({ interface: 'eth1', address: '10.20.0.1' });
    const tables = [...rules.matchAll(/^(?:delete )?table (\S+) (\S+)/gm)].map((m) => `${m[1]} ${m[2]}`);
    assert.deepEqual([...new Set(tables)], ['inet premises']);
    assert.match(rules, /^table inet premises\ndelete table inet premises\ntable inet premises \{/m);
    assert.match(rules, /iifname "eth1" counter name forward_refused drop/);
    assert.match(rules, /oifname "eth1" counter name forward_refused drop/);
    assert.match(rules, /add @attempts \{ ether saddr \. ip saddr \. ip daddr \. meta l4proto \. th dport \} drop/);
    assert.throws(() => buildRuleset({ interface: 'eth1"; flush ruleset', address: '10.20.0.1' }));
  });

  void it('gives dnsmasq static leases, no router, and Premises as DNS and NTP', () => {
    const conf = buildDnsmasqConfig({ interface: 'eth1', address: '10.20.0.1', subnet: parseSubnet('10.20.0.0/24')!, leases: [{ camera: 'door', mac: '00:11:22:aa:bb:cc', ip: '10.20.0.11' }], leaseFile: '/x/leases' });
    assert.match(conf, /^dhcp-range=10\.20\.0\.0,static,255\.255\.255\.0,12h$/m);
    assert.match(conf, /^dhcp-option=option:router$/m);
    assert.match(conf, /^dhcp-option=option:ntp-server,10\.20\.0\.1$/m);
    assert.match(conf, /^dhcp-host=00:11:22:aa:bb:cc,10\.20\.0\.11,door$/m);
    assert.doesNotMatch(conf, /^server=/m);
  });

  // What lets both run as the premises user under the systemd unit (booted for real in test/container).
  void it('starts dnsmasq and chronyd so that neither changes user or capabilities, nor writes outside the data directory', () => {
    const dnsmasqConf = buildDnsmasqConfig({ interface: 'eth1', address: '10.20.0.1', subnet: parseSubnet('10.20.0.0/24')!, leases: [], leaseFile: '/data/containment/dnsmasq.leases' });
    assert.match(dnsmasqConf, /^no-ping$/m, 'no ping check, so no CAP_NET_RAW');
    const dnsmasq = dnsmasqArgs('/data/containment/dnsmasq.conf', 'eth1');
    assert.ok(dnsmasq.includes('--pid-file='), 'no pid file in /run');
    assert.ok(!dnsmasq.some((a) => a.startsWith('--user') || a.startsWith('-u')), 'dnsmasq picks its user itself: nobody when root, else stays');
    assert.deepEqual(chronydArgs('/data/containment/chrony.conf'), ['-d', '-x', '-U', '-f', '/data/containment/chrony.conf']);
    const chrony = buildChronyConfig({ subnet: parseSubnet('10.20.0.0/24')!, address: '10.20.0.1', pidFile: '/data/containment/chronyd.pid' });
    assert.match(chrony, /^cmdport 0$/m);
    assert.match(chrony, /^bindcmdaddress \/$/m, 'no command socket in /run/chrony');
    assert.match(chrony, /^pidfile \/data\/containment\/chronyd\.pid$/m);
  });

  void it("reads dnsmasq's log lines", () => {
    assert.deepEqual(parseDnsmasqLine('dnsmasq[12825]: query[A] P2P.Example-Cloud.com from 10.95.1.11'), { kind: 'query', type: 'A', name: 'p2p.example-cloud.com', from: '10.95.1.11' });
    assert.deepEqual(parseDnsmasqLine('dnsmasq-dhcp[12825]: 2332199780 DHCPACK(cxpn) 10.95.1.11 02:00:00:00:00:11 door'), { kind: 'lease', ip: '10.95.1.11', mac: '02:00:00:00:00:11', name: 'door' });
    assert.deepEqual(parseDnsmasqLine('dnsmasq-dhcp[1]: 99 DHCPDISCOVER(eth1) 02:00:00:00:00:12 no address available'), { kind: 'unknown-device', mac: '02:00:00:00:00:12' });
    assert.equal(parseDnsmasqLine('dnsmasq[12825]: config p2p.example-cloud.com is REFUSED'), undefined);
  });

  void it("parses nft's JSON listing of the table", () => {
    const json = JSON.stringify({
      nftables: [
        { metainfo: {} },
        { counter: { name: 'blocked_unlisted', packets: 3 } },
        { counter: { name: 'forward_refused', packets: 1 } },
        { set: { name: 'attempts', elem: [{ elem: { val: { concat: ['02:00:00:00:00:11', '10.20.0.11', '198.51.100.7', 'udp', 3478] }, counter: { packets: 4, bytes: 116 } } }] } },
      ],
    });
    assert.deepEqual(parseTable(json), { flows: [{ mac: '02:00:00:00:00:11', srcIp: '10.20.0.11', dstIp: '198.51.100.7', proto: 'udp', dstPort: 3478, packets: 4 }], unlisted: 3, forwardRefused: 1 });
  });
});

void describe('attempt recorder', () => {
  void it('counts deltas of the kernel counters, audits each new destination once, ties names to addresses and raises one alarm per camera', () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 1, 21, 3));
    const db = openDb(':memory:');
    const audit = new AuditLog(db, clock);
    const alarms = new Alarms(db, audit, clock);
    db.prepare("INSERT INTO cameras (id, name, origin, created_at) VALUES ('door', 'Door', 'config', 0)").run();
    const rec = new AttemptRecorder({ db, audit, alarms, clock, timezone: 'UTC', leases: [{ camera: 'door', mac: '02:00:00:00:00:11', ip: '10.20.0.11' }] });
    rec.recordQuery('p2p.example-cloud.com', 'A', '10.20.0.11');
    clock.advance(1000);
    const flow = { mac: '02:00:00:00:00:11', srcIp: '10.20.0.11', dstIp: '198.51.100.7', proto: 'tcp' as const, dstPort: 443, packets: 5 };
    rec.recordFlows([flow]);
    rec.recordFlows([{ ...flow, packets: 14 }]);
    rec.recordFlows([{ ...flow, packets: 14 }]);
    const row = db.prepare("SELECT count, likely_name, camera_id FROM network_attempts WHERE kind = 'blocked'").get();
    assert.deepEqual({ ...(row as object) }, { count: 14, likely_name: 'p2p.example-cloud.com', camera_id: 'door' });
    // The table was reloaded: its counters restart from zero.
    rec.resetKernelCounters();
    // Growing counts refresh the alarm's message at most every ALARM_REFRESH_MS; the index is exact at once.
    clock.advance(ALARM_REFRESH_MS);
    rec.recordFlows([{ ...flow, packets: 2 }]);
    assert.equal(db.prepare("SELECT count FROM network_attempts WHERE kind = 'blocked'").pluck().get(), 16);
    const entries = db.prepare("SELECT action FROM audit_log WHERE action LIKE 'network.%' ORDER BY seq").pluck().all();
    assert.deepEqual(entries, ['network.dns-query', 'network.attempt']);
    const open = alarms.open().filter((a) => a.kind === ATTEMPT_ALARM);
    assert.equal(open.length, 1);
    assert.match(open[0]!.message, /^camera Door tried to reach p2p\.example-cloud\.com \(198\.51\.100\.7:443\/tcp\) 16 times since 21:03, and 1 other destination or name\./);
    // An unknown device is reported by its MAC.
    rec.recordFlows([{ ...flow, mac: '02:00:00:00:00:99', srcIp: '10.20.0.99', packets: 1 }]);
    assert.ok(alarms.open().some((a) => a.subject === 'mac:02:00:00:00:00:99' && /^an unknown device \(02:00:00:00:00:99\) tried to reach/.test(a.message)));
  });
});
