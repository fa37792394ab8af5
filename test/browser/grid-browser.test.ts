import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { openBrowser, type BrowserFixture } from '../support/browser.js';
import { setupOwner } from '../support/playback.js';
import { PremisesProcess, REPO_ROOT, sleepMs, tempDir, writeConfig } from '../support/premises.js';
import { RtspServer } from '../support/rtsp.js';
import { stopAll } from '../support/teardown.js';

/**
 * The Grid page in Debian's chromium against a real Premises with two GStreamer cameras: in the 4-tile layout
 * both tiles show moving pictures (the video time advances); tiles scrolled out of view stop streaming and
 * start again when scrolled back; a click enlarges one tile and closes the other's stream. Any request to another
 * origin fails the test.
 */
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'grid');

describe('grid page in a real browser', () => {
  const dir = tempDir('premises-grid-browser-');
  let rtsp: RtspServer;
  let premises: PremisesProcess;
  let web: BrowserFixture;
  let page: Page;
  /** Live sockets open per camera, as the browser sees them. */
  const sockets = new Map<string, number>();
  const shot = (name: string) => web.shot(ARTIFACTS, name);
  const tile = (id: string) => page.locator(`.grid-tile[data-camera="${id}"]`);
  const videoSize = (t: Locator) => t.locator('video').evaluate((v) => [(v as unknown as { videoWidth: number }).videoWidth, (v as unknown as { videoHeight: number }).videoHeight]);
  const videoTime = (t: Locator) => t.locator('video').evaluate((v) => (v as unknown as { currentTime: number }).currentTime);
  const advances = async (t: Locator) => {
    const t1 = await videoTime(t);
    await sleepMs(2_000);
    const t2 = await videoTime(t);
    return { t1, t2, moved: t2 - t1 > 1 };
  };

  before(async () => {
    rtsp = await RtspServer.start({ door: 'live:640x360@15', doorSub: 'live:320x180@15', till: 'live:640x360@15' });
    const config = await writeConfig(dir.path, [
      { id: 'door', rtsp: rtsp.url('door'), extra: [`    subRtsp: ${rtsp.url('doorSub')}`] },
      { id: 'till', rtsp: rtsp.url('till') },
    ]);
    const origin = `http://127.0.0.1:${config.port}`;
    premises = PremisesProcess.start(config.path, config.port);
    const owner = await setupOwner(premises, origin);
    await premises.waitFor((h) => h.cameras.every((c) => c.lastSegmentAt !== null), 30_000, 'both cameras to record');
    web = await openBrowser(dir.path, { origin, loggedInAs: owner });
    page = web.page;
    page.on('websocket', (ws) => {
      const id = /\/api\/cameras\/([^/]+)\/live/.exec(ws.url())?.[1] ?? '?';
      sockets.set(id, (sockets.get(id) ?? 0) + 1);
      ws.on('close', () => sockets.set(id, (sockets.get(id) ?? 0) - 1));
    });
    await page.goto(`${origin}/#/grid`);
  });

  after(() => stopAll(web, premises, rtsp, dir));

  it('shows both cameras moving in the 4-tile layout', async () => {
    await page.getByRole('button', { name: '4', exact: true }).click();
    assert.equal(await page.getByRole('button', { name: '4', exact: true }).getAttribute('aria-pressed'), 'true');
    for (const id of ['door', 'till']) await tile(id).and(page.locator('[data-first-frame-ms]')).waitFor({ timeout: 20_000 });
    const [door, till] = await Promise.all([advances(tile('door')), advances(tile('till'))]);
    assert.ok(door.moved, `door's video time advances (${door.t1} → ${door.t2})`);
    assert.ok(till.moved, `till's video time advances (${till.t1} → ${till.t2})`);
    // door has a sub stream: its tile plays that (320 × 180); till has none: its tile plays the main stream.
    assert.equal(await tile('door').getAttribute('data-stream'), 'sub');
    assert.equal(await tile('till').getAttribute('data-stream'), 'main');
    assert.deepEqual(await videoSize(tile('door')), [320, 180]);
    assert.deepEqual(await videoSize(tile('till')), [640, 360]);
    const boxes = await Promise.all([tile('door').boundingBox(), tile('till').boundingBox()]);
    assert.ok(boxes[0] && boxes[1] && Math.abs(boxes[0].y - boxes[1].y) < 2 && boxes[1].x > boxes[0].x, 'two tiles side by side');
    await shot('01-grid-4');
  });

  it('stops the streams of tiles scrolled out of view and starts them again when they come back', async () => {
    await page.evaluate(() => {
      const d = (globalThis as unknown as { document: { createElement(t: string): { id: string; style: { height: string } }; body: { append(e: unknown): void } } }).document;
      const spacer = d.createElement('div');
      spacer.id = 'test-spacer';
      spacer.style.height = '4000px';
      d.body.append(spacer);
      (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 4000);
    });
    for (const id of ['door', 'till']) await page.locator(`.grid-tile[data-camera="${id}"][data-streaming="no"]`).waitFor({ timeout: 5_000 });
    const until = Date.now() + 5_000;
    while ((sockets.get('door') !== 0 || sockets.get('till') !== 0) && Date.now() < until) await sleepMs(100);
    assert.deepEqual(Object.fromEntries(sockets), { door: 0, till: 0 }, 'no live socket is open for a tile out of view');
    const stalled = await advances(tile('door'));
    assert.ok(!stalled.moved, `off screen the picture does not advance (${stalled.t1} → ${stalled.t2})`);
    await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
    for (const id of ['door', 'till']) await page.locator(`.grid-tile[data-camera="${id}"][data-streaming="yes"]`).waitFor({ timeout: 5_000 });
    await sleepMs(3_000);
    const back = await advances(tile('door'));
    assert.ok(back.moved, `back on screen it moves again (${back.t1} → ${back.t2})`);
  });

  it('enlarges a tile on click; the other tile closes its stream; back to the grid', async () => {
    await page.getByRole('button', { name: 'Enlarge till' }).click();
    await tile('door').waitFor({ state: 'detached' });
    const until = Date.now() + 5_000;
    while (sockets.get('door') !== 0 && Date.now() < until) await sleepMs(100);
    assert.equal(sockets.get('door'), 0, 'the tile no longer shown closed its socket');
    assert.equal(sockets.get('till'), 1, 'the enlarged tile keeps its one socket');
    const big = await tile('till').boundingBox();
    assert.ok(big && big.width > 900, `the enlarged tile is wide (${big?.width})`);
    assert.ok((await advances(tile('till'))).moved, 'the enlarged tile keeps playing');
    await shot('02-enlarged');
    await page.getByRole('button', { name: 'Back to the grid' }).click();
    await tile('door').waitFor();
    // Enlarged, door plays its main stream; back in the grid, its sub stream again.
    await page.getByRole('button', { name: 'Enlarge door' }).click();
    await page.locator('.grid-tile[data-camera="door"][data-stream="main"]').waitFor({ timeout: 5_000 });
    const untilMain = Date.now() + 20_000;
    while ((await videoSize(tile('door')))[0] !== 640 && Date.now() < untilMain) await sleepMs(200);
    assert.deepEqual(await videoSize(tile('door')), [640, 360], 'the enlarged camera shows its main stream');
    await page.getByRole('button', { name: 'Back to the grid' }).click();
    await page.locator('.grid-tile[data-camera="door"][data-stream="sub"]').waitFor({ timeout: 5_000 });
    assert.deepEqual(web.foreign, [], 'no request left for another host');
    assert.deepEqual(web.consoleErrors, [], 'no console error');
  });
});
