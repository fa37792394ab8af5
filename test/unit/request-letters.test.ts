import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configSchema } from '../../src/config/schema.js';
import { renderLetter } from '../../src/disclosure/requests/letters.js';
import { sampleAccessRequest } from '../support/access-request.js';
import { LANGUAGE_CODES } from '../../src/shared/languages.js';

const request = sampleAccessRequest({
  id: 7,
  requester: 'Jean <Tremblay>',
  receivedOn: '2026-03-10',
  jurisdiction: 'QC',
  cameras: ['till'],
  fromMs: Date.parse('2026-03-09T17:00:00Z'),
  toMs: Date.parse('2026-03-09T18:00:00Z'),
  dueOn: '2026-04-09',
  extendedDueOn: '2026-04-09',
  holdIds: [1],
});

const config = configSchema.parse({
  jurisdiction: 'QC',
  timezone: 'America/Toronto',
  site: { languages: ['fr', 'en'] },
  business: { name: 'Bistro du Coin', address: '12 rue Principale, Montréal', contact: { name: 'Responsable', email: 'vp@bistro.example' } },
  cameras: [],
});

void describe('access-request letters', () => {
  void it('acknowledge in every language: reference, date received, local window, due date, rights, regulator; escaped', () => {
    for (const lang of LANGUAGE_CODES) {
      const html = renderLetter({ kind: 'acknowledgement', lang, request, config, today: '2026-03-11', purposesOf: () => [] });
      assert.match(html, new RegExp(`<html lang="${lang}">`));
      for (const item of ['2026-03-10', '2026-03-09 13:00', '2026-03-09 14:00', '2026-04-09', 'cai.gouv.qc.ca', 'Bistro du Coin', 'vp@bistro.example', 'Jean &lt;Tremblay&gt;']) {
        assert.ok(html.includes(item), `${lang}: missing ${item}`);
      }
      assert.ok(!html.includes('<Tremblay>'), 'the requester\'s name is escaped');
      assert.doesNotMatch(html, /<(link|script|img)\b|\b(src|href)\s*=/i, 'self-contained');
    }
    assert.match(renderLetter({ kind: 'acknowledgement', lang: 'fr', request, config, today: '2026-03-11', purposesOf: () => [] }), /Nous vous répondrons au plus tard le 2026-04-09 \(la loi nous accorde 30 jours \(art\. 32\), sans prolongation\)/);
  });

  void it('respond with the export, the purposes and earlier disclosures, leaving out the export it encloses', () => {
    const html = renderLetter({
      kind: 'response',
      lang: 'es',
      request,
      config,
      today: '2026-03-20',
      purposesOf: () => ['Investigar descuadres de caja'],
      exportId: 'exp-2',
      disclosures: [
        { at: '2026-03-12T10:00:00.000Z', exportId: 'exp-1', by: 'user:owner', requestedBy: 'Police de Montréal', legalBasis: 'mandat 123' },
        { at: '2026-03-20T10:00:00.000Z', exportId: 'exp-2', by: 'user:owner', requestedBy: 'Jean Tremblay', legalBasis: 'access request' },
      ],
    });
    assert.match(html, /Adjuntamos una copia de las imágenes suyas que conservamos \(exportación exp-2\)/);
    assert.match(html, /Investigar descuadres de caja/);
    assert.match(html, /2026-03-12: Police de Montréal \(base jurídica: mandat 123\)/);
    assert.doesNotMatch(html, /access request\)/, 'the enclosed export is not an earlier disclosure');
    assert.throws(() => renderLetter({ kind: 'response', lang: 'en', request, config, today: '2026-03-20', purposesOf: () => [] }), /--export ID.*--none/);
    assert.match(renderLetter({ kind: 'response', lang: 'zh-Hant', request, config, today: '2026-03-20', purposesOf: () => [], noneFound: true }), /並未保存該時段內您本人的任何錄影/);
  });

  void it('a response that encloses an export says what it holds and how to check it, in every language', () => {
    const enclosed = {
      files: 2,
      cameras: ['till', 'door'],
      fromMs: Date.parse('2026-03-09T17:10:00Z'),
      toMs: Date.parse('2026-03-09T17:40:00Z'),
      manifestSha256: 'a'.repeat(64),
      fingerprint: 'ab12 cd34 <ef56>',
    };
    for (const lang of LANGUAGE_CODES) {
      const html = renderLetter({ kind: 'response', lang, request, config, today: '2026-03-20', purposesOf: () => [], exportId: 'exp-9', enclosed });
      for (const item of ['exp-9', 'till, door', '2026-03-09 13:10', '2026-03-09 13:40', 'a'.repeat(64), 'ab12 cd34 &lt;ef56&gt;', 'sha256sum -c SHA256SUMS', 'manifest.json']) {
        assert.ok(html.includes(item), `${lang}: missing ${item}`);
      }
    }
    const none = renderLetter({ kind: 'response', lang: 'en', request, config, today: '2026-03-20', purposesOf: () => [], noneFound: true });
    assert.doesNotMatch(none, /sha256sum/, 'nothing to check when nothing is enclosed');
  });

  void it('is laid out for the paper asked for, else the profile\'s (Letter in Quebec, A4 in the EU)', () => {
    const page = (paper?: 'a4' | 'letter', jurisdiction: 'QC' | 'EU' = 'QC') =>
      renderLetter({ kind: 'acknowledgement', lang: 'fr', request, config: { ...config, jurisdiction }, today: '2026-03-11', purposesOf: () => [], ...(paper ? { paper } : {}) });
    assert.match(page(), /@page\{size:letter/);
    assert.match(page(undefined, 'EU'), /@page\{size:A4/);
    assert.match(page('a4'), /@page\{size:A4/);
  });
});

