import assert from 'node:assert/strict';
import { rmSync, statSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readIndex, runCli, sleepMs, type SegmentRecord } from '../support/premises.js';
import { recordingOnSmallDisk } from '../support/small-disk.js';

/**
 * A small disk (a 64 MiB tmpfs made by the test) that fills up while every
 * recorded second is under hold: the daemon stops recording rather than delete
 * held footage, raises an alarm, keeps its index and audit log writable, and
 * records again once space is back.
 */
describe('a full disk holding only held footage', () => {
  const rig = recordingOnSmallDisk({ sources: { cam: 'live:320x240@10' }, freeSpaceFloor: '16MB' });
  const { dataDir, ballast } = rig;

  it('stops recording with an alarm, deletes nothing held, and resumes when space returns', async () => {
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const hold = runCli(['hold', 'add', '--camera', 'cam', '--from', from, '--to', to, '--kind', 'police', '--reason', 'Police request 2026-1142 for the break-in', '--config', rig.configPath]);
    assert.equal(hold.code, 0, hold.stdout + hold.stderr);
    await sleepMs(4_000);
    // Fill the disk to 8 MB free: under the 16 MB floor, with nothing unheld to delete.
    rig.fillLeaving(8 * 1024 * 1024);
    const before = readIndex<SegmentRecord>(dataDir, 'SELECT * FROM segments');

    const stopped = await rig.premises.waitFor((h) => h.cameras[0]?.holds.some((x) => x.code === 'storage-full') === true && h.cameras[0]?.state === 'stopped', 30_000, 'recording to stop');
    assert.ok(stopped.alarms.some((a) => a.kind === 'storage.exhausted'), JSON.stringify(stopped.alarms));
    const kept = readIndex<SegmentRecord>(dataDir, 'SELECT * FROM segments');
    for (const row of before) assert.ok(kept.some((k) => k.id === row.id), `held segment ${row.path} kept`);
    // The index and the audit log stay writable on the full disk.
    const list = runCli(['hold', 'list', '--config', rig.configPath]);
    assert.equal(list.code, 0, list.stderr);
    const note = runCli(['pause', 'cam', '--reason', 'Checking the disk', '--for', '1m', '--config', rig.configPath]);
    assert.equal(note.code, 0, note.stdout + note.stderr);
    assert.equal(runCli(['resume', 'cam', '--config', rig.configPath]).code, 0);

    rmSync(ballast);
    const resumed = await rig.premises.waitFor((h) => h.cameras[0]?.state === 'recording', 30_000, 'recording to resume');
    assert.ok(!resumed.cameras[0]?.holds.some((x) => x.code === 'storage-full'));
    assert.equal((await rig.premises.stop()).code, 0);
    const check = runCli(['check', '--config', rig.configPath]);
    assert.equal(check.code, 0, check.stdout + check.stderr);
    assert.equal(runCli(['audit', 'verify', '--config', rig.configPath]).code, 0);
  });
});

/**
 * Something other than Premises fills the disk (a file larger than all the
 * footage): deleting footage cannot bring free space back to the floor, so
 * none is deleted for it. Recording stops with an alarm that names the file
 * and its size, and resumes once the file is gone.
 */
describe('another file filling the recordings disk', () => {
  const rig = recordingOnSmallDisk({ sources: { a: 'live:320x240@10', b: 'live:320x240@10' }, freeSpaceFloor: '16MB', segment: '1s' });
  const { dataDir, ballast } = rig;

  it('deletes no footage, stops recording with an alarm naming the file and its size, and resumes when it goes', async () => {
    // A little held footage, as in the field report: the alarm must not blame it.
    const from = new Date(Date.now() - 60_000).toISOString();
    const to = new Date(Date.now() + 1_000).toISOString();
    assert.equal(runCli(['hold', 'add', '--camera', 'a', '--from', from, '--to', to, '--kind', 'incident', '--reason', 'Spilled tray at the door', '--config', rig.configPath]).code, 0);
    await sleepMs(4_000);
    // 8 MB left: under the 16 MB floor even with the reserve counted, and far more than all the footage could free.
    rig.fillLeaving(8 * 1024 * 1024);
    const ballastMb = ((statSync(ballast).blocks * 512) / 1e6).toFixed(1);
    const footageBefore = readIndex<SegmentRecord>(dataDir, 'SELECT * FROM segments');
    const footageBytes = footageBefore.reduce((n, r) => n + r.bytes, 0);
    assert.ok(footageBytes < 2_000_000, `footage (${footageBytes} bytes) is far smaller than the file filling the disk`);

    const stopped = await rig.premises.waitFor(
      (h) => h.cameras.every((c) => c.state === 'stopped' && c.holds.some((x) => x.code === 'storage-full')),
      30_000,
      'recording to stop',
    );
    const alarm = stopped.alarms.find((a) => a.kind === 'storage.exhausted');
    assert.ok(alarm, JSON.stringify(stopped.alarms));
    assert.match(alarm.message, /files that are not Premises' fill it/);
    assert.ok(alarm.message.includes(`the largest is ${ballast} (${ballastMb} MB)`), alarm.message);
    assert.doesNotMatch(alarm.message, /footage under hold fills it/);
    const hold = stopped.cameras[0]?.holds.find((x) => x.code === 'storage-full');
    assert.match(hold?.message ?? '', /another file or folder fills the disk/);
    assert.ok(hold?.fix.includes(ballast), hold?.fix);

    // Nothing recorded before the file arrived was deleted, and no floor deletion happened at all.
    const kept = readIndex<SegmentRecord>(dataDir, 'SELECT * FROM segments');
    for (const row of footageBefore) assert.ok(kept.some((k) => k.id === row.id), `segment ${row.path} kept`);
    assert.equal(readIndex(dataDir, "SELECT 1 FROM deletion_certificate_items WHERE reason = 'floor'").length, 0);

    rmSync(ballast);
    const resumed = await rig.premises.waitFor((h) => h.cameras.every((c) => c.state === 'recording'), 30_000, 'recording to resume');
    assert.ok(!resumed.alarms.some((a) => a.kind === 'storage.exhausted'), JSON.stringify(resumed.alarms));
    assert.equal((await rig.premises.stop()).code, 0);
    const check = runCli(['check', '--hash', '--config', rig.configPath]);
    assert.equal(check.code, 0, check.stdout + check.stderr);
  });
});
