import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { openDb } from '../../src/db/open.js';
import { spawnSim, type SimProcess } from '../support/onvif-sim/process.js';

/**
 * The ONVIF network audit (docs/containment.md) against the simulator over
 * real SOAP: a camera with a default gateway, a public NTP server, dynamic
 * DNS and remote discovery is flagged; the fixes the owner names are applied
 * to the simulator, audited, and re-read.
 */
async function cli(argv: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), stdin: Readable.from([stdin]), env: {} });
  return { code, out, err };
}

interface AuditJson {
  findings: { setting: string; value: string; fix: string | null }[];
  fixes: { fix: string; took: boolean; error: string | null }[];
  after: { setting: string }[] | null;
}

void describe('ONVIF network audit of a camera', () => {
  let dir: string;
  let config: string;
  let sim: SimProcess;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'premises-onvif-audit-'));
    config = join(dir, 'premises.yaml');
    writeFileSync(config, 'dataDir: ./data\nnetwork: { allowLoopbackCameras: true }\ncameraNetwork: { interface: eth1, subnet: 10.20.0.0/24, address: 10.20.0.1 }\n');
    sim = await spawnSim({
      bind: '127.0.0.1',
      username: 'admin',
      password: 'cam-pass-7',
      network: { gateway: ['192.168.1.1'], ntpFromDhcp: false, ntpManual: ['162.159.200.1'], dateTimeType: 'NTP', dynamicDns: 'ClientUpdates', dynamicDnsName: 'door.example-ddns.net', remoteDiscoveryMode: 'Discoverable' },
    });
    const added = await cli(['camera', 'add', '--config', config, '--xaddr', sim.xaddr, '--username', 'admin', '--password-stdin', '--allow-loopback', '--id', 'door', '--name', 'Door'], 'cam-pass-7\n');
    assert.equal(added.code, 0, added.err);
  });
  after(async () => {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  void it('flags a gateway, a public NTP server, dynamic DNS and remote discovery', async () => {
    const r = await cli(['network', 'onvif-audit', 'door', '--json', '--config', config]);
    assert.equal(r.code, 0, r.err);
    const report = JSON.parse(r.out) as AuditJson;
    assert.deepEqual(
      report.findings.map((f) => [f.setting, f.value, f.fix]),
      [
        ['default gateway', '192.168.1.1', 'gateway'],
        ['time servers (NTP)', '162.159.200.1', 'ntp'],
        ['dynamic DNS', 'ClientUpdates (door.example-ddns.net)', 'dynamic-dns'],
        ['remote discovery', 'on', 'remote-discovery'],
      ],
    );
    const text = await cli(['network', 'onvif-audit', 'door', '--config', config]);
    assert.match(text.out, /^door: 4 settings would let it reach beyond Premises:\n {2}default gateway: 192\.168\.1\.1 — a router/);
  });

  void it('applies the confirmed fixes, audits each, and re-reads the camera to check they took', async () => {
    const bad = await cli(['network', 'onvif-audit', 'door', '--fix', 'ntp,firmware', '--config', config]);
    assert.equal(bad.code, 2, 'an unknown fix is a usage error');
    const r = await cli(['network', 'onvif-audit', 'door', '--json', '--fix', 'ntp,gateway,dynamic-dns,remote-discovery', '--config', config]);
    assert.equal(r.code, 0, r.err);
    const report = JSON.parse(r.out) as AuditJson;
    assert.deepEqual(report.fixes, ['ntp', 'gateway', 'dynamic-dns', 'remote-discovery'].map((fix) => ({ fix, took: true, error: null })));
    assert.deepEqual(report.after, []);
    // A fresh reading from the simulator agrees.
    const again = JSON.parse((await cli(['network', 'onvif-audit', 'door', '--json', '--config', config])).out) as AuditJson & { settings: unknown };
    assert.deepEqual(again.findings, []);
    const db = openDb(join(dir, 'data', 'index.db'));
    try {
      const rows = db.prepare("SELECT action, subject, details FROM audit_log WHERE action LIKE 'network.onvif%' ORDER BY seq").all() as { action: string; subject: string; details: string }[];
      const fixes = rows.filter((e) => e.action === 'network.onvif-fix').map((e) => (JSON.parse(e.details) as { fix: string }).fix);
      assert.deepEqual(fixes, ['ntp', 'gateway', 'dynamic-dns', 'remote-discovery']);
      assert.ok(rows.every((e) => e.subject === 'camera:door'));
      assert.equal(rows.filter((e) => e.action === 'network.onvif-audit').length, 4, 'two readings, one with fixes, one check');
    } finally {
      db.close();
    }
  });
});
