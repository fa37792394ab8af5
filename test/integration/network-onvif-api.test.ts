import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { OnvifCheckView } from '../../src/api/contracts/network.js';
import { main } from '../../src/cli/main.js';
import { DashboardClient } from '../support/dashboard-client.js';
import { spawnSim, type SimProcess } from '../support/onvif-sim/process.js';
import { setupOwner } from '../support/playback.js';
import { BUSINESS_LINES, PremisesProcess, readIndex, tempDir } from '../support/premises.js';
import { freePort } from '../support/rtsp.js';

/**
 * The Camera network page's ONVIF fixes over HTTP against a running Premises
 * and the simulator over real SOAP: the owner runs the audit, sees what each
 * fix changes, confirms one, and the camera is re-read (by the same function
 * as `premises network onvif-audit`); a manager may not.
 */
void describe('ONVIF network fixes from the dashboard', () => {
  const dir = tempDir('premises-onvif-api-');
  let sim: SimProcess;
  let premises: PremisesProcess;
  let owner: DashboardClient;
  let origin = '';
  let dataDir = '';

  before(async () => {
    sim = await spawnSim({
      bind: '127.0.0.1',
      username: 'admin',
      password: 'cam-pass-7',
      network: { gateway: ['192.168.1.1'], ntpFromDhcp: false, ntpManual: ['162.159.200.1'], dateTimeType: 'NTP', dynamicDns: 'ClientUpdates', dynamicDnsName: 'door.example-ddns.net', remoteDiscoveryMode: 'Discoverable' },
    });
    const port = await freePort();
    const config = join(dir.path, 'premises.yaml');
    dataDir = join(dir.path, 'data');
    writeFileSync(
      config,
      ['dataDir: ./data', ...BUSINESS_LINES, `listen: { host: 127.0.0.1, port: ${port} }`, 'network: { allowLoopbackCameras: true }', 'cameras: []', ''].join('\n'),
    );
    let err = '';
    const code = await main(['camera', 'add', '--config', config, '--xaddr', sim.xaddr, '--username', 'admin', '--password-stdin', '--allow-loopback', '--id', 'door', '--name', 'Door'], {
      out: () => undefined,
      err: (t) => (err += t),
      stdin: Readable.from(['cam-pass-7\n']),
      env: {},
    });
    assert.equal(code, 0, err);
    origin = `http://127.0.0.1:${port}`;
    premises = PremisesProcess.start(config, port);
    owner = await setupOwner(premises, origin);
  });

  after(async () => {
    await premises?.stop();
    await sim?.stop();
    dir.remove();
  });

  void it('runs the audit, shows what each fix changes, applies one confirmed fix and re-reads it from the camera', async () => {
    const audit = await owner.request('POST', '/api/network/cameras/door/onvif-audit');
    assert.equal(audit.status, 200, JSON.stringify(audit.body));
    const before = audit.body as unknown as OnvifCheckView;
    assert.deepEqual(
      before.findings.map((f) => [f.setting, f.fix]),
      [
        ['default gateway', 'gateway'],
        ['time servers (NTP)', null], // not contained: Premises is not a time server the camera could use
        ['dynamic DNS', 'dynamic-dns'],
        ['remote discovery', 'remote-discovery'],
      ],
    );
    assert.deepEqual(before.changes.map((c) => c.fix), ['gateway', 'dynamic-dns', 'remote-discovery']);
    assert.match(before.changes[0]?.change ?? '', /remove the default gateway/);
    assert.equal(before.after, null);

    const unconfirmed = await owner.request('POST', '/api/network/cameras/door/onvif-fix', { fix: 'gateway' });
    assert.equal(unconfirmed.status, 400);
    assert.match(String(unconfirmed.body['error']), /^confirmed must be true/);
    const unknown = await owner.request('POST', '/api/network/cameras/door/onvif-fix', { fix: 'firmware', confirmed: true });
    assert.equal(unknown.status, 400);

    const fixed = await owner.request('POST', '/api/network/cameras/door/onvif-fix', { fix: 'gateway', confirmed: true });
    assert.equal(fixed.status, 200, JSON.stringify(fixed.body));
    const result = fixed.body as unknown as OnvifCheckView;
    assert.deepEqual(result.fixes, [{ fix: 'gateway', took: true, error: null }]);
    assert.deepEqual(result.after?.map((f) => f.setting), ['time servers (NTP)', 'dynamic DNS', 'remote discovery'], 'the fresh reading no longer shows a gateway');

    // A fresh audit of the simulator agrees: the gateway is gone, the rest untouched.
    const again = await owner.request('POST', '/api/network/cameras/door/onvif-audit');
    assert.deepEqual((again.body as unknown as OnvifCheckView).findings.map((f) => f.setting), ['time servers (NTP)', 'dynamic DNS', 'remote discovery']);

    const rows = readIndex<{ actor: string; action: string; subject: string; details: string }>(dataDir, "SELECT actor, action, subject, details FROM audit_log WHERE action LIKE 'network.onvif%' ORDER BY seq");
    assert.deepEqual(
      rows.map((r) => [r.actor, r.action, r.subject]),
      [
        ['user:owner', 'network.onvif-audit', 'camera:door'],
        ['user:owner', 'network.onvif-audit', 'camera:door'],
        ['user:owner', 'network.onvif-fix', 'camera:door'],
        ['user:owner', 'network.onvif-audit', 'camera:door'],
      ],
    );
    assert.equal((JSON.parse(rows[2]?.details ?? '{}') as { fix: string }).fix, 'gateway');
  });

  void it('reports a fix the camera did not take, and refuses a manager', async () => {
    // Not contained: there is no Premises time server to give the camera, so the NTP fix cannot take.
    const ntp = await owner.request('POST', '/api/network/cameras/door/onvif-fix', { fix: 'ntp', confirmed: true });
    assert.equal(ntp.status, 200, JSON.stringify(ntp.body));
    const r = ntp.body as unknown as OnvifCheckView;
    assert.equal(r.fixes[0]?.took, false);
    assert.match(r.fixes[0]?.error ?? '', /needs the camera network/);
    assert.ok(readIndex(dataDir, "SELECT 1 FROM audit_log WHERE action = 'network.onvif-fix-failed'").length === 1);

    const created = await owner.request('POST', '/api/users', { username: 'manager', password: 'manager passphrase 2', role: 'manager' });
    assert.equal(created.status, 201);
    const manager = new DashboardClient(origin);
    await manager.session();
    assert.equal((await manager.login('manager', 'manager passphrase 2')).status, 200);
    assert.equal((await manager.request('POST', '/api/network/cameras/door/onvif-fix', { fix: 'dynamic-dns', confirmed: true })).status, 403);
  });
});
