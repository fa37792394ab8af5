import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RtspServer } from '../support/rtsp.js';
import { ffprobeDuration, ffprobeStreams, PremisesProcess, readIndex, runCli, sleepMs, tempDir, writeConfig, type SegmentRecord } from '../support/premises.js';

describe('recording three cameras from a real RTSP server', () => {
  const dir = tempDir();
  let rtsp: RtspServer;
  let premises: PremisesProcess;
  let configPath = '';
  let recordedFrom = 0;
  let recordedTo = 0;

  before(async () => {
    rtsp = await RtspServer.start({ a: 'live:640x360@15', b: 'live:640x360@15', c: 'live-audio:320x240@10' });
    const config = await writeConfig(dir.path, [
      { id: 'a', rtsp: rtsp.url('a') },
      { id: 'b', rtsp: rtsp.url('b') },
      { id: 'c', rtsp: rtsp.url('c') },
    ]);
    configPath = config.path;
    premises = PremisesProcess.start(config.path, config.port);
    await premises.waitFor((h) => h.cameras.length === 3 && h.cameras.every((c) => c.lastSegmentAt !== null), 30_000, 'all three cameras to close a segment');
    recordedFrom = Date.now();
    await sleepMs(32_000);
    recordedTo = Date.now();
    const exit = await premises.stop();
    assert.equal(exit.code, 0, `graceful stop exits 0:\n${premises.output.join('')}`);
  });

  after(async () => {
    await premises?.kill9();
    await rtsp?.stop();
    dir.remove();
  });

  it('gives every row a file of the recorded size and sha256, readable by ffprobe', () => {
    const rows = readIndex<SegmentRecord>(join(dir.path, 'data'), 'SELECT * FROM segments ORDER BY camera_id, start_ms');
    assert.ok(rows.length >= 3 * 14, `expected at least 14 two-second segments per camera, got ${rows.length}`);
    for (const row of rows) {
      const file = join(dir.path, 'data', 'recordings', row.path);
      assert.equal(statSync(file).size, row.bytes, `size of ${row.path}`);
      assert.equal(createHash('sha256').update(readFileSync(file)).digest('hex'), row.sha256, `sha256 of ${row.path}`);
      assert.ok(ffprobeDuration(file) > 0, `ffprobe reads ${row.path}`);
    }
  });

  it('records about as much as the wall clock ran, per camera (within one segment)', () => {
    for (const camera of ['a', 'b', 'c']) {
      const rows = readIndex<SegmentRecord>(join(dir.path, 'data'), 'SELECT * FROM segments WHERE camera_id = ? ORDER BY start_ms', camera);
      const inWindow = rows.filter((r) => r.end_ms > recordedFrom && r.start_ms < recordedTo);
      const covered = inWindow.reduce((sum, r) => sum + Math.min(r.end_ms, recordedTo) - Math.max(r.start_ms, recordedFrom), 0);
      const wall = recordedTo - recordedFrom;
      assert.ok(Math.abs(covered - wall) <= 2_500, `camera ${camera}: ${covered} ms recorded over ${wall} ms of wall time`);
      for (let i = 1; i < rows.length; i += 1) {
        const previous = rows[i - 1] as SegmentRecord;
        const current = rows[i] as SegmentRecord;
        if (current.run_id === previous.run_id) assert.equal(current.start_ms, previous.end_ms, 'segments of one run are contiguous');
      }
    }
  });

  it('stores video only when audio is off (the default)', () => {
    const [first] = readIndex<SegmentRecord>(join(dir.path, 'data'), "SELECT * FROM segments WHERE camera_id = 'c' LIMIT 1");
    assert.ok(first);
    assert.deepEqual(ffprobeStreams(join(dir.path, 'data', 'recordings', first.path)), ['video']);
  });

  it('leaves an index that premises check finds consistent', () => {
    const result = runCli(['check', '--config', configPath]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const runs = readIndex<{ end_reason: string }>(join(dir.path, 'data'), 'SELECT end_reason FROM runs');
    assert.deepEqual(runs.map((r) => r.end_reason), ['Premises is shutting down', 'Premises is shutting down', 'Premises is shutting down']);
  });
});
