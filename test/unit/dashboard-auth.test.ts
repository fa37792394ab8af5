import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crossSiteProblem, parseCookies, sameToken } from '../../src/api/auth/http.js';
import { hashPassword, passwordProblem, verifyPassword } from '../../src/api/auth/passwords.js';
import { can, type Action, type AuthUser, type Role } from '../../src/api/auth/roles.js';
import { Semaphore } from '../../src/api/auth/semaphore.js';
import { ABSOLUTE_MS, IDLE_MS, SessionStore } from '../../src/api/auth/sessions.js';
import { SETUP_TOKEN_TTL_MS, SetupTokens } from '../../src/api/auth/setup-token.js';
import { ACCOUNT_CAP_MS, ADDRESS_CAP_MS, FORGET_MS, LoginThrottle, waitAfter } from '../../src/api/auth/throttle.js';
import { UserStore } from '../../src/api/auth/users.js';
import { AuditLog } from '../../src/audit/log.js';
import { openDb } from '../../src/db/open.js';
import { FakeClock } from '../../src/shared/clock.js';

const user = (role: Role, cameras: Record<string, { live: boolean; playback: boolean; export: boolean }> = {}): AuthUser => ({
  id: 1,
  username: role,
  role,
  cameras: new Map(Object.entries(cameras)),
});

describe('passwords', () => {
  it('hashes with scrypt N=2^17, r=8, p=1 and verifies only the right password', async () => {
    const stored = await hashPassword('correct horse battery');
    assert.match(stored, /^scrypt\$17\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    assert.equal(await verifyPassword('correct horse battery', stored), true);
    assert.equal(await verifyPassword('correct horse batterY', stored), false);
    assert.equal(await verifyPassword('correct horse battery', 'not a hash'), false);
    assert.notEqual(await hashPassword('correct horse battery'), stored, 'a fresh salt each time');
  });

  it('refuses passwords under 12 characters', async () => {
    assert.match(passwordProblem('elevenchars') ?? '', /at least 12/);
    assert.equal(passwordProblem('twelve chars'), undefined);
    await assert.rejects(hashPassword('short'), /at least 12/);
  });
});

describe('Semaphore', () => {
  it('lets at most `limit` tasks run at once', async () => {
    const s = new Semaphore(2);
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        s.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((r) => setImmediate(r));
          running--;
        }),
      ),
    );
    assert.equal(peak, 2);
    assert.equal(s.inUse, 0);
  });
});

describe('LoginThrottle', () => {
  it('lets five failures through, then doubles the wait up to the account cap', () => {
    assert.deepEqual([4, 5, 6, 7].map((n) => waitAfter(n, ACCOUNT_CAP_MS)), [0, 1000, 2000, 4000]);
    assert.equal(waitAfter(40, ACCOUNT_CAP_MS), ACCOUNT_CAP_MS);
    assert.equal(waitAfter(40, ADDRESS_CAP_MS), ADDRESS_CAP_MS);
  });

  it('never locks the owner out for good: an attacker elsewhere delays them by at most the account cap', () => {
    const clock = new FakeClock();
    const t = new LoginThrottle(clock);
    for (let i = 0; i < 1000; i++) {
      t.attempt('owner', '10.0.0.66');
      clock.advance(1);
    }
    assert.ok(t.retryAfter('Owner', '10.0.0.5') <= ACCOUNT_CAP_MS, 'the account wait is capped, names compare case-blind');
    assert.ok(t.retryAfter('owner', '10.0.0.5') > 0);
    clock.advance(ACCOUNT_CAP_MS);
    assert.equal(t.retryAfter('owner', '10.0.0.5'), 0, 'after the cap the owner may try from their own address');
    assert.ok(t.retryAfter('someone', '10.0.0.66') > 0, 'the guessing address stays slowed for other names');
    t.succeeded('owner', '10.0.0.5');
    assert.equal(t.retryAfter('owner', '10.0.0.5'), 0);
  });

  it('slows parallel guesses (attempts count before the check) and lets a good login take back only its own attempt', () => {
    const clock = new FakeClock();
    const t = new LoginThrottle(clock);
    for (let i = 0; i < 6; i++) t.attempt('owner', '10.0.0.66');
    assert.ok(t.retryAfter('owner', '10.0.0.66') > 0, 'six attempts in flight: the next one waits');
    t.succeeded('mallory', '10.0.0.66');
    assert.ok(t.retryAfter('someone', '10.0.0.66') > 0, "the guesser's own valid login does not clear the address");
    const fresh = new LoginThrottle(clock);
    for (let i = 0; i < 20; i++) {
      fresh.attempt('staff', '10.0.0.7');
      fresh.succeeded('staff', '10.0.0.7');
    }
    assert.equal(fresh.retryAfter('staff', '10.0.0.7'), 0, 'good logins never add up to a wait');
  });

  it('forgets failures after an hour of quiet', () => {
    const clock = new FakeClock();
    const t = new LoginThrottle(clock);
    for (let i = 0; i < 8; i++) t.attempt('a', '1.2.3.4');
    assert.ok(t.retryAfter('a', '1.2.3.4') > 0);
    clock.advance(FORGET_MS);
    assert.equal(t.retryAfter('a', '1.2.3.4'), 0);
    t.attempt('a', '1.2.3.4');
    assert.equal(t.retryAfter('a', '1.2.3.4'), 0, 'the count restarted');
  });
});

describe('role table', () => {
  const viewer = user('viewer', { a: { live: true, playback: false, export: false }, c: { live: false, playback: false, export: false } });
  it('gives owners and managers every camera right and viewers only theirs', () => {
    for (const action of ['camera.view', 'camera.pause', 'camera.live', 'camera.playback', 'camera.export', 'camera.resume'] as Action[]) {
      assert.equal(can(user('owner'), action, 'x'), true, `owner ${action}`);
      assert.equal(can(user('manager'), action, 'x'), true, `manager ${action}`);
    }
    assert.equal(can(viewer, 'camera.view', 'a'), true);
    assert.equal(can(viewer, 'camera.live', 'a'), true);
    assert.equal(can(viewer, 'camera.playback', 'a'), false);
    assert.equal(can(viewer, 'camera.export', 'a'), false);
    assert.equal(can(viewer, 'camera.view', 'b'), false);
    assert.equal(can(viewer, 'camera.view', 'c'), false, 'a row with no right grants nothing');
    assert.equal(can(viewer, 'camera.pause', 'a'), true, 'pausing protects privacy');
    assert.equal(can(viewer, 'camera.resume', 'a'), false);
  });

  it('refuses camera actions without their camera, and keeps admin actions to their roles', () => {
    assert.equal(can(user('owner'), 'camera.view'), false);
    assert.equal(can(user('owner'), 'camera.live'), false);
    const table: [Action, Role[]][] = [
      ['camera.scope', ['owner']],
      ['audit.read', ['owner']],
      ['users.manage', ['owner']],
      ['alarm.acknowledge', ['owner', 'manager']],
      ['discovery', ['owner', 'manager']],
    ];
    for (const [action, roles] of table) {
      for (const role of ['owner', 'manager', 'viewer'] as Role[]) assert.equal(can(user(role), action, 'a'), roles.includes(role), `${role} ${action}`);
    }
  });
});

describe('CSRF helpers', () => {
  const me = 'https://192.168.1.20:8443';
  it('accepts same-origin requests and refuses others', () => {
    assert.equal(crossSiteProblem({ origin: me, secFetchSite: 'same-origin' }, me), undefined);
    assert.equal(crossSiteProblem({ origin: me }, me), undefined);
    assert.equal(crossSiteProblem({ secFetchSite: 'same-origin' }, me), undefined);
    assert.match(crossSiteProblem({ origin: 'https://evil.example' }, me) ?? '', /cross-origin/);
    assert.match(crossSiteProblem({ origin: me, secFetchSite: 'same-site' }, me) ?? '', /cross-site/);
    assert.match(crossSiteProblem({ origin: 'http://192.168.1.20:8443' }, me) ?? '', /cross-origin/, 'scheme counts');
    assert.match(crossSiteProblem({}, me) ?? '', /no Origin/);
    assert.match(crossSiteProblem({ origin: 'null' }, me) ?? '', /cross-origin/);
  });

  it('parses cookies and compares tokens in constant time', () => {
    const c = parseCookies('a=1; premises_session=abc; a=2');
    assert.equal(c.get('a'), '1');
    assert.equal(c.get('premises_session'), 'abc');
    assert.equal(sameToken('abc', 'abc'), true);
    assert.equal(sameToken('abc', 'abd'), false);
    assert.equal(sameToken('abc', 'abcd'), false);
    assert.equal(sameToken(undefined, 'abc'), false);
    assert.equal(sameToken('', ''), false);
  });
});

describe('sessions and setup tokens (in-memory index)', () => {
  const setup = () => {
    const db = openDb(':memory:');
    const clock = new FakeClock();
    const audit = new AuditLog(db, clock);
    const users = new UserStore(db, audit, clock);
    return { db, clock, audit, users, sessions: new SessionStore(db, clock), tokens: new SetupTokens(db, clock) };
  };

  it('ends a session after the idle timeout', () => {
    const { users, sessions, clock } = setup();
    const u = users.create({ username: 'owner', passwordHash: 'x', role: 'owner' }, 'user:owner');
    const { token } = sessions.create(u.id, '127.0.0.1');
    assert.ok(token.length >= 43, '256-bit token');
    clock.advance(IDLE_MS - 1000);
    assert.ok(sessions.lookup(token), 'still alive just before the idle limit');
    clock.advance(IDLE_MS - 1000);
    assert.ok(sessions.lookup(token), 'each request refreshes it');
    clock.advance(IDLE_MS);
    assert.equal(sessions.lookup(token), undefined);
  });

  it('ends a busy session at the absolute timeout, and revokes all of a user', () => {
    const { users, sessions, clock } = setup();
    const u = users.create({ username: 'owner', passwordHash: 'x', role: 'owner' }, 'user:owner');
    const { token } = sessions.create(u.id, undefined);
    for (let t = 0; t < ABSOLUTE_MS - 10 * 60_000; t += 10 * 60_000) {
      clock.advance(10 * 60_000);
      assert.ok(sessions.lookup(token), `alive at ${t}`);
    }
    clock.advance(20 * 60_000);
    assert.equal(sessions.lookup(token), undefined, 'absolute limit');
    const a = sessions.create(u.id, undefined).token;
    const b = sessions.create(u.id, undefined).token;
    assert.equal(sessions.revokeAll(u.id), 2);
    assert.equal(sessions.lookup(a), undefined);
    assert.equal(sessions.lookup(b), undefined);
  });

  it('accepts a setup token for one hour, only the newest one, and only once', () => {
    const { tokens, clock } = setup();
    const first = tokens.issue().token;
    const second = tokens.issue().token;
    assert.equal(tokens.valid(first), false, 'a new link replaces the old');
    assert.equal(tokens.valid(second), true);
    clock.advance(SETUP_TOKEN_TTL_MS);
    assert.equal(tokens.valid(second), false, 'expired after an hour');
    const third = tokens.issue().token;
    tokens.consume(third);
    assert.equal(tokens.valid(third), false, 'used');
  });

  it('changes a role and camera rights with one audit entry, and never demotes the last owner', () => {
    const { users, db } = setup();
    const owner = users.create({ username: 'owner', passwordHash: 'x', role: 'owner' }, 'user:owner');
    const clerk = users.create({ username: 'clerk', passwordHash: 'x', role: 'viewer', cameras: { door: { live: true, playback: false, export: false } } }, 'user:owner');
    users.changeAccess('clerk', 'viewer', { door: { live: true, playback: true, export: false }, till: { live: false, playback: false, export: false } }, 'user:owner');
    assert.deepEqual(Object.fromEntries(users.get(clerk.id)?.cameras ?? []), { door: { live: true, playback: true, export: false } }, 'a camera with no right is not stored');
    users.changeAccess('clerk', 'manager', { door: { live: true, playback: true, export: true } }, 'user:owner');
    assert.equal(users.get(clerk.id)?.role, 'manager');
    assert.equal(users.get(clerk.id)?.cameras.size, 0, 'managers have every camera: no per-camera rows');
    assert.throws(() => users.changeAccess('owner', 'manager', {}, 'user:clerk'), /only owner account/);
    assert.equal(users.get(owner.id)?.role, 'owner');
    assert.throws(() => users.changeAccess('nobody', 'viewer', {}, 'user:owner'), /no account/);
    const entries = db.prepare("SELECT details FROM audit_log WHERE action = 'user.access-changed' ORDER BY seq").all() as { details: string }[];
    assert.equal(entries.length, 2);
    assert.deepEqual(JSON.parse(entries[1]?.details ?? '{}'), {
      before: { role: 'viewer', cameras: { door: { live: true, playback: true, export: false } } },
      after: { role: 'manager', cameras: {} },
    });
  });

  it('creates one owner even when asked twice', () => {
    const { users } = setup();
    users.create({ username: 'first', passwordHash: 'x', role: 'owner' }, 'user:first', { onlyIfNoOwner: true });
    assert.throws(() => users.create({ username: 'second', passwordHash: 'x', role: 'owner' }, 'user:second', { onlyIfNoOwner: true }), /setup is finished/);
    assert.throws(() => users.create({ username: 'FIRST', passwordHash: 'x', role: 'viewer' }, 'user:first'), /exists already/, 'names are case-blind');
  });
});
