import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { createOwner, logInPage, openBrowser, screenshot, setupTokenIn, watchConsole, type BrowserFixture } from '../support/browser.js';
import { PremisesProcess, REPO_ROOT, runCli, tempDir, writeConfig } from '../support/premises.js';
import { RtspServer } from '../support/rtsp.js';
import { stopAll } from '../support/teardown.js';

/**
 * The language of the printed assessment and record of processing, chosen on
 * the Assessment and Compliance pages, in a real browser against a real
 * `premises start` of a Quebec site (site.languages [fr, en]): French is
 * offered first as the law's language, and switching to English prints the
 * English document. No console error, no request to another host.
 */
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'document-language');
const PASSWORD = 'a long document language passphrase';

/** The page a print link opens, its language and first heading. */
async function printed(web: BrowserFixture, open: () => Promise<void>): Promise<{ lang: string | null; title: string; body: string }> {
  const [doc] = await Promise.all([web.context.waitForEvent('page'), open()]);
  watchConsole(doc, web.consoleErrors);
  await doc.locator('h1').waitFor();
  const result = { lang: await doc.locator('html').getAttribute('lang'), title: await doc.locator('h1').innerText(), body: await doc.locator('body').innerText() };
  await doc.close();
  return result;
}

describe('language of the printed assessment and record of processing', () => {
  const dir = tempDir('premises-doclang-browser-');
  let rtsp: RtspServer;
  let premises: PremisesProcess;
  let web: BrowserFixture;
  let page: Page;
  let origin = '';

  before(async () => {
    rtsp = await RtspServer.start({ door: 'live:640x360@15' });
    const config = await writeConfig(dir.path, [{ id: 'door', rtsp: rtsp.url('door') }], { top: ['jurisdiction: QC', 'timezone: America/Montreal', 'site: { languages: [fr, en] }'] });
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

  it('offers French first under QC and switches the printed documents to English', async () => {
    await logInPage(page, origin, 'owner', PASSWORD);

    // Assessment: French is the default, the print is the EFVP in French; English on request.
    await page.getByRole('link', { name: 'Assessment', exact: true }).click();
    await page.getByRole('heading', { name: 'Privacy impact assessment', exact: true }).waitFor();
    const picker = page.getByLabel('Language of the printed document');
    assert.equal(await picker.inputValue(), 'fr', 'French is chosen first: the law requires it');
    const offered = await Promise.all((await picker.locator('option').all()).map((o) => o.getAttribute('value')));
    assert.deepEqual(offered, ['fr', 'en'], 'the site languages, the required one first');
    const print = page.getByRole('link', { name: 'Print the assessment as it stands' });
    const fr = await printed(web, () => print.click());
    assert.equal(fr.lang, 'fr');
    assert.equal(fr.title, 'Évaluation des facteurs relatifs à la vie privée (EFVP) : vidéosurveillance');
    assert.match(fr.body, /Le problème/);
    assert.match(fr.body, /Aucune évaluation enregistrée/);
    await picker.selectOption('en');
    await screenshot(page, ARTIFACTS, '01-assessment-english');
    const en = await printed(web, () => print.click());
    assert.equal(en.lang, 'en');
    assert.equal(en.title, 'Privacy impact and legitimate-interest assessment: video surveillance');
    assert.match(en.body, /The problem/);

    // Compliance: the record of processing, French first, then English.
    await page.getByRole('link', { name: 'Compliance', exact: true }).click();
    const reportPicker = page.getByLabel('Language of the printed document');
    await reportPicker.waitFor();
    assert.equal(await reportPicker.inputValue(), 'fr');
    const report = page.getByRole('link', { name: 'Print the record of processing' });
    const frReport = await printed(web, () => report.click());
    assert.equal(frReport.lang, 'fr');
    assert.equal(frReport.title, 'Registre des activités de traitement : vidéosurveillance');
    assert.match(frReport.body, /Délai de réponse aux demandes d'accès : 30 jours \(art\. 32\), sans prolongation/);
    await reportPicker.selectOption('en');
    const enReport = await printed(web, () => report.click());
    assert.equal(enReport.lang, 'en');
    assert.equal(enReport.title, 'Record of processing: video surveillance');
    await screenshot(page, ARTIFACTS, '02-compliance-english');

    assert.deepEqual(web.consoleErrors, [], 'no console errors (CSP violations included)');
    assert.deepEqual(web.foreign, [], 'the browser asked no other host for anything');
  });
});
