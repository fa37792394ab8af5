import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { AuditLog } from '../../src/audit/log.js';
import { configSchema, type Config } from '../../src/config/schema.js';
import { openDb } from '../../src/db/open.js';
import { signAnswer } from '../../src/policy/consent/sign-answer.js';
import { SIGN_WORDING, wordingChangesSince } from '../../src/policy/consent/sign-wording.js';
import { allSigns, signInputsFromConfig, type Sign } from '../../src/policy/consent/signage.js';
import { describeSignStatus, SignageStore } from '../../src/policy/consent/signage-store.js';
import { FakeClock } from '../../src/shared/clock.js';
import { signNetworkClaim, writeStatus, readStatus } from '../../src/containment/status.js';

/**
 * A posted sign that no longer says what is true is stale, and the owner is
 * told why in plain words: the signs' own wording changed (a new Premises),
 * or which part of the configuration changed, or the camera network's
 * state. Against a real index file.
 */
function config(over: Record<string, unknown> = {}): Config {
  return configSchema.parse({
    jurisdiction: 'CA-BC',
    timezone: 'America/Vancouver',
    business: { name: 'Chez Test', address: '1 Main St', contact: { name: 'Privacy Officer', email: 'p@chez.example' } },
    cameras: [{ id: 'till', name: 'Till', rtsp: 'rtsp://10.0.0.5/s', purposes: ['Investigate till discrepancies'], area: 'cash', signage: { location: 'Door', date: '2026-11-20', confirmedBy: 'A' } }],
    ...over,
  });
}

void describe('why a posted sign is stale', () => {
  const dir = mkdtempSync(join(tmpdir(), 'premises-sign-reason-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const db = openDb(join(dir, 'index.db'));
  after(() => db.close());
  const clock = new FakeClock(Date.parse('2026-12-01T10:00:00Z'));
  const audit = new AuditLog(db, clock);
  const store = new SignageStore(db, audit, clock);
  const notice = (signs: Sign[]) => signs.find((s) => s.key === 'notice:till')!;

  void it('a sign printed with an older wording asks for a reprint because the wording changed', () => {
    const signs = allSigns(signInputsFromConfig(config()));
    // As a print made by the previous version looks in the index: wording 1, no content stored, another hash.
    db.prepare("INSERT INTO signage_prints (sign_key, camera_id, content_sha256, printed_at, printed_by, confirmed_at, confirmed_by) VALUES ('notice:till', 'till', ?, 1, 'cli:old', 2, 'cli:old')").run('a'.repeat(64));
    const [status] = store.recordStaleness([notice(signs)]);
    assert.equal(status?.status, 'stale');
    assert.ok(SIGN_WORDING.version > 1);
    assert.equal(status?.staleReason, `the sign's wording changed: ${wordingChangesSince(1).join('; ')}`);
    assert.match(signAnswer(status, undefined).text, /^STALE: the sign's wording changed: it now says truthfully whether the cameras are on a closed network/);
    assert.match(describeSignStatus(status), /reprint with premises signage and confirm$/);
    const entry = db.prepare("SELECT details FROM audit_log WHERE action = 'signage.stale'").get() as { details: string };
    assert.match(entry.details, /wording changed/);
  });

  void it('once reprinted and confirmed it is current; a retention change then names what changed', () => {
    let signs = allSigns(signInputsFromConfig(config()));
    store.recordPrints(signs, 'cli:test');
    store.confirm(signs, 'cli:test');
    assert.equal(store.status([notice(signs)])[0]?.status, 'current');
    signs = allSigns(signInputsFromConfig(config({ retention: { defaultMaxAge: '14d' } })));
    const [status] = store.status([notice(signs)]);
    assert.equal(status?.status, 'stale');
    assert.equal(status?.staleReason, 'it no longer says what is true about how long footage is kept');
  });

  void it('the camera network: a reported failure makes the sign say "not contained", and the posted one stale', () => {
    const net = { interface: 'eth1', subnet: '10.20.0.0/24' };
    assert.equal(signNetworkClaim(db, undefined, clock.now()), 'not-contained', 'no camera network: never claimed');
    assert.equal(signNetworkClaim(db, net, clock.now()), 'contained', 'configured and not started yet: the daemon contains before touching a camera');
    const contained = allSigns(signInputsFromConfig(config(), undefined, undefined, 'contained'));
    store.recordPrints(contained, 'cli:test');
    store.confirm(contained, 'cli:test');
    assert.match(JSON.stringify(notice(contained).content), /closed network of their own, with no internet access/);

    writeStatus(db, { ...readStatus(db, net, clock.now()), mode: 'failed', summary: 'eth1 is missing', daemonRunning: true });
    const claim = signNetworkClaim(db, net, clock.now());
    assert.equal(claim, 'not-contained');
    const now = allSigns(signInputsFromConfig(config(), undefined, undefined, claim));
    const [status] = store.status([notice(now)]);
    assert.equal(status?.status, 'stale');
    assert.equal(status?.staleReason, 'it no longer says what is true about whether the cameras are on a closed network');
    assert.match(JSON.stringify(notice(now).content), /cannot technically rule out a camera sending data out by itself/);
  });
});
