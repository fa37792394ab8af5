import type { Request, Response } from 'express';
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

export function sendError(res: Response, err: unknown): void {
  if (err instanceof PremisesError) {
    res.status(httpStatusOf(err.kind)).json({ error: err.message, kind: err.kind });
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
