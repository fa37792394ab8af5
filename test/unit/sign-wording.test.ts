import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sha256Hex } from '../../src/audit/log.js';
import { configSchema, JURISDICTIONS } from '../../src/config/schema.js';
import { SIGN_WORDS } from '../../src/policy/consent/sign-text.js';
import { SIGN_WORDING } from '../../src/policy/consent/sign-wording.js';
import { footageFlow, noticeSign, policySign, signInputsFromConfig, type NoticeContent, type PolicyContent } from '../../src/policy/consent/signage.js';
import { LANGUAGE_CODES, type Language } from '../../src/shared/languages.js';

/**
 * Posted signs carry the wording version they were printed with, so a change
 * of wording must come with a new version and the reason the owner reads on
 * the Compliance page. This fingerprint of every sentence the catalog makes
 * for a fixed sample fails when the wording changes: then add an entry to
 * SIGN_WORDING_CHANGES (src/policy/consent/sign-wording.ts) and record its
 * version and the new fingerprint here, together.
 */
const RECORDED = { version: 2, fingerprint: 'b6b792bdad3183351bbb8270667f5c8c8b5b094cea683de7d147b5ec2c51e23a' };

function sampleWords(): string {
  const out: unknown[] = [];
  for (const jurisdiction of JURISDICTIONS) {
    const all: Language[] = jurisdiction === 'QC' || jurisdiction === 'FR' ? ['fr', 'en', 'es', 'zh-Hans', 'zh-Hant'] : [...LANGUAGE_CODES];
    for (const languages of [all.slice(0, 3), [all[0]!, ...all.slice(3)]]) {
    const config = configSchema.parse({
      jurisdiction,
      timezone: 'UTC',
      site: { languages },
      business: { name: 'B', address: 'A', contact: { name: 'C', email: 'c@b.example', phone: '1' } },
      cameras: [
        { id: 'a', rtsp: 'rtsp://h/s', purposes: ['P'], area: 'cash', audio: true, schedule: [{ days: ['mon', 'sat'], from: '22:00', to: '06:00' }] },
        { id: 'b', rtsp: 'rtsp://h/s', area: 'entrance' },
      ],
    });
    for (const network of ['contained', 'not-contained'] as const) {
      for (const list of [[], [{ recipient: 'R', country: 'K', legalBasis: 'L', until: '2099-01-01' }]]) {
        const inputs = signInputsFromConfig(config, undefined, { list }, network);
        out.push(config.cameras.map((c) => (noticeSign(inputs, c).content as NoticeContent).blocks), (policySign(inputs).content as PolicyContent).pages);
      }
    }
    }
  }
  return sha256Hex(JSON.stringify(out));
}

void describe('the signs\' wording', () => {
  void it('changes only with a new wording version and its reason', () => {
    const now = sampleWords();
    assert.equal(
      now === RECORDED.fingerprint && SIGN_WORDING.version === RECORDED.version,
      true,
      `the wording is version ${SIGN_WORDING.version} with fingerprint ${now}; recorded: version ${RECORDED.version}, ${RECORDED.fingerprint}. ` +
        'If the words changed, add a version with its reason to SIGN_WORDING_CHANGES, then record both here.',
    );
  });

  void it('the "does footage go anywhere" line states the camera network as it is, in every language', () => {
    for (const lang of LANGUAGE_CODES) {
      const f = SIGN_WORDS[lang].flow;
      const contained = footageFlow(lang, [], 'contained');
      const open = footageFlow(lang, [], 'not-contained');
      assert.ok(contained.includes(f.closedNetwork) && !contained.includes(f.openNetwork), lang);
      assert.ok(open.includes(f.openNetwork) && !open.includes(f.closedNetwork), lang);
      const sent = footageFlow(lang, [{ recipient: 'Insurer Ltd', country: 'Canada', legalBasis: 'claim 4411', until: '2099-01-01' }], 'not-contained');
      assert.ok(sent.includes('Insurer Ltd') && sent.includes(f.recorderNowhereElse) && !sent.includes(f.recorderNowhere), lang);
    }
  });
});
