import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RtspServer } from '../support/rtsp.js';
import { PremisesProcess, readIndex, sleepMs, tempDir, writeConfig, type SegmentRecord } from '../support/premises.js';

/** A camera that loses power and comes back; a camera that hangs with its connection open. */
describe('camera faults', () => {
  const dir = tempDir();
  let rtsp: RtspServer;
  let premises: PremisesProcess;
  const data = () => join(dir.path, 'data');

  before(async () => {
    rtsp = await RtspServer.start({ cam: 'live:320x240@10' });
    const config = await writeConfig(dir.path, [{ id: 'cam', rtsp: rtsp.url('cam') }], { rtspTimeout: '2s' });
    premises = PremisesProcess.start(config.path, config.port);
    await premises.waitFor((h) => h.cameras[0]?.lastSegmentAt != null, 30_000, 'the first segment');
  });

  after(async () => {
    await premises?.kill9();
    rtsp?.thaw();
    await rtsp?.stop();
    dir.remove();
  });

  it('ends the run when the RTSP server dies, keeps what was written, and resumes when it returns', async () => {
    await sleepMs(5_000);
    const before = readIndex<SegmentRecord>(data(), 'SELECT * FROM segments');
    const firstRun = before[0]?.run_id;
    await rtsp.kill();
    await premises.waitFor((h) => h.cameras[0]?.state === 'reconnecting', 15_000, 'the loss to be noticed');
    const lostAt = Date.now();
    await rtsp.restart();
    // Backoff starts at 1 s and doubles to at most 30 s: recording is back well within one minute.
    const health = await premises.waitFor((h) => h.cameras[0]?.state === 'recording' && (h.cameras[0]?.lastSegmentAt ?? '') > new Date(lostAt).toISOString(), 60_000, 'recording to resume');
    assert.ok((health.cameras[0]?.restarts ?? 0) >= 1);

    const rows = readIndex<SegmentRecord>(data(), 'SELECT * FROM segments');
    for (const row of before) assert.ok(rows.some((r) => r.sha256 === row.sha256 && r.path === row.path), `segment ${row.path} survived the loss`);
    const [run] = readIndex<{ ended_at: number | null; end_reason: string | null }>(data(), 'SELECT ended_at, end_reason FROM runs WHERE id = ?', firstRun);
    assert.ok(run?.ended_at, 'the interrupted run is closed');
    assert.match(run?.end_reason ?? '', /stream lost|no progress|no segment/);
    const later = readIndex<{ id: number }>(data(), 'SELECT id FROM runs WHERE id > ?', firstRun);
    assert.ok(later.length >= 1, 'a new run began after the gap');
  });

  it('detects a frozen server (SIGSTOP), restarts ffmpeg and does not hang', async () => {
    const runsBefore = readIndex<{ id: number }>(data(), 'SELECT id FROM runs').length;
    rtsp.freeze();
    const frozenAt = Date.now();
    // rtspTimeout 2 s: ffmpeg notices at about 4 s; the progress watchdog backs it up at 15 s.
    await premises.waitFor((h) => h.cameras[0]?.state !== 'recording', 30_000, 'the frozen camera to be noticed');
    const noticedAfter = Date.now() - frozenAt;
    assert.ok(noticedAfter < 25_000, `noticed after ${noticedAfter} ms`);
    rtsp.thaw();
    await rtsp.restart();
    await premises.waitFor((h) => h.cameras[0]?.state === 'recording' && Date.parse(h.cameras[0]?.lastSegmentAt ?? '') > frozenAt + noticedAfter, 60_000, 'recording after the freeze');
    const runs = readIndex<{ id: number; end_reason: string | null }>(data(), 'SELECT id, end_reason FROM runs ORDER BY id');
    assert.ok(runs.length > runsBefore, 'the freeze ended a run');
    const stop = await premises.stop();
    assert.equal(stop.code, 0);
  });
});
