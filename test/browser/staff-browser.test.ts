import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { createOwner, logInPage, openBrowser, screenshot, setupTokenIn, watchConsole, type BrowserFixture } from '../support/browser.js';
import { PremisesProcess, REPO_ROOT, runCli, tempDir, writeConfig } from '../support/premises.js';
import { RtspServer } from '../support/rtsp.js';
import { stopAll } from '../support/teardown.js';

/**
 * The Staff and Assessment pages in a real browser against a real `premises
 * start`: the owner adds a new hire, prints their notice, records the signed
 * paper with the version printed on it, and the row turns to signed; then
 * answers the assessment's questions and saves a version. No console error,
 * no request to another host.
 */
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'staff-pages');
const PASSWORD = 'a long staff pages passphrase';
/** How chromium logs the 409 of a refusal the test provokes on purpose. */
const REFUSED = 'Failed to load resource: the server responded with a status of 409 (Conflict)';

describe('staff and assessment pages in a real browser', () => {
  const dir = tempDir('premises-staff-browser-');
  let rtsp: RtspServer;
  let premises: PremisesProcess;
  let web: BrowserFixture;
  let page: Page;
  let origin = '';
  let configPath = '';
  const shot = (p: Page, name: string) => screenshot(p, ARTIFACTS, name);

  before(async () => {
    rtsp = await RtspServer.start({ door: 'live:640x360@15' });
    const config = await writeConfig(dir.path, [{ id: 'door', rtsp: rtsp.url('door') }]);
    configPath = config.path;
    origin = `http://127.0.0.1:${config.port}`;
    premises = PremisesProcess.start(config.path, config.port);
    await premises.waitFor((h) => h.cameras.some((c) => c.id === 'door'), 30_000, 'camera door known');
    const link = runCli(['setup-link', '--config', config.path]);
    assert.equal(link.code, 0, link.stderr);
    await createOwner(origin, setupTokenIn(link.stdout), PASSWORD);
    web = await openBrowser(dir.path, { origin });
    page = web.page;
  });

  after(() => stopAll(web, premises, rtsp, dir));

  it('adds a new hire, prints and records the signed notice, marks a leaver; answers the assessment and saves a version', async () => {
    await logInPage(page, origin, 'owner', PASSWORD);

    // Staff: a new hire at the entrance, where door films; areas without a camera are offered and say so.
    await page.getByRole('link', { name: 'Staff', exact: true }).click();
    await page.getByRole('heading', { name: 'Staff', exact: true }).waitFor();
    await page.getByText('No staff recorded yet.').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Robin Cook');
    await page.getByLabel('Job title').fill('cook');
    await page.getByLabel('Entrance', { exact: true }).check();
    await page.getByLabel('Kitchen (no camera there yet)').waitFor();
    await page.getByLabel('Language of their notice').selectOption('fr');
    await page.getByRole('button', { name: 'Add the new hire' }).click();
    await page.getByRole('status').filter({ hasText: 'Robin Cook added' }).waitFor();
    const row = page.locator('tr[data-staff="1"][data-state="never"]');
    await row.getByText('Never signed').waitFor();
    await row.getByText('French (Français)').waitFor();
    await row.getByText('Cameras named: door').waitFor();
    await shot(page, '01-new-hire');

    // The printed notice, in French, carries the version the signed paper is recorded against.
    const [notice] = await Promise.all([web.context.waitForEvent('page'), row.getByRole('link', { name: 'Print the notice for Robin Cook' }).click()]);
    watchConsole(notice, web.consoleErrors);
    await notice.getByRole('cell', { name: 'door', exact: true }).waitFor();
    const version = /Version de la note ([0-9a-f]{12})/.exec(await notice.locator('body').innerText())?.[1];
    assert.ok(version, 'the notice prints its version');
    await notice.close();

    // A version that is not the one printed now is refused with a reason; the printed one is recorded.
    await row.locator('summary', { hasText: 'Record the signed notice of Robin Cook' }).click();
    await row.getByLabel('Version printed on the notice Robin Cook signed').fill('000000000000');
    await row.getByLabel('Day Robin Cook signed').fill('2026-12-01');
    await row.getByRole('button', { name: 'Record the signature of Robin Cook' }).click();
    await row.getByRole('alert').filter({ hasText: /is not the current one/ }).waitFor();
    assert.deepEqual(web.consoleErrors.splice(0), [`${origin}/#/staff: ${REFUSED}`], 'the refusal is the only console error');
    await row.getByLabel('Version printed on the notice Robin Cook signed').fill(version);
    await row.getByRole('button', { name: 'Record the signature of Robin Cook' }).click();
    await page.getByRole('status').filter({ hasText: 'Signed notice of Robin Cook recorded.' }).waitFor();
    const signed = page.locator('tr[data-staff="1"][data-state="current"]');
    await signed.getByText(`Signed the current notice (version ${version}) on 2026-12-01`, { exact: false }).waitFor();
    await page.getByText('1 of 1 signed their current notice.').waitFor();
    await shot(page, '02-signed');
    const listed = runCli(['staff', 'list', '--config', configPath]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /Robin Cook/);

    // A second hire who leaves again: gone from the list, the first stays.
    await page.getByLabel('Name', { exact: true }).fill('Sam Short');
    await page.getByLabel('Job title').fill('server');
    await page.getByLabel('Entrance', { exact: true }).check();
    await page.getByRole('button', { name: 'Add the new hire' }).click();
    await page.locator('tr[data-staff="2"]').waitFor();
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Mark Sam Short as left' }).click();
    await page.getByRole('status').filter({ hasText: 'Sam Short marked as having left.' }).waitFor();
    assert.equal(await page.locator('tr[data-staff="2"]').count(), 0, 'a leaver is no longer listed');
    await signed.waitFor();

    // Assessment: facts read-only, each answer saved on its own, then a version.
    await page.getByRole('link', { name: 'Assessment', exact: true }).click();
    await page.getByRole('heading', { name: 'Privacy impact assessment', exact: true }).waitFor();
    await page.locator('section[data-review="missing"]').getByText('Not saved yet').waitFor();
    await page.locator('table.dpia-cameras tr[data-camera="door"]').waitFor();
    await page.getByText('1 of 1 staff signed their current notice').waitFor();
    await page.getByRole('button', { name: 'Save this version' }).click();
    await page.getByRole('alert').filter({ hasText: /before saving/ }).waitFor();
    assert.deepEqual(web.consoleErrors.splice(0), [`${origin}/#/assessment: ${REFUSED}`], 'the refusal is the only console error');
    const answers = page.locator('form.dpia-answer');
    const count = await answers.count();
    assert.ok(count >= 4, 'the questions are listed');
    for (let i = 0; i < count; i++) {
      const form = answers.nth(i);
      await form.locator('textarea').fill(`Answer ${i + 1}: till thefts at the door in October.`);
      await form.getByText('Changed, not saved yet.').waitFor();
      await form.getByRole('button', { name: /^Save the answer to/ }).click();
      await form.getByText(/^Saved .* by user:owner\.$/).waitFor();
    }
    await page.getByRole('button', { name: 'Save this version' }).click();
    await page.getByRole('status').filter({ hasText: 'Version 1 of the assessment saved.' }).waitFor();
    await page.locator('section[data-review="current"]').getByText(/Version 1 was saved on \d{4}-\d{2}-\d{2} by user:owner\. Nothing it describes has changed/).waitFor();
    await page.locator('li[data-version="1"]').waitFor();
    await shot(page, '03-assessment');
    const [printed] = await Promise.all([web.context.waitForEvent('page'), page.getByRole('link', { name: 'Print version 1' }).click()]);
    watchConsole(printed, web.consoleErrors);
    await printed.getByText('Answer 1: till thefts at the door in October.').waitFor();
    await printed.close();

    assert.deepEqual(web.consoleErrors, [], 'no console errors (CSP violations included)');
    assert.deepEqual(web.foreign, [], 'the browser asked no other host for anything');
  });
});
