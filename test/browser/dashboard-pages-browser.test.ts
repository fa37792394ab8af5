import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { createOwner, logInPage, openBrowser, screenshot, setupTokenIn, watchConsole, type BrowserFixture } from '../support/browser.js';
import { PremisesProcess, readIndex, REPO_ROOT, runCli, tempDir, writeConfig } from '../support/premises.js';
import { RtspServer } from '../support/rtsp.js';
import { stopAll } from '../support/teardown.js';

/**
 * The holds, access requests, compliance, storage and camera network pages
 * and the audit page's verification status in a real browser (Debian's chromium) against a
 * real `premises start` recording one camera. Every page must render without
 * a console error (a CSP violation is one) and without a request to another
 * host; the forms are driven by their labels.
 */
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'dashboard-pages');
const PASSWORD = 'a long pages passphrase';

describe('dashboard pages in a real browser', () => {
  const dir = tempDir('premises-dash-pages-browser-');
  let rtsp: RtspServer;
  let premises: PremisesProcess;
  let web: BrowserFixture;
  let page: Page;
  let origin = '';
  let dataDir = '';
  let configPath = '';
  const shot = (p: Page, name: string) => screenshot(p, ARTIFACTS, name);
  /** A page the dashboard opened (a printable sign or report): its console errors count too. */
  const watch = (p: Page) => watchConsole(p, web.consoleErrors);

  before(async () => {
    rtsp = await RtspServer.start({ door: 'live:640x360@15' });
    const config = await writeConfig(dir.path, [{ id: 'door', rtsp: rtsp.url('door') }]);
    dataDir = join(dir.path, 'data');
    configPath = config.path;
    origin = `http://127.0.0.1:${config.port}`;
    premises = PremisesProcess.start(config.path, config.port);
    await premises.waitFor((h) => h.cameras.some((c) => c.id === 'door' && c.lastSegmentAt !== null), 30_000, 'the first segment of door');
    const link = runCli(['setup-link', '--config', config.path]);
    assert.equal(link.code, 0, link.stderr);
    await createOwner(origin, setupTokenIn(link.stdout), PASSWORD);
    web = await openBrowser(dir.path, { origin });
    page = web.page;
  });

  after(() => stopAll(web, premises, rtsp, dir));

  it('renders holds, requests, compliance, storage, camera network and audit verification, and their forms work', async () => {
    await logInPage(page, origin, 'owner', PASSWORD);
    await page.locator('#footer .clock-state').getByText(/clock (synchronised|NOT synchronised|sync unknown)/).waitFor();

    // Holds: add one through the form, then release it.
    await page.getByRole('link', { name: 'Holds' }).click();
    await page.getByRole('heading', { name: 'Holds', exact: true }).waitFor();
    await page.getByText('No active holds.').waitFor();
    await page.getByLabel('door', { exact: true }).check();
    await page.getByLabel('From (your local time)').fill('2026-11-20T10:00');
    await page.getByLabel('To (your local time)').fill('2026-11-20T11:00');
    await page.getByLabel('Kind').selectOption('incident');
    await page.getByLabel('Reason').fill('broken window on Friday night');
    await page.getByRole('button', { name: 'Add the hold' }).click();
    await page.getByRole('status').filter({ hasText: 'Added 1 hold.' }).waitFor();
    const row = page.locator('tr[data-hold="1"]');
    await row.getByText('broken window on Friday night').waitFor();
    await shot(page, '01-holds');
    await row.locator('summary', { hasText: 'Release hold 1' }).click();
    await row.getByLabel('Why release hold 1?').fill('insurer has the copy');
    await row.getByRole('button', { name: 'Release hold 1' }).click();
    await page.getByRole('status').filter({ hasText: 'Hold 1 released' }).waitFor();

    // Access requests: the deadline shows in words, not colour alone.
    await page.getByRole('link', { name: 'Access requests' }).click();
    await page.getByRole('heading', { name: 'Access requests', exact: true }).waitFor();
    await page.getByLabel('Requester').fill('Pat Diner');
    await page.getByLabel('How their identity was checked').fill('driver licence at the counter');
    await page.getByLabel('Received on').fill('2026-09-01');
    await page.locator('fieldset', { hasText: 'Cameras that may show the requester' }).getByRole('checkbox').first().check();
    await page.getByLabel('From (your local time)').fill('2026-08-30T18:00');
    await page.getByLabel('To (your local time)').fill('2026-08-30T19:00');
    await page.getByLabel('What they asked for').fill('dinner on 30 August');
    await page.getByRole('button', { name: 'Record the request and hold its footage' }).click();
    const card = page.locator('article[data-request="1"]');
    await card.getByText(/^OVERDUE by \d+ days \(was due 2026-10-16\)$/).waitFor();
    await shot(page, '02-requests');
    await card.locator('summary', { hasText: 'Close the request' }).click();
    await card.getByLabel('How was request 1 answered?').fill('copy given with other diners masked');
    await card.getByRole('button', { name: 'Close request 1' }).click();
    await page.getByRole('status').filter({ hasText: 'Request 1 closed.' }).waitFor();
    await page.getByText('No open access requests.').waitFor();

    // Compliance: one answer. The configuration records door's sign as posted and door passes every gate, so the
    // page says compliant (as premises report does) and the sign is up; printing from Premises is offered, not demanded.
    // A new hire who has not signed their notice yet: the page names them and offers their notice to print.
    const hire = runCli(['staff', 'add', '--name', 'Robin Cook', '--role', 'cook', '--areas', 'entrance', '--config', configPath]);
    assert.equal(hire.code, 0, hire.stderr);
    await page.getByRole('link', { name: 'Compliance' }).click();
    await page.getByRole('heading', { name: 'Compliance', exact: true }).waitFor();
    const people = page.locator('section[data-staff-due="1"][data-dpia="missing"]');
    await people.getByText(/1 of 1 staff member\(s\) must acknowledge their current notice: Robin Cook \(1: never acknowledged\)/).waitFor();
    await people.getByText(/No assessment saved yet/).waitFor();
    await people.getByText('No one flagged.').waitFor();
    const [notice] = await Promise.all([web.context.waitForEvent('page'), people.getByRole('link', { name: 'Print the notice for Robin Cook' }).click()]);
    watch(notice);
    await notice.getByRole('heading', { name: 'Video recording at your workplace: notice for Robin Cook' }).waitFor();
    await notice.getByRole('cell', { name: 'door', exact: true }).waitFor();
    await notice.close();
    await page.locator('section.answer[data-compliant="yes"]').getByRole('heading', { name: 'Compliant', exact: true }).waitFor();
    const door = page.locator('tr[data-camera="door"]');
    await door.locator('.sign-answer.ok', { hasText: /^Posted \(posted at .* on \d{4}-\d{2}-\d{2}, confirmed by .*\); print the notice from Premises/ }).waitFor();
    assert.equal(await door.getByText('Not printed yet').count(), 0, 'no "not printed" beside a passing sign gate');
    await door.getByText('All pass').waitFor();
    await shot(page, '03-compliance');
    const [signs] = await Promise.all([web.context.waitForEvent('page'), door.getByRole('link', { name: /Print the signs for/ }).click()]);
    watch(signs);
    await signs.getByRole('heading', { name: /Video recording in use/ }).waitFor();
    await shot(signs, '04-signage');
    await signs.close();
    const [report] = await Promise.all([web.context.waitForEvent('page'), page.getByRole('link', { name: 'Print the record of processing' }).click()]);
    watch(report);
    await report.getByRole('heading', { name: 'Record of processing: video surveillance' }).waitFor();
    await report.getByRole('cell', { name: 'door', exact: true }).waitFor();
    await report.getByText('Compliant: every camera passes every consent gate and its sign is up.').waitFor();
    await shot(report, '05-report');
    await report.close();
    await door.getByRole('button', { name: /Confirm the .* sign is posted/ }).click();
    await page.getByRole('status').filter({ hasText: 'Signs for door confirmed as posted.' }).waitFor();
    await page.locator('tr[data-camera="door"] .sign-answer.ok', { hasText: /^Posted and current \(confirmed \d{4}-\d{2}-\d{2} by user:owner\)$/ }).waitFor();

    // Storage: both charts are drawn by our SVG code; the time section says what it knows.
    await page.getByRole('link', { name: 'Storage & health' }).click();
    await page.getByRole('heading', { name: 'Storage & health', exact: true }).waitFor();
    await page.locator('svg.chart[aria-label="Mean bitrate per camera per day (Mbit/s)"] .series').first().waitFor();
    await page.locator('svg.chart[aria-label="Disk use over time (GB)"] .series').first().waitFor();
    await page.locator('tr[data-camera="door"]').getByText(/days, limited by/).waitFor();
    await page.getByText(/Host clock:/).waitFor();
    await page.locator('table.clocks').getByText('Not measured', { exact: true }).waitFor();
    await shot(page, '06-storage');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, '07-storage-phone');
    await page.setViewportSize({ width: 1366, height: 768 });

    // Audit: verification status, then a fresh run.
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByText('Not verified yet').waitFor();
    await page.getByRole('button', { name: 'Verify the audit log now' }).click();
    await page.getByRole('status').filter({ hasText: /^Intact: \d+ entries checked\.$/ }).waitFor();
    await page.locator('.badge', { hasText: 'Intact' }).waitFor();
    await page.locator('table.audit tbody tr').first().getByText('audit.verified').waitFor();
    await shot(page, '08-audit-verified');

    // Camera network, without a camera network configured: not contained, said plainly, with what to do, and each camera listed.
    await page.getByRole('link', { name: 'Camera network' }).click();
    await page.getByRole('heading', { name: 'Can the cameras reach the internet?' }).waitFor();
    await page.locator('section[aria-labelledby="net-status-h"] .badge', { hasText: 'Not contained' }).waitFor();
    await page.getByText('What to do:').waitFor();
    const doorNet = page.locator('section[aria-labelledby="net-cam-door"]');
    await doorNet.locator('.badge', { hasText: 'not contained' }).waitFor();
    await doorNet.getByText('No fixed address on the camera network.').waitFor();
    await shot(page, '09-network');

    // Keyboard: the new menu entries are reachable by Tab and open with Enter.
    await page.locator('#skip').focus();
    // Through the menu entries before it, whatever their number, and never past the menu.
    const focused = () => page.evaluate('document.activeElement && document.activeElement.textContent');
    for (let i = 0; i < 12 && (await focused()) !== 'Holds'; i++) await page.keyboard.press('Tab');
    assert.equal(await focused(), 'Holds');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Holds', exact: true }).waitFor();

    const actions = readIndex<{ actor: string; action: string }>(dataDir, 'SELECT actor, action FROM audit_log WHERE actor = ? ORDER BY seq', 'user:owner').map((r) => r.action);
    for (const a of ['hold.added', 'hold.released', 'access_request.received', 'access_request.closed', 'signage.printed', 'signage.confirmed', 'audit.verified']) {
      assert.ok(actions.includes(a), `audited as user:owner: ${a}`);
    }
    assert.deepEqual(web.consoleErrors, [], 'no console errors (CSP violations included)');
    assert.deepEqual(web.foreign, [], 'the browser asked no other host for anything');
  });
});
