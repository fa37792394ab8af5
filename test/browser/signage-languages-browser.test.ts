import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { configSchema, type Jurisdiction } from '../../src/config/schema.js';
import { noticeSign, signInputsFromConfig } from '../../src/policy/consent/signage.js';
import { renderSignsHtml, type Paper } from '../../src/policy/consent/signage-html.js';
import { LANGUAGE_CODES, type Language } from '../../src/shared/languages.js';
import { openBrowser, type BrowserFixture } from '../support/browser.js';
import { REPO_ROOT, tempDir } from '../support/premises.js';
import { writeFileSync } from 'node:fs';

/**
 * The first-layer sign as Debian's chromium prints it: one A4 page and one
 * Letter page, whatever the language or languages, with no overflow; and
 * under QC the French block is markedly predominant (type at least twice as
 * large, at least twice the area of the other language), as Quebec's
 * regulation on marked predominance asks. The sign carries the longest
 * sentences a sign can have: audio on, a schedule, a transfer policy, the
 * rights and complaint sections of a GDPR/Law 25 profile.
 */
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'signage-languages');

function signHtml(jurisdiction: Jurisdiction, languages: Language[], paper: Paper): string {
  const config = configSchema.parse({
    jurisdiction,
    timezone: 'America/Toronto',
    site: { languages },
    business: {
      name: 'Bistro du Coin',
      address: '1234 rue Sainte-Catherine Ouest, Montréal QC H3G 1P1',
      contact: { name: 'Responsable de la protection des renseignements personnels', email: 'vieprivee@bistro-du-coin.example', phone: '+1 514 555 0100' },
    },
    cameras: [
      {
        id: 'caisse',
        name: 'Caisse principale',
        rtsp: 'rtsp://10.0.0.5/s',
        area: 'cash',
        purposes: ['Enquêter sur les écarts de caisse et les vols signalés', 'Identifier les personnes qui entrent par effraction après la fermeture'],
        audio: true,
        audioJustification: 'Des menaces verbales à la caisse ont été signalées à plusieurs reprises',
        audioInterceptionWarningAcknowledged: true,
        schedule: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '23:00' }, { days: ['sat', 'sun'], from: '10:00', to: '02:00' }],
      },
    ],
  });
  const transfers = { list: [{ recipient: 'Assurances Exemple inc.', country: 'Canada', legalBasis: 'Loi sur le secteur privé, art. 18', until: '2027-12-31' }] };
  return renderSignsHtml([noticeSign(signInputsFromConfig(config, undefined, transfers, 'not-contained'), config.cameras[0]!)], paper);
}

/** A language alone on a sign, under a profile with every section (French under QC, where it is required). */
const aloneUnder = (l: Language): Jurisdiction => (l === 'fr' ? 'QC' : 'EU');

/** Pages in a PDF chromium wrote: one page object per page. */
function pdfPages(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
}

/** The printable area at 96 px per inch, with the sign's 12 mm margins. */
const PRINTABLE: Record<Paper, { width: number; height: number }> = {
  a4: { width: Math.floor(((210 - 24) / 25.4) * 96), height: Math.floor(((297 - 24) / 25.4) * 96) },
  letter: { width: Math.floor(((215.9 - 24) / 25.4) * 96), height: Math.floor(((279.4 - 24) / 25.4) * 96) },
};

/** Runs in the page (the tests' TypeScript has no DOM types): the sign's height, the page's widths, boxes overflowing. */
const MEASURE_FIT = `(() => {
  const sign = document.querySelector('section.page');
  const overflowing = [...sign.querySelectorAll('*')].filter((el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflow !== 'visible').length;
  return { height: sign.getBoundingClientRect().height, scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth, overflowing };
})()`;

/** Runs in the page: where each language block starts, its area, and the type size of its text, title and headings. */
const MEASURE_LANGUAGES = `(() => {
  const measure = (lang) => {
    const block = document.querySelector('.lang-block[data-lang="' + lang + '"]');
    const r = block.getBoundingClientRect();
    const size = (sel) => parseFloat(getComputedStyle(block.querySelector(sel)).fontSize);
    return { top: r.top, area: r.width * r.height, body: size('.field[data-field="purposes"] li'), title: size('h1'), heading: size('h2') };
  };
  return { fr: measure('fr'), en: measure('en') };
})()`;

void describe('signs in every language, printed by chromium', () => {
  const dir = tempDir('premises-sign-langs-');
  let web: BrowserFixture;
  before(async () => {
    web = await openBrowser(dir.path);
  });
  after(async () => {
    await web?.close();
    dir.remove();
  });

  const cases: { name: string; jurisdiction: Jurisdiction; languages: Language[] }[] = [
    ...LANGUAGE_CODES.map((l) => ({ name: l, jurisdiction: aloneUnder(l), languages: [l] })),
    { name: 'qc-fr-en', jurisdiction: 'QC', languages: ['fr', 'en'] },
    { name: 'qc-fr-en-es', jurisdiction: 'QC', languages: ['fr', 'en', 'es'] },
    { name: 'bc-en-zh', jurisdiction: 'CA-BC', languages: ['en', 'zh-Hans'] },
    { name: 'fr-es-zh', jurisdiction: 'FR', languages: ['fr', 'es', 'zh-Hant'] },
    { name: 'en-zh-fr', jurisdiction: 'UK', languages: ['en', 'zh-Hans', 'fr'] },
  ];

  void it('fits one A4 and one Letter page with no overflow, in every language and combination', async () => {
    const page = web.page;
    for (const c of cases) {
      for (const paper of ['a4', 'letter'] as const) {
        const file = join(dir.path, `${c.name}-${paper}.html`);
        writeFileSync(file, signHtml(c.jurisdiction, c.languages, paper));
        await page.setViewportSize(PRINTABLE[paper]);
        await page.goto(`file://${file}`);
        await page.emulateMedia({ media: 'print' });
        const box = await page.evaluate<{ height: number; scrollWidth: number; clientWidth: number; overflowing: number }>(MEASURE_FIT);
        assert.ok(box.height <= PRINTABLE[paper].height, `${c.name} on ${paper}: the sign is ${Math.round(box.height)} px tall, the page has ${PRINTABLE[paper].height}`);
        assert.ok(box.scrollWidth <= box.clientWidth, `${c.name} on ${paper}: wider than the page (${box.scrollWidth} > ${box.clientWidth})`);
        assert.equal(box.overflowing, 0, `${c.name} on ${paper}: an element overflows its box`);
        assert.equal(pdfPages(await page.pdf({ preferCSSPageSize: true })), 1, `${c.name} on ${paper}: one printed page`);
        if (paper === 'letter') await web.shot(ARTIFACTS, c.name);
      }
    }
    assert.deepEqual(web.consoleErrors, []);
  });

  void it('QC: French first, in type twice as large and on at least twice the area of the other language', async () => {
    const page = web.page;
    const file = join(dir.path, 'qc-measure.html');
    writeFileSync(file, signHtml('QC', ['fr', 'en'], 'letter'));
    await page.setViewportSize(PRINTABLE.letter);
    await page.goto(`file://${file}`);
    await page.emulateMedia({ media: 'print' });
    type Block = { top: number; area: number; body: number; title: number; heading: number };
    const m = await page.evaluate<{ fr: Block; en: Block }>(MEASURE_LANGUAGES);
    assert.ok(m.fr.top < m.en.top, 'French comes first');
    for (const k of ['body', 'title', 'heading'] as const) {
      // Type sizes are whole points (10 pt, 5 pt); allow for px rounding only.
      assert.ok(m.fr[k] >= 2 * m.en[k] - 0.01, `French ${k} type is ${m.fr[k]} px, English ${m.en[k]} px: French must be at least twice as large`);
    }
    assert.ok(m.fr.area >= 2 * m.en.area, `French covers ${Math.round(m.fr.area)} px², English ${Math.round(m.en.area)} px²`);
  });
});
