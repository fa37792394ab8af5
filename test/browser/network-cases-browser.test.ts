import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { main } from '../../src/cli/main.js';
import { openDb } from '../../src/db/open.js';
import { claimRecordings } from '../../src/segments/ownership.js';
import { DataLayout } from '../../src/shared/data-layout.js';
import { createOwner, logInPage, openBrowser, setupTokenIn, type BrowserFixture } from '../support/browser.js';
import type { DashboardClient } from '../support/dashboard-client.js';
import { addRecordedRun } from '../support/footage.js';
import { spawnSim, type SimProcess } from '../support/onvif-sim/process.js';
import { PremisesProcess, readIndex, runCli, sleepMs, tempDir, writeConfig } from '../support/premises.js';
import { freePort } from '../support/rtsp.js';

/**
 * The Camera network page's ONVIF fix buttons and the Cases page in a real
 * browser (Debian's chromium) against a real `premises start`, with the ONVIF
 * simulator over real SOAP and real footage: the owner checks a camera, reads
 * what a fix will change, confirms it and sees that it took; then opens a
 * case, adds a camera range, exports it as one package and closes it.
 */
const PASSWORD = 'a long network passphrase';
const T0 = Math.floor((Date.now() - 3600_000) / 60_000) * 60_000; // an hour ago, on a whole minute
const pad = (n: number) => String(n).padStart(2, '0');
/** What a datetime-local input takes, in this machine's time zone (the browser's). */
const local = (ms: number) => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

void describe('ONVIF fixes and cases in a real browser', () => {
  const dir = tempDir('premises-network-cases-browser-');
  let sim: SimProcess;
  let premises: PremisesProcess;
  let web: BrowserFixture;
  let page: Page;
  let owner: DashboardClient;
  let origin = '';
  let dataDir = '';

  before(async () => {
    sim = await spawnSim({ bind: '127.0.0.1', username: 'admin', password: 'cam-pass-7', network: { gateway: ['192.168.1.1'], remoteDiscoveryMode: 'Discoverable' } });
    const deadPort = await freePort();
    const config = await writeConfig(dir.path, [{ id: 'door', rtsp: `rtsp://127.0.0.1:${deadPort}/door` }], { top: ['network: { allowLoopbackCameras: true }'] });
    dataDir = join(dir.path, 'data');
    const layout = new DataLayout(dataDir);
    mkdirSync(layout.recordingsRoot, { recursive: true });
    const db = openDb(layout.indexPath);
    claimRecordings(layout, db);
    addRecordedRun(db, layout, 'door', { startMs: T0, seconds: 8 });
    db.close();
    let err = '';
    const added = await main(['camera', 'add', '--config', config.path, '--xaddr', sim.xaddr, '--username', 'admin', '--password-stdin', '--allow-loopback', '--id', 'gate', '--name', 'Gate'], {
      out: () => undefined,
      err: (t) => (err += t),
      stdin: Readable.from(['cam-pass-7\n']),
      env: {},
    });
    assert.equal(added, 0, err);
    origin = `http://127.0.0.1:${config.port}`;
    premises = PremisesProcess.start(config.path, config.port);
    await premises.waitFor((h) => h.cameras.length === 2, 20_000, 'the API');
    owner = await createOwner(origin, setupTokenIn(runCli(['setup-link', '--config', config.path]).stdout), PASSWORD);
    web = await openBrowser(dir.path, { origin });
    page = web.page;
    await logInPage(page, origin, 'owner', PASSWORD);
  });

  after(async () => {
    await web?.close();
    await premises?.stop();
    await sim?.stop();
    dir.remove();
  });

  void it("checks a camera's own settings, says what a fix changes, applies it once confirmed and reports that it took", async () => {
    await page.getByRole('link', { name: 'Camera network' }).click();
    await page.getByRole('button', { name: "Check Gate's own settings (ONVIF)" }).click();
    await page.getByText('default gateway', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Fix default gateway…' }).click();
    const ask = page.getByRole('alertdialog');
    assert.match(await ask.innerText(), /This will change Gate: remove the default gateway.*Apply it\?/s);
    assert.equal(readIndex(dataDir, "SELECT 1 FROM audit_log WHERE action = 'network.onvif-fix'").length, 0, 'nothing is sent before the owner confirms');
    await page.getByRole('button', { name: 'Yes, change Gate' }).click();
    await page.getByRole('status').getByText(/Fix "gateway" took/).waitFor();
    assert.equal(await page.getByText('default gateway', { exact: true }).count(), 0, 'the fresh reading has no gateway');
    assert.equal(await page.getByRole('button', { name: 'Fix remote discovery…' }).count(), 1, 'the other fix is still offered');
    // Door was not added by ONVIF: the page says what to do instead.
    await page.getByRole('button', { name: "Check door's own settings (ONVIF)" }).click();
    await page.getByText(/was not added by ONVIF/).waitFor();
    // The browser logs that refusal (409) as a failed resource; it is the only error the page may show.
    assert.deepEqual(web.consoleErrors.splice(0).map((e) => e.replace(/^.*?: /, '')), ['Failed to load resource: the server responded with a status of 409 (Conflict)']);
    const fixes = readIndex<{ actor: string; details: string }>(dataDir, "SELECT actor, details FROM audit_log WHERE action = 'network.onvif-fix'");
    assert.deepEqual(fixes.map((f) => [f.actor, (JSON.parse(f.details) as { fix: string }).fix]), [['user:owner', 'gateway']]);
  });

  void it('opens a case, adds a range, exports it as one package and closes it', async () => {
    await page.getByRole('link', { name: 'Cases' }).click();
    await page.getByRole('heading', { name: 'Cases', exact: true }).waitFor();
    await page.getByLabel('Name').fill('Break-in, last night');
    await page.getByLabel('Reason', { exact: true }).fill('back door forced; insurer asks for the footage');
    await page.getByRole('button', { name: 'Open the case' }).click();
    await page.getByRole('status').getByText(/Case "Break-in, last night" opened/).waitFor();

    const card = page.locator('section[data-case="1"]');
    await card.getByRole('checkbox', { name: 'door' }).check();
    await card.getByLabel('From (your local time)').fill(local(T0));
    await card.getByLabel('To (your local time)').fill(local(T0 + 60_000));
    await card.getByRole('button', { name: 'Add and hold' }).click();
    await page.getByRole('status').getByText('Added to case 1; the footage is held.').waitFor();
    assert.equal(readIndex(dataDir, 'SELECT 1 FROM holds WHERE case_id = 1 AND released_at IS NULL').length, 1);

    await card.getByLabel('Recipient').fill('Northshore Insurance, claim 4471');
    await card.getByLabel('Legal basis').fill('owner consent');
    await card.getByRole('button', { name: 'Export as one package' }).click();
    await page.getByRole('status').getByText(/Case 1 is being exported as one package/).waitFor();
    let exportId = '';
    for (let i = 0; i < 120 && !exportId; i++) {
      exportId = readIndex<{ export_id: string }>(dataDir, 'SELECT export_id FROM case_exports WHERE case_id = 1')[0]?.export_id ?? '';
      if (!exportId) await sleepMs(250);
    }
    assert.ok(exportId, 'the package was made and recorded');
    const verified = await owner.request('POST', `/api/exports/${exportId}/verify`);
    assert.equal((verified.body['verification'] as { ok: boolean }).ok, true);

    await page.reload();
    await card.getByText(new RegExp(`Exported: ${exportId} for Northshore Insurance`)).waitFor();
    await card.getByLabel('Why close it?').fill('claim settled');
    await card.getByRole('button', { name: 'Close and release the footage' }).click();
    await page.getByRole('status').getByText('Case 1 closed: its footage follows the retention rules again.').waitFor();
    assert.equal(readIndex(dataDir, 'SELECT 1 FROM holds WHERE case_id = 1 AND released_at IS NULL').length, 0);
    assert.deepEqual(web.consoleErrors, []);
    assert.deepEqual(web.foreign, []);
  });
});
