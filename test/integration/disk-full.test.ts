import assert from 'node:assert/strict';
import { existsSync, rmSync, statfsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PremisesProcess, readIndex, runCli, sleepMs, type SegmentRecord } from '../support/premises.js';
import { recordingOnSmallDisk } from '../support/small-disk.js';

/**
 * A 64 MiB tmpfs filled to the last byte (fallocate) while two cameras record
 * 1 s segments and part of one camera's footage is under hold. Premises lets
 * go of its space reserve, raises storage.exhausted at once, deletes the
 * oldest unheld footage (never held), keeps recording, and the index and the
 * files agree again while it runs — no restart.
 */
describe('a disk filled to 100 % while recording', () => {
  const rig = recordingOnSmallDisk({ sources: { a: 'bars:640x480@25', b: 'bars:640x480@25' }, freeSpaceFloor: '5MB', segment: '1s' }); // ~1 Mbit/s each: footage outweighs the shortfall
  const { dataDir, ballast } = rig;
  const reserve = join(dataDir, 'space-reserve');

  it('deletes unheld footage, keeps held footage, alarms at once, records on, and repairs the index without a restart', async (t) => {
    await sleepMs(3_000);
    const first = readIndex<SegmentRecord>(dataDir, "SELECT * FROM segments WHERE camera_id = 'a' ORDER BY start_ms");
    assert.ok(first.length >= 2, `${first.length} segments of a`);
    const heldFrom = (first[0]?.start_ms as number) + 1;
    const heldTo = (first[1]?.end_ms as number) - 1;
    const hold = runCli([
      'hold', 'add', '--camera', 'a', '--from', new Date(heldFrom).toISOString(), '--to', new Date(heldTo).toISOString(),
      '--kind', 'incident', '--reason', 'Till short on Friday night', '--config', rig.configPath,
    ]);
    assert.equal(hold.code, 0, hold.stdout + hold.stderr);
    const held = first.filter((s) => s.start_ms <= heldTo && s.end_ms >= heldFrom);
    await sleepMs(9_000); // ~2.5 MB of footage in all, against a 5 MB floor
    assert.equal(statSync(reserve).size, 4 * 1024 * 1024, 'the space reserve is in place before the disk fills');
    const beforeFill = readIndex<SegmentRecord>(dataDir, 'SELECT * FROM segments ORDER BY start_ms');

    const filledAt = Date.now();
    rig.fillLeaving(0);
    assert.ok(statfsSync(dataDir).bavail * statfsSync(dataDir).bsize < 64 * 1024, 'the disk is full');

    // The alarm is raised within 10 s (it may already be cleared again once the sweep freed enough).
    const deadline = filledAt + 10_000;
    let alarm: { raised_at: number; message: string } | undefined;
    while (Date.now() < deadline && !alarm) {
      alarm = readIndex<{ raised_at: number; message: string }>(dataDir, "SELECT raised_at, message FROM alarms WHERE kind = 'storage.exhausted' AND raised_at >= ?", filledAt - 1000)[0];
      if (!alarm) await sleepMs(250);
    }
    assert.ok(alarm, 'storage.exhausted raised within 10 s of the disk filling');
    assert.ok(alarm.raised_at - filledAt <= 10_000, `raised ${alarm.raised_at - filledAt} ms after the disk filled`);
    t.diagnostic(`storage.exhausted raised ${alarm.raised_at - filledAt} ms after the disk filled`);

    // Unheld footage goes for the floor; held footage stays, row and file.
    await rig.premises.waitFor(() => readIndex(dataDir, "SELECT 1 FROM deletion_certificate_items WHERE reason = 'floor'").length > 0, 20_000, 'a floor deletion');
    const rows = readIndex<SegmentRecord>(dataDir, 'SELECT * FROM segments');
    for (const h of held) {
      assert.ok(rows.some((r) => r.id === h.id), `held segment ${h.path} kept`);
      assert.ok(existsSync(join(dataDir, 'recordings', h.path)), `held file ${h.path} kept`);
    }
    const deleted = beforeFill.filter((b) => !rows.some((r) => r.id === b.id));
    assert.ok(deleted.length > 0, 'some unheld footage was deleted');
    assert.ok(deleted.every((d) => !held.some((h) => h.id === d.id)));
    for (const d of deleted) assert.ok(!existsSync(join(dataDir, 'recordings', d.path)), `deleted file ${d.path} is gone`);
    t.diagnostic(`floor deletion ${Date.now() - filledAt} ms after the fill: ${deleted.length} segments, ${deleted.reduce((n, d) => n + d.bytes, 0)} bytes`);

    // Recording goes on on the full disk, and after the ballast goes.
    const recordingAgain = async (since: number, what: string) => {
      await rig.premises.waitFor(
        () => ['a', 'b'].every((c) => readIndex(dataDir, 'SELECT 1 FROM segments WHERE camera_id = ? AND start_ms > ?', c, since).length >= 2),
        30_000,
        what,
      );
    };
    await recordingAgain(filledAt + 2_000, 'both cameras to record on the full disk');
    rmSync(ballast);
    const emptiedAt = Date.now();
    await recordingAgain(emptiedAt, 'both cameras to record after the ballast went');
    t.diagnostic(`both cameras had 2 new segments ${Date.now() - emptiedAt} ms after the ballast went`);
    await rig.premises.waitFor(() => existsSync(reserve) && statSync(reserve).size === 4 * 1024 * 1024, 10_000, 'the reserve to be made again');
    const health = await rig.premises.waitFor((h) => !h.alarms.some((a) => a.kind === 'storage.exhausted'), 15_000, 'the storage alarm to clear');
    assert.ok(health.cameras.every((c) => c.state === 'recording'), JSON.stringify(health.cameras));

    // The index and the files agree while the daemon runs: no restart in between.
    const check = runCli(['check', '--hash', '--config', rig.configPath]);
    assert.equal(check.code, 0, check.stdout + check.stderr + rig.premises.output.join('').slice(-3000));
    const openRuns = readIndex<{ id: number }>(dataDir, 'SELECT id FROM runs WHERE ended_at IS NULL');
    assert.ok(openRuns.length <= 2, `only the two live runs are open: ${JSON.stringify(openRuns)}`);

    assert.equal((await rig.premises.stop()).code, 0);
    const after = runCli(['check', '--hash', '--config', rig.configPath]);
    assert.equal(after.code, 0, after.stdout + after.stderr);
    assert.equal(runCli(['audit', 'verify', '--config', rig.configPath]).code, 0);

    // A disk that filled while Premises was stopped: it starts (the reserve gives its index room), clears unheld footage, records.
    assert.ok(existsSync(reserve));
    rig.fillLeaving(0);
    const restartedAt = Date.now();
    rig.premises = await PremisesProcess.startRecording(rig.configPath, rig.premises.port);
    await rig.premises.waitFor(
      () => readIndex(dataDir, "SELECT 1 FROM deletion_certificate_items i JOIN deletion_certificates c ON c.id = i.certificate_id WHERE i.reason = 'floor' AND c.at >= ?", restartedAt).length > 0,
      20_000,
      'a floor deletion after the restart',
    );
    await recordingAgain(restartedAt, 'both cameras to record after a start on a full disk');
  });
});
