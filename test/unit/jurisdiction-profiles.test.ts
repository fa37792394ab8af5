import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RETENTION_PROFILES } from '../../src/config/retention.js';
import { JURISDICTIONS } from '../../src/config/schema.js';
import { JURISDICTION_PROFILES, jurisdictionProfile } from '../../src/policy/consent/profile.js';

void describe('jurisdiction profiles', () => {
  void it('every jurisdiction the configuration accepts has a profile', () => {
    assert.deepEqual(Object.keys(JURISDICTION_PROFILES).sort(), [...JURISDICTIONS].sort());
    for (const j of JURISDICTIONS) assert.equal(jurisdictionProfile(j).jurisdiction, j);
  });

  void it('signs state the retention the sweeper enforces', () => {
    for (const j of JURISDICTIONS.filter((x) => x !== 'custom')) {
      assert.equal(jurisdictionProfile(j).defaultRetention.ms, RETENTION_PROFILES[j].defaultMaxAgeMs, j);
      assert.equal(jurisdictionProfile(j).capMs, RETENTION_PROFILES[j].capMaxAgeMs, j);
    }
  });

  void it('reads as the signs print it', () => {
    assert.deepEqual(jurisdictionProfile('EU').defaultRetention, { ms: 72 * 3_600_000, text: '72 hours' });
    assert.deepEqual(jurisdictionProfile('CA-BC').defaultRetention, { ms: 7 * 86_400_000, text: '7 days' });
    assert.equal(jurisdictionProfile('UK').capText, '30 days');
    assert.equal(jurisdictionProfile('UK').gdpr, true);
    assert.equal(jurisdictionProfile('CA').gdpr, false);
    assert.deepEqual(jurisdictionProfile('custom').defaultRetention, { ms: undefined, text: 'as set by the owner' });
    assert.equal(jurisdictionProfile('custom').capMs, undefined);
    assert.match(jurisdictionProfile('CA-BC').accessDeadline, /30 business days \(PIPA s\.29\)/);
  });
});
