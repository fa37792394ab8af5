import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { logInPage, openBrowser, type BrowserFixture } from '../support/browser.js';
import type { DashboardClient } from '../support/dashboard-client.js';
import { FACE_SIDE, faceAt, FACES } from '../support/face-clip.js';
import { tempDir, type PremisesProcess } from '../support/premises.js';
import { publishOnPage, startRedactionScene } from '../support/redaction-scene.js';

/**
 * The Redaction page in a real browser (Debian's chromium) against a real
 * `premises start`: from an access request's link, the owner starts the
 * face finding, sees the strip of review frames, clicks the requester's
 * face, and publishes after confirming; the export names the owner as the
 * reviewer. No request leaves the dashboard's origin, no console error.
 */
const PASSWORD = 'a long redaction passphrase';
const T0 = Math.floor((Date.now() - 3_600_000) / 1000) * 1000;
const SECONDS = 4;
const SHOTS = 'test-artifacts/redaction';

interface Frame {
  index: number;
  at: string;
  width: number;
  height: number;
}

void describe('the Redaction page in a real browser', () => {
  const dir = tempDir('premises-redaction-browser-');
  let premises: PremisesProcess;
  let web: BrowserFixture;
  let page: Page;
  let owner: DashboardClient;

  before(async () => {
    const scene = await startRedactionScene(dir.path, T0, SECONDS, PASSWORD);
    ({ premises, owner } = scene);
    const origin = scene.origin;
    web = await openBrowser(dir.path, { origin });
    page = web.page;
    await logInPage(page, origin, 'owner', PASSWORD);
  });

  after(async () => {
    await web?.close();
    await premises?.stop();
    dir.remove();
  });

  void it('starts from the request, marks the requester by a click on a frame, publishes after confirming', async () => {
    await page.getByRole('link', { name: 'Access requests' }).click();
    await page.getByRole('link', { name: 'Export it with other faces blurred' }).click();
    await page.getByRole('heading', { name: 'Redaction', exact: true }).waitFor();
    assert.equal(await page.getByLabel('Access request number').inputValue(), '1', 'the request comes from the link');
    await page.getByLabel('Legal basis').fill('PIPA s.23');
    await page.getByRole('button', { name: 'Find the faces' }).click();
    await page.getByRole('heading', { name: /: review$/ }).waitFor({ timeout: 90_000 });
    const imgs = page.locator('.redaction-frame img');
    await imgs.nth(SECONDS - 1).waitFor();
    for (let i = 0; i < (await imgs.count()); i++) {
      const loaded = await imgs.nth(i).evaluate((el: { complete: boolean; naturalWidth: number }) => el.complete && el.naturalWidth > 0);
      assert.ok(loaded || (await imgs.nth(i).evaluate((el: { decode(): Promise<void> }) => el.decode().then(() => true))), `review frame ${i} shows a picture`);
    }
    await web.shot(SHOTS, '1-review');

    const id = (await page.locator('[data-redaction]').first().getAttribute('data-redaction'))!;
    const frames = (await owner.request('GET', `/api/redactions/${id}`)).body['frames'] as Frame[];
    const frame = frames.find((f) => Date.parse(f.at) >= T0 + 1000)!;
    const sq = faceAt(FACES[0]!, (Date.parse(frame.at) - T0) / 1000);
    const img = page.locator(`[data-frame="${frame.index}"] img`);
    const shown = (await img.boundingBox())!;
    await img.click({ position: { x: ((sq.x + FACE_SIDE / 2) * shown.width) / frame.width, y: ((sq.y + FACE_SIDE / 2) * shown.height) / frame.height } });
    await page.getByRole('status').filter({ hasText: 'is the requester: it stays visible' }).waitFor();
    // The face's own line (a body found around it is listed too, as "#N (person): requester (kept)").
    await page.locator(`[data-frame="${frame.index}"] li`, { hasText: 'requester (kept)', hasNotText: '(person)' }).waitFor();
    await web.shot(SHOTS, '2-requester');

    const questions = await publishOnPage(page);
    assert.match(questions[0] ?? '', /You are recorded as the reviewer/);
    const job = (await owner.request('GET', `/api/redactions/${id}`)).body['redaction'] as { state: string; reviewer: string };
    assert.deepEqual({ state: job.state, reviewer: job.reviewer }, { state: 'published', reviewer: 'user:owner' });
    await web.shot(SHOTS, '3-published');
    assert.deepEqual(web.foreign, [], 'no request to another origin');
    assert.deepEqual(web.consoleErrors, []);
  });
});
