import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { logInPage, openBrowser, type BrowserFixture } from '../support/browser.js';
import { setupOwner } from '../support/playback.js';
import { PremisesProcess, tempDir, writeConfig } from '../support/premises.js';
import { freePort } from '../support/rtsp.js';

/**
 * The day picker that Playback and Timeline share (web/src/pages/day-picker.tsx),
 * in Debian's chromium against a real `premises start`: previous day, a typed
 * date and next day each show that whole local day, and on Playback a zoomed
 * view goes back to the whole day chosen.
 */
const PASSWORD = 'a long day picker passphrase';

const pad = (n: number) => String(n).padStart(2, '0');
/** A local date as the date field writes it, `days` after today. */
function localDate(days: number, from = new Date()): string {
  const d = new Date(from.getFullYear(), from.getMonth(), from.getDate() + days);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

void describe('the day picker of Playback and Timeline', () => {
  const dir = tempDir('premises-day-picker-');
  let premises: PremisesProcess;
  let web: BrowserFixture;
  let page: Page;
  // By name: on Timeline the control group is labelled "Day" too.
  const day = () => page.locator('input[name="day"]');
  const range = () => page.locator('.pb-range').textContent();
  const wholeDay = (date: string) => `${date} 00:00:00 – ${localDate(1, new Date(`${date}T12:00:00`))} 00:00:00`;

  before(async () => {
    const config = await writeConfig(dir.path, [{ id: 'door', rtsp: `rtsp://127.0.0.1:${await freePort()}/door` }]);
    const origin = `http://127.0.0.1:${config.port}`;
    premises = PremisesProcess.start(config.path, config.port);
    await setupOwner(premises, origin, PASSWORD);
    web = await openBrowser(dir.path, { origin });
    page = web.page;
    await logInPage(page, origin, 'owner', PASSWORD);
  });

  after(async () => {
    await web?.close();
    await premises?.stop();
    dir.remove();
  });

  void it('on Playback: each choice shows that whole day, a zoom is undone', async () => {
    await page.getByRole('link', { name: 'Playback', exact: true }).click();
    await page.getByRole('heading', { name: 'Playback', exact: true }).waitFor();
    await page.locator('.pb-range').waitFor();
    assert.equal(await day().inputValue(), localDate(0));
    assert.equal(await range(), wholeDay(localDate(0)));
    await page.getByRole('button', { name: 'Zoom in' }).click();
    assert.notEqual(await range(), wholeDay(localDate(0)), 'zoomed in');
    await page.getByRole('button', { name: 'Previous day' }).click();
    assert.equal(await day().inputValue(), localDate(-1));
    assert.equal(await range(), wholeDay(localDate(-1)));
    await day().fill('2026-03-08');
    assert.equal(await range(), wholeDay('2026-03-08'));
    await page.getByRole('button', { name: 'Next day' }).click();
    assert.equal(await day().inputValue(), '2026-03-09');
    assert.equal(await range(), wholeDay('2026-03-09'));
  });

  void it('on Timeline: the same controls choose the day shown', async () => {
    await page.getByRole('link', { name: 'Timeline', exact: true }).click();
    await page.getByRole('heading', { name: 'Timeline', exact: true }).waitFor();
    assert.equal(await day().inputValue(), localDate(0));
    assert.equal(await range(), localDate(0));
    await page.getByRole('button', { name: 'Previous day' }).click();
    assert.equal(await day().inputValue(), localDate(-1));
    assert.equal(await range(), localDate(-1));
    await day().fill('2026-03-08');
    assert.equal(await range(), '2026-03-08');
    await page.getByRole('button', { name: 'Next day' }).click();
    assert.equal(await day().inputValue(), '2026-03-09');
    assert.equal(await range(), '2026-03-09');
    assert.deepEqual(web.foreign, []);
    assert.deepEqual(web.consoleErrors, []);
  });
});
