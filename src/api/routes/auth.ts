import type { Router } from 'express';
import { removeSetupLinkFile } from '../auth/setup-token.js';
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from '../auth/passwords.js';
import { allow, requireUser } from '../auth/middleware.js';
import { actorOf } from '../auth/users.js';
import { PremisesError } from '../../shared/errors.js';
import { AccessBody, LoginBody, NewUserBody, PasswordBody, SetupBody, type LoginResponse, type SessionInfo } from '../contracts/auth.js';
import { locals } from '../http-util.js';
import { bodyOf } from '../validate.js';
import type { RouteDeps } from './deps.js';

/** First-run setup, login, logout, the session, and accounts (owner only). */
export function authRoutes(router: Router, d: RouteDeps): void {
  const whoAmI = (res: Parameters<typeof requireUser>[0]) => {
    const user = locals(res).user;
    return user ? { username: user.username, role: user.role, cameras: Object.fromEntries(user.cameras) } : null;
  };

  router.get(
    '/api/session',
    (req, res) => {
      res.json({
        user: whoAmI(res),
        csrfToken: d.auth.csrfTokenFor(req, res),
        setupNeeded: !d.users.ownerExists(),
        tlsFingerprint: d.tlsFingerprint,
        version: d.version,
      } satisfies SessionInfo);
    },
  );

  // The business profile is printed on the door sign anyway; the setup page shows it and says where to change it.
  router.get(
    '/api/setup',
    (_req, res) => {
      const needed = !d.users.ownerExists();
      if (!needed) {
        res.status(403).json({ error: 'setup is finished: an owner account exists. Log in instead.', needed: false });
        return;
      }
      const c = d.loaded.config;
      res.json({
        needed,
        business: c.business ?? null,
        jurisdiction: c.jurisdiction,
        timezone: c.timezone,
        configPath: d.loaded.path,
        tlsFingerprint: d.tlsFingerprint,
      });
    },
  );

  router.post(
    '/api/setup',
    async (req, res) => {
      if (d.users.ownerExists()) throw new PremisesError('PermissionDenied', 'setup is finished: an owner account exists. Log in instead.');
      const { token, username, password, businessConfirmed: confirmed } = bodyOf(req, SetupBody);
      if (!d.setupTokens.valid(token)) {
        throw new PremisesError('Unauthenticated', 'this setup link is unknown, used or expired; run "premises setup-link" on the recorder for a fresh one');
      }
      const problem = passwordProblem(password);
      if (problem) throw new PremisesError('InvalidArgument', `password: ${problem}`);
      const business = d.loaded.config.business;
      if (business && !confirmed) {
        throw new PremisesError('InvalidArgument', `confirm the business profile, or correct it first under business: in ${d.loaded.path} and restart`);
      }
      const passwordHash = await hashPassword(password);
      const actor = `user:${username}` as const;
      const owner = d.users.create({ username, passwordHash, role: 'owner' }, actor, {
        onlyIfNoOwner: true,
        extra: () => {
          if (!d.setupTokens.valid(token)) throw new PremisesError('Unauthenticated', 'this setup link was used or expired meanwhile; run "premises setup-link"');
          d.setupTokens.consume(token);
          d.audit.append({
            actor,
            action: 'setup.completed',
            subject: `user:${username}`,
            details: {
              businessProfile: business ? { confirmed: true, ...business } : { confirmed: false, missing: true },
              jurisdiction: d.loaded.config.jurisdiction,
              configPath: d.loaded.path,
            },
          });
        },
      });
      removeSetupLinkFile(d.layout.dataDir);
      const { token: sessionToken, session } = d.sessions.create(owner.id, req.socket.remoteAddress);
      d.audit.append({ actor, action: 'auth.login', subject: `user:${username}`, details: { via: 'setup', address: req.socket.remoteAddress ?? null } });
      d.auth.setSessionCookie(res, sessionToken);
      res.status(201).json({ user: { username, role: 'owner', cameras: {} }, csrfToken: session.csrfToken } satisfies LoginResponse);
    },
  );

  router.post(
    '/api/login',
    async (req, res) => {
      const { username, password } = bodyOf(req, LoginBody);
      const address = req.socket.remoteAddress ?? 'unknown';
      const wait = d.throttle.retryAfter(username, address);
      if (wait > 0) {
        res.setHeader('Retry-After', String(Math.ceil(wait / 1000)));
        res.status(429).json({ error: `too many failed logins; try again in ${Math.ceil(wait / 1000)} s` });
        return;
      }
      d.throttle.attempt(username, address);
      const account = d.users.credentials(username);
      const ok = await verifyPassword(password, account?.passwordHash ?? (await dummyHash()));
      const user = ok && account ? d.users.get(account.id) : undefined;
      if (!user) {
        d.audit.append({
          actor: 'system',
          action: 'auth.login-failed',
          subject: account ? `user:${username}` : 'user:unknown',
          details: { address },
        });
        throw new PremisesError('Unauthenticated', 'wrong user name or password');
      }
      d.throttle.succeeded(username, address);
      // A new token at every login: a cookie planted before login is worth nothing.
      const old = locals(res).sessionToken;
      if (old) d.sessions.revoke(old);
      const { token, session } = d.sessions.create(user.id, address);
      d.audit.append({ actor: actorOf(user), action: 'auth.login', subject: `user:${user.username}`, details: { address } });
      d.auth.setSessionCookie(res, token);
      res.json({ user: { username: user.username, role: user.role, cameras: Object.fromEntries(user.cameras) }, csrfToken: session.csrfToken } satisfies LoginResponse);
    },
  );

  router.post(
    '/api/logout',
    (_req, res) => {
      const user = requireUser(res);
      const token = locals(res).sessionToken as string;
      d.sessions.revoke(token);
      d.audit.append({ actor: actorOf(user), action: 'auth.logout', subject: `user:${user.username}` });
      d.auth.clearSessionCookie(res);
      res.json({ ok: true });
    },
  );

  router.post(
    '/api/logout-all',
    (_req, res) => {
      const user = requireUser(res);
      const ended = d.sessions.revokeAll(user.id);
      d.audit.append({ actor: actorOf(user), action: 'auth.logout-everywhere', subject: `user:${user.username}`, details: { sessions: ended } });
      d.auth.clearSessionCookie(res);
      res.json({ ok: true, sessions: ended });
    },
  );

  router.post(
    '/api/password',
    async (req, res) => {
      const user = requireUser(res);
      const { current, password: next } = bodyOf(req, PasswordBody);
      const problem = passwordProblem(next);
      if (problem) throw new PremisesError('InvalidArgument', `new password: ${problem}`);
      // The current password is a login secret too: same throttle as login.
      const address = req.socket.remoteAddress ?? 'unknown';
      const wait = d.throttle.retryAfter(user.username, address);
      if (wait > 0) {
        res.setHeader('Retry-After', String(Math.ceil(wait / 1000)));
        res.status(429).json({ error: `too many wrong passwords; try again in ${Math.ceil(wait / 1000)} s` });
        return;
      }
      d.throttle.attempt(user.username, address);
      const account = d.users.credentials(user.username);
      if (!account || !(await verifyPassword(current, account.passwordHash))) throw new PremisesError('PermissionDenied', 'the current password is wrong');
      d.throttle.succeeded(user.username, address);
      d.users.setPassword(user.id, await hashPassword(next), actorOf(user));
      // Anyone holding another session of this account is logged out.
      const ended = d.sessions.revokeOthers(user.id, locals(res).sessionToken as string);
      res.json({ ok: true, otherSessionsEnded: ended });
    },
  );

  router.post(
    '/api/users/:username/disable',
    (req, res) => {
      const owner = allow(res, 'users.manage');
      const username = req.params['username'];
      if (username.toLowerCase() === owner.username.toLowerCase()) throw new PremisesError('FailedPrecondition', 'you cannot disable your own account');
      d.users.disable(username, actorOf(owner));
      res.json({ disabled: username });
    },
  );

  router.put(
    '/api/users/:username',
    (req, res) => {
      const owner = allow(res, 'users.manage');
      const username = req.params['username'];
      // Another owner changes an owner's role: nobody locks themselves out by a slip.
      if (username.toLowerCase() === owner.username.toLowerCase()) throw new PremisesError('FailedPrecondition', 'you cannot change your own role; another owner can');
      const { role, cameras } = bodyOf(req, AccessBody);
      res.json({ user: d.users.changeAccess(username, role, cameras, actorOf(owner)) });
    },
  );

  router.get(
    '/api/users',
    (_req, res) => {
      allow(res, 'users.manage');
      res.json({ users: d.users.list() });
    },
  );

  router.post(
    '/api/users',
    async (req, res) => {
      const owner = allow(res, 'users.manage');
      const { username, password, role, cameras } = bodyOf(req, NewUserBody);
      const passwordHash = await hashPassword(password);
      const created = d.users.create({ username, passwordHash, role, cameras }, actorOf(owner));
      res.status(201).json({ user: created });
    },
  );
}
