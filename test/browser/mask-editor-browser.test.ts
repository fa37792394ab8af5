import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { openBrowser, type BrowserFixture } from '../support/browser.js';
import { PremisesProcess, readIndex, runCli, tempDir, writeConfig } from '../support/premises.js';
import { RtspServer } from '../support/rtsp.js';
import { stopAll } from '../support/teardown.js';

/**
 * The mask editor in a real browser against a real `premises start`: the
 * owner opens a recording camera's privacy masks with the keyboard, adds a
 * mask, sees what masking will cost BEFORE pressing Save (from the camera's
 * recorded resolution, ffprobed), types a point, saves; the recorder then
 * masks the camera in Premises.
 */
const PASSWORD = 'a long test passphrase';

describe('privacy-mask editor in a real browser', () => {
  const dir = tempDir('premises-mask-editor-');
  let rtsp: RtspServer;
  let premises: PremisesProcess;
  let web: BrowserFixture;
  let page: Page;
  let setupUrl = '';

  before(async () => {
    rtsp = await RtspServer.start({ door: 'live:640x360@15', till: 'live:640x360@15' });
    const config = await writeConfig(dir.path, [{ id: 'door', rtsp: rtsp.url('door') }]);
    const added = runCli(['camera', 'add', '--rtsp', rtsp.url('till'), '--id', 'till', '--config', config.path]);
    assert.equal(added.code, 0, added.stderr);
    const scoped = runCli(['camera', 'scope', 'till', '--purpose', 'Investigate till discrepancies at the cash desk', '--area', 'cash',
      '--sign-location', 'Beside the till', '--sign-date', '2026-11-26', '--sign-confirmed-by', 'Test owner', '--config', config.path]);
    assert.equal(scoped.code, 0, scoped.stderr);
    premises = PremisesProcess.start(config.path, config.port);
    await premises.waitFor((h) => h.cameras.some((c) => c.id === 'till' && c.lastSegmentAt !== null), 30_000, 'till to record');
    setupUrl = (await premises.waitForOutput(/Create it within one hour at: (\S+)/, 5_000))[1] as string;
    web = await openBrowser(dir.path, { origin: `http://127.0.0.1:${config.port}`, viewport: { width: 1366, height: 900 } });
    page = web.page;
  });

  after(() => stopAll(web, premises, rtsp, dir));

  it('shows the expected CPU cost before Save, saves by keyboard, and the recorder masks the camera', async () => {
    await page.goto(setupUrl);
    await page.getByLabel('User name').fill('owner');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Password again').fill(PASSWORD);
    await page.getByLabel('The business profile above is correct').check();
    await page.getByRole('button', { name: 'Create the owner account' }).click();
    await page.getByRole('heading', { name: 'Cameras', exact: true }).waitFor();

    const till = page.locator('article[data-camera="till"]');
    // Keyboard only: focus the summary and open it with Enter.
    await till.getByText('Privacy masks').focus();
    await page.keyboard.press('Enter');
    const cost = till.locator('.mask-cost');
    await cost.getByText('No masks: the camera is recorded by stream copy, no cost.').waitFor();
    assert.equal(await till.getByRole('button', { name: 'Save the masks of till' }).isDisabled(), true, 'nothing to save yet');

    await till.getByRole('button', { name: 'Add a mask' }).focus();
    await page.keyboard.press('Enter');
    // 640x360 at 15 fps, read from its newest segment: the measured 360p figure.
    await cost.getByText(/^Masking this camera in Premises will use about 7 % of one core \(0 of \d+ cores in use by masking now\)\.$/).waitFor();
    const x = till.getByLabel('Mask 1 point 1 across (0 left, 1 right)');
    await x.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('0');
    await till.getByLabel('Mask 1 point 1 down (0 top, 1 bottom)').fill('0');
    await page.screenshot({ path: join(dir.path, 'mask-editor.png') });
    const save = till.getByRole('button', { name: 'Save the masks of till' });
    assert.equal(await save.isDisabled(), false);
    assert.ok(await cost.isVisible(), 'the cost is on screen before Save');
    await save.focus();
    await page.keyboard.press('Enter');
    await page.getByText('Masks of till saved; the camera restarts with them within seconds.').waitFor();

    const scope = readIndex<{ scope: string }>(join(dir.path, 'data'), "SELECT scope FROM camera_scope WHERE camera_id = 'till'")[0]?.scope ?? '{}';
    const masks = (JSON.parse(scope) as { masks?: { polygon: number[][] }[] }).masks;
    assert.deepEqual(masks?.[0]?.polygon, [[0, 0], [0.3, 0.1], [0.3, 0.3], [0.1, 0.3]]);
    await premises.waitFor((h) => h.cameras.find((c) => c.id === 'till')?.masking?.method === 'premises', 20_000, 'till to be masked by Premises');
  });
});
