import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { AuditLog } from '../../src/audit/log.js';
import { main } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config/load.js';
import { openDb } from '../../src/db/open.js';
import { consentStatus } from '../../src/policy/consent/status.js';
import { PauseStore } from '../../src/policy/consent/pause.js';
import { FakeClock } from '../../src/shared/clock.js';
import type { CommandIo } from '../../src/cli/command.js';

const run = promisify(execFile);

function io(): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), stdin: process.stdin, env: {} };
}

const CONFIG = (purposes: string[]) => `
dataDir: ./data
jurisdiction: CA-BC
timezone: America/Vancouver
business:
  name: Chez Test
  address: 1 Main St, Vancouver BC
  contact: {name: Privacy Officer, email: privacy@chez.example}
cameras:
  - id: till
    name: Till
    rtsp: rtsp://127.0.0.1:8554/till
    purposes: ${JSON.stringify(purposes)}
    area: cash
    signage: {location: Front door, date: "2026-11-20", confirmedBy: Alex}
  - id: back
    rtsp: rtsp://127.0.0.1:8554/back
`;

void describe('signage and report against a real index', () => {
  let dir: string;
  let cfg: string;
  const cli = async (...args: string[]) => {
    const o = io();
    const code = await main([...args, '--config', cfg], o);
    return { code, out: o.stdout.join('\n'), err: o.stderr.join('\n') };
  };
  const audit = (action: string) => {
    const db = new Database(join(dir, 'data', 'index.db'), { readonly: true });
    try {
      return db.prepare('SELECT subject, details FROM audit_log WHERE action = ? ORDER BY seq').all(action) as Array<{ subject: string; details: string }>;
    } finally {
      db.close();
    }
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'premises-signage-'));
    cfg = join(dir, 'premises.yaml');
    writeFileSync(cfg, CONFIG(['Investigate till discrepancies', 'Identify people who break in after closing']));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  void it('config validate (a real process) accepts the config, warns about the gates and exits 0', async () => {
    const bin = resolve('bin/premises.js');
    const { stdout, stderr } = await run(process.execPath, [bin, 'config', 'validate', cfg]);
    assert.match(stdout, /valid \(2 cameras\)/);
    assert.match(stderr, /camera "back" will not record: camera 'back' has no stated purpose/);
    assert.match(stderr, /camera "back" will not record: camera 'back' has no area type/);
    assert.match(stderr, /camera "back" will not record: camera 'back' has no signage record.*premises signage --camera back/);
    assert.doesNotMatch(stderr, /camera "till"/);
  });

  void it('prints, confirms, goes stale on a purpose change, and the report lists it', async () => {
    const sign = join(dir, 'sign.html');
    let r = await cli('signage', '--camera', 'till', '--out', sign);
    assert.equal(r.code, 0, r.err);
    const html = readFileSync(sign, 'utf8');
    for (const item of ['Chez Test', 'Privacy Officer', 'privacy@chez.example', 'Investigate till discrepancies', '7 days', 'sound is not recorded', 'copy of footage of yourself']) {
      assert.ok(html.includes(item), `missing ${item}`);
    }
    assert.equal(audit('signage.printed').length, 1);

    r = await cli('report');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /- notice:till: printed, posting not confirmed yet/);

    r = await cli('signage', 'confirm', '--camera', 'till');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /notice:till: current/);
    assert.equal(audit('signage.confirmed').length, 3); // notice, policy page, staff notice

    // The owner drops a purpose: every sign that lists purposes now says something else.
    writeFileSync(cfg, CONFIG(['Investigate till discrepancies']));
    r = await cli('report');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /- notice:till: STALE/);
    assert.match(r.out, /\*\*3 stale sign\(s\): notice:till, policy, staff\.\*\*/);
    assert.match(r.out, /\| Till \(till\) \| cash \| Investigate till discrepancies \| 7 days \(30 days\) \|/);
    assert.match(r.out, /camera 'back' has no stated purpose \(no-purpose\)/);
    assert.match(r.out, /## Holds\n\nNone in force\./);
    assert.match(r.out, /Last verification: not run yet/);
    // A hold in force is listed in the record of processing.
    const held = await cli('hold', 'add', '--camera', 'till', '--from', '2026-11-20T10:00:00Z', '--to', '2026-11-20T11:00:00Z', '--kind', 'incident', '--reason', 'till short by 40 dollars');
    assert.equal(held.code, 0, held.out + held.err);
    assert.match((await cli('report')).out, /## Holds\n\ntill 2026-11-20T10:00:00.000Z to 2026-11-20T11:00:00.000Z \(incident, hold \d+\)/);
    const stale = audit('signage.stale');
    assert.deepEqual(stale.map((s) => s.subject).sort(), ['notice:till', 'policy', 'staff']);
    // Seeing it again does not log it again.
    await cli('report', '--out', join(dir, 'report.md'));
    assert.equal(audit('signage.stale').length, 3);
    assert.match(readFileSync(join(dir, 'report.md'), 'utf8'), /notice:till: STALE/);
    assert.equal(audit('alarm.raised').filter((a) => a.subject === 'signage-stale:signage').length, 1);

    // Confirming without reprinting is refused.
    r = await cli('signage', 'confirm', '--camera', 'till');
    assert.equal(r.code, 1);
    assert.match(r.err, /has not been printed with what the configuration now says/);

    r = await cli('signage', '--camera', 'till', '--out', sign);
    assert.equal(r.code, 0, r.err);
    assert.ok(!readFileSync(sign, 'utf8').includes('break in after closing'));
    r = await cli('signage', 'confirm', '--camera', 'till');
    assert.equal(r.code, 0, r.err);
    r = await cli('report');
    assert.match(r.out, /- notice:till: current/);
    assert.doesNotMatch(r.out, /STALE/);
    assert.equal(audit('alarm.cleared').filter((a) => a.subject === 'signage-stale:signage').length, 1);
  });

  void it('a camera added at run time is on the printed notice and the report, and its scope change makes its sign stale', async () => {
    let r = await cli('camera', 'add', '--rtsp', 'rtsp://127.0.0.1:8554/yard', '--id', 'yard', '--name', 'Yard');
    assert.equal(r.code, 0, r.err);
    const scope = (purpose: string) =>
      cli('camera', 'scope', 'yard', '--purpose', purpose, '--area', 'outdoor', '--sign-location', 'Yard gate', '--sign-date', '2026-11-21', '--sign-confirmed-by', 'Alex');
    r = await scope('Investigate deliveries that go missing in the yard');
    assert.equal(r.code, 0, r.out + r.err);
    const sign = join(dir, 'yard.html');
    r = await cli('signage', '--camera', 'yard', '--out', sign);
    assert.equal(r.code, 0, r.out + r.err);
    const html = readFileSync(sign, 'utf8');
    assert.ok(html.includes('Investigate deliveries that go missing in the yard'), 'the notice states the added camera\'s purpose');
    assert.ok(html.includes('Yard gate') || html.includes('Yard'), 'the notice names the camera or its place');
    r = await cli('signage', 'confirm', '--camera', 'yard');
    assert.equal(r.code, 0, r.out + r.err);
    r = await cli('report');
    assert.match(r.out, /yard/);
    assert.match(r.out, /Investigate deliveries that go missing in the yard/);

    r = await scope('Investigate damage to parked delivery vans in the yard');
    assert.equal(r.code, 0, r.out + r.err);
    r = await cli('report');
    assert.ok(audit('signage.stale').some((a) => a.subject.includes('yard')), 'the changed purpose marks the yard notice stale');
    // Reprinted and confirmed: nothing is left stale for the tests after this one.
    assert.equal((await cli('signage', '--camera', 'yard', '--out', sign)).code, 0);
    assert.equal((await cli('signage', 'confirm', '--camera', 'yard')).code, 0);
  });

  void it('refuses unknown cameras and bad flags with the right exit codes', async () => {
    assert.equal((await cli('signage', '--camera', 'nope', '--out', join(dir, 'x.html'))).code, 1);
    assert.equal((await cli('signage', '--camera', 'till')).code, 2);
    assert.equal((await cli('signage', 'confirm')).code, 2);
    assert.equal((await cli('signage', '--all', '--out', join(dir, 'x.html'), '--paper', 'a3')).code, 2);
    const bare = join(dir, 'bare.yaml');
    writeFileSync(bare, 'dataDir: ./data-bare\ncameras:\n  - {id: till, rtsp: "rtsp://127.0.0.1/t"}\n');
    const o = io();
    assert.equal(await main(['signage', '--all', '--out', join(dir, 'bare.html'), '--config', bare], o), 1);
    assert.match(o.stderr.join('\n'), /a sign must name the business/);
  });

  void it('consentStatus answers per camera for start-up and health, read-only', () => {
    const db = openDb(join(dir, 'data', 'index.db'));
    try {
      const clock = new FakeClock(Date.now());
      const audit = new AuditLog(db, clock);
      const config = loadConfig(cfg).config;
      const count = () => (db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
      let status = consentStatus(config, db, audit, clock, 'not-contained');
      assert.deepEqual(status.staleSigns, []);
      const till = status.cameras.find((c) => c.camera === 'till');
      assert.equal(till?.decision.record, true);
      assert.equal(till?.notice?.status, 'current');
      const back = status.cameras.find((c) => c.camera === 'back');
      assert.equal(back?.decision.record, false);
      assert.deepEqual(back?.decision.reasons.map((r) => (r.code === 'gate' ? r.gate.code : r.code)), ['no-purpose', 'no-area', 'no-signage']);

      new PauseStore(db, audit, clock).pause('till', 'guest asked', { forMs: 60_000 }, 'cli:test');
      const before = count();
      status = consentStatus(config, db, audit, clock, 'not-contained');
      const paused = status.cameras.find((c) => c.camera === 'till')?.decision;
      assert.equal(paused?.record, false);
      assert.equal(paused?.stream, false);
      assert.equal(paused?.recheckAt, clock.now() + 60_000);
      assert.equal(count(), before, 'reading the status writes nothing');
    } finally {
      db.close();
    }
  });
});
