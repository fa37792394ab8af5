import { createHash, randomBytes } from 'node:crypto';
import { cameraRequest, deadlineIn, DEFAULT_DEADLINE_MS, type HttpRequest, type HttpResponse, type Limits } from './http.js';
import { OnvifError } from './errors.js';

/**
 * HTTP Digest (RFC 7616) for camera requests. Unlike node-onvif's client it
 * never sends Basic credentials (not first, not as a fallback), parses
 * quoted values exactly (nonces may contain '=' and ','), and keeps all
 * state in the call, so concurrent requests cannot mix nonces.
 */
export interface Challenge {
  scheme: string;
  params: Map<string, string>;
}

/** Parse a WWW-Authenticate value that may hold several challenges. */
export function parseChallenges(header: string): Challenge[] {
  const out: Challenge[] = [];
  let i = 0;
  const n = header.length;
  const skipWs = () => {
    while (i < n && (header[i] === ' ' || header[i] === '\t' || header[i] === ',')) i++;
  };
  const token = () => {
    const m = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/.exec(header.slice(i));
    if (!m) return '';
    i += m[0].length;
    return m[0];
  };
  while (i < n) {
    skipWs();
    const scheme = token();
    if (!scheme) break;
    const params = new Map<string, string>();
    out.push({ scheme: scheme.toLowerCase(), params });
    for (;;) {
      while (i < n && (header[i] === ' ' || header[i] === '\t')) i++;
      const save = i;
      if (header[i] === ',') i++;
      while (i < n && (header[i] === ' ' || header[i] === '\t' || header[i] === ',')) i++;
      const key = token();
      while (i < n && (header[i] === ' ' || header[i] === '\t')) i++;
      if (!key || header[i] !== '=') {
        // Not a parameter: the next challenge's scheme starts here.
        i = save;
        break;
      }
      i++;
      while (i < n && (header[i] === ' ' || header[i] === '\t')) i++;
      let value = '';
      if (header[i] === '"') {
        i++;
        while (i < n && header[i] !== '"') {
          if (header[i] === '\\' && i + 1 < n) i++;
          value += header[i];
          i++;
        }
        i++; // closing quote
      } else {
        // token68-style values (Basic's base64) may end in '='.
        const m = /^[^\s,]*/.exec(header.slice(i));
        value = m ? m[0] : '';
        i += value.length;
      }
      params.set(key.toLowerCase(), value);
    }
  }
  return out;
}

type Algorithm = 'MD5' | 'MD5-sess' | 'SHA-256' | 'SHA-256-sess';

function algorithmOf(text: string | undefined): Algorithm | undefined {
  const a = (text ?? 'MD5').toUpperCase();
  if (a === 'MD5') return 'MD5';
  if (a === 'MD5-SESS') return 'MD5-sess';
  if (a === 'SHA-256') return 'SHA-256';
  if (a === 'SHA-256-SESS') return 'SHA-256-sess';
  return undefined;
}

const quote = (s: string) => `"${s.replace(/(["\\])/g, '\\$1')}"`;

export interface DigestInput {
  username: string;
  password: string;
  method: string;
  uri: string;
  challenge: Challenge;
  cnonce?: string;
  nc?: number;
}

/** The Authorization header value for one request. Pure (given cnonce). */
export function digestAuthorization(input: DigestInput): string {
  const p = input.challenge.params;
  const realm = p.get('realm') ?? '';
  const nonce = p.get('nonce');
  if (nonce === undefined) throw new OnvifError('auth', 'the camera sent a Digest challenge without a nonce');
  const algorithm = algorithmOf(p.get('algorithm'));
  if (!algorithm) throw new OnvifError('auth', `the camera asks for Digest algorithm ${p.get('algorithm')}, which Premises does not support`);
  const hashName = algorithm.startsWith('SHA-256') ? 'sha256' : 'md5';
  const H = (s: string) => createHash(hashName).update(s, 'utf8').digest('hex');
  const cnonce = input.cnonce ?? randomBytes(12).toString('hex');
  const nc = (input.nc ?? 1).toString(16).padStart(8, '0');
  const qops = (p.get('qop') ?? '').split(',').map((q) => q.trim().toLowerCase()).filter(Boolean);
  if (qops.length > 0 && !qops.includes('auth')) throw new OnvifError('auth', `the camera asks for Digest qop ${qops.join(',')}, which Premises does not support`);
  let ha1 = H(`${input.username}:${realm}:${input.password}`);
  if (algorithm.endsWith('-sess')) ha1 = H(`${ha1}:${nonce}:${cnonce}`);
  const ha2 = H(`${input.method}:${input.uri}`);
  const response = qops.length > 0 ? H(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`) : H(`${ha1}:${nonce}:${ha2}`);
  const parts = [`username=${quote(input.username)}`, `realm=${quote(realm)}`, `nonce=${quote(nonce)}`, `uri=${quote(input.uri)}`];
  if (p.has('algorithm')) parts.push(`algorithm=${algorithm}`);
  parts.push(`response=${quote(response)}`);
  if (p.has('opaque')) parts.push(`opaque=${quote(p.get('opaque') ?? '')}`);
  if (qops.length > 0) parts.push('qop=auth', `nc=${nc}`, `cnonce=${quote(cnonce)}`);
  return `Digest ${parts.join(', ')}`;
}

export interface Credentials {
  username: string;
  password: string;
}

/**
 * A request that answers a Digest challenge if the camera sends one. The
 * first request carries no credentials at all; a camera offering only Basic
 * gets an error, never the password.
 */
export async function digestRequest(req: HttpRequest, credentials: Credentials | undefined, limits: Limits = {}): Promise<HttpResponse> {
  const deadline = limits.deadline ?? deadlineIn(limits.deadlineMs ?? DEFAULT_DEADLINE_MS);
  const shared: Limits = { ...limits, deadline };
  const first = await cameraRequest(req, shared);
  if (first.status !== 401 || !credentials) return first;
  const header = first.headers['www-authenticate'];
  const challenges = parseChallenges(Array.isArray(header) ? header.join(', ') : (header ?? ''));
  const digest = challenges.find((c) => c.scheme === 'digest' && algorithmOf(c.params.get('algorithm')) !== undefined) ?? challenges.find((c) => c.scheme === 'digest');
  if (!digest) {
    if (challenges.some((c) => c.scheme === 'basic')) {
      throw new OnvifError('auth', `the camera's ${req.what} asks for Basic authentication, which would send the password in clear; Premises only uses Digest`);
    }
    throw new OnvifError('auth', `the camera's ${req.what} refused the request (HTTP 401) without a usable challenge`);
  }
  // The digest covers the request-target of the URL that challenged us (after redirects).
  const answered = new URL(first.url);
  const authorization = digestAuthorization({ ...credentials, method: req.method ?? 'GET', uri: `${answered.pathname}${answered.search}`, challenge: digest });
  const second = await cameraRequest({ ...req, url: first.url, headers: { ...req.headers, Authorization: authorization } }, shared);
  if (second.status === 401) throw new OnvifError('auth', `the camera's ${req.what} refused the user name or password (HTTP Digest)`);
  return second;
}

export interface Snapshot {
  contentType: string;
  body: Buffer;
}

/** Fetch a JPEG snapshot with our own Digest client (node-onvif's is not used: see docs/onvif.md). */
export async function fetchSnapshot(uri: string, credentials: Credentials | undefined, limits: Limits = {}): Promise<Snapshot> {
  const res = await digestRequest({ url: uri, what: 'snapshot URI', method: 'GET' }, credentials, { maxRedirects: 2, ...limits });
  if (res.status !== 200) throw new OnvifError('http-status', `the camera's snapshot URI answered HTTP ${res.status}`);
  const contentType = String(res.headers['content-type'] ?? 'image/jpeg');
  if (!/^image\//i.test(contentType)) throw new OnvifError('malformed', `the camera's snapshot URI answered ${contentType}, not an image`);
  return { contentType, body: res.body };
}
