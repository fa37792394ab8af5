import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { openBrowser, type BrowserFixture } from '../support/browser.js';
import { freePort, RtspServer } from '../support/rtsp.js';
import { PremisesProcess, REPO_ROOT, runCli, tempDir, writeConfig } from '../support/premises.js';
import { stopAll } from '../support/teardown.js';

/**
 * The dashboard in a real browser (Debian's chromium) against a real
 * `premises start` recording one GStreamer camera: setup with the printed
 * link, log in, see the camera recording, pause it, read the steps in the
 * audit log. Any request to another origin fails the test.
 */
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'dashboard');
const PASSWORD = 'a long test passphrase';

describe('dashboard in a real browser', () => {
  const dir = tempDir('premises-dash-browser-');
  let rtsp: RtspServer;
  let premises: PremisesProcess;
  let web: BrowserFixture;
  let page: Page;
  let origin = '';
  let setupUrl = '';
  const shot = (name: string) => web.shot(ARTIFACTS, name);

  before(async () => {
    rtsp = await RtspServer.start({ door: 'live:640x360@15', till: 'live:640x360@15' });
    // "yard" points at a port nobody serves: it raises the camera-down alarm the banner must show.
    const config = await writeConfig(
      dir.path,
      [
        { id: 'door', rtsp: rtsp.url('door') },
        { id: 'yard', rtsp: `rtsp://127.0.0.1:${await freePort()}/yard` },
      ],
      { downAlarm: '2s', rtspTimeout: '1s' },
    );
    // "till" is added at run time with no purpose, area or sign: the gates hold it until the owner fills them in.
    const added = runCli(['camera', 'add', '--rtsp', rtsp.url('till'), '--id', 'till', '--config', config.path]);
    assert.equal(added.code, 0, added.stderr);
    origin = `http://127.0.0.1:${config.port}`;
    premises = PremisesProcess.start(config.path, config.port);
    await premises.waitFor(
      (h) => h.cameras.some((c) => c.id === 'door' && c.recording && c.lastSegmentAt !== null) && h.alarms.some((a) => a.kind === 'camera-down' && a.subject === 'yard'),
      30_000,
      'door to record and yard to raise its alarm',
    );
    setupUrl = (await premises.waitForOutput(/Create it within one hour at: (\S+)/, 5_000))[1] as string;
    web = await openBrowser(dir.path, { origin });
    page = web.page;
  });

  after(() => stopAll(web, premises, rtsp, dir));

  it('sets up the owner with the printed link, logs in, pauses the camera, and audits every step', async () => {
    assert.match(setupUrl, new RegExp(`^${origin}/#/setup\\?token=[A-Za-z0-9_-]{43}$`));

    await page.goto(setupUrl);
    await page.getByRole('heading', { name: 'Set up Premises' }).waitFor();
    await page.getByText('Test Bistro').waitFor();
    await page.getByLabel('User name').fill('owner');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Password again').fill(PASSWORD);
    await page.getByLabel('The business profile above is correct').check();
    await shot('01-setup');
    await page.getByRole('button', { name: 'Create the owner account' }).click();
    await page.getByRole('heading', { name: 'Cameras', exact: true }).waitFor();

    // Log out and in again: the login page, not the session setup left behind.
    await page.getByRole('button', { name: 'Log out', exact: true }).click();
    await page.getByRole('heading', { name: 'Log in', exact: true }).waitFor();
    await page.getByLabel('User name').fill('owner');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').filter({ hasText: 'wrong user name or password' }).waitFor();
    await page.getByLabel('Password').fill(PASSWORD);
    await shot('02-login');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Cameras', exact: true }).waitFor();

    // The alarm banner is on every page; acknowledging the alarm clears it.
    const banner = page.locator('#banner');
    await banner.getByText(/1 alarm needs attention: camera yard/).waitFor({ timeout: 15_000 });
    await shot('03-banner');
    await banner.getByRole('link', { name: 'See alarms' }).click();
    await page.getByRole('heading', { name: 'Alarms', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Acknowledge "camera-down" for yard' }).click();
    await page.getByText(/acknowledged by user:owner/).waitFor();
    await banner.getByText(/alarm/).waitFor({ state: 'detached' });
    await page.getByRole('link', { name: 'Cameras' }).click();
    await page.getByRole('heading', { name: 'Cameras', exact: true }).waitFor();

    const card = page.locator('article[data-camera="door"]');
    await card.locator('.state', { hasText: /^Recording$/ }).waitFor({ timeout: 15_000 });
    await shot('04-cameras-recording');

    // The held camera says why and how to fix it; the owner fixes it here and it starts recording.
    const till = page.locator('article[data-camera="till"]');
    await till.getByText(/has no stated purpose/).waitFor();
    await till.getByText(/To fix:/).first().waitFor();
    await till.getByText('Purposes, area and signage').click();
    await till.getByLabel('Purposes of till, one per line').fill('Investigate till discrepancies and theft at the cash desk');
    await till.getByLabel('Area it films').selectOption('cash');
    await till.getByLabel('Where the sign is').fill('Beside the till');
    await till.getByLabel('Date posted').fill(new Date().toISOString().slice(0, 10));
    await till.getByLabel('Confirmed by').fill('Test owner');
    await shot('05-scope');
    await till.getByRole('button', { name: 'Save the scope of till' }).click();
    await page.getByText('Scope of till saved.').waitFor();
    await till.locator('.state', { hasText: /^Recording$/ }).waitFor({ timeout: 20_000 });

    await card.getByText('Privacy pause').click();
    await card.getByLabel('Why pause door?').fill('customer asked not to be filmed');
    await card.getByRole('button', { name: 'Pause door' }).click();
    await card.locator('.state', { hasText: /^Paused$/ }).waitFor({ timeout: 10_000 });
    await card.getByText(/^Paused by user:owner since .*: customer asked not to be filmed$/).waitFor();
    await premises.waitFor((h) => h.cameras.find((c) => c.id === 'door')?.recording === false, 15_000, 'the recorder to stop writing after the pause');
    await shot('06-cameras-paused');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot('07-cameras-phone');
    await page.setViewportSize({ width: 1366, height: 768 });

    // The owner gives a clerk live view of the door camera only.
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Users', exact: true }).waitFor();
    await page.getByLabel('User name').fill('clerk');
    await page.getByLabel('Password', { exact: true }).fill('clerk passphrase 1');
    await page.getByLabel('Role').selectOption('viewer');
    await page.getByLabel('live on door').check();
    await page.getByRole('button', { name: 'Add the account' }).click();
    await page.locator('table.users tr', { hasText: 'clerk' }).getByText('door: live').waitFor();
    // Later the owner lets the clerk play back the door camera too: the access changes without a new account.
    const clerkRow = page.locator('table.users tr', { hasText: 'clerk' });
    await clerkRow.getByText('Change access of clerk').click();
    await clerkRow.getByLabel('playback of door for clerk').check();
    await clerkRow.getByRole('button', { name: 'Save the access of clerk' }).click();
    await page.getByRole('status').filter({ hasText: 'Access of clerk changed.' }).waitFor();
    await page.locator('table.users tr', { hasText: 'clerk' }).getByText('door: live, playback').waitFor();
    await shot('08-users');

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log', exact: true }).waitFor();
    const table = page.locator('table.audit');
    await table.locator('tbody tr').first().waitFor();
    const text = await table.innerText();
    for (const action of ['setup.completed', 'user.created', 'user.access-changed', 'auth.login', 'auth.logout', 'auth.login-failed', 'privacy.pause', 'alarm.acknowledged', 'camera.scope-changed']) {
      assert.ok(text.includes(action), `the audit page shows ${action}`);
    }
    assert.match(text, /user:owner\s+privacy\.pause\s+camera:door/);
    assert.match(text, /user:owner\s+user\.created\s+user:clerk/);
    await shot('09-audit');

    await page.getByRole('link', { name: 'My account' }).click();
    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByLabel('New password', { exact: true }).fill('a newer test passphrase');
    await page.getByLabel('New password again').fill('a newer test passphrase');
    await page.getByRole('button', { name: 'Change the password' }).click();
    await page.getByRole('status').filter({ hasText: 'Password changed.' }).waitFor();

    // Keyboard: the skip link comes before the menu and moves focus to the content.
    const active = () => page.evaluate('document.activeElement && document.activeElement.textContent');
    await page.locator('#skip').focus();
    await page.keyboard.press('Tab');
    assert.equal(await active(), 'Cameras', 'Tab goes from the skip link to the menu');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await active(), 'Skip to content');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate('document.activeElement && document.activeElement.id'), 'main', 'the skip link moves focus to the page content');

    assert.deepEqual(web.foreign, [], 'the browser asked no other host for anything');
  });
});
