import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configSchema, type Config } from '../../src/config/schema.js';
import { documentLanguage, documentLanguages } from '../../src/policy/consent/document-language.js';
import { dpiaFacts, dpiaReview, renderDpia } from '../../src/policy/consent/dpia.js';
import { DPIA_TEXT } from '../../src/policy/consent/dpia-text.js';
import { renderReport } from '../../src/policy/consent/report.js';
import { REPORT_TEXT } from '../../src/policy/consent/report-text.js';
import { signInputsFromConfig } from '../../src/policy/consent/signage.js';
import type { SignStatus } from '../../src/policy/consent/signage-store.js';
import { LANGUAGE_CODES, type Language } from '../../src/shared/languages.js';

/**
 * The record of processing and the assessment in every document language:
 * each catalog complete (the type checker sees to the keys; this checks no
 * sentence is empty or left in English), the language chosen as the profile
 * and site ask, and a Quebec record in French carrying what the law asks
 * the record to hold.
 */

// ---------------------------------------------------------------------------
// Every sentence of every catalog, with arguments for the ones that take some.

/** Arguments to call a catalog function with; several sets where the wording branches. */
const ARGS: Readonly<Record<string, readonly (readonly unknown[])[]>> = {
  title: [[true], [false]],
  name: [[true], [false]],
  containment: [[{ mode: 'contained', interface: 'eth1', subnet: '10.77.0.0/24' }], [{ mode: 'failed', summary: 'S1' }], [{ mode: 'not-contained' }]],
  'sign.current': [[null], [{ day: 'D1', by: 'B1' }]],
  'sign.stale': [[null], ['R1']],
  'signStatus.staleReprinted': [[null], ['R1']],
  'signStatus.stale': [[null], ['R1']],
  masks: [['2', null], ['2', 'BY1']],
  audioOn: [[null], ['J1']],
  audioLine: [['C1', null, true], ['C1', 'J1', false]],
  diningLine: [['C1', null], ['C1', 'J1']],
  retention: [['P1', 'P2', null], ['P1', 'P2', 'P3']],
  auditEntries: [['3', null], ['3', 'W1']],
  viewersDefault: [[null], ['N1']],
  workstationFlag: [['C1', 'A1', 'FR', 'B1', true], ['C1', 'A1', 'FR', 'B1', false]],
  'maskedBy.camera': [[null], ['W1']],
  'staff.who': [['N1', '7', true], ['N1', '7', false]],
  'routine.flag': [['U1', '4', null, '30', 'C1', '0'], ['U1', null, '15', '30', 'C1', '0'], ['U1', '4', '15', '30', 'C1', '2']],
};

/** Every leaf of a catalog as [path, text], functions called with ARGS (or placeholder strings). */
function sentences(node: unknown, path = ''): [string, string][] {
  if (typeof node === 'string') return [[path, node]];
  if (typeof node === 'function') {
    const fn = node as (...a: unknown[]) => string;
    const key = ARGS[path] ? path : path.split('.').slice(-1)[0] ?? path;
    const sets = ARGS[key] ?? [Array.from({ length: fn.length }, (_, i) => `ARG${i}`)];
    return sets.map((a, i) => [`${path}(${i})`, fn(...a)]);
  }
  if (Array.isArray(node)) return node.flatMap((v, i) => sentences(v, `${path}[${i}]`));
  if (node && typeof node === 'object') return Object.entries(node).flatMap(([k, v]) => sentences(v, path ? `${path}.${k}` : k));
  throw new Error(`${path}: unexpected ${typeof node} in a catalog`);
}

/** Words that only English would use in these texts; any of them in a French or Spanish sentence is an untranslated phrase. */
const ENGLISH = /\b(the|and|of|is|are|footage|camera|cameras|not|with|every|which|who|none|yes|until|since|staff|review|version saved|retention|record)\b/i;
const HAN = /\p{Script=Han}/u;
/** Where Spanish writes the label separator as English does. */
const SAME_AS_ENGLISH = new Set(['sep']);

void describe('document catalogs: every language complete', () => {
  for (const [name, catalog] of [
    ['record of processing (REPORT_TEXT)', REPORT_TEXT],
    ['assessment (DPIA_TEXT)', DPIA_TEXT],
  ] as const) {
    const english = new Map(sentences(catalog.en));
    for (const lang of LANGUAGE_CODES) {
      void it(`${name}: ${lang} has every sentence, none empty${lang === 'en' ? '' : ', none left in English'}`, () => {
        const own = sentences(catalog[lang]);
        assert.ok(own.length > 80, 'every sentence is walked');
        assert.deepEqual(
          own.map(([p]) => p),
          [...english.keys()],
          'the same sentences as English',
        );
        for (const [path, text] of own) {
          assert.ok(text.trim().length > 0, `${lang} ${path} is empty`);
          assert.doesNotMatch(text, /undefined|\[object/, `${lang} ${path}: ${text}`);
          if (lang === 'en') continue;
          // Placeholders and law references aside, a translated sentence differs from the English one.
          if (!/^ARG\d( |$)/.test(text) && !SAME_AS_ENGLISH.has(path)) assert.notEqual(text, english.get(path), `${lang} ${path} is still the English text`);
          const words = text.replace(/ARG\d|[A-Z]\d|premises [a-z ]+|Premises|sha256|UK GDPR|GDPR|eth1/g, '');
          if (lang === 'fr' || lang === 'es') assert.doesNotMatch(words, ENGLISH, `${lang} ${path} reads as English: ${text}`);
          else if (words.replace(/[\s\d\p{P}\p{S}]/gu, '').length > 0) assert.match(words, HAN, `${lang} ${path} has no Chinese: ${text}`);
        }
      });
    }
  }
});

// ---------------------------------------------------------------------------
// Which language

function config(over: Record<string, unknown>): Config {
  return configSchema.parse({
    business: { name: 'Café Test', address: '1 rue Test, Montréal', contact: { name: 'Camille Roy', email: 'camille@cafe.example' } },
    cameras: [],
    ...over,
  });
}

void describe('the language a document is written in', () => {
  void it('defaults to the language the profile requires, else the site first language; offers the site languages and English', () => {
    assert.deepEqual(documentLanguages(config({ jurisdiction: 'QC' })), { offered: ['fr', 'en'], default: 'fr' });
    assert.deepEqual(documentLanguages(config({ jurisdiction: 'FR', site: { languages: ['fr', 'es'] } })), { offered: ['fr', 'es', 'en'], default: 'fr' });
    assert.deepEqual(documentLanguages(config({ jurisdiction: 'CA-BC', site: { languages: ['zh-Hant', 'en'] } })), { offered: ['zh-Hant', 'en'], default: 'zh-Hant' });
    assert.equal(documentLanguages(config({ jurisdiction: 'EU' })).default, 'en');
    assert.equal(documentLanguage(config({ jurisdiction: 'QC' }), undefined), 'fr');
    assert.equal(documentLanguage(config({ jurisdiction: 'QC' }), 'en'), 'en');
    assert.throws(() => documentLanguage(config({ jurisdiction: 'QC' }), 'es'), /--lang es: write one of fr, en/);
    assert.throws(() => documentLanguage(config({ jurisdiction: 'QC' }), 'de', 'lang'), /lang de: write one of fr, en/);
  });
});

// ---------------------------------------------------------------------------
// A Quebec record of processing, in French

const qc = config({
  jurisdiction: 'QC',
  timezone: 'America/Montreal',
  site: { languages: ['fr', 'en'] },
  cameras: [
    {
      id: 'caisse',
      name: 'Caisse',
      rtsp: 'rtsp://10.0.0.5/s',
      purposes: ['Enquêter sur les écarts de caisse'],
      area: 'cash',
      schedule: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '18:00' }],
      masks: [{ name: 'rue', polygon: [[0, 0], [0.3, 0], [0.3, 0.3]] }],
      signage: { location: 'Porte', date: '2026-11-20', confirmedBy: 'Camille' },
    },
  ],
});

const posted: SignStatus = {
  key: 'notice:caisse',
  camera: 'caisse',
  status: 'current',
  currentSha256: 'a'.repeat(64),
  posted: { printId: 1, sha256: 'a'.repeat(64), confirmedAt: Date.UTC(2026, 10, 20, 15), confirmedBy: 'user:owner' },
  pendingPrintId: undefined,
};

function qcReport(lang: Language): string {
  const inputs = signInputsFromConfig(qc);
  return renderReport({
    config: qc,
    retentionOf: inputs.retentionOf,
    signs: [posted],
    pauses: [{ id: 1, camera: 'caisse', reason: 'client opposé', startedAt: Date.UTC(2026, 11, 1, 15), startedBy: 'user:owner', until: Date.UTC(2026, 11, 1, 17) }],
    audit: { entries: 1234, lastAt: Date.UTC(2026, 11, 6, 15, 30) },
    generatedAt: Date.UTC(2026, 11, 6, 19, 42),
    lang,
    transferList: [{ recipient: 'Assureur inc.', country: 'Ontario, Canada', legalBasis: 'consentement', until: '2027-06-30' }],
    transfers: '1 in force',
    containmentFact: { mode: 'not-contained' },
    maskingWayOf: () => ({ by: 'premises' }),
    dpia: 'DPIA-STATE',
  });
}

/**
 * What a Quebec record of the cameras must hold, read from the Act respecting
 * the protection of personal information in the private sector as amended by
 * Law 25, independently of the catalog: each row is a heading or label the
 * French record must carry and the fact it must state.
 */
const QC_RECORD: readonly { field: string; basis: string; label: RegExp; fact: RegExp }[] = [
  { field: 'who is accountable', basis: 's.3.1 (person in charge of the protection of personal information)', label: /## Responsable du traitement/, fact: /- Personne responsable à contacter : Camille Roy, camille@cafe\.example/ },
  { field: 'the business', basis: 's.3.1, s.8 (the enterprise collecting)', label: /- Entreprise : Café Test/, fact: /- Adresse : 1 rue Test, Montréal/ },
  { field: 'the law applied', basis: 'Law 25', label: /- Régime juridique : Québec, Canada \(Loi sur la protection des renseignements personnels dans le secteur privé, modifiée par la Loi 25\)/, fact: /Loi 25/ },
  { field: 'purposes', basis: 's.4, s.8 (purposes of collection, stated at collection)', label: /\| Caméra \| Zone \| Finalités \|/, fact: /\| Caisse \(caisse\) \| caisse \| Enquêter sur les écarts de caisse \|/ },
  { field: 'retention', basis: 's.3.2 governance policies (retention and destruction), s.23', label: /Conservation \(plafond\)/, fact: /\| 7 jours \(plafond : 30 jours\) \|/ },
  { field: 'default retention and cap', basis: 's.3.2, s.23', label: /- Durée de conservation par défaut : 7 jours ; plafond sans justification consignée : 30 jours/, fact: /7 jours/ },
  { field: 'when recording happens', basis: 's.8 (means of collection)', label: /Plages d'enregistrement/, fact: /lun\., mar\., mer\., jeu\., ven\. 08:00–18:00|lun.*08:00–18:00/ },
  { field: 'who may see it', basis: 's.8 (who within the enterprise has access), s.20', label: /- Personnes autorisées à visionner les images : Camille Roy et les personnes qu'il ou elle autorise/, fact: /Camille Roy/ },
  { field: 'recipients and communication outside Quebec', basis: 's.8 (third parties), s.17 (communication outside Quebec)', label: /## Destinataires et transferts/, fact: /- Destinataires : Assureur inc\. \(Ontario, Canada\)\. Chaque communication est journalisée\./ },
  { field: 'access within 30 days', basis: 's.32 (30 days)', label: /- Délai de réponse aux demandes d'accès : 30 jours \(art\. 32\), sans prolongation/, fact: /art\. 32/ },
  { field: 'security measures', basis: 's.10 (reasonable security measures)', label: /## Journal d'audit/, fact: /\| 1 zone\(s\) masquée\(s\), par Premises \(réencodage avant stockage\) \|/ },
  { field: 'the assessment', basis: 's.3.3 (privacy impact assessment, EFVP)', label: /## Évaluation des facteurs relatifs à la vie privée \(EFVP\)/, fact: /DPIA-STATE/ },
  { field: 'signage at collection', basis: 's.8 (informed at collection)', label: /## Affichage/, fact: /- notice:caisse : à jour \(posée, confirmée le 20 novembre 2026 .* par user:owner\)|- notice:caisse: à jour/ },
];

void describe('the record of processing in French for a Quebec site', () => {
  const text = qcReport('fr');
  for (const row of QC_RECORD) {
    void it(`${row.field} (${row.basis})`, () => {
      assert.match(text, row.label);
      assert.match(text, row.fact);
    });
  }

  void it('is French throughout its own words: title, dates and numbers as written in Quebec, no English heading', () => {
    assert.match(text, /^# Registre des activités de traitement : vidéosurveillance/);
    assert.match(text, /Établi le 6 décembre 2026 à 14 h 42 HNE par Premises/);
    assert.match(text, /- Entrées : 1\s234, dernière le 6 décembre 2026 à 10 h 30 HNE/);
    assert.match(text, /- caisse : depuis le 1 décembre 2026 à 10 h 00 HNE, par user:owner, pour 2 heures \(jusqu'au 1 décembre 2026 à 12 h 00 HNE\) : client opposé/);
    assert.match(text, /\*\*Conforme : chaque caméra/);
    const headings = text.split('\n').filter((l) => l.startsWith('#'));
    assert.deepEqual(
      headings.filter((h) => REPORT_TEXT.en.title === h.slice(2) || /Cameras|Signage|Audit log|Controller|Recipients/.test(h)),
      [],
      'no heading left in English',
    );
  });

  void it('the same record in English is unchanged: English catalog text, ISO dates', () => {
    const en = qcReport('en');
    assert.match(en, /^# Record of processing: video surveillance/);
    assert.match(en, /Generated 2026-12-06T19:42:00\.000Z by Premises/);
    assert.match(en, /\| Caisse \(caisse\) \| cash \| Enquêter sur les écarts de caisse \| 7 days \(30 days\) \|/);
  });
});

// ---------------------------------------------------------------------------
// The assessment in every language

void describe('the assessment in every language', () => {
  const facts = dpiaFacts({
    sign: signInputsFromConfig(qc),
    containment: 'English containment sentence',
    containmentFact: { mode: 'contained', interface: 'eth1', subnet: '10.77.0.0/24' },
    maskingWayOf: () => ({ by: 'camera', verifiedAt: Date.UTC(2026, 11, 1) }),
    accessRequests: { last12Months: 1200, open: 1, overdue: 0 },
    staff: { count: 3, acknowledgedCurrent: 2 },
    routineViewingFlags: 0,
  });
  const answers = { problem: 'Des écarts de caisse chaque semaine depuis mars.' };
  const saved = Date.UTC(2026, 1, 10, 9);
  const review = dpiaReview({ version: 1, savedAt: saved, savedBy: 'user:owner', factsSha256: 'other' }, 'now', saved + 1000);

  void it('French for Quebec: the EFVP, its questions, the facts filled in, the answer as typed', () => {
    const text = renderDpia(facts, answers, { generatedAt: Date.UTC(2026, 11, 6, 19, 42), jurisdiction: 'QC', timezone: 'America/Montreal', lang: 'fr', review });
    assert.match(text, /^# Évaluation des facteurs relatifs à la vie privée \(EFVP\) : vidéosurveillance/);
    assert.match(text, /PROJET établi le 6 décembre 2026 à 14 h 42 HNE : non enregistré/);
    assert.match(text, /\*\*RÉEXAMEN NÉCESSAIRE : .* version 1 le 10 février 2026\./);
    assert.match(text, /- Régime juridique : Québec, Canada/);
    assert.match(text, /\| Caisse \(caisse\) \| caisse \| Enquêter sur les écarts de caisse \| lun\., mar\., mer\., jeu\., ven\. 08:00–18:00|\| Caisse \(caisse\) \| caisse \| Enquêter sur les écarts de caisse \| .*08:00–18:00/);
    assert.match(text, /\| désactivé \| 1 zone\(s\) masquée\(s\), par la caméra elle-même \(vérifié le 30 novembre 2026 à 19 h 00 HNE\) \| 7 jours \| non indiquée pour ce régime juridique \|/);
    assert.match(text, /- Connexions propres des caméras : Isolées : les caméras sont sur leur propre réseau \(eth1, 10\.77\.0\.0\/24\)/);
    assert.match(text, /- Demandes d'accès au cours des 12 derniers mois : 1\s200 \(1 en cours, 0 en retard\)/);
    assert.match(text, /### Le problème\n\nQuestion : À quel problème/);
    assert.match(text, /Des écarts de caisse chaque semaine depuis mars\./);
    assert.match(text, /### Nécessité\n\nQuestion : .*\n\n\*\*Pas encore de réponse\.\*\*/);
    assert.match(text, /### Consultation du personnel \(facultatif\)/);
  });

  void it('English is what it always was; Spanish and Chinese print their own words', () => {
    const en = renderDpia(facts, answers, { generatedAt: Date.UTC(2026, 11, 6, 19, 42), jurisdiction: 'QC', review });
    assert.match(en, /^# Privacy impact and legitimate-interest assessment: video surveillance/);
    assert.match(en, /DRAFT generated 2026-12-06T19:42:00\.000Z/);
    assert.match(en, /\*\*REVIEW NEEDED: the cameras, viewers or transfers changed since version 1 was saved 2026-02-10\./);
    assert.match(en, /English containment sentence/);
    const es = renderDpia(facts, answers, { generatedAt: 0, jurisdiction: 'QC', lang: 'es' });
    assert.match(es, /### El problema/);
    assert.match(es, /Solicitudes de acceso en los últimos 12 meses: 1200 \(1 abiertas, 0 vencidas\)|Solicitudes de acceso en los últimos 12 meses: 1\.200/);
    const hans = renderDpia(facts, answers, { generatedAt: 0, jurisdiction: 'QC', lang: 'zh-Hans' });
    assert.match(hans, /### 问题/);
    assert.match(hans, /7 天/);
    const hant = renderDpia(facts, answers, { generatedAt: 0, jurisdiction: 'QC', lang: 'zh-Hant' });
    assert.match(hant, /### 問題/);
  });

  void it('a version saved before the facts carried their data prints its fact cells as saved', () => {
    const { detail: _detail, ...old } = facts;
    const text = renderDpia(old, answers, { generatedAt: 0, jurisdiction: 'QC', lang: 'fr' });
    assert.match(text, /\| 7 days \|/);
    assert.match(text, /English containment sentence/);
    assert.match(text, /### Le problème/);
  });
});
