import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { createOwner, logInPage, openBrowser, setupTokenIn, type BrowserFixture } from '../support/browser.js';
import { DashboardClient } from '../support/dashboard-client.js';
import { PremisesProcess, readIndex, REPO_ROOT, runCli, sleepMs, tempDir, writeConfig } from '../support/premises.js';
import { RtspServer } from '../support/rtsp.js';
import { stopAll } from '../support/teardown.js';

/**
 * The dashboard's Preact pages in a real browser (Debian's chromium) against
 * a real `premises start` recording one GStreamer camera in 1 s segments:
 * a poll updates the Cameras page in place without taking the text, focus or
 * scroll from a field being typed into; the audit log reads as sentences with
 * the raw details folded away; the owner creates (with the second-person
 * setting) and revokes transfer policies on the Transfers page, and an
 * export is downloaded under a policy made there; "Latest recording" plays;
 * the storage charts carry their units and one date format; the Compliance
 * page gives the same answer as `premises report`. No console error (a CSP
 * violation is one), no request to another host.
 */
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'dashboard-preact');
const PASSWORD = 'a long preact passphrase';
const NAME = 'Front entrance (door)';

describe('the Preact dashboard pages in a real browser', () => {
  const dir = tempDir('premises-preact-browser-');
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
    // A name that already carries the camera's id: it must not be shown as "Front entrance (door) (door)".
    const config = await writeConfig(dir.path, [{ id: 'door', rtsp: rtsp.url('door'), extra: [`    name: ${NAME}`] }], { segment: '1s' });
    configPath = config.path;
    dataDir = join(dir.path, 'data');
    origin = `http://127.0.0.1:${config.port}`;
    premises = await PremisesProcess.startRecording(config.path, config.port);
    const link = runCli(['setup-link', '--config', config.path]);
    assert.equal(link.code, 0, link.stderr);
    const owner = await createOwner(origin, setupTokenIn(link.stdout), PASSWORD);
    assert.equal((await owner.request('POST', '/api/users', { username: 'manager', password: 'manager passphrase 2', role: 'manager' })).status, 201);
    web = await openBrowser(dir.path, { origin, acceptDownloads: true });
    page = web.page;
    await logInPage(page, origin, 'owner', PASSWORD);
  });

  after(() => stopAll(web, premises, rtsp, dir));

  it('keeps the text, focus and scroll of a field being typed into across a poll that updates the page', async () => {
    // A short window, so the page scrolls.
    await page.setViewportSize({ width: 900, height: 420 });
    const card = page.locator('article[data-camera="door"]');
    assert.equal(await card.getByRole('heading', { level: 2 }).innerText(), NAME, 'the name is shown once, not followed by its id again');
    await card.getByText('Privacy pause').click();
    const reason = card.getByLabel(`Why pause ${NAME}?`);
    await reason.fill('customer asked not to be');
    await page.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)');
    await reason.focus();
    const scrollY = await page.evaluate('window.scrollY');
    assert.ok(Number(scrollY) > 0, 'the page is scrolled');
    const lastSegment = card.locator('[data-fact="last-segment"]');
    const shown = await lastSegment.innerText();
    // The page polls every 5 s; 1 s segments: the next poll shows a later segment.
    const deadline = Date.now() + 15_000;
    while ((await lastSegment.innerText()) === shown && Date.now() < deadline) await sleepMs(200);
    assert.notEqual(await lastSegment.innerText(), shown, 'a poll updated the card');
    assert.equal(await reason.inputValue(), 'customer asked not to be', 'the typed text is kept');
    assert.equal(await reason.evaluate((el) => (el as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement === el), true, 'the field keeps the focus');
    assert.equal(await page.evaluate('window.scrollY'), scrollY, 'the scroll position is kept');
    // Typing goes on where it stopped.
    await page.keyboard.type(' filmed');
    assert.equal(await reason.inputValue(), 'customer asked not to be filmed');
    await shot('01-cameras-after-poll');
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('shows the audit log as sentences, with the details on demand', async () => {
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log', exact: true }).waitFor();
    // The first entry holds the whole configuration file: one sentence, the lines folded away.
    const first = page.locator('table.audit tbody tr', { has: page.locator('code', { hasText: /^config\.first-seen$/ }) });
    await first.waitFor();
    assert.match(await first.locator('.sentence').innerText(), /^Premises recorded its configuration for the first time \(\d+ lines\)\.$/);
    const folded = await first.innerText();
    assert.ok(!folded.includes('segmentDuration'), 'the configuration lines are not on screen until asked for');
    assert.ok(!folded.includes('{"'), 'no raw JSON on screen');
    await first.locator('summary', { hasText: 'Details' }).click();
    await first.locator('details[open] pre', { hasText: 'segmentDuration: 1s' }).waitFor();
    const login = page.locator('table.audit tbody tr', { has: page.locator('code', { hasText: /^auth\.login$/ }) }).first();
    assert.equal(await login.locator('.sentence').innerText(), 'owner logged in.');
    await shot('02-audit');
  });

  it('lets the owner create and revoke transfer policies, and download an export under one made there', async () => {
    const from = new Date(Date.now() - 8_000).toISOString();
    const to = new Date(Date.now() - 3_000).toISOString();
    const exp = runCli(['export', '--camera', 'door', '--from', from, '--to', to, '--reason', 'r', '--requested-by', 'q', '--legal-basis', 'b', '--json', '--config', configPath]);
    assert.equal(exp.code, 0, exp.stderr);
    const exportId = (JSON.parse(exp.stdout) as { id: string }).id;

    await page.getByRole('link', { name: 'Transfers' }).click();
    await page.getByRole('heading', { name: 'Transfers', exact: true }).waitFor();
    await page.getByText('No transfer policy: nothing leaves the premises.', { exact: false }).waitFor();
    const fill = async (name: string, approval: boolean) => {
      const form = page.locator('details.policy-form');
      if (!(await form.evaluate((d) => (d as unknown as { open: boolean }).open))) await form.locator('summary').click();
      await form.getByLabel('Policy name').fill(name);
      await form.getByLabel('Destination').selectOption('download');
      await form.getByRole('checkbox', { name: 'owner' }).check();
      await form.getByLabel('Recipient organisation').fill('Insurer Ltd');
      await form.getByLabel('Recipient country').fill('Canada');
      await form.getByLabel('Legal basis').fill('claim 4411');
      await form.getByLabel('In force until (last day)').fill('2099-01-31');
      const box = form.getByRole('checkbox', { name: 'Each transfer needs a second person to approve it' });
      if (approval) await box.check();
      else await box.uncheck();
    };
    const add = async (name: string, approval: boolean) => {
      await fill(name, approval);
      await page.locator('details.policy-form').getByRole('button', { name: 'Add the policy' }).click();
      await page.getByRole('status').filter({ hasText: `Policy ${name} added.` }).waitFor();
    };
    await add('two-person', true);
    await add('owner-dl', false);
    assert.match(await page.locator('tr[data-policy="two-person"]').innerText(), /download by owner[\s\S]*Insurer Ltd \(Canada\)[\s\S]*claim 4411[\s\S]*yes/);
    assert.match(await page.locator('tr[data-policy="owner-dl"]').innerText(), /download by owner[\s\S]*\tno\t/);
    // A bad policy is refused with the reason from the same checks as the command line.
    const form = page.locator('details.policy-form');
    await fill('bad name!', false);
    await form.locator('form').evaluate((f) => {
      (f as unknown as { noValidate: boolean }).noValidate = true;
    });
    await form.getByRole('button', { name: 'Add the policy' }).click();
    await form.getByRole('alert').filter({ hasText: /the name is 1 to 64 letters/ }).waitFor();
    // Chromium logs the refused request (400) as a console error: that one is expected, and only that one.
    const refusedAt = web.consoleErrors.findIndex((e) => e.includes('#/transfers: Failed to load resource: the server responded with a status of 400'));
    assert.ok(refusedAt >= 0, JSON.stringify(web.consoleErrors));
    web.consoleErrors.splice(refusedAt, 1);
    await shot('03-transfer-policies');

    // The export leaves through the download button, under the policy just made.
    await page.getByLabel('Export id').fill(exportId);
    await page.getByLabel('Transfer policy').fill('owner-dl');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download', exact: true }).click()]);
    const saved = join(dir.path, 'downloaded.tar');
    await download.saveAs(saved);
    assert.equal(download.suggestedFilename(), `premises-export-${exportId}.tar`);
    assert.ok(readFileSync(saved).length > 1024, 'a tar with the export');

    // Revoked from the same page.
    const row = page.locator('tr[data-policy="two-person"]');
    await row.getByLabel('Why revoke two-person?').fill('claim settled');
    await row.getByRole('button', { name: 'Revoke two-person' }).click();
    await page.getByRole('status').filter({ hasText: 'Policy two-person revoked.' }).waitFor();
    await row.getByText(/^revoked /).waitFor();

    // Owner only: a manager is refused by the server, and sees no form.
    const manager = new DashboardClient(origin);
    assert.equal((await manager.login('manager', 'manager passphrase 2')).status, 200);
    const refused = await manager.request('POST', '/api/transfer-policies', { name: 'm', kind: 'download', roles: ['manager'], recipientOrg: 'x', country: 'y', legalBasis: 'z', expiresAt: '2099-01-01T00:00:00Z' });
    assert.equal(refused.status, 403);

    const audit = readIndex<{ actor: string; action: string; subject: string; details: string }>(dataDir, "SELECT actor, action, subject, details FROM audit_log WHERE action LIKE 'transfer-policy.%' ORDER BY seq");
    assert.deepEqual(
      audit.map((e) => `${e.actor} ${e.action} ${e.subject}`),
      ['user:owner transfer-policy.created transfer-policy:two-person', 'user:owner transfer-policy.created transfer-policy:owner-dl', 'user:owner transfer-policy.revoked transfer-policy:two-person'],
    );
    assert.equal((JSON.parse(audit[0]!.details) as { requiresApproval: boolean }).requiresApproval, true);
    assert.equal((JSON.parse(audit[1]!.details) as { requiresApproval: boolean }).requiresApproval, false);
    const done = readIndex<{ bytes_sent: number }>(dataDir, "SELECT bytes_sent FROM transfers WHERE policy_name = 'owner-dl' AND state = 'done'");
    assert.deepEqual(
      done.map((r) => r.bytes_sent),
      [readFileSync(saved).length],
    );
  });

  it('plays the latest recording from its button; the legend keeps each colour with its words', async () => {
    await page.goto(`${origin}/#/playback?camera=door`);
    await page.getByRole('heading', { name: 'Playback', exact: true }).waitFor();
    await page.locator('[data-timeline="door"]').waitFor();
    await page.getByRole('button', { name: 'Latest recording' }).click();
    const dialog = page.getByRole('dialog', { name: /Why are you viewing/ });
    await dialog.getByLabel('Reason').selectOption('incident');
    await dialog.getByRole('button', { name: 'Start viewing' }).click();
    const video = page.locator('video[data-playback]');
    await video.waitFor();
    const wall = () => video.evaluate((v) => Number((v as unknown as { dataset: Record<string, string> }).dataset['wallMs'] ?? 0));
    const deadline = Date.now() + 15_000;
    let firstWall = 0;
    while (Date.now() < deadline) {
      const w = await wall();
      if (w > 0 && firstWall === 0) firstWall = w;
      if (firstWall > 0 && w >= firstWall + 500) break;
      await sleepMs(100);
    }
    assert.ok(firstWall > 0 && (await wall()) >= firstWall + 500, 'the latest recording plays and advances');
    // The last half minute of what was recorded.
    const lastEnd = readIndex<{ end: number }>(dataDir, "SELECT max(end_ms) AS end FROM segments WHERE camera_id = 'door'")[0]!.end;
    assert.ok(firstWall >= lastEnd - 60_000, `it starts near the end of the recording (${lastEnd - firstWall} ms before)`);

    const keys = page.locator('ul.pb-legend li.pb-key-item');
    assert.equal(await keys.count(), 3);
    await page.setViewportSize({ width: 390, height: 844 });
    for (const key of await keys.all()) {
      assert.equal(await key.evaluate((el) => (el as unknown as { ownerDocument: { defaultView: { getComputedStyle(e: unknown): { whiteSpace: string } } } }).ownerDocument.defaultView.getComputedStyle(el).whiteSpace), 'nowrap');
      const box = await key.boundingBox();
      assert.ok(box && box.height < 40, 'one key, one line');
    }
    await shot('04-playback-phone');
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(`${origin}/#/cameras`);
    await page.getByRole('heading', { name: 'Cameras', exact: true }).waitFor();
  });

  it('writes units on the storage chart axes and one date format in both charts', async () => {
    await page.getByRole('link', { name: 'Storage & health' }).click();
    await page.getByRole('heading', { name: 'Storage & health', exact: true }).waitFor();
    const bitrate = page.locator('svg.chart[aria-label="Mean bitrate per camera per day (Mbit/s)"]');
    const disk = page.locator('svg.chart[aria-label="Disk use over time (GB)"]');
    await bitrate.locator('.series').first().waitFor();
    await disk.locator('.series').first().waitFor();
    assert.deepEqual(await bitrate.locator('text.axis-unit').allTextContents(), ['Mbit/s', 'Day (UTC)']);
    assert.deepEqual(await disk.locator('text.axis-unit').allTextContents(), ['GB', 'Date']);
    // Both charts' dates as the browser's locale writes a day and month (no 12-06 beside Dec 6).
    const format = await page.evaluate(() => new Date(Date.UTC(2026, 11, 6, 12)).toLocaleDateString(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' }));
    const pattern = new RegExp(`^${format.replace(/\d+/, '\\d{1,2}').replace(/[A-Za-z]+/, '[A-Za-z]+\\.?')}$`);
    const dateLabels = async (chart: typeof bitrate) => (await chart.locator('g.axes > text:not(.axis-unit)').allTextContents()).filter((t) => !/^[\d.]+$/.test(t));
    const labels = [...(await dateLabels(bitrate)), ...(await dateLabels(disk))];
    assert.ok(labels.length >= 2, `date labels on both charts: ${JSON.stringify(labels)}`);
    for (const l of labels) assert.match(l, pattern, `"${l}" is written like "${format}"`);
    await shot('05-storage');
  });

  it('gives one answer to "am I compliant?", the same as premises report', async () => {
    await page.getByRole('link', { name: 'Compliance' }).click();
    await page.getByRole('heading', { name: 'Compliance', exact: true }).waitFor();
    const answer = page.locator('section.answer');
    await answer.waitFor();
    const compliant = (await answer.getAttribute('data-compliant')) === 'yes';
    const report = runCli(['report', '--config', configPath]);
    assert.equal(report.code, 0, report.stderr);
    assert.equal(compliant, report.stdout.includes('**Compliant: every camera passes every consent gate and its sign is up.**'), 'the page and premises report agree');
    assert.ok(compliant, 'door passes every gate and the configuration records its sign as posted');
    const row = page.locator('tr[data-camera="door"]');
    await row.getByText('All pass').waitFor();
    assert.match(await row.locator('.sign-answer').innerText(), /^Posted \(posted at /);
    assert.match(report.stdout, /\| Front entrance \(door\) \| entrance \|[^\n]*\| Posted \(posted at /);
    assert.doesNotMatch(report.stdout, /\(door\) \(door\)/);
    await shot('06-compliance');
    assert.deepEqual(web.consoleErrors, [], 'no console errors (CSP violations included)');
    assert.deepEqual(web.foreign, [], 'the browser asked no other host for anything');
  });
});
