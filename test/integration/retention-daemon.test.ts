import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RtspServer } from '../support/rtsp.js';
import { PremisesProcess, readIndex, runCli, sleepMs, tempDir, writeConfig, type SegmentRecord } from '../support/premises.js';

/**
 * Retention enforced by the running daemon on footage recorded from a real
 * RTSP server: a 30 s maximum age, a hold over part of it, the hold released.
 */
describe('retention in the running daemon', () => {
  const dir = tempDir();
  let rtsp: RtspServer;
  let premises: PremisesProcess;
  let configPath = '';
  const data = () => join(dir.path, 'data');
  const MAX_AGE = 30_000;
  const SWEEP = 5_000;
  const segments = () => readIndex<SegmentRecord>(data(), "SELECT * FROM segments WHERE camera_id = 'door' ORDER BY start_ms");

  before(async () => {
    rtsp = await RtspServer.start({ door: 'live:320x240@10' });
    const config = await writeConfig(dir.path, [{ id: 'door', rtsp: rtsp.url('door'), extra: ['    retention: { maxAge: 30s }'] }], {
      top: ['retention: { sweepInterval: 5s }'],
    });
    configPath = config.path;
    premises = await PremisesProcess.startRecording(configPath, config.port);
  });

  after(async () => {
    await premises?.kill9();
    await rtsp?.stop();
    dir.remove();
  });

  it('deletes exactly what is older than the maximum age, keeps held footage, and deletes it once released', async () => {
    await sleepMs(8_000);
    const early = segments();
    assert.ok(early.length >= 3, `${early.length} segments after 8 s`);
    const heldFrom = (early[1]?.start_ms as number) + 1; // strictly inside: a hold touching a segment's edge keeps it too
    const heldTo = (early[2]?.end_ms as number) - 1;
    const held = early.filter((s) => s.end_ms > heldFrom && s.start_ms < heldTo);
    const unheldEarly = early.filter((s) => !held.includes(s));
    const add = runCli([
      'hold', 'add', '--camera', 'door', '--from', new Date(heldFrom).toISOString(), '--to', new Date(heldTo).toISOString(),
      '--kind', 'incident', '--reason', 'Broken window reported by a neighbour', '--config', configPath,
    ]);
    assert.equal(add.code, 0, add.stdout + add.stderr);
    const holdId = /hold (\d+)/.exec(add.stdout)?.[1];
    assert.ok(holdId, add.stdout);

    await sleepMs(62_000); // 70 s of recording in all

    const now = Date.now();
    const rows = segments();
    for (const s of held) {
      assert.ok(rows.some((r) => r.id === s.id), `held segment ${s.path} survived every sweep`);
      assert.ok(existsSync(join(data(), 'recordings', s.path)));
    }
    for (const s of unheldEarly) {
      assert.ok(!rows.some((r) => r.id === s.id), `unheld segment ${s.path} was deleted`);
      assert.ok(!existsSync(join(data(), 'recordings', s.path)), `its file ${s.path} is gone`);
    }
    const unheld = rows.filter((r) => !held.some((h) => h.id === r.id));
    const oldest = Math.min(...unheld.map((r) => r.end_ms));
    // Nothing unheld older than the maximum age survives longer than one sweep interval (plus a segment in flight).
    assert.ok(now - oldest <= MAX_AGE + SWEEP + 3_000, `oldest unheld footage ended ${now - oldest} ms ago`);
    // And nothing younger than the maximum age was deleted: the kept footage reaches back to the limit.
    assert.ok(now - oldest >= MAX_AGE - 2_500, `footage only reaches back ${now - oldest} ms`);
    const sweeps = readIndex<{ details: string }>(data(), "SELECT details FROM audit_log WHERE action = 'retention.sweep'");
    assert.ok(sweeps.length >= 1, 'each sweep that deleted footage left a deletion record');

    const release = runCli(['hold', 'release', holdId, '--reason', 'Insurance claim settled', '--config', configPath]);
    assert.equal(release.code, 0, release.stdout + release.stderr);
    await sleepMs(SWEEP + 3_000);
    const afterRelease = segments();
    for (const s of held) assert.ok(!afterRelease.some((r) => r.id === s.id), `released segment ${s.path} went at the next sweep`);

    assert.equal((await premises.stop()).code, 0);
    const check = runCli(['check', '--config', configPath]);
    assert.equal(check.code, 0, check.stdout + check.stderr);
    const verify = runCli(['audit', 'verify', '--config', configPath]);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  });
});
