import type { Page } from 'playwright-core';
import { DashboardClient } from './dashboard-client.js';
import { sleepMs, type PremisesProcess } from './premises.js';

/**
 * Helpers for tests of recorded-footage playback: an owner set up through the
 * printed link, a raw HTTP GET that does not normalise the path (as fetch
 * does), and the browser steps of the playback page for end-to-end tests.
 */
export async function setupOwner(premises: PremisesProcess, origin: string, password = 'owner passphrase for playback'): Promise<DashboardClient> {
  const token = (await premises.waitForOutput(/Create it within one hour at: \S+token=([A-Za-z0-9_-]+)/, 30_000))[1] as string;
  const owner = new DashboardClient(origin);
  await owner.session();
  const done = await owner.request('POST', '/api/setup', { token, username: 'owner', password, businessConfirmed: true });
  if (done.status !== 201) throw new Error(`setup failed: ${done.status} ${JSON.stringify(done.body)}`);
  const login = await owner.login('owner', password);
  if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
  return owner;
}

export function cookieOf(client: DashboardClient): string {
  return [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}

/** GET with the path sent byte for byte (no `..` folding), over node:http. */
export async function rawGet(origin: string, path: string, cookie = ''): Promise<{ status: number; body: Buffer; headers: Record<string, string | string[] | undefined> }> {
  const { request } = await import('node:http');
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method: 'GET', path, headers: { host: url.host, cookie } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export interface PlaybackResult {
  /** video.currentTime when play began and after it ran. */
  startedAt: number;
  advancedTo: number;
  /** The wall-clock time (UTC ms) of the picture when play began and at the end of the wait. */
  wallStartMs: number;
  wallMs: number;
  /** From the click (or the reason dialog's submit) until the picture's time moved on from the seek (frames shown), polled every 50 ms: "playback start". */
  playingAfterMs: number;
  /** The wall-clock time the page shows. */
  shownTime: string;
}

/**
 * In a logged-in page: open the playback page for `cameraId`, press "Latest
 * recording" (a 5-minute view, and it plays: give the reason if asked,
 * remembered for the tab), click its recorded range `secondsBeforeEnd`
 * before the end (the same viewing session), and wait until the video's
 * currentTime advances. For the lead's end-to-end test:
 * `await playbackInBrowser(page, 'door')`.
 */
export async function playbackInBrowser(page: Page, cameraId: string, options: { secondsBeforeEnd?: number; reason?: string; reasonText?: string } = {}): Promise<PlaybackResult> {
  await page.goto(new URL(`#/playback?camera=${encodeURIComponent(cameraId)}`, page.url()).href);
  await page.getByRole('heading', { name: 'Playback', exact: true }).waitFor();
  const timeline = page.locator(`[data-timeline="${cameraId}"]`);
  await timeline.waitFor();
  await page.getByRole('button', { name: 'Latest recording' }).click();
  // The page redraws the timelines for the 5-minute view: wait for that view before measuring.
  const span = async () => Number(await timeline.getAttribute('aria-valuemax')) - Number(await timeline.getAttribute('aria-valuemin'));
  const until = Date.now() + 10_000;
  while ((await span()) !== 300_000 && Date.now() < until) await sleepMs(50);
  if ((await span()) !== 300_000) throw new Error('the timeline did not zoom to the latest recording');
  const dialog = page.getByRole('dialog', { name: /Why are you viewing/ });
  const video = page.locator('video[data-playback]');
  // "Latest recording" also plays it: the reason is asked then (first viewing in this tab), or the footage starts.
  const askedByLatest = await Promise.race([
    dialog.waitFor({ timeout: 10_000 }).then(() => true, () => false),
    video.waitFor({ timeout: 10_000 }).then(() => false, () => false),
  ]);
  if (askedByLatest) {
    await dialog.getByLabel('Reason').selectOption(options.reason ?? 'incident');
    if (options.reasonText) await dialog.getByLabel('Details').fill(options.reasonText);
    await dialog.getByRole('button', { name: 'Start viewing' }).click();
  }
  await video.waitFor();
  // Hold the latest recording still, so what follows measures the click below, not this playback.
  const read = () => video.evaluate((v) => ({ t: (v as unknown as { currentTime: number }).currentTime, wall: Number((v as unknown as { dataset: Record<string, string> }).dataset['wallMs'] ?? 0) }));
  await video.evaluate((v) => (v as unknown as { pause(): void }).pause());
  const heldWall = (await read()).wall;
  const range = timeline.locator('.recorded').last();
  await range.waitFor({ timeout: 15_000 });
  const box = await range.boundingBox();
  const track = await timeline.boundingBox();
  if (!box || !track) throw new Error('the recorded range is not visible');
  // The view spans 5 minutes: seconds to pixels.
  const px = (track.width / 300) * (options.secondsBeforeEnd ?? 4);
  const x = Math.max(box.x + 1, box.x + box.width - px);
  await page.mouse.click(x, box.y + box.height / 2);
  let clickedAt = Date.now();
  // Either the reason is asked (first viewing in this tab) or the footage starts: watch for both,
  // so the time to the first picture is not padded by waiting for a dialog that never comes.
  const asked = await Promise.race([
    dialog.waitFor({ timeout: 10_000 }).then(() => true, () => false),
    video.waitFor({ timeout: 10_000 }).then(() => false, () => false),
  ]);
  if (asked) {
    await dialog.getByLabel('Reason').selectOption(options.reason ?? 'incident');
    if (options.reasonText) await dialog.getByLabel('Details').fill(options.reasonText);
    await dialog.getByRole('button', { name: 'Start viewing' }).click();
    clickedAt = Date.now();
  }
  await video.waitFor();
  // The page keeps the wall-clock time it shows on the video (data-wall-ms): it keeps rising across segments.
  const deadline = Date.now() + 15_000;
  let first: { t: number; wall: number } | undefined;
  let maxTime = 0;
  let playingAfterMs: number | undefined;
  for (;;) {
    const now = await read();
    maxTime = Math.max(maxTime, now.t);
    if (!first && now.wall > 0 && now.wall !== heldWall) first = now;
    // Playing means the picture's time has moved on from where the seek put it: frames are being shown,
    // not just a position set (timeupdate fires on the seek itself).
    if (playingAfterMs === undefined && first && now.wall > first.wall) playingAfterMs = Date.now() - clickedAt;
    if (first && maxTime > 0 && now.wall >= first.wall + 500) {
      return { startedAt: first.t, advancedTo: now.t, wallStartMs: first.wall, wallMs: now.wall, playingAfterMs: playingAfterMs ?? -1, shownTime: (await page.locator('[data-clock]').textContent()) ?? '' };
    }
    if (Date.now() > deadline) throw new Error(`the video did not advance (currentTime ${now.t}); status: ${await page.locator('main [role=status]').textContent()}`);
    await sleepMs(50);
  }
}
