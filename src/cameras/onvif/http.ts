import http from 'node:http';
import { isIP } from 'node:net';
import { checkCameraUrl, type AddressPolicy, type Resolver } from './address.js';
import { OnvifError } from './errors.js';

/**
 * The only way Premises talks HTTP to a camera: one total deadline for the
 * whole exchange (connect, send, headers, body — a trickling answer cannot
 * stretch it), a cap on the body size, no connection reuse, and every
 * address — including redirect targets — checked against the address rule
 * and pinned, so a DNS answer cannot change between check and connect.
 */
export const DEFAULT_DEADLINE_MS = 5_000;
export const DEFAULT_MAX_BYTES = 1024 * 1024;

export interface Limits {
  deadlineMs?: number;
  maxBytes?: number;
  policy?: AddressPolicy;
  resolver?: Resolver;
  /** How many redirects to follow (each one checked); 0 = none. */
  maxRedirects?: number;
  /** A deadline shared with other requests of the same operation (digest's second round). */
  deadline?: Deadline;
}

export interface HttpRequest {
  url: string;
  /** Names the URL in errors: "device service", "snapshot URI". */
  what: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** The URL that answered, after redirects. */
  url: string;
}

export interface Deadline {
  at: number;
  left(): number;
}

export function deadlineIn(ms: number): Deadline {
  const at = performance.now() + ms;
  return { at, left: () => Math.max(0, at - performance.now()) };
}

function once(url: URL, address: string, req: HttpRequest, deadline: Deadline, maxBytes: number, totalMs: number): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (err: Error | undefined, res?: HttpResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) {
        request.destroy();
        reject(err);
      } else resolve(res as HttpResponse);
    };
    const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
    const headers: Record<string, string> = { ...req.headers, Host: url.host, Connection: 'close' };
    if (body) headers['Content-Length'] = String(body.length);
    const request = http.request({
      host: address,
      family: isIP(address),
      port: url.port ? Number(url.port) : 80,
      path: `${url.pathname}${url.search}`,
      method: req.method ?? 'GET',
      headers,
      agent: false,
      // Our own checks bound the answer; these keep node's parser from buffering huge header blocks.
      maxHeaderSize: 16 * 1024,
      insecureHTTPParser: false,
    });
    const timer = setTimeout(
      () => finish(new OnvifError('deadline', `the camera did not answer the ${req.what} request within ${Math.round(totalMs / 100) / 10} s`)),
      deadline.left(),
    );
    request.on('error', (err: NodeJS.ErrnoException) => {
      finish(new OnvifError('network', `cannot reach the camera's ${req.what} at ${url.host} (${err.code ?? err.message})`));
    });
    request.on('response', (res) => {
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        finish(new OnvifError('too-large', `the camera's ${req.what} answer is ${declared} bytes, more than the ${maxBytes}-byte cap`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          finish(new OnvifError('too-large', `the camera's ${req.what} answer is larger than the ${maxBytes}-byte cap`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', (err: NodeJS.ErrnoException) => {
        finish(new OnvifError('network', `the camera's ${req.what} answer broke off (${err.code ?? err.message})`));
      });
      res.on('aborted', () => finish(new OnvifError('network', `the camera's ${req.what} answer broke off`)));
      res.on('end', () => {
        finish(undefined, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), url: url.toString() });
      });
    });
    request.end(body);
  });
}

/** One request with redirects followed (each target checked), all within one deadline. */
export async function cameraRequest(req: HttpRequest, limits: Limits = {}): Promise<HttpResponse> {
  const totalMs = limits.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const deadline = limits.deadline ?? deadlineIn(totalMs);
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  let current = req.url;
  for (let hop = 0; ; hop += 1) {
    const checked = await withDeadline(
      checkCameraUrl(current, hop === 0 ? req.what : `${req.what} redirect`, { schemes: ['http:'], policy: limits.policy, resolver: limits.resolver }),
      deadline,
      req.what,
      totalMs,
    );
    const res = await once(checked.url, checked.address, { ...req, url: current }, deadline, maxBytes, totalMs);
    const location = res.headers.location;
    if (res.status >= 300 && res.status < 400 && location) {
      if (hop >= (limits.maxRedirects ?? 0)) {
        throw new OnvifError('http-status', `the camera's ${req.what} answered with a redirect (HTTP ${res.status}), which is not followed`);
      }
      current = new URL(location, checked.url).toString();
      continue;
    }
    return res;
  }
}

async function withDeadline<T>(p: Promise<T>, deadline: Deadline, what: string, totalMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new OnvifError('deadline', `the camera did not answer the ${what} request within ${totalMs / 1000} s`)), deadline.left());
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

