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
 * quarter; `door` masks that quarter, `till` does not.
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
      ],
      { top: ['activity: { interval: 2s }'] },
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
});
