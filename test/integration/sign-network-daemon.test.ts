import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { PremisesProcess, readIndex, runCli, tempDir, writeConfig } from '../support/premises.js';

/**
 * The sign's camera-network sentence follows the containment the daemon
 * reports: signs printed before the first start say the configured closed
 * network; when the daemon cannot contain the cameras (here: an interface
 * that does not exist, which changes nothing on the machine) the posted
 * signs turn stale at start, with the reason; when containment is reported
 * working again while the daemon runs, the camera watch finds the posted
 * signs true again within seconds and clears the alarm.
 */
void describe('the sign follows the camera network while Premises runs', () => {
  const dir = tempDir('premises-sign-net-');
  let premises: PremisesProcess | undefined;
  after(async () => {
    await premises?.stop();
    dir.remove();
  });

  void it('stale with the reason when containment fails; current again when it works', async () => {
    const config = await writeConfig(dir.path, [{ id: 'door', rtsp: 'rtsp://127.0.0.1:9/none' }], {
      top: ['cameraNetwork: { interface: pmsnone0, subnet: 10.77.0.0/24, address: 10.77.0.1 }'],
    });
    const dataDir = join(dir.path, 'data');
    const signs = join(dir.path, 'signs.html');
    let r = runCli(['signage', '--all', '--out', signs, '--config', config.path]);
    assert.equal(r.code, 0, r.stderr);
    r = runCli(['signage', 'confirm', '--all', '--config', config.path]);
    assert.equal(r.code, 0, r.stderr);

    premises = PremisesProcess.start(config.path, config.port);
    const staleAlarm = () => readIndex<{ cleared_at: number | null }>(dataDir, "SELECT cleared_at FROM alarms WHERE kind = 'signage-stale' ORDER BY rowid DESC LIMIT 1")[0];
    const deadline = Date.now() + 30_000;
    while (staleAlarm()?.cleared_at !== null && Date.now() < deadline) await new Promise((res) => setTimeout(res, 250));
    assert.equal(staleAlarm()?.cleared_at, null, 'the posted signs are stale once containment failed');
    const entry = readIndex<{ subject: string; details: string }>(dataDir, "SELECT subject, details FROM audit_log WHERE action = 'signage.stale' AND subject = 'notice:door'")[0];
    assert.match(entry?.details ?? '', /no longer says what is true about whether the cameras are on a closed network/);

    // Containment reported working again (as the daemon writes it once the interface is fixed).
    const db = new Database(join(dataDir, 'index.db'));
    try {
      const row = db.prepare('SELECT state FROM containment_state WHERE id = 1').get() as { state: string };
      db.prepare('UPDATE containment_state SET state = ? WHERE id = 1').run(JSON.stringify({ ...(JSON.parse(row.state) as object), mode: 'contained' }));
    } finally {
      db.close();
    }
    const cleared = Date.now() + 15_000;
    while (staleAlarm()?.cleared_at === null && Date.now() < cleared) await new Promise((res) => setTimeout(res, 250));
    assert.notEqual(staleAlarm()?.cleared_at, null, 'the camera watch found the posted signs true again');
  });
});
