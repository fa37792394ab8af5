import { once } from 'node:events';
import { isIP } from 'node:net';
import { request } from 'node:https';
import { connect, type TLSSocket } from 'node:tls';
import { Readable } from 'node:stream';
import { normalizeCertFingerprint } from '../policy/consent/transfer-policies.js';
import { DestinationRefused, type OnBytes } from './refusal.js';
import { tarSize, tarStream, type OutgoingFile } from './tar.js';

/**
 * Send an export as one ustar archive in an HTTPS POST to the policy's exact
 * URL. Trust is the pinned certificate alone (no system CA store): the TLS
 * connection is opened first, the peer certificate's SHA-256 compared with
 * the pin, and only then is the HTTP request written on that socket.
 */
export async function sendHttps(t: { url: string; certFingerprint: string }, exportId: string, files: readonly OutgoingFile[], onBytes: OnBytes, nowSec: number): Promise<{ bytes: number; where: string; status: number }> {
  const url = new URL(t.url);
  const pin = normalizeCertFingerprint(t.certFingerprint);
  if (!pin) throw new DestinationRefused('the policy has no valid certificate fingerprint');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 443);
  const socket: TLSSocket = connect({ host, port, ...(isIP(host) ? {} : { servername: host }), rejectUnauthorized: false, ALPNProtocols: ['http/1.1'] });
  try {
    await Promise.race([
      once(socket, 'secureConnect'),
      once(socket, 'error').then(([err]) => {
        throw new Error(`cannot connect to ${url.host}: ${(err as Error).message}`);
      }),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no TLS answer from ${url.host} within 15 s`)), 15_000).unref()),
    ]);
    const seen = socket.getPeerCertificate().fingerprint256?.replace(/:/g, '').toLowerCase();
    if (seen !== pin) {
      throw new DestinationRefused(`the HTTPS server ${url.host} showed certificate sha256 ${seen ?? 'none'}, not ${pin} as the policy pins: nothing was sent`);
    }
    const size = tarSize(files);
    let sent = 0;
    const body = Readable.from(
      (async function* () {
        for await (const chunk of tarStream(`premises-export-${exportId}`, files, nowSec)) {
          sent += chunk.length;
          onBytes(sent);
          yield chunk;
        }
      })(),
    );
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          method: 'POST',
          host,
          port,
          path: `${url.pathname}${url.search}`,
          headers: { 'content-type': 'application/x-tar', 'content-length': String(size), 'x-premises-export': exportId },
          createConnection: () => socket,
        },
        (res) => {
          res.resume();
          res.once('end', () => resolve(res.statusCode ?? 0));
          res.once('error', reject);
        },
      );
      req.once('error', reject);
      body.once('error', (err) => {
        req.destroy(err);
        reject(err);
      });
      body.pipe(req);
    });
    if (status < 200 || status > 299) throw new Error(`the HTTPS server answered ${status}: the recipient did not accept the export`);
    return { bytes: sent, where: t.url, status };
  } finally {
    socket.destroy();
  }
}
