import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { openDb } from '../../src/db/open.js';
import { spawnSim, type SimProcess } from '../support/onvif-sim/process.js';

/** The camera commands end to end in-process: real index file, real key file, real simulator process. */
async function cli(argv: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), stdin: Readable.from([stdin]), env: {} });
  return { code, out, err };
}

void describe('premises camera add / list / remove', () => {
  let dir: string;
  let config: string;
  let sim: SimProcess;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'premises-camera-cli-'));
    config = join(dir, 'premises.yaml');
    writeFileSync(config, 'dataDir: ./data\n');
    sim = await spawnSim({ bind: '127.0.0.1', username: 'admin', password: 'hunter2=', clockSkewMs: 30_000 });
  });
  after(async () => {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  void it('refuses passwords on the command line and half-given flags (exit 2)', async () => {
    assert.equal((await cli(['camera', 'add', '--config', config, '--xaddr', sim.xaddr, '--username', 'admin'])).code, 2);
    assert.equal((await cli(['camera', 'add', '--config', config, '--xaddr', sim.xaddr, '--rtsp', 'rtsp://10.0.0.1/x'])).code, 2);
    assert.equal((await cli(['camera', 'add', '--config', config, '--xaddr', sim.xaddr, '--password', 'x'])).code, 2);
  });

  void it('adds an ONVIF camera (loopback allowed for the test only), flags its clock, lists it without credentials', async () => {
    const bad = await cli(['camera', 'add', '--config', config, '--xaddr', sim.xaddr, '--username', 'admin', '--password-stdin', '--allow-loopback'], 'wrong\n');
    assert.equal(bad.code, 1);
    assert.match(bad.err, /refused the user name or password/);
    const refused = await cli(['camera', 'add', '--config', config, '--xaddr', sim.xaddr, '--username', 'admin', '--password-stdin'], 'hunter2=\n');
    assert.equal(refused.code, 1);
    assert.match(refused.err, /outside the local network/);
    const ok = await cli(['camera', 'add', '--config', config, '--xaddr', sim.xaddr, '--username', 'admin', '--password-stdin', '--allow-loopback', '--name', 'Back Door'], 'hunter2=\n');
    assert.equal(ok.code, 0, ok.err);
    assert.match(ok.out, /Added camera back-door/);
    assert.match(ok.err, /clock is off by (29|30|31) s/);
    const list = await cli(['camera', 'list', '--config', config, '--json']);
    assert.equal(list.code, 0);
    assert.ok(!list.out.includes('hunter2'));
    const cams = JSON.parse(list.out) as { id: string; hasCredentials: boolean; onvif: { clockSkewed: boolean } }[];
    assert.deepEqual(cams.map((c) => [c.id, c.hasCredentials, c.onvif.clockSkewed]), [['back-door', true, true]]);
  });

  void it('adds a plain RTSP camera, removes it, and audits both', async () => {
    assert.equal((await cli(['camera', 'add', '--config', config, '--rtsp', 'rtsp://192.168.1.50:554/s', '--username', 'u', '--password-stdin', '--id', 'porch'], 'pw\n')).code, 0);
    const rm = await cli(['camera', 'remove', 'porch', '--config', config]);
    assert.equal(rm.code, 0, rm.err);
    assert.equal((await cli(['camera', 'remove', 'porch', '--config', config])).code, 1);
    const db = openDb(join(dir, 'data', 'index.db'));
    try {
      const rows = db.prepare("SELECT action, subject, actor, details FROM audit_log WHERE action LIKE 'camera.%' ORDER BY seq").all() as { action: string; subject: string; actor: string; details: string }[];
      assert.deepEqual(rows.map((r) => [r.action, r.subject]), [
        ['camera.added', 'camera:back-door'],
        ['camera.added', 'camera:porch'],
        ['camera.removed', 'camera:porch'],
      ]);
      for (const r of rows) {
        assert.match(r.actor, /^cli:/);
        assert.ok(!r.details.includes('hunter2') && !r.details.includes('"pw"'));
      }
    } finally {
      db.close();
    }
  });
});
