/**
 * The one door to the server: same-origin fetches, the CSRF token on every
 * state-changing request, errors turned into readable messages.
 */
import type { ApiErrorBody } from '../../src/api/contracts/index.js';

// The server's answer types: the shared contracts (src/api/contracts) where they exist, the rest in api-types.ts.
export type * from './api-types.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Request fields the server named as wrong (400s of form routes). */
    readonly fields: string[] = [],
  ) {
    super(message);
  }
}

let csrfToken = '';
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Called when the server says the session is over (401): the app shows the login page. */
let onUnauthenticated: () => void = () => undefined;
export function whenLoggedOut(fn: () => void): void {
  onUnauthenticated = fn;
}

export async function api<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['X-CSRF-Token'] = csrfToken;
    headers['Content-Type'] = 'application/json';
  }
  const res = await fetch(path, { method, headers, credentials: 'same-origin', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const error = data as Partial<ApiErrorBody> | null;
    const message = error?.error ?? `the server answered ${res.status}`;
    if (res.status === 401 && path !== '/api/login' && path !== '/api/setup') onUnauthenticated();
    const fields: unknown = error?.fields;
    throw new ApiError(res.status, message, Array.isArray(fields) ? fields.filter((f): f is string => typeof f === 'string') : []);
  }
  return data as T;
}

/** The CSRF token, for a request that must outlive the page (a keepalive fetch on pagehide). */
export function currentCsrfToken(): string {
  return csrfToken;
}
