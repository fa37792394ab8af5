import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { edgeError } from '../shared/edge-errors.js';
import { httpStatusOf, PremisesError } from '../shared/errors.js';
import type { AuthUser } from './auth/roles.js';
import type { Session } from './auth/sessions.js';

/** What the auth middleware leaves on res.locals for the routes. */
export interface AuthLocals {
  user?: AuthUser;
  session?: Session;
  sessionToken?: string;
}

export function locals(res: Response): AuthLocals {
  return res.locals as AuthLocals;
}

/** Express 4 does not catch a rejected promise: route handlers go through this. */
export function handler(fn: (req: Request, res: Response) => unknown): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    try {
      Promise.resolve(fn(req, res)).catch(next);
    } catch (err) {
      next(err);
    }
  };
}

export function sendError(res: Response, err: unknown): void {
  // A full disk, a read-only remount or a failing disk reaches the owner as what it is (507/503), not as "internal error".
  const known = edgeError(err);
  if (known) {
    res.status(httpStatusOf(known.kind)).json({ error: known.message, kind: known.kind });
    return;
  }
  // Bodies that express could not parse carry a status.
  const status = (err as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    res.status(status).json({ error: 'the request body is not valid JSON or is too large' });
    return;
  }
  res.status(500).json({ error: 'internal error; see the Premises log' });
}

export function bodyOf(req: Request): Record<string, unknown> {
  const b: unknown = req.body;
  return b !== null && typeof b === 'object' && !Array.isArray(b) ? (b as Record<string, unknown>) : {};
}

export function stringField(body: Record<string, unknown>, name: string, options: { optional?: boolean; max?: number } = {}): string | undefined {
  const v = body[name];
  if (v === undefined || v === null || v === '') {
    if (options.optional) return undefined;
    throw new PremisesError('InvalidArgument', `${name} is required`);
  }
  if (typeof v !== 'string') throw new PremisesError('InvalidArgument', `${name} must be text`);
  if (v.length > (options.max ?? 2000)) throw new PremisesError('InvalidArgument', `${name} is too long`);
  return v;
}
