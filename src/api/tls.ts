import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { isIP } from 'node:net';
import { PremisesError } from '../shared/errors.js';

/**
 * The LAN dashboard's certificate: self-signed, made once at first start by
 * Debian's `openssl` (node:crypto makes keys but not X.509 certificates; see
 * docs/dashboard.md for why openssl rather than an npm package), kept in
 * <dataDir>/tls/ (key 0600). The owner checks the SHA-256 fingerprint that
 * `premises start` prints against what the browser shows. An owner's own
 * certificate can replace the two files.
 */
export interface TlsMaterial {
  key: Buffer;
  cert: Buffer;
  /** SHA-256 fingerprint, colon-separated hex, as browsers show it. */
  fingerprint: string;
  created: boolean;
}

export function tlsDir(dataDir: string): string {
  return join(dataDir, 'tls');
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: 30_000 }, (err, _stdout, stderr) => {
      if (err) {
        const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
        reject(
          new PremisesError(
            'FailedPrecondition',
            missing
              ? 'cannot make the HTTPS certificate: openssl is not installed (apt-get install -y openssl), or put your own key.pem and cert.pem in the tls folder of the data directory'
              : `cannot make the HTTPS certificate: openssl failed: ${stderr.trim().split('\n').slice(-2).join(' ')}`,
          ),
        );
      } else resolve();
    });
  });
}

export async function ensureCertificate(dataDir: string, names: string[]): Promise<TlsMaterial> {
  const dir = tlsDir(dataDir);
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  let created = false;
  if (!existsSync(keyPath) || !existsSync(certPath)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmpKey = `${keyPath}.tmp`;
    const tmpCert = `${certPath}.tmp`;
    rmSync(tmpKey, { force: true });
    rmSync(tmpCert, { force: true });
    const san = names.map((n) => (isIP(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
    const oldUmask = process.umask(0o077);
    try {
      await run('openssl', [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
        '-keyout', tmpKey, '-out', tmpCert, '-days', '825', '-subj', '/CN=Premises recorder/O=Premises (self-signed)',
        '-addext', `subjectAltName=${san}`, '-addext', 'basicConstraints=critical,CA:FALSE',
        '-addext', 'extendedKeyUsage=serverAuth',
      ]);
    } finally {
      process.umask(oldUmask);
    }
    renameSync(tmpKey, keyPath);
    renameSync(tmpCert, certPath);
    created = true;
  }
  const key = readFileSync(keyPath);
  const cert = readFileSync(certPath);
  let fingerprint: string;
  try {
    fingerprint = new X509Certificate(cert).fingerprint256;
  } catch (err) {
    throw new PremisesError('FailedPrecondition', `${certPath} is not a readable certificate; remove the tls folder to make a new one`, undefined, { cause: err });
  }
  return { key, cert, fingerprint, created };
}
