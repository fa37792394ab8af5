import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { createOwner, openBrowser, setupTokenIn, type BrowserFixture } from '../support/browser.js';
import { DashboardClient } from '../support/dashboard-client.js';
import { ffmpegProcessesMentioning, PremisesProcess, REPO_ROOT, runCli, sleepMs, tempDir, writeConfig } from '../support/premises.js';
import { RtspServer } from '../support/rtsp.js';
import { stopAll } from '../support/teardown.js';

/**
 * The live page in a real browser (Debian's chromium): an H.264 camera plays
 * through MediaSource (its video time advances), an H.265 camera gets a
 * sentence instead of a black tile (headless chromium has no HEVC decoder),
 * and a privacy pause replaces the picture with the reason. Any request to
 * another origin fails the test.
 */
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'live');

describe('live page in a real browser', () => {
  const dir = tempDir('premises-live-browser-');
  let rtsp: RtspServer;
  let premises: PremisesProcess;
  let web: BrowserFixture;
  let page: Page;
  let owner: DashboardClient;
  const shot = (name: string) => web.shot(ARTIFACTS, name);

  before(async () => {
    rtsp = await RtspServer.start({ door: 'live:640x360@15', hevc: 'hevc:640x360@15' });
    const config = await writeConfig(dir.path, [
      { id: 'door', rtsp: rtsp.url('door') },
      { id: 'hevc', rtsp: rtsp.url('hevc') },
    ]);
    const origin = `http://127.0.0.1:${config.port}`;
    premises = PremisesProcess.start(config.path, config.port);
    await premises.waitFor((h) => h.cameras.some((c) => c.id === 'door' && c.lastSegmentAt !== null), 30_000, 'door to record');
    owner = await createOwner(origin, setupTokenIn(runCli(['setup-link', '--config', config.path]).stdout), 'owner passphrase 1');
    web = await openBrowser(dir.path, { origin, loggedInAs: owner });
    page = web.page;
    await page.goto(`${origin}/#/live`);
  });

  after(() => stopAll(web, premises, rtsp, dir));

  it('plays an H.264 camera through MediaSource', async () => {
    const door = page.locator('.live-tile[data-camera="door"]');
    await door.and(page.locator('[data-first-frame-ms]')).waitFor({ timeout: 20_000 });
    const time = () => door.locator('video').evaluate((v) => (v as unknown as { currentTime: number }).currentTime);
    const t1 = await time();
    await sleepMs(2_000);
    const t2 = await time();
    assert.ok(t2 - t1 > 1, `the video time advances (${t1} → ${t2})`);
    await shot('01-live');
  });

  it('says an H.265 camera cannot be played in this browser instead of showing a black tile', async () => {
    const hevc = page.locator('.live-tile[data-camera="hevc"]');
    await hevc.getByText(/H\.265 \(HEVC\) video, which this browser cannot play/).waitFor({ timeout: 20_000 });
    assert.equal(await hevc.locator('video').isHidden(), true);
  });

  it('replaces the picture with the pause reason, and plays again after resume', async () => {
    assert.equal((await owner.request('POST', '/api/cameras/door/pause', { reason: 'delivery driver asked' })).status, 200);
    const door = page.locator('.live-tile[data-camera="door"]');
    await door.getByText(/Not shown: .*privacy pause.*delivery driver asked/).waitFor({ timeout: 8_000 });
    await shot('02-paused');
    assert.equal((await owner.request('POST', '/api/cameras/door/resume')).status, 200);
    // The tile looks again every 10 s.
    await door.getByText('Live', { exact: true }).waitFor({ timeout: 20_000 });
    assert.deepEqual(web.foreign, [], 'no request left for another host');
  });

  it('stops cleanly (exit 0, no live ffmpeg left) while the page is watching', async () => {
    assert.equal(ffmpegProcessesMentioning(join(dir.path, 'data', 'tmp', 'live', 'door')).length, 1, 'the page is watching');
    const t0 = Date.now();
    const exit = await premises.stop();
    assert.equal(exit.code, 0);
    assert.ok(Date.now() - t0 < 15_000, `stopped in ${Date.now() - t0} ms`);
    assert.deepEqual(ffmpegProcessesMentioning(join(dir.path, 'data', 'tmp', 'live')), []);
  });
});
