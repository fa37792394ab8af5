import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RtspServer } from '../support/rtsp.js';
import { ffprobeStreams, PremisesProcess, readIndex, runCli, sleepMs, tempDir, writeConfig, type SegmentRecord } from '../support/premises.js';

/** The consent gates, audio rule and privacy pause, enforced by the real recorder. */
describe('consent gates and privacy pause on a running recorder', () => {
  const dir = tempDir();
  let rtsp: RtspServer;
  let premises: PremisesProcess;
  let configPath = '';
  const data = () => join(dir.path, 'data');
  const camera = async (id: string) => (await premises.health()).cameras.find((c) => c.id === id);

  before(async () => {
    rtsp = await RtspServer.start({ s1: 'live-audio:320x240@10', s2: 'live:320x240@10', s3: 'live:320x240@10', s4: 'live:320x240@10', s5: 'live:320x240@10' });
    const config = await writeConfig(dir.path, [
      {
        id: 'till',
        rtsp: rtsp.url('s1'),
        audio: true,
        extra: ['    audioJustification: "Staff asked for audio at the till after repeated verbal threats"', '    audioInterceptionWarningAcknowledged: true'],
      },
      { id: 'bare', rtsp: rtsp.url('s2'), bare: true },
      { id: 'loo', rtsp: rtsp.url('s3'), area: 'washroom' },
      { id: 'tables', rtsp: rtsp.url('s4'), area: 'dining' },
      { id: 'tables-ok', rtsp: rtsp.url('s5'), area: 'dining', extra: ['    diningJustification: "Repeated dine-and-dash at the patio tables since September"'] },
    ]);
    configPath = config.path;
    premises = PremisesProcess.start(configPath, config.port);
    await premises.waitFor((h) => ['till', 'tables-ok'].every((id) => h.cameras.find((c) => c.id === id)?.lastSegmentAt), 30_000, 'the permitted cameras to record');
  });

  after(async () => {
    await premises?.kill9();
    await rtsp?.stop();
    dir.remove();
  });

  it('does not record a camera without purpose, area and signage, and says which gate and how to fix it', async () => {
    const bare = await camera('bare');
    assert.equal(bare?.recording, false);
    const codes = bare?.holds.map((h) => h.code) ?? [];
    assert.deepEqual(codes.sort(), ['gate:no-area', 'gate:no-purpose', 'gate:no-signage']);
    assert.ok(bare?.holds.every((h) => h.fix.length > 0));
    assert.match(premises.output.join(''), /camera bare does not record: .*To fix:/);
  });

  it('never records a washroom camera, even with every other key set', async () => {
    const loo = await camera('loo');
    assert.equal(loo?.recording, false);
    assert.deepEqual(loo?.holds.map((h) => h.code), ['gate:area-never-recorded']);
  });

  it('records a dining camera only with a written justification', async () => {
    assert.equal((await camera('tables'))?.recording, false);
    assert.ok((await camera('tables'))?.holds.some((h) => h.code === 'gate:dining-needs-justification'));
    assert.equal((await camera('tables-ok'))?.recording, true);
    const held = readIndex<{ n: number }>(data(), "SELECT count(*) AS n FROM segments WHERE camera_id IN ('bare', 'loo', 'tables')");
    assert.equal(held[0]?.n, 0, 'no footage at all from cameras that fail a gate');
  });

  it('keeps the audio track only where audio is justified and acknowledged', () => {
    const [till] = readIndex<SegmentRecord>(data(), "SELECT * FROM segments WHERE camera_id = 'till' LIMIT 1");
    assert.ok(till);
    assert.deepEqual(ffprobeStreams(join(data(), 'recordings', till.path)).sort(), ['audio', 'video']);
  });

  it('stops writing within 5 s of a privacy pause and resumes on request, both audited', async () => {
    const pause = runCli(['pause', 'tables-ok', '--reason', 'Customer asked not to be filmed during a private event', '--config', configPath]);
    assert.equal(pause.code, 0, pause.stdout + pause.stderr);
    const pausedAt = Date.now();
    await premises.waitFor((h) => h.cameras.find((c) => c.id === 'tables-ok')?.state === 'stopped', 15_000, 'the pause to take effect');
    // Judged by the footage itself, not by how fast this busy machine answers: nothing recorded later than 5 s after the pause.
    const countAfterPause = readIndex<{ n: number; last: number }>(data(), "SELECT count(*) AS n, max(end_ms) AS last FROM segments WHERE camera_id = 'tables-ok'")[0];
    assert.ok((countAfterPause?.last ?? 0) <= pausedAt + 5_000, `last footage ends ${(countAfterPause?.last ?? 0) - pausedAt} ms after the pause`);
    await sleepMs(4_000);
    const stillPaused = readIndex<{ n: number }>(data(), "SELECT count(*) AS n FROM segments WHERE camera_id = 'tables-ok'")[0];
    assert.equal(stillPaused?.n, countAfterPause?.n, 'nothing written during the pause');
    assert.ok((await camera('tables-ok'))?.holds.some((h) => h.code === 'paused'));

    const resume = runCli(['resume', 'tables-ok', '--config', configPath]);
    assert.equal(resume.code, 0, resume.stdout + resume.stderr);
    await premises.waitFor((h) => {
      const c = h.cameras.find((x) => x.id === 'tables-ok');
      return c?.recording === true && Date.parse(c.lastSegmentAt ?? '') > pausedAt + 4_000;
    }, 30_000, 'recording after resume');
    const actions = readIndex<{ action: string }>(data(), "SELECT action FROM audit_log WHERE subject LIKE '%tables-ok%' ORDER BY seq").map((r) => r.action);
    assert.ok(actions.includes('privacy.pause') && actions.includes('privacy.resume'), actions.join(','));
    const stoppedRuns = readIndex<{ end_reason: string }>(data(), "SELECT end_reason FROM runs WHERE camera_id = 'tables-ok' AND end_reason LIKE '%privacy pause%'");
    assert.equal(stoppedRuns.length, 1, 'the pause ended the run with its reason');
  });
});

describe('no business profile, no recording', () => {
  const dir = tempDir();
  let rtsp: RtspServer;
  let premises: PremisesProcess;
  before(async () => {
    rtsp = await RtspServer.start({ s: 'live:320x240@10' });
    const config = await writeConfig(dir.path, [{ id: 'door', rtsp: rtsp.url('s') }], { noBusiness: true });
    premises = PremisesProcess.start(config.path, config.port);
  });
  after(async () => {
    await premises?.kill9();
    await rtsp?.stop();
    dir.remove();
  });

  it('holds every camera until the business and its accountable contact exist', async () => {
    const health = await premises.waitFor((h) => h.cameras.length === 1, 20_000, 'health');
    await sleepMs(3_000);
    const door = (await premises.health()).cameras[0];
    assert.equal(door?.recording, false);
    assert.ok(door?.holds.some((h) => h.code === 'gate:no-business-profile'), JSON.stringify(health));
    assert.equal(readIndex<{ n: number }>(join(dir.path, 'data'), 'SELECT count(*) AS n FROM segments')[0]?.n, 0);
  });
});
