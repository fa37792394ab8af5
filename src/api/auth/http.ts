import { timingSafeEqual } from 'node:crypto';

/** Cookies, origin checks and token comparison: pure helpers for the auth middleware. */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (!out.has(name)) out.set(name, value);
  }
  return out;
}

/** Under HTTPS the `__Host-` prefix pins the cookie to this origin (Secure, Path=/, no Domain). */
export function cookieNames(secure: boolean): { session: string; csrf: string } {
  return secure ? { session: '__Host-premises_session', csrf: '__Host-premises_csrf' } : { session: 'premises_session', csrf: 'premises_csrf' };
}

export function cookieHeader(name: string, value: string, secure: boolean, maxAgeSeconds?: number): string {
  const parts = [`${name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Strict'];
  if (secure) parts.push('Secure');
  if (maxAgeSeconds !== undefined) parts.push(`Max-Age=${maxAgeSeconds}`);
  return parts.join('; ');
}

export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The first CSRF layer: a state-changing request must say where it comes
 * from, and that must be this origin. Browsers send Origin on every POST and
 * Sec-Fetch-Site on every request; a request with neither is refused (the
 * command line is the tool for scripts). Returns the reason to refuse, or
 * undefined.
 */
export function crossSiteProblem(headers: { origin?: string | undefined; secFetchSite?: string | undefined }, expectedOrigin: string): string | undefined {
  const site = headers.secFetchSite;
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return `cross-site request refused (Sec-Fetch-Site: ${site})`;
  if (headers.origin !== undefined) {
    if (headers.origin !== expectedOrigin) return `cross-origin request refused (Origin ${headers.origin} is not ${expectedOrigin})`;
    return undefined;
  }
  if (site === undefined) return 'request refused: no Origin or Sec-Fetch-Site header (use the dashboard or the premises command)';
  return undefined;
}
