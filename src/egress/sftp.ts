import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import ssh2 from 'ssh2';
import type { SFTPWrapper } from 'ssh2';
import { DestinationRefused, type OnBytes } from './refusal.js';
import { verifiedChunks, type OutgoingFile } from './tar.js';

/** OpenSSH's fingerprint of a host key blob: `SHA256:` and the unpadded base64 sha256 (what `ssh-keygen -lf` prints). */
export function sshFingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

export interface SftpTarget {
  host: string;
  port: number;
  path: string;
  user: string;
  keyFile: string;
  hostKeyFingerprint: string;
}

function sftpOf(client: ssh2.Client): Promise<SFTPWrapper> {
  return new Promise((resolve, reject) => client.sftp((err, sftp) => (err ? reject(err) : resolve(sftp))));
}

const call = (fn: (cb: (err?: Error | null) => void) => void) => new Promise<void>((resolve, reject) => fn((err) => (err ? reject(err) : resolve())));

/**
 * Upload an export by SFTP into `<path>/<id>.part/`, then rename it to
 * `<path>/premises-export-<id>`. The server's host key must match the pinned
 * fingerprint before authentication even starts; otherwise nothing is sent.
 */
export async function sendSftp(t: SftpTarget, exportId: string, files: readonly OutgoingFile[], onBytes: OnBytes): Promise<{ bytes: number; where: string }> {
  let privateKey: Buffer;
  try {
    privateKey = readFileSync(t.keyFile);
  } catch (err) {
    throw new Error(`cannot read the SFTP key file ${t.keyFile} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const client = new ssh2.Client();
  let seen: string | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      client.once('ready', () => resolve());
      client.once('error', (err) => reject(err));
      client.connect({
        host: t.host,
        port: t.port,
        username: t.user,
        privateKey,
        readyTimeout: 15_000,
        hostVerifier: (key: Buffer) => {
          seen = sshFingerprint(key);
          return seen === t.hostKeyFingerprint;
        },
      });
    }).catch((err: unknown) => {
      if (seen !== undefined && seen !== t.hostKeyFingerprint) {
        throw new DestinationRefused(`the SFTP server ${t.host}:${t.port} showed host key ${seen}, not ${t.hostKeyFingerprint} as the policy pins: it may not be the recipient's server; nothing was sent`);
      }
      throw new Error(`cannot connect to the SFTP server ${t.host}:${t.port}: ${(err as Error).message}`);
    });
    const sftp = await sftpOf(client);
    const base = t.path.replace(/\/+$/, '') || '/';
    const final = `${base === '/' ? '' : base}/premises-export-${exportId}`;
    const part = `${final}.part`;
    const exists = (p: string) => new Promise<boolean>((resolve) => sftp.stat(p, (err) => resolve(!err)));
    if (await exists(final)) throw new Error(`${final} exists already on the server: this export was sent there before`);
    if (await exists(part)) throw new Error(`${part} is left on the server by an unfinished transfer: have it removed, then try again`);
    await call((cb) => sftp.mkdir(part, { mode: 0o700 }, cb));
    let sent = 0;
    for (const f of files) {
      const counted = async function* () {
        for await (const chunk of verifiedChunks(f)) {
          sent += chunk.length;
          onBytes(sent);
          yield chunk;
        }
      };
      await pipeline(Readable.from(counted()), sftp.createWriteStream(`${part}/${f.name}`, { mode: 0o600 }));
    }
    await call((cb) => sftp.rename(part, final, cb));
    sftp.end();
    return { bytes: sent, where: `${t.user}@${t.host}:${final}` };
  } finally {
    client.end();
  }
}
