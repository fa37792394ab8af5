import type { Response } from 'express';
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

export function sendError(res: Response, err: unknown): void {
  // A full disk, a read-only remount or a failing disk reaches the owner as what it is (507/503), not as "internal error".
  const known = edgeError(err);
  if (known) {
    // Fields a form can mark (request validation, src/api/validate.ts).
    const fields = known.details?.['fields'];
    res.status(httpStatusOf(known.kind)).json({ error: known.message, kind: known.kind, ...(Array.isArray(fields) ? { fields } : {}) });
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

/** 400 with the fields at fault named (`fields`), so the form can mark them. */
export function sendInvalid(res: Response, err: unknown): boolean {
  if (err instanceof PremisesError && err.kind === 'InvalidArgument') {
    const fields = Array.isArray(err.details?.['fields']) ? (err.details['fields'] as string[]) : [];
    res.status(400).json({ error: err.message, kind: err.kind, fields });
    return true;
  }
  return false;
}
