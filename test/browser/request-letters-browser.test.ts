import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { createOwner, logInPage, openBrowser, screenshot, setupTokenIn, watchConsole, type BrowserFixture } from '../support/browser.js';
import { PremisesProcess, REPO_ROOT, runCli, tempDir, writeConfig } from '../support/premises.js';
import { freePort } from '../support/rtsp.js';
import { stopAll } from '../support/teardown.js';
import { configSchema } from '../../src/config/schema.js';
import { renderLetter } from '../../src/disclosure/requests/letters.js';
import { sampleAccessRequest } from '../support/access-request.js';
import { LANGUAGE_CODES } from '../../src/shared/languages.js';

/**
 * A restaurant manager answers an access request from the dashboard alone,
 * under the FR profile with the site in French and English: records the
 * request with the requester's language, opens the acknowledgement and the
 * response from the Requests page, and each prints on one A4 page (and one
 * Letter page) in Debian's chromium, in French, with the requester's name
 * (which carries a script tag) shown as text. No console error (a CSP
 * violation is one), no request to another host.
 */
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'request-letters');
const OWNER_PW = 'owner passphrase letters browser';
const MANAGER_PW = 'manager passphrase letters browser';
const NAME = '<script>document.title="pwned"</script> Dupont';

/** Pages in a PDF chromium wrote: one page object per page (as signage-languages-browser.test.ts counts them). */
function pdfPages(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
}

describe('access-request letters opened from the Requests page', () => {
  const dir = tempDir('premises-letters-browser-');
  let premises: PremisesProcess;
  let web: BrowserFixture;
  let page: Page;
  let origin = '';
  const shot = (p: Page, name: string) => screenshot(p, ARTIFACTS, name);

  before(async () => {
    // The camera never connects: a request needs a known camera, not footage.
    const config = await writeConfig(dir.path, [{ id: 'door', rtsp: `rtsp://127.0.0.1:${await freePort()}/door` }], {
      top: ['jurisdiction: FR', 'timezone: Europe/Paris', 'site: { languages: [fr, en] }'],
    });
    origin = `http://127.0.0.1:${config.port}`;
    premises = PremisesProcess.start(config.path, config.port);
    await premises.waitFor((h) => h.cameras.some((c) => c.id === 'door'), 30_000, 'camera door known');
    const link = runCli(['setup-link', '--config', config.path]);
    assert.equal(link.code, 0, link.stderr);
    const owner = await createOwner(origin, setupTokenIn(link.stdout), OWNER_PW);
    assert.equal((await owner.request('POST', '/api/users', { username: 'manager', password: MANAGER_PW, role: 'manager' })).status, 201);
    web = await openBrowser(dir.path, { origin });
    page = web.page;
  });

  after(() => stopAll(web, premises, dir));

  /** The letter the link opens, in a new tab: French, the name as text, one printed page on A4 and on Letter. */
  async function openLetter(name: string, expect: RegExp): Promise<void> {
    const card = page.locator('article[data-request="1"]');
    const [letter] = await Promise.all([web.context.waitForEvent('page'), card.getByRole('link', { name }).click()]);
    watchConsole(letter, web.consoleErrors);
    await letter.waitForLoadState('load');
    assert.equal(await letter.locator('html').getAttribute('lang'), 'fr');
    const text = await letter.locator('body').innerText();
    assert.match(text, expect);
    assert.ok(text.includes(NAME), 'the name, script tag and all, is shown as text');
    assert.equal(await letter.locator('script').count(), 0, 'and runs nothing');
    assert.notEqual(await letter.title(), 'pwned');
    await letter.emulateMedia({ media: 'print' });
    await screenshot(letter, ARTIFACTS, name.replace(/\W+/g, '-'));
    assert.equal(pdfPages(await letter.pdf({ preferCSSPageSize: true })), 1, `${name}: one printed A4 page`);
    await letter.goto(`${letter.url()}&paper=letter`);
    assert.equal(pdfPages(await letter.pdf({ preferCSSPageSize: true })), 1, `${name}: one printed Letter page`);
    await letter.close();
  }

  it('the manager records a request in French and opens its letters, each one A4 page', async () => {
    await logInPage(page, origin, 'manager', MANAGER_PW);
    await page.getByRole('link', { name: 'Access requests' }).click();
    await page.getByRole('heading', { name: 'Access requests', exact: true }).waitFor();
    await page.getByLabel('Requester').fill(NAME);
    await page.getByLabel('How their identity was checked').fill("carte d'identité vue au comptoir");
    await page.getByLabel('Received on').fill('2026-03-10');
    await page.locator('fieldset', { hasText: 'Cameras that may show the requester' }).getByRole('checkbox').first().check();
    await page.getByLabel('From (your local time)').fill('2026-03-09T18:00');
    await page.getByLabel('To (your local time)').fill('2026-03-09T19:00');
    await page.getByLabel('What they asked for').fill('dîner du 9 mars, manteau bleu');
    assert.deepEqual(await page.getByLabel('Language of their letters').locator('option').allTextContents(), ['French (Français)', 'English']);
    await page.getByLabel('Language of their letters').selectOption('fr');
    await page.getByRole('button', { name: 'Record the request and hold its footage' }).click();
    const card = page.locator('article[data-request="1"]');
    await card.getByText('In French (Français), the language recorded for').waitFor();
    await card.getByRole('heading', { name: `Request 1: ${NAME}` }).waitFor();
    await shot(page, '01-request');

    // FR: one month from receipt, 2026-04-10.
    await openLetter('Open the acknowledgement letter of request 1', /Nous vous répondrons au plus tard le 2026-04-10/);
    // No export made for it yet: the response says no footage of them is held.
    assert.equal(await card.getByLabel('What the response to request 1 encloses').inputValue(), '');
    await openLetter('Open the response letter of request 1', /ne détenons aucune image de vous pour cette période/);

    assert.deepEqual(web.consoleErrors, []);
    assert.deepEqual(web.foreign, []);
  });

  it('the longest letter, a response enclosing an export after earlier disclosures, fits one A4 and one Letter page in every language', async () => {
    const config = configSchema.parse({
      jurisdiction: 'FR',
      timezone: 'Europe/Paris',
      site: { languages: ['fr', 'en'] },
      business: {
        name: 'Brasserie du Marché Saint-Honoré',
        address: '123 rue du Faubourg Saint-Honoré, 75008 Paris',
        contact: { name: 'Responsable de la protection des données', email: 'protection.donnees@brasserie-saint-honore.example', phone: '+33 1 23 45 67 89' },
      },
      cameras: [],
    });
    const request = sampleAccessRequest({
      id: 1234,
      requester: 'Marie-Hélène de La Tour-Fontaine',
      receivedOn: '2026-03-10',
      jurisdiction: 'FR',
      cameras: ['caisse-principale', 'entree-rue', 'terrasse'],
      fromMs: Date.parse('2026-03-09T17:00:00Z'),
      toMs: Date.parse('2026-03-09T19:30:00Z'),
      dueOn: '2026-04-10',
      extendedDueOn: '2026-06-10',
      language: 'fr',
    });
    const letter = await web.context.newPage();
    watchConsole(letter, web.consoleErrors);
    for (const lang of LANGUAGE_CODES) {
      for (const paper of ['a4', 'letter'] as const) {
        const html = renderLetter({
          kind: 'response',
          lang,
          request,
          config,
          paper,
          today: '2026-04-02',
          purposesOf: (id) => (id === 'caisse-principale' ? ['Enquêter sur les écarts de caisse et les vols signalés'] : ['Identifier les personnes qui entrent par effraction après la fermeture']),
          exportId: '20260402T101500Z-a1b2c3',
          enclosed: { files: 9, cameras: request.cameras, fromMs: request.fromMs, toMs: request.toMs, manifestSha256: 'f'.repeat(64), fingerprint: ('ab12 '.repeat(16)).trim() },
          disclosures: [
            { at: '2026-03-12T10:00:00.000Z', exportId: 'a', by: 'user:owner', requestedBy: 'Préfecture de police de Paris, commissariat du 8e arrondissement', legalBasis: 'réquisition judiciaire, art. 60-1 du code de procédure pénale' },
            { at: '2026-03-20T10:00:00.000Z', exportId: 'b', by: 'user:owner', requestedBy: "Assurances Exemple SA, service des sinistres", legalBasis: 'intérêt légitime (RGPD art. 6(1)(f)) : déclaration de sinistre' },
          ],
        });
        await letter.setContent(html);
        await letter.emulateMedia({ media: 'print' });
        if (paper === 'a4') await screenshot(letter, ARTIFACTS, `longest-${lang}`);
        assert.equal(pdfPages(await letter.pdf({ preferCSSPageSize: true })), 1, `${lang} on ${paper}: one printed page`);
      }
    }
    await letter.close();
    assert.deepEqual(web.consoleErrors, []);
  });
});

