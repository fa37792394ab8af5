import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { openBrowser, sameOriginContext, screenshot, watchConsole, type BrowserFixture } from '../support/browser.js';
import { DashboardClient } from '../support/dashboard-client.js';
import { setupOwner } from '../support/playback.js';
import { PremisesProcess, readIndex, REPO_ROOT, sleepMs, tempDir, writeConfig } from '../support/premises.js';
import { RtspServer } from '../support/rtsp.js';
import { stopAll } from '../support/teardown.js';

/**
 * The region search page in Debian's chromium against a real Premises: a real camera (GStreamer) shows a grey
 * scene where a white square keeps moving in the top left quarter, the daemon records it and indexes its
 * activity. A box drawn with the mouse over the top left finds moments; one over the bottom right says nothing
 * changed; a moment's link opens playback at that time. A viewer without the live right draws on a grid and
 * the page never asks for a picture. Any request to another origin fails the test.
 */
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'find');
const VIEWER_PW = 'viewer passphrase for search';
const pad = (n: number) => String(n).padStart(2, '0');
/** A datetime-local value in this machine's time zone (the browser runs here too). */
const local = (t: number) => {
  const d = new Date(t);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

describe('search page in a real browser', () => {
  const dir = tempDir('premises-find-browser-');
  let rtsp: RtspServer;
  let premises: PremisesProcess;
  let owner: DashboardClient;
  let web: BrowserFixture;
  let page: Page;
  let origin = '';
  const startedAt = Date.now() - 60_000;
  const shot = (p: Page, name: string) => screenshot(p, ARTIFACTS, name);

  before(async () => {
    const clip = join(dir.path, 'moving-square.mp4');
    execFileSync('ffmpeg', [
      '-nostdin', '-loglevel', 'error', '-f', 'lavfi',
      '-i', "color=c=gray:s=640x360:r=15[bg];color=c=white:s=60x60:r=15[sq];[bg][sq]overlay=x='40+80*abs(sin(t))':y='30+40*abs(cos(t))'",
      '-t', '20', '-c:v', 'libx264', '-profile:v', 'baseline', '-preset', 'veryfast', '-g', '15', '-keyint_min', '15', '-sc_threshold', '0', '-pix_fmt', 'yuv420p', clip,
    ]);
    rtsp = await RtspServer.start({ cam: `file:${clip}` });
    const config = await writeConfig(dir.path, [{ id: 'till', rtsp: rtsp.url('cam') }], { top: ['activity: { interval: 2s }'] });
    origin = `http://127.0.0.1:${config.port}`;
    premises = PremisesProcess.start(config.path, config.port);
    owner = await setupOwner(premises, origin);
    // The page is tested, not the indexer's pace: wait until the index has something to find.
    const body = { from: new Date(startedAt).toISOString(), to: new Date(Date.now() + 3_600_000).toISOString(), box: { x: 0, y: 0, width: 0.5, height: 0.5 } };
    let found = 0;
    for (let i = 0; i < 60 && found === 0; i += 1) {
      await sleepMs(1000);
      found = ((await owner.request('POST', '/api/cameras/till/activity/search', body)).body['moments'] as unknown[] | undefined)?.length ?? 0;
    }
    assert.ok(found > 0, 'the index found the moving square');
    web = await openBrowser(dir.path, { origin, loggedInAs: owner });
    page = web.page;
  });

  after(() => stopAll(web, premises, rtsp, dir));

  /** Drag with the mouse from one point to another, given as fractions of the picture. */
  const drag = async (p: Page, a: [number, number], b: [number, number]) => {
    const picture = p.locator('[data-picture="till"]');
    await picture.evaluate((el) => (el as unknown as { scrollIntoView(o: object): void }).scrollIntoView({ block: 'center' }));
    const box = await picture.boundingBox();
    if (!box) throw new Error('the picture is not visible');
    await p.mouse.move(box.x + a[0] * box.width, box.y + a[1] * box.height);
    await p.mouse.down();
    await p.mouse.move(box.x + b[0] * box.width, box.y + b[1] * box.height, { steps: 8 });
    await p.mouse.up();
  };
  const openSearch = async (p: Page) => {
    await p.goto(`${origin}/#/search`);
    await p.getByRole('heading', { name: 'Search', exact: true }).waitFor();
    await p.getByLabel('From (your local time)').fill(local(startedAt));
    await p.getByLabel('To (your local time)').fill(local(Date.now() + 10 * 60_000));
  };

  it('draws a box with the mouse on the live picture: the top left has moments, the bottom right none', async () => {
    await openSearch(page);
    const img = page.locator('[data-picture="till"] img');
    await img.waitFor();
    // The live snapshot (640 wide like the camera), not the grid a user without the live right gets.
    const naturalWidth = () => img.evaluate((i) => (i as unknown as { naturalWidth: number }).naturalWidth);
    const until = Date.now() + 20_000;
    while ((await naturalWidth()) !== 640 && Date.now() < until) await sleepMs(200);
    assert.equal(await naturalWidth(), 640, 'the live snapshot is shown');

    await drag(page, [0.97, 0.97], [0.52, 0.52]);
    // The drawn box reads back as numbers (the keyboard way to give it).
    // The readout follows after the drawing renders (an effect): give it a moment.
    const until2 = Date.now() + 5_000;
    while ((await page.getByLabel('From the left').inputValue()) === '' && Date.now() < until2) await sleepMs(50);
    const left = await page.getByLabel('From the left').inputValue();
    const width = await page.getByLabel('Width').inputValue();
    assert.ok(Math.abs(Number(left) - 52) < 1.5 && Math.abs(Number(width) - 45) < 1.5, `the box reads ${left} from the left, ${width} wide`);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText(/^No change in that area between \d\d:\d\d and \d\d:\d\d/).waitFor({ timeout: 10_000 });
    await shot(page, '01-no-change');

    await drag(page, [0.01, 0.01], [0.5, 0.5]);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('heading', { name: 'Moments found' }).waitFor({ timeout: 10_000 });
    const moments = page.locator('[data-moment]');
    assert.ok((await moments.count()) >= 1, 'at least one moment');
    await shot(page, '02-moments');
    // The API's own search in before() is one entry; the page's two searches are two more, with their boxes.
    const audit = readIndex<{ details: string }>(join(dir.path, 'data'), "SELECT details FROM audit_log WHERE action = 'activity.searched' ORDER BY seq");
    const boxes = audit.slice(-2).map((a) => (JSON.parse(a.details) as { box: { x: number } }).box.x);
    assert.ok(Math.abs((boxes[0] ?? 0) - 0.52) < 0.015 && (boxes[1] ?? 1) < 0.02, `the page's searches are audited with their boxes: ${JSON.stringify(boxes)}`);
  });

  it('a box typed as numbers searches the same way', async () => {
    for (const [label, value] of [['From the left', '0'], ['From the top', '0'], ['Width', '50'], ['Height', '50']] as const) await page.getByLabel(label).fill(value);
    await page.getByRole('button', { name: 'Use these numbers' }).click();
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('heading', { name: 'Moments found' }).waitFor({ timeout: 10_000 });
    for (const [label, value] of [['Width', '150']] as const) await page.getByLabel(label).fill(value);
    await page.getByRole('button', { name: 'Use these numbers' }).click();
    await page.getByText('Width must be a number from 0 to 100 (percent of the picture)').waitFor();
  });

  it('the play link opens playback of that camera at that moment', async () => {
    const first = page.locator('[data-moment]').first();
    const momentMs = Date.parse((await first.getAttribute('data-moment')) as string);
    await first.getByRole('link').click();
    await page.getByRole('heading', { name: 'Playback', exact: true }).waitFor();
    const dialog = page.getByRole('dialog', { name: /Why are you viewing/ });
    await dialog.getByLabel('Reason').selectOption('incident');
    await dialog.getByRole('button', { name: 'Start viewing' }).click();
    const video = page.locator('video[data-playback]');
    await video.waitFor({ timeout: 15_000 });
    const wall = () => video.evaluate((v) => Number((v as unknown as { dataset: Record<string, string> }).dataset['wallMs'] ?? 0));
    const deadline = Date.now() + 15_000;
    let shown = await wall();
    while (shown === 0 && Date.now() < deadline) {
      await sleepMs(100);
      shown = await wall();
    }
    // It starts where the moment starts (within the segment's first frames), not at the day's start or the latest recording.
    assert.ok(Math.abs(shown - momentMs) < 5_000, `playback shows ${new Date(shown).toISOString()} for a moment at ${new Date(momentMs).toISOString()}`);
    await shot(page, '03-playback');
    assert.deepEqual(web.foreign, [], 'no request left for another host');
    assert.deepEqual(web.consoleErrors, [], 'no console error');
  });

  it('the timeline page shows activity bars where the moving square was recorded, and a click opens playback there', async () => {
    await page.goto(`${origin}/#/timeline`);
    await page.getByRole('heading', { name: 'Timeline', exact: true }).waitFor();
    const track = page.locator('[data-track="till"]');
    const bars = track.locator('.tl-bar');
    await bars.first().waitFor({ timeout: 10_000 });
    const starts = await bars.evaluateAll((els) => els.map((e) => (e as unknown as { dataset: Record<string, string> }).dataset['start'] ?? ''));
    // Five-minute bars: every one lies within the recorded time (the camera records only since this test began).
    for (const start of starts) {
      const t = Date.parse(start);
      assert.ok(t > startedAt - 5 * 60_000 && t <= Date.now(), `a bar at ${start} lies within the recording`);
    }
    const recorded = track.locator('.tl-recorded');
    assert.ok((await recorded.count()) >= 1, 'the recorded range is drawn');
    // A bar sits over the recorded range, not beside it.
    const bar = await bars.last().boundingBox();
    const range = await recorded.last().boundingBox();
    assert.ok(bar && range && bar.x + bar.width >= range.x - 1 && bar.x <= range.x + range.width + 1, `bar ${JSON.stringify(bar)} over recorded ${JSON.stringify(range)}`);
    await shot(page, '05-timeline');
    // Click inside the recorded range: playback of that camera opens at that time.
    await page.mouse.click(range.x + range.width / 2, range.y + range.height / 2);
    await page.getByRole('heading', { name: 'Playback', exact: true }).waitFor();
    const at = Date.parse(new URL(page.url().replace('#/', '')).searchParams.get('at') ?? '');
    assert.match(page.url(), /camera=till/);
    // A pixel of a day is over a minute: a click on (or just beside) the short recording opens inside it.
    assert.ok(at >= startedAt && at <= Date.now(), `playback opens at ${new Date(at).toISOString()}, within the recording`);
    const video = page.locator('video[data-playback]');
    await video.waitFor({ timeout: 15_000 });
    assert.deepEqual(web.foreign, [], 'no request left for another host');
    assert.deepEqual(web.consoleErrors, [], 'no console error');
  });

  it('a viewer without the live right draws on a grid: no picture is fetched', async () => {
    const created = await owner.request('POST', '/api/users', { username: 'viewer', password: VIEWER_PW, role: 'viewer', cameras: { till: { live: false, playback: true } } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const viewer = new DashboardClient(origin);
    await viewer.session();
    assert.equal((await viewer.login('viewer', VIEWER_PW)).status, 200);
    const viewerContext = await sameOriginContext(web.browser, origin, web.foreign);
    await viewerContext.addCookies([{ name: 'premises_session', value: viewer.cookies.get('premises_session') as string, url: origin }]);
    const p = await viewerContext.newPage();
    watchConsole(p, web.consoleErrors);
    const pictures: string[] = [];
    p.on('request', (r) => {
      if (/snapshot|\/segments\/|\.mp4|\.jpg/.test(r.url())) pictures.push(r.url());
    });
    await openSearch(p);
    await p.locator('[data-picture="till"].find-grid').waitFor();
    assert.equal(await p.locator('[data-picture="till"] img').count(), 0);
    await drag(p, [0.02, 0.02], [0.48, 0.48]);
    await p.getByRole('button', { name: 'Search', exact: true }).click();
    await p.getByRole('heading', { name: 'Moments found' }).waitFor({ timeout: 10_000 });
    await shot(p, '04-viewer-grid');
    assert.deepEqual(pictures, [], 'no picture of the camera was asked for');
    assert.deepEqual(web.foreign, [], 'no request left for another host');
    assert.deepEqual(web.consoleErrors, [], 'no console error');
    await viewerContext.close();
  });
});
