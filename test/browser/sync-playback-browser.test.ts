import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { openDb } from '../../src/db/open.js';
import { claimRecordings } from '../../src/segments/ownership.js';
import { DataLayout } from '../../src/shared/data-layout.js';
import { openBrowser, type BrowserFixture } from '../support/browser.js';
import type { DashboardClient } from '../support/dashboard-client.js';
import { addRecordedRun, FPS } from '../support/footage.js';
import { setupOwner } from '../support/playback.js';
import { PremisesProcess, readIndex, REPO_ROOT, sleepMs, tempDir, writeConfig } from '../support/premises.js';

/**
 * Two cameras played together on the Timeline page, in Debian's chromium against a real Premises. Each camera's
 * recorded picture shows the time it was recorded as a row of black/white blocks (deciseconds since BASE, in
 * binary, under a fixed 1010… marker), so the test reads the time each player shows from its pixels (a canvas)
 * without OCR. The two cameras' segments have different lengths and boundaries, and one has a 6 s gap: the
 * players must show the same moment after a seek, say "no recording" in the gap, and show the same moment again
 * once its footage resumes while playing. Viewing goes through the playback sessions (one per camera, audited).
 */
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'sync-playback');
const BASE = Date.now() - 180_000;
const BITS = 16;
const COLUMN = 20;
/** deciseconds since BASE at the frame's time, with OFF the run's start in seconds after BASE. */
const clockPicture = (off: number) => {
  const n = `floor((${off}+T)*10+0.001)`;
  const bit = `mod(floor(${n}/pow(2,floor(X/${COLUMN}))),2)`;
  const marker = `mod(floor(X/${COLUMN})+1,2)`;
  return `color=c=black:s=${BITS * COLUMN}x180:r=${FPS},format=yuv420p,geq=lum='if(if(lt(Y,40),${marker},${bit}),235,16)':cb=128:cr=128`;
};

/** Runs in the page: the time each video shows, read from its blocks; null where the marker is not there. */
const READ_TIMES = `(() => {
  const out = {};
  for (const v of document.querySelectorAll('video[data-sync-camera]')) {
    const c = document.createElement('canvas');
    c.width = ${BITS * COLUMN}; c.height = 180;
    const g = c.getContext('2d', { willReadFrequently: true });
    g.drawImage(v, 0, 0, c.width, c.height);
    const on = (x, y) => g.getImageData(x, y, 1, 1).data[0] > 128;
    let ok = v.readyState >= 2;
    for (let b = 0; b < ${BITS}; b += 1) if (on(b * ${COLUMN} + ${COLUMN / 2}, 20) !== (b % 2 === 0)) ok = false;
    let n = 0;
    for (let b = 0; b < ${BITS}; b += 1) if (on(b * ${COLUMN} + ${COLUMN / 2}, 110)) n += 2 ** b;
    out[v.dataset.syncCamera] = ok ? ${BASE} + n * 100 + 50 : null;
  }
  return out;
})()`;

describe('cameras played together on the timeline', () => {
  const dir = tempDir('premises-sync-browser-');
  let premises: PremisesProcess;
  let owner: DashboardClient;
  let web: BrowserFixture;
  let origin = '';
  const dataDir = join(dir.path, 'data');
  const shot = (name: string) => web.shot(ARTIFACTS, name);

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const layout = new DataLayout(dataDir);
    mkdirSync(layout.recordingsRoot, { recursive: true });
    const db = openDb(layout.indexPath);
    claimRecordings(layout, db);
    // door: one run of 30 s in segments of about 2.4 s; till: 1.3 s later, segments of about 3.2 s, then 6 s of nothing.
    addRecordedRun(db, layout, 'door', { startMs: BASE, seconds: 30, segmentSeconds: 2, source: clockPicture(0) });
    addRecordedRun(db, layout, 'till', { startMs: BASE + 1300, seconds: 9, segmentSeconds: 3, source: clockPicture(1.3) });
    addRecordedRun(db, layout, 'till', { startMs: BASE + 16_000, seconds: 14, segmentSeconds: 3, source: clockPicture(16) });
    db.close();
    const config = await writeConfig(
      dir.path,
      ['door', 'till'].map((id) => ({ id, rtsp: `rtsp://127.0.0.1:9/${id}`, extra: ['    enabled: false'] })),
      { top: ['activity: { enabled: false }'] },
    );
    origin = `http://127.0.0.1:${config.port}`;
    premises = PremisesProcess.start(config.path, config.port);
    owner = await setupOwner(premises, origin);
    web = await openBrowser(dir.path, { origin, loggedInAs: owner });
  });

  after(async () => {
    await web?.close();
    await premises?.stop();
    dir.remove();
  });

  const page = (): Page => web.page;
  const playhead = async () => Number(await page().locator('[data-sync-clock]').getAttribute('data-sync-clock'));
  const tileState = (camera: string) => page().locator(`[data-sync-tile="${camera}"]`).getAttribute('data-state');
  const readTimes = () => page().evaluate<Record<string, number | null>>(READ_TIMES);
  /** Both players showing a picture, settled after a seek (paused). */
  const settled = async (cameras: string[]) => {
    const until = Date.now() + 15_000;
    for (;;) {
      const states = await Promise.all(cameras.map(tileState));
      const busy = await page().evaluate(`[...document.querySelectorAll('video[data-sync-camera]')].some((v) => !v.hidden && (v.seeking || v.readyState < 2))`);
      if (states.every((s) => s === 'play') && !busy) {
        const times = await readTimes();
        if (cameras.every((c) => typeof times[c] === 'number')) return times;
      }
      if (Date.now() > until) throw new Error(`players did not settle at ${(await playhead()) - BASE} ms after BASE: ${JSON.stringify(states)}`);
      await sleepMs(100);
    }
  };
  /** Click the playhead bar at wall time t. */
  const scrubTo = async (t: number) => {
    const bar = page().locator('[data-sync-scrub]');
    await bar.scrollIntoViewIfNeeded();
    const [min, max] = [Number(await bar.getAttribute('aria-valuemin')), Number(await bar.getAttribute('aria-valuemax'))];
    const box = await bar.boundingBox();
    if (!box) throw new Error('the playhead bar is not visible');
    await page().mouse.click(box.x + ((t - min) / (max - min)) * box.width, box.y + box.height / 2);
  };

  it('ticks two cameras, asks the reason once and opens one session per camera', async () => {
    await page().goto(`${origin}/#/timeline`);
    await page().getByRole('heading', { name: 'Timeline', exact: true }).waitFor();
    await page().getByLabel('Play door together with other cameras').check();
    await page().getByLabel('Play till together with other cameras').check();
    await page().getByRole('button', { name: 'Play 2 cameras together' }).click();
    const dialog = page().getByRole('dialog', { name: /Why are you viewing/ });
    await dialog.getByLabel('Reason').selectOption('incident');
    await dialog.getByLabel('Details').fill('till short on Friday');
    await dialog.getByRole('button', { name: 'Start viewing' }).click();
    await page().locator('[data-sync]').waitFor();
    assert.equal(await page().locator('video[data-sync-camera]').count(), 2);
  });

  it('after a seek both players show the same moment as the playhead', async () => {
    await scrubTo(BASE + 5_000);
    const times = await settled(['door', 'till']);
    const head = await playhead();
    assert.ok(Math.abs(head - (BASE + 5_000)) < 2_000, `the playhead went where the bar was clicked (${head - BASE} ms after BASE)`);
    const [door, till] = [times['door'] as number, times['till'] as number];
    assert.ok(Math.abs(door - till) < 500, `door shows ${door - BASE} ms, till ${till - BASE} ms after BASE`);
    assert.ok(Math.abs(door - head) < 500, `door shows ${door - BASE} ms, the playhead says ${head - BASE} ms`);
    await shot('01-seeked');
    // The reason was asked once: one viewing session per camera, audited with it.
    const started = readIndex<{ subject: string; details: string }>(dataDir, "SELECT subject, details FROM audit_log WHERE action = 'playback.started' ORDER BY seq");
    assert.deepEqual(started.map((e) => e.subject).sort(), ['camera:door', 'camera:till']);
    for (const e of started) assert.equal((JSON.parse(e.details) as { reasonText: string }).reasonText, 'till short on Friday');
  });

  it('the keyboard moves the playhead: a camera in its gap says "no recording", the other keeps its picture', async () => {
    await page().locator('[data-sync]').focus();
    const before = await playhead();
    await page().keyboard.press('ArrowRight');
    await page().keyboard.press('ArrowRight');
    const until = Date.now() + 5_000;
    while ((await playhead()) - before < 9_000 && Date.now() < until) await sleepMs(50);
    assert.equal(Math.round(((await playhead()) - before) / 1000), 10, 'two presses of → move 10 s');
    const tillGap = page().locator('[data-sync-tile="till"] [data-no-recording]');
    await tillGap.waitFor();
    assert.match((await tillGap.textContent()) ?? '', /No recording — resumes at \d\d:\d\d:\d\d/);
    const times = await settled(['door']);
    assert.ok(Math.abs((times['door'] as number) - (await playhead())) < 500, 'door shows the playhead time');
    await shot('02-gap');
  });

  it('playing on, the camera joins in when its footage resumes, in step with the other; speed and pause apply to both', async () => {
    await page().getByLabel('Speed').selectOption('2');
    await page().locator('[data-sync]').focus();
    await page().keyboard.press('Space');
    const until = Date.now() + 20_000;
    while ((await playhead()) < BASE + 19_500 && Date.now() < until) await sleepMs(100);
    assert.ok((await playhead()) >= BASE + 19_500, 'the playhead played past the end of the gap');
    // While playing: both pictures read in the same task of the page.
    let agreed: Record<string, number | null> = {};
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const states = [await tileState('door'), await tileState('till')];
      const t = await readTimes();
      if (states.every((s) => s === 'play') && typeof t['door'] === 'number' && typeof t['till'] === 'number') {
        agreed = t;
        break;
      }
      await sleepMs(100);
    }
    assert.ok(typeof agreed['till'] === 'number', 'till shows footage again after its gap');
    assert.ok(Math.abs((agreed['door'] as number) - (agreed['till'])) < 500, `while playing, door shows ${(agreed['door'] as number) - BASE} ms and till ${(agreed['till']) - BASE} ms after BASE`);
    const rates = await page().evaluate(`[...document.querySelectorAll('video[data-sync-camera]')].map((v) => v.playbackRate)`);
    assert.deepEqual(rates, [2, 2], 'the speed applies to every player');
    await page().locator('[data-sync]').focus();
    await page().keyboard.press('Space');
    const paused = await playhead();
    await sleepMs(800);
    assert.equal(await playhead(), paused, 'Space paused the playhead');
    const times = await settled(['door', 'till']);
    assert.ok(Math.abs((times['door'] as number) - (times['till'] as number)) < 500 && Math.abs((times['door'] as number) - paused) < 500, 'paused, both show the playhead time');
    await shot('03-resumed');
  });

  it('a tap on the playhead bar of a phone seeks both cameras', async () => {
    const phone = await web.browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    try {
      await phone.addCookies([...owner.cookies].map(([name, value]) => ({ name, value, url: origin })));
      const foreign: string[] = [];
      await phone.route('**/*', async (route) => {
        if (new URL(route.request().url()).origin !== origin) {
          foreign.push(route.request().url());
          await route.abort();
        } else await route.continue();
      });
      const p = await phone.newPage();
      await p.goto(`${origin}/#/timeline`);
      await p.getByLabel('Play door together with other cameras').check();
      await p.getByLabel('Play till together with other cameras').check();
      await p.getByRole('button', { name: 'Play 2 cameras together' }).click();
      const dialog = p.getByRole('dialog', { name: /Why are you viewing/ });
      await dialog.getByLabel('Reason').selectOption('incident');
      await dialog.getByRole('button', { name: 'Start viewing' }).click();
      const bar = p.locator('[data-sync-scrub]');
      await bar.scrollIntoViewIfNeeded();
      const [min, max] = [Number(await bar.getAttribute('aria-valuemin')), Number(await bar.getAttribute('aria-valuemax'))];
      const box = await bar.boundingBox();
      if (!box) throw new Error('the playhead bar is not visible');
      const target = BASE + 20_000;
      await p.touchscreen.tap(box.x + ((target - min) / (max - min)) * box.width, box.y + box.height / 2);
      const head = () => p.locator('[data-sync-clock]').getAttribute('data-sync-clock').then(Number);
      const until = Date.now() + 5_000;
      while (Math.abs((await head()) - target) > 5_000 && Date.now() < until) await sleepMs(50);
      // A phone's bar is ~370 px for 10 minutes: a tap lands within a few seconds of the aim.
      assert.ok(Math.abs((await head()) - target) < 5_000, `the tap moved the playhead to ${(await head()) - BASE} ms after BASE`);
      await p.locator('[data-sync-tile="till"][data-state="play"]').waitFor({ timeout: 15_000 });
      await p.screenshot({ path: join(ARTIFACTS, '04-phone.png'), fullPage: true });
      assert.deepEqual(foreign, []);
    } finally {
      await phone.close();
    }
  });

  it('nothing was fetched from another origin and the page logged no error', () => {
    assert.deepEqual(web.foreign, []);
    assert.deepEqual(web.consoleErrors, []);
  });
});
