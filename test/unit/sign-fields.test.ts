import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configSchema, JURISDICTIONS, type Config, type Jurisdiction } from '../../src/config/schema.js';
import { RETENTION_PROFILES } from '../../src/config/retention.js';
import { accessRequestDeadline } from '../../src/disclosure/requests/deadline.js';
import { noticeSign, policySign, signInputsFromConfig, signLanguages, type NoticeContent } from '../../src/policy/consent/signage.js';
import { renderSignsHtml } from '../../src/policy/consent/signage-html.js';
import { LANGUAGE_CODES, type Language } from '../../src/shared/languages.js';

/**
 * What each law asks the first-layer sign to say, written here from the
 * sources (shared privacy-law reference; EDPB 3/2019 ¶114–115; the CNIL's
 * model workplace sign; Quebec Law 25 s.8; CNPD Luxembourg), independently of
 * the profile table, and checked against the rendered sign of each profile in
 * every language.
 */
type Field = 'recording' | 'audio' | 'purposes' | 'retention' | 'access' | 'elsewhere' | 'controller' | 'contact' | 'rights' | 'complaints' | 'moreInfo';
const EVERY: Field[] = ['recording', 'audio', 'purposes', 'retention', 'access', 'elsewhere', 'controller', 'contact', 'moreInfo'];
const REQUIRED: Record<Jurisdiction, { fields: Field[]; regulator: RegExp | null; retentionDays: number }> = {
  'CA-BC': { fields: EVERY, regulator: null, retentionDays: 7 },
  CA: { fields: EVERY, regulator: null, retentionDays: 7 },
  // Law 25: rights of access and rectification at collection; the CAI hears complaints.
  QC: { fields: [...EVERY, 'rights', 'complaints'], regulator: /cai\.gouv\.qc\.ca/, retentionDays: 7 },
  EU: { fields: [...EVERY, 'rights', 'complaints'], regulator: null, retentionDays: 3 },
  // CNIL: purpose, retention, controller, DPO/contact, rights, the right to complain to the CNIL.
  FR: { fields: [...EVERY, 'rights', 'complaints'], regulator: /cnil\.fr/, retentionDays: 7 },
  LU: { fields: [...EVERY, 'rights', 'complaints'], regulator: /cnpd\.lu/, retentionDays: 8 },
  UK: { fields: [...EVERY, 'rights', 'complaints'], regulator: /ico\.org\.uk/, retentionDays: 7 },
  custom: { fields: EVERY, regulator: null, retentionDays: 7 },
};

function config(jurisdiction: Jurisdiction, languages: Language[]): Config {
  return configSchema.parse({
    jurisdiction,
    timezone: 'Europe/Paris',
    site: { languages },
    business: { name: 'Chez Test', address: '1 rue Haute, Lyon', contact: { name: 'Camille Martin', email: 'dpo@chez.example', phone: '+33 4 00 00 00 00' } },
    cameras: [{ id: 'till', name: 'Till', rtsp: 'rtsp://10.0.0.5/s', purposes: ['Investigate till discrepancies'], area: 'cash' }],
  });
}

/** The sections of one language block of a rendered notice, by data-field. */
function blockOf(html: string, lang: Language): string {
  const start = html.indexOf(`data-lang="${lang}"`);
  assert.ok(start >= 0, `no ${lang} block`);
  const next = html.indexOf('class="lang-block', start + 1);
  return html.slice(start, next < 0 ? undefined : next);
}

function fieldText(block: string, field: Field): string | undefined {
  const m = new RegExp(`data-field="${field}">(.*?)</div>`, 's').exec(block);
  return m?.[1];
}

void describe('what each profile\'s sign must say', () => {
  for (const j of JURISDICTIONS) {
    void it(`${j}: every field its law asks for, in every language`, () => {
      const rule = REQUIRED[j];
      // The required language first where there is one (the config refuses anything else).
      const all: Language[] = j === 'QC' || j === 'FR' ? ['fr', ...LANGUAGE_CODES.filter((l) => l !== 'fr')] : [...LANGUAGE_CODES];
      // A sign holds at most three languages: every language is checked, three at a time.
      for (const langs of [all.slice(0, 3), [all[0]!, ...all.slice(3)]]) {
      const cfg = config(j, langs);
      const camera = cfg.cameras[0]!;
      const sign = noticeSign(signInputsFromConfig(cfg), camera);
      const html = renderSignsHtml([sign], 'a4');
      assert.deepEqual((sign.content as NoticeContent).blocks.map((b) => b.lang), langs);
      for (const lang of langs) {
        const block = blockOf(html, lang);
        assert.match(block, /<h1>[^<]+/, `${j}/${lang}: the title says recording is in use`);
        for (const field of rule.fields.filter((f) => f !== 'recording')) {
          const text = fieldText(block, field);
          assert.ok(text !== undefined && text.replace(/<[^>]+>/g, '').trim().length > 0, `${j}/${lang}: the ${field} field is missing or empty`);
        }
        assert.match(fieldText(block, 'purposes') ?? '', /Investigate till discrepancies/);
        assert.match(fieldText(block, 'controller') ?? '', /Chez Test/);
        assert.match(fieldText(block, 'contact') ?? '', /dpo@chez\.example/);
        assert.match(fieldText(block, 'retention') ?? '', new RegExp(`<strong>${rule.retentionDays === 3 ? 72 : rule.retentionDays}\\b`), `${j}/${lang}: the retention figure the sweeper enforces`);
        if (rule.regulator) assert.match(fieldText(block, 'complaints') ?? '', rule.regulator, `${j}/${lang}: names where to complain`);
        if (!rule.fields.includes('rights')) assert.equal(fieldText(block, 'rights'), undefined, `${j}/${lang}: no rights section the law does not ask for`);
      }
      }
    });
  }

  void it('the retention default of each profile is what the sweeper enforces', () => {
    for (const j of JURISDICTIONS) {
      const ms = RETENTION_PROFILES[j].defaultMaxAgeMs;
      assert.equal(ms, REQUIRED[j].retentionDays === 3 ? 72 * 3_600_000 : REQUIRED[j].retentionDays * 86_400_000, j);
    }
  });

  void it('the policy page is one page per language, main language first', () => {
    const cfg = config('QC', ['fr', 'en']);
    const html = renderSignsHtml([policySign(signInputsFromConfig(cfg))], 'letter');
    const pages = [...html.matchAll(/<section class="page policy" lang="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(pages, ['fr', 'en']);
    assert.match(html, /Politique de vidéosurveillance/);
    assert.match(html, /30 jours \(art\. 32\), sans prolongation/);
  });
});

void describe('site.languages and the profile\'s language', () => {
  const parse = (j: Jurisdiction, languages?: unknown) =>
    configSchema.safeParse({ jurisdiction: j, ...(languages === undefined ? {} : { site: { languages } }), cameras: [] });
  const message = (r: ReturnType<typeof parse>) => (r.success ? '' : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));

  void it('QC and FR refuse notices without French first, naming the key', () => {
    assert.match(message(parse('QC', ['en'])), /^site\.languages: the QC profile requires French on public notices \(Charter of the French Language/m);
    assert.match(message(parse('QC', ['en', 'fr'])), /^site\.languages: the QC profile requires French first/m);
    assert.match(message(parse('FR', ['es'])), /^site\.languages: the FR profile requires French on public notices \(loi n° 94-665/m);
    assert.equal(parse('QC', ['fr', 'en', 'zh-Hant']).success, true);
  });

  void it('the default is the profile\'s language; unknown or repeated codes are refused', () => {
    const qc = parse('QC');
    assert.ok(qc.success);
    assert.deepEqual(signLanguages(qc.data), ['fr']);
    const bc = parse('CA-BC');
    assert.ok(bc.success);
    assert.deepEqual(signLanguages(bc.data), ['en']);
    assert.match(message(parse('CA-BC', ['de'])), /site\.languages\.0: "de" is not a notice language; write one of en, fr, es, zh-Hans, zh-Hant/);
    assert.match(message(parse('CA-BC', ['en', 'en'])), /site\.languages: a language is listed twice/);
    assert.match(message(parse('CA-BC', [])), /site\.languages: list at least one language/);
    assert.match(message(parse('CA-BC', ['en', 'fr', 'es', 'zh-Hans'])), /site\.languages: a sign holds at most three languages/);
  });
});

void describe('retention caps and deadlines of the new profiles', () => {
  const withCamera = (j: Jurisdiction, retention: Record<string, unknown>) =>
    configSchema.safeParse({ jurisdiction: j, cameras: [{ id: 'a', rtsp: 'rtsp://h/s', retention }] });

  void it('FR: one month is the law\'s maximum, which no justification lifts', () => {
    const r = withCamera('FR', { maxAge: '45d', justification: 'We would like to keep footage for longer than a month' });
    assert.equal(r.success, false);
    assert.match(r.success ? '' : r.error.issues[0]!.message, /above the FR limit of 30d, which no justification lifts.*premises hold add/);
    assert.equal(withCamera('FR', { maxAge: '30d' }).success, true);
  });

  void it('LU: 8 days by default, up to 30 only with the reason recorded', () => {
    assert.equal(RETENTION_PROFILES.LU.defaultMaxAgeMs, 8 * 86_400_000);
    assert.equal(RETENTION_PROFILES.LU.capMaxAgeMs, 8 * 86_400_000);
    assert.equal(withCamera('LU', { maxAge: '8d' }).success, true);
    assert.match(JSON.stringify(withCamera('LU', { maxAge: '20d' })), /above the LU cap of 8d.*add retention\.justification/);
    assert.equal(withCamera('LU', { maxAge: '20d', justification: 'Deliveries are checked against invoices every fortnight' }).success, true);
    assert.match(
      JSON.stringify(withCamera('LU', { maxAge: '40d', justification: 'Deliveries are checked against invoices every fortnight' })),
      /above the LU limit of 30d, which no justification lifts/,
    );
  });

  void it('QC answers in 30 days with no extension; FR and LU in one month, extendable by two', () => {
    assert.deepEqual(accessRequestDeadline('QC', '2026-03-10'), { due: '2026-04-09', extendedDue: '2026-04-09', rule: accessRequestDeadline('QC', '2026-03-10').rule });
    assert.match(accessRequestDeadline('QC', '2026-03-10').rule, /P-39\.1\) s\.32/);
    assert.equal(accessRequestDeadline('FR', '2026-03-10').due, '2026-04-10');
    assert.equal(accessRequestDeadline('LU', '2026-03-10').extendedDue, '2026-06-10');
  });
});
