import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { createOwner, logInPage, openBrowser, setupTokenIn, type BrowserFixture } from '../support/browser.js';
import { PremisesProcess, readIndex, REPO_ROOT, runCli, sleepMs, tempDir, writeConfig } from '../support/premises.js';
import { RtspServer } from '../support/rtsp.js';
import { stopAll } from '../support/teardown.js';

/**
 * The exports page in a real browser (Debian's Chromium) against a real
 * `premises start` recording a GStreamer RTSP camera: the form refuses to
 * send without reason, requester and legal basis and says so per field; it is
 * filled with the keyboard alone; the progress bar follows the server's
 * events to the end; the list shows the export as ready and verified, and
 * says plainly that no download policy exists. At 1366×768 and phone width.
 * An export made elsewhere appears at the list's next poll, while a field
 * of the form keeps its half-typed text, the focus and the scroll.
 */
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'exports');
const PASSWORD = 'owner passphrase 1';

describe('exports page (real browser, real recorder)', () => {
  const dir = tempDir('premises-export-page-');
  let rtsp: RtspServer;
  let premises: PremisesProcess;
  let web: BrowserFixture;
  let page: Page;
  let origin = '';
  let dataDir = '';
  let configPath = '';
  const shot = (name: string) => web.shot(ARTIFACTS, name);

  before(async () => {
    rtsp = await RtspServer.start({ door: 'live:640x360@15' });
    const config = await writeConfig(dir.path, [{ id: 'door', rtsp: rtsp.url('door') }]);
    origin = `http://127.0.0.1:${config.port}`;
    dataDir = join(dir.path, 'data');
    configPath = config.path;
    premises = await PremisesProcess.startRecording(config.path, config.port);
    await createOwner(origin, setupTokenIn(readFileSync(join(dataDir, 'setup-link.txt'), 'utf8')), PASSWORD);
    web = await openBrowser(dir.path, { origin });
    page = web.page;
    await sleepMs(3_000); // a few 2 s segments
  });

  after(() => stopAll(web, premises, rtsp, dir));

  it('refuses an incomplete form, is filled by keyboard, shows progress to the end, lists the export as verified', async () => {
    await logInPage(page, origin, 'owner', PASSWORD);
    await page.getByRole('link', { name: 'Exports' }).click();
    await page.getByRole('heading', { name: 'Exports', level: 1 }).waitFor();
    await page.getByText('No exports yet.').waitFor();

    // Sent empty: nothing goes to the server, each missing field says what it needs, focus goes to the first.
    await page.getByRole('button', { name: 'Create export' }).click();
    const alert = page.locator('#export-errors');
    await alert.getByText(/Please fix: Say why this footage is exported\. Say who asked for it\. Give the legal basis/).waitFor();
    assert.equal(await page.getByLabel('Reason').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByLabel('Legal basis').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.evaluate('document.activeElement && document.activeElement.id'), 'export-reason');
    assert.equal(readIndex<{ n: number }>(dataDir, 'SELECT COUNT(*) AS n FROM exports')[0]?.n, 0);
    await shot('01-form-errors-1366');

    // The keyboard alone: type, Tab to the next field, Enter sends.
    await page.keyboard.type('till theft 26 Nov, 14:05');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate('document.activeElement && document.activeElement.id'), 'export-requestedBy');
    await page.keyboard.type('Cst. Lee, Vancouver Police, file 26-123');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate('document.activeElement && document.activeElement.id'), 'export-legalBasis');
    await page.keyboard.type('PIPA s.18(1)(j)');
    await page.keyboard.press('Enter');

    const progressText = page.locator('.progress-text');
    await progressText.getByText(/Export \S+ is ready: 1 file\(s\)/).waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('#export-progress').evaluate((el) => (el as unknown as { value: number }).value), 100);
    const row = page.locator('tr[data-state="ready"]');
    await row.getByText(/Verified: 1 file\(s\) match the signed manifest/).waitFor({ timeout: 15_000 });
    await row.getByText('till theft 26 Nov, 14:05').waitFor();
    await row.getByText(/No download policy/).waitFor();
    await shot('02-export-ready-1366');
    const audit = readIndex<{ actor: string }>(dataDir, "SELECT actor FROM audit_log WHERE action = 'export.created'");
    assert.deepEqual(audit, [{ actor: 'user:owner' }]);

    // Check again, by keyboard: the button is reachable and says what it checks.
    await row.getByRole('button', { name: /Check export .* again/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByText(/Export \S+ verifies\./).waitFor();
  });

  it('fits a phone screen: no sideways scrolling, the list becomes labelled cards', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByRole('heading', { name: 'Exports', level: 1 }).waitFor();
    await page.locator('tr[data-state="ready"]').waitFor();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    assert.ok(overflow <= 0, `page is ${overflow} px wider than the phone screen`);
    // No DOM types in this project: the page-side code is a string.
    const label = await page.evaluate<string>(`getComputedStyle(document.querySelector('tr[data-state="ready"] td'), '::before').content`);
    assert.equal(label, '"Created: "');
    await shot('03-phone');
    assert.deepEqual(web.foreign, [], 'no request leaves for another host');
  });

  it('shows an export made elsewhere at the next poll, keeping the text, focus and scroll of the form', async () => {
    // A short window, so the page scrolls.
    await page.setViewportSize({ width: 900, height: 420 });
    await page.reload();
    await page.getByRole('heading', { name: 'Exports', level: 1 }).waitFor();
    const rows = page.locator('tr[data-export]');
    await rows.first().waitFor();
    const shown = await rows.count();
    const reason = page.getByLabel('Reason');
    await reason.fill('customer says the till was');
    await page.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)');
    await reason.focus();
    const scrollY = await page.evaluate('window.scrollY');
    assert.ok(Number(scrollY) > 0, 'the page is scrolled');
    // Made on the recorder's command line: only the page's poll (every 15 s) can show it.
    const from = new Date(Date.now() - 6_000).toISOString();
    const to = new Date(Date.now() - 2_000).toISOString();
    const made = runCli(['export', '--camera', 'door', '--from', from, '--to', to, '--reason', 'made at the counter', '--requested-by', 'q', '--legal-basis', 'b', '--json', '--config', configPath]);
    assert.equal(made.code, 0, made.stderr);
    const deadline = Date.now() + 40_000;
    while ((await rows.count()) === shown && Date.now() < deadline) await sleepMs(250);
    assert.equal(await rows.count(), shown + 1, 'a poll added the export made elsewhere');
    await page.locator('tr[data-export]', { hasText: 'made at the counter' }).waitFor();
    assert.equal(await reason.inputValue(), 'customer says the till was', 'the typed text is kept');
    assert.equal(await page.evaluate('document.activeElement && document.activeElement.id'), 'export-reason', 'the field keeps the focus');
    assert.equal(await page.evaluate('window.scrollY'), scrollY, 'the scroll position is kept');
    await page.keyboard.type(' short');
    assert.equal(await reason.inputValue(), 'customer says the till was short');
    await shot('04-after-poll');
  });
});
