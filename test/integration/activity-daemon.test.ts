import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DashboardClient } from '../support/dashboard-client.js';
import { setupOwner } from '../support/playback.js';
import { PremisesProcess, readIndex, sleepMs, tempDir, writeConfig } from '../support/premises.js';
import { RtspServer } from '../support/rtsp.js';

/**
 * The activity index inside a running Premises: real GStreamer camera, real recorder, the indexer in the
 * background, the API's search. The camera shows a grey scene where a white square keeps moving in the top left
 * quarter; `door` masks that quarter, `till` does not, `side` masks the bottom right quarter where nothing moves.
 * Premises burns both masks in (re-encodes). Segments of 4 s, so a keyframe per segment (what masked cameras
 * used to get) and a keyframe per second are told apart.
 */
const TOP_LEFT = { x: 0, y: 0, width: 0.5, height: 0.5 };
const BOTTOM_RIGHT = { x: 0.5, y: 0.5, width: 0.5, height: 0.5 };

describe('activity index in the daemon', () => {
  const dir = tempDir('premises-activity-daemon-');
  let rtsp: RtspServer;
  let premises: PremisesProcess;
  let owner: DashboardClient;
  let startedAt = '';

  before(async () => {
    const clip = join(dir.path, 'moving-square.mp4');
    execFileSync('ffmpeg', [
      '-nostdin', '-loglevel', 'error', '-f', 'lavfi',
      '-i', "color=c=gray:s=640x360:r=15[bg];color=c=white:s=60x60:r=15[sq];[bg][sq]overlay=x='40+80*abs(sin(t))':y='30+40*abs(cos(t))'",
      '-t', '20', '-c:v', 'libx264', '-profile:v', 'baseline', '-preset', 'veryfast', '-g', '15', '-keyint_min', '15', '-sc_threshold', '0', '-pix_fmt', 'yuv420p', clip,
    ]);
    rtsp = await RtspServer.start({ cam: `file:${clip}` });
    const config = await writeConfig(
      dir.path,
      [
        { id: 'till', rtsp: rtsp.url('cam') },
        { id: 'door', rtsp: rtsp.url('cam'), extra: ['    masks:', '      - polygon: [[0, 0], [0.5, 0], [0.5, 0.5], [0, 0.5]]'] },
        { id: 'side', rtsp: rtsp.url('cam'), extra: ['    masks:', '      - polygon: [[0.5, 0.5], [1, 0.5], [1, 1], [0.5, 1]]'] },
      ],
      { segment: '4s', top: ['activity: { interval: 2s }'] },
    );
    startedAt = new Date(Date.now() - 60_000).toISOString();
    premises = PremisesProcess.start(config.path, config.port);
    owner = await setupOwner(premises, `http://127.0.0.1:${config.port}`);
  });
  after(async () => {
    await premises?.stop();
    await rtsp?.stop();
    dir.remove();
  });

  const search = async (camera: string, box: typeof TOP_LEFT) => {
    const reply = await owner.request('POST', `/api/cameras/${camera}/activity/search`, { from: startedAt, to: new Date(Date.now() + 60_000).toISOString(), box });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    return reply.body['moments'] as { from: string; to: string }[];
  };

  it('finds the moving square on the camera that sees it, audited, and nothing under the mask', async () => {
    const dataDir = join(dir.path, 'data');
    const analysedDoor = () => readIndex<{ n: number }>(dataDir, "SELECT COUNT(*) AS n FROM activity WHERE camera_id = 'door' AND error IS NULL AND samples > 0")[0]?.n ?? 0;
    let moments: { from: string; to: string }[] = [];
    for (let i = 0; i < 60 && (moments.length === 0 || analysedDoor() < 3); i += 1) {
      await sleepMs(1000);
      moments = await search('till', TOP_LEFT);
    }
    assert.ok(moments.length > 0, 'the square moving in the top left is found');
    assert.ok(analysedDoor() >= 3, 'the masked camera is analysed as well');
    assert.deepEqual(await search('till', BOTTOM_RIGHT), [], 'nothing moved in the bottom right');
    assert.deepEqual(await search('door', TOP_LEFT), [], 'the masked quarter never counts');
    const audit = readIndex<{ subject: string }>(dataDir, "SELECT subject FROM audit_log WHERE action = 'activity.searched' ORDER BY seq");
    assert.deepEqual([...new Set(audit.map((a) => a.subject))].sort(), ['camera:door', 'camera:till']);
    const bars = await owner.request('GET', `/api/cameras/till/activity?from=${encodeURIComponent(startedAt)}&to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}&bucket=10`);
    assert.equal(bars.status, 200);
    assert.ok((bars.body['buckets'] as unknown[]).length > 0, 'the timeline gets bars');
  });

  it('gives a camera Premises masks itself a sample about every second', async () => {
    const dataDir = join(dir.path, 'data');
    type Row = { samples: number; changed: number; ms: number };
    const rows = () =>
      readIndex<Row>(
        dataDir,
        "SELECT a.samples, a.changed, s.end_ms - s.start_ms AS ms FROM activity a JOIN segments s ON s.id = a.segment_id WHERE a.camera_id = 'side' AND a.error IS NULL AND a.thinned = 0 AND a.samples > 0",
      );
    for (let i = 0; i < 60 && rows().length < 3; i += 1) await sleepMs(1000);
    const analysed = rows();
    assert.ok(analysed.length >= 3, `segments of the masked camera analysed: ${analysed.length}`);
    const samples = analysed.reduce((n, r) => n + r.samples, 0);
    const seconds = analysed.reduce((n, r) => n + r.ms, 0) / 1000;
    // A keyframe every second (the mask encode forces one), not one per 4 s segment.
    assert.ok(samples / seconds >= 0.75 && samples / seconds <= 1.25, `${samples} samples in ${seconds.toFixed(1)} s of masked footage`);
    // The square keeps moving outside the mask: most of those samples show it.
    const changed = analysed.reduce((n, r) => n + r.changed, 0);
    assert.ok(changed >= 0.5 * samples, `${changed} of ${samples} samples with change`);
    const found = await search('side', TOP_LEFT);
    assert.ok(found.length > 0, 'the square is found on the masked camera, outside its mask');
    assert.deepEqual(await search('side', BOTTOM_RIGHT), [], 'and nothing under it');
  });
});
