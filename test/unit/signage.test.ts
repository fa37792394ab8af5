import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configSchema, type Config } from '../../src/config/schema.js';
import { defaultRetentionOf } from '../../src/policy/consent/profile.js';
import {
  allSigns,
  noticeSign,
  signInputsFromConfig,
  signsFor,
  type NoticeContent,
} from '../../src/policy/consent/signage.js';
import { renderSignsHtml } from '../../src/policy/consent/signage-html.js';

function config(over: Record<string, unknown> = {}, cameraOver: Record<string, unknown> = {}): Config {
  return configSchema.parse({
    jurisdiction: 'CA-BC',
    timezone: 'America/Vancouver',
    business: {
      name: 'Chez <Test> & Co',
      address: '1 Main St, Vancouver BC',
      contact: { name: 'Privacy Officer', phone: '+1 604 555 0100', email: 'privacy@chez.example' },
      moreInfo: 'http://premises.local/privacy or ask at the counter',
    },
    cameras: [
      {
        id: 'till',
        name: 'Till',
        rtsp: 'rtsp://10.0.0.5/s',
        purposes: ['Investigate till discrepancies', 'Identify people who break in after closing'],
        area: 'cash',
        signage: { location: 'Front door', date: '2026-11-20', confirmedBy: 'Alex' },
        ...cameraOver,
      },
      { id: 'loo', rtsp: 'rtsp://10.0.0.6/s', area: 'washroom' },
      { id: 'back', name: 'Back door', rtsp: 'rtsp://10.0.0.7/s', purposes: ['Identify people who break in after closing'], area: 'storage' },
    ],
    ...over,
  });
}

void describe('signage', () => {
  void it('the first-layer notice says every required item, escaped', () => {
    const cfg = config();
    const html = renderSignsHtml(signsFor(signInputsFromConfig(cfg), { camera: 'till' }), 'letter');
    for (const item of [
      'Video recording in use',
      'Audio: <strong>no, sound is not recorded',
      'Investigate till discrepancies',
      'Identify people who break in after closing',
      '<strong>7 days</strong>', // CA-BC default retention
      'Chez &lt;Test&gt; &amp; Co',
      '1 Main St, Vancouver BC',
      'Privacy Officer',
      'privacy@chez.example',
      '+1 604 555 0100',
      'Ask Privacy Officer (privacy@chez.example or +1 604 555 0100) for a copy of footage of yourself',
      // Not contained unless told: the sign says so rather than promise that nothing leaves.
      'The recorder sends footage to no one: it stays on the premises. The cameras are not on a closed network',
      'http://premises.local/privacy or ask at the counter',
    ]) {
      assert.ok(html.includes(item), `missing: ${item}`);
    }
    assert.ok(!html.includes('<Test>'), 'config text must be escaped');
  });

  void it('says audio prominently when a camera records sound', () => {
    const cfg = config({}, { audio: true, audioJustification: 'Verbal threats at the till were reported', audioInterceptionWarningAcknowledged: true });
    const html = renderSignsHtml(signsFor(signInputsFromConfig(cfg), { camera: 'till' }), 'a4');
    assert.ok(html.includes('with sound (audio)'));
    assert.ok(html.includes('YES: conversations here are recorded'));
  });

  void it('the policy page and staff notice cover every camera but the never-recorded ones', () => {
    const cfg = config({ jurisdiction: 'EU', business: { name: 'Café', address: 'Hauptstr. 1, Berlin', contact: { name: 'Inhaber', email: 'a@b.example' }, viewers: ['owner', 'shift manager'] } });
    const signs = allSigns(signInputsFromConfig(cfg));
    assert.deepEqual(signs.map((s) => s.key), ['notice:till', 'notice:back', 'policy', 'staff']);
    const html = renderSignsHtml(signs, 'a4');
    for (const item of [
      'Video surveillance policy',
      'Back door',
      'storage',
      '72 hours', // EU default retention
      'owner',
      'shift manager',
      'one month (GDPR Art. 12(3))',
      'your national data protection authority',
      'Legal basis',
      'Legitimate interests (GDPR Art. 6(1)(f))',
      'None: no one outside the business receives footage',
      'Notice to staff',
      '(work area)',
      'Footage is not used to watch how you work',
      'Your access',
    ]) {
      assert.ok(html.includes(item), `missing: ${item}`);
    }
    assert.ok(!html.includes('loo'), 'a washroom camera is never on a sign');
  });

  void it('is self-contained: no external resource of any kind, print styles for the paper', () => {
    const html = renderSignsHtml(allSigns(signInputsFromConfig(config())), 'letter');
    // The business's own moreInfo text may contain a URL as words; nothing may be loaded from anywhere.
    assert.doesNotMatch(html, /<(link|script|img|iframe|object|embed)\b/i);
    assert.doesNotMatch(html, /\b(src|href)\s*=/i);
    assert.doesNotMatch(html, /url\(|@import/i);
    assert.match(html, /@page\{size:letter;margin:12mm\}/);
    assert.match(renderSignsHtml(allSigns(signInputsFromConfig(config())), 'a4'), /@page\{size:A4;/);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
  });

  void it('the hash follows what the sign says, not how it is printed', () => {
    const base = config();
    const inputs = signInputsFromConfig(base);
    const camera = base.cameras[0];
    assert.ok(camera);
    const a = noticeSign(inputs, camera);
    assert.equal(noticeSign(inputs, camera).sha256, a.sha256, 'deterministic');
    // Changing where the sign is posted does not change what it says.
    const moved = config({}, { signage: { location: 'Side door', date: '2026-11-25', confirmedBy: 'Sam' } });
    assert.equal(noticeSign(signInputsFromConfig(moved), moved.cameras[0] ?? camera).sha256, a.sha256);
    const changed = config({}, { purposes: ['Investigate till discrepancies'] });
    assert.notEqual(noticeSign(signInputsFromConfig(changed), changed.cameras[0] ?? camera).sha256, a.sha256);
    // Retention is an input: the retention module's value changes the sign.
    const longer = noticeSign({ config: base, retentionOf: () => ({ ms: 14 * 86_400_000, text: '14 days' }) }, camera);
    assert.notEqual(longer.sha256, a.sha256);
    assert.equal((longer.content as NoticeContent).retention, '14 days');
  });

  void it('custom profile retention reads "as set by the owner"', () => {
    assert.equal(defaultRetentionOf('custom')('x').text, 'as set by the owner');
    assert.equal(defaultRetentionOf('EU')('x').text, '72 hours');
    assert.equal(defaultRetentionOf('UK')('x').ms, 7 * 86_400_000);
  });
});
