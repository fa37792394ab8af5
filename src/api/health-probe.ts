import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { PremisesError } from '../shared/errors.js';
import { isLoopback, isWildcard } from './net.js';
import { tlsDir } from './tls.js';

/**
 * How a health probe on the same box reaches the dashboard: the address it
 * listens on, over HTTPS unless that is loopback, from a loopback source
 * address (/api/health answers loopback peers without a login, and the probe
 * has none). Connecting from 127.0.0.1 to a LAN address of this box works:
 * traffic to the box's own addresses goes over the loopback interface.
 */
export interface ProbeTarget {
  secure: boolean;
  connectHost: string;
  port: number;
  localAddress: string | undefined;
}

export function probeTarget(listenHost: string, port: number): ProbeTarget {
  const host = listenHost.replace(/^\[|\]$/g, '');
  if (isLoopback(host)) return { secure: false, connectHost: host === 'localhost' ? '127.0.0.1' : host, port, localAddress: undefined };
  if (isWildcard(listenHost)) {
    const v6 = host === '::';
    return { secure: true, connectHost: v6 ? '::1' : '127.0.0.1', port, localAddress: undefined };
  }
  return { secure: true, connectHost: host, port, localAddress: isIP(host) === 6 ? '::1' : '127.0.0.1' };
}

export interface ProbeResult {
  status: string;
  cameras: number;
  recording: number;
}

/** The SHA-256 fingerprint of the certificate Premises serves (made at its first start in <dataDir>/tls). */
export function pinnedFingerprint(dataDir: string): string {
  const file = join(tlsDir(dataDir), 'cert.pem');
  let pem: Buffer;
  try {
    pem = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new PremisesError('Unavailable', `no HTTPS certificate to check against yet (${file}: ${code}); Premises makes it when it starts`);
  }
  return new X509Certificate(pem).fingerprint256;
}

/**
 * GET /api/health once. Over HTTPS the server must present the pinned
 * certificate: the probe trusts that one certificate, not a CA.
 */
export function probeHealth(target: ProbeTarget, fingerprint: string | undefined, timeoutMs: number): Promise<ProbeResult> {
  const { secure, connectHost, port, localAddress } = target;
  const hostHeader = isIP(connectHost) === 6 ? `[${connectHost}]:${port}` : `${connectHost}:${port}`;
  const where = `${secure ? 'https' : 'http'}://${hostHeader}/api/health`;
  return new Promise((resolve, reject) => {
    const options = {
      host: connectHost,
      port,
      path: '/api/health',
      method: 'GET',
      headers: { host: hostHeader, accept: 'application/json' },
      timeout: timeoutMs,
      ...(localAddress ? { localAddress } : {}),
    };
    const onResponse = (res: IncomingMessage) => {
      if (secure) {
        const served = (res.socket as TLSSocket).getPeerCertificate().fingerprint256;
        if (served !== fingerprint) {
          res.destroy();
          reject(new PremisesError('PermissionDenied', `${where} presented certificate ${served}, not the one in the data directory (${fingerprint ?? 'none'})`));
          return;
        }
      }
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        if (res.statusCode !== 200) {
          reject(new PremisesError('Unavailable', `${where} answered HTTP ${res.statusCode ?? '?'}: ${body.slice(0, 200)}`));
          return;
        }
        try {
          const report = JSON.parse(body) as { status?: unknown; cameras?: { recording?: unknown }[] };
          const cameras = Array.isArray(report.cameras) ? report.cameras : [];
          resolve({ status: String(report.status), cameras: cameras.length, recording: cameras.filter((c) => c.recording === true).length });
        } catch {
          reject(new PremisesError('Unavailable', `${where} did not answer with the health report`));
        }
      });
    };
    // Trust is the pinned fingerprint, checked on the response above: the certificate is self-signed.
    const req = secure ? httpsRequest({ ...options, rejectUnauthorized: false }, onResponse) : httpRequest(options, onResponse);
    req.on('timeout', () => req.destroy(new PremisesError('DeadlineExceeded', `${where} did not answer within ${timeoutMs} ms`)));
    req.on('error', (err) => reject(err instanceof PremisesError ? err : new PremisesError('Unavailable', `${where}: ${err.message}`)));
    req.end();
  });
}
