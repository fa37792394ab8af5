import type { NextFunction, Request, Response } from 'express';
import { randomBytes } from 'node:crypto';
import { PremisesError } from '../../shared/errors.js';
import { locals, sendError } from '../http-util.js';
import { hostOf, isLoopback } from '../net.js';
import { cookieHeader, cookieNames, crossSiteProblem, parseCookies, sameToken } from './http.js';
import { can, type Action, type AuthUser } from './roles.js';
import type { SessionStore } from './sessions.js';
import type { UserStore } from './users.js';

/**
 * Request gates, in order: known Host (DNS rebinding), session from the
 * cookie, then for state-changing methods the two CSRF layers (origin, then
 * the token from GET /api/session in X-CSRF-Token). Routes then ask
 * `requireUser` and `allow(action, camera)`.
 */
export interface AuthOptions {
  secure: boolean;
  users: UserStore;
  sessions: SessionStore;
  /** Lower-case host names and addresses this server answers to. */
  allowedHosts: ReadonlySet<string>;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';

export class Auth {
  readonly cookies: { session: string; csrf: string };

  constructor(readonly options: AuthOptions) {
    this.cookies = cookieNames(options.secure);
  }

  hostCheck = (req: Request, res: Response, next: NextFunction): void => {
    const host = hostOf(req.headers.host);
    if (!host || !this.options.allowedHosts.has(host)) {
      res.status(421).json({ error: `this server does not answer to the host name "${host ?? ''}"; use its address` });
      return;
    }
    next();
  };

  session = (req: Request, res: Response, next: NextFunction): void => {
    const token = parseCookies(req.headers.cookie).get(this.cookies.session);
    if (token) {
      const session = this.options.sessions.lookup(token);
      const user = session ? this.options.users.get(session.userId) : undefined;
      if (session && user) Object.assign(locals(res), { session, user, sessionToken: token });
    }
    next();
  };

  /** The CSRF token a page must send back: the session's, or a pre-login one kept in its own cookie. */
  csrfTokenFor(req: Request, res: Response): string {
    const session = locals(res).session;
    if (session) return session.csrfToken;
    const existing = parseCookies(req.headers.cookie).get(this.cookies.csrf);
    if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
    const token = randomBytes(32).toString('base64url');
    res.append('Set-Cookie', cookieHeader(this.cookies.csrf, token, this.options.secure));
    return token;
  }

  csrf = (req: Request, res: Response, next: NextFunction): void => {
    if (SAFE_METHODS.has(req.method)) {
      next();
      return;
    }
    const expectedOrigin = `${this.options.secure ? 'https' : 'http'}://${req.headers.host ?? ''}`;
    const problem = crossSiteProblem({ origin: req.headers.origin, secFetchSite: req.headers['sec-fetch-site'] }, expectedOrigin);
    if (problem) {
      sendError(res, new PremisesError('PermissionDenied', problem));
      return;
    }
    const sent = req.headers[CSRF_HEADER];
    const session = locals(res).session;
    const expected = session ? session.csrfToken : parseCookies(req.headers.cookie).get(this.cookies.csrf);
    if (!sameToken(typeof sent === 'string' ? sent : undefined, expected)) {
      sendError(res, new PremisesError('PermissionDenied', 'missing or stale CSRF token: reload the page and try again'));
      return;
    }
    next();
  };

  setSessionCookie(res: Response, token: string): void {
    res.append('Set-Cookie', cookieHeader(this.cookies.session, token, this.options.secure));
  }

  clearSessionCookie(res: Response): void {
    res.append('Set-Cookie', cookieHeader(this.cookies.session, '', this.options.secure, 0));
  }
}

export function requireUser(res: Response): AuthUser {
  const user = locals(res).user;
  if (!user) throw new PremisesError('Unauthenticated', 'log in first');
  return user;
}

/** The permission check on the object; throws 401/403. */
export function allow(res: Response, action: Action, cameraId?: string): AuthUser {
  const user = requireUser(res);
  if (!can(user, action, cameraId)) {
    throw new PremisesError('PermissionDenied', cameraId === undefined ? `your role (${user.role}) may not do this` : `you have no right to do this on camera "${cameraId}"`);
  }
  return user;
}

/**
 * Health and the status page: free on loopback (local monitoring), and
 * elsewhere only for owners and managers — they name every camera and carry
 * every alarm, more than a viewer of some cameras may see.
 */
export function allowStatus(req: Request, res: Response): void {
  if (isLoopback(req.socket.remoteAddress ?? '')) return;
  const user = requireUser(res);
  if (user.role === 'viewer') throw new PremisesError('PermissionDenied', 'the whole-site status is for owners and managers; see the cameras page');
}
