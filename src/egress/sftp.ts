import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
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

/** Whether the far side wrote each file to its disk before the folder got its final name. */
export type FarSideDurability = 'fsynced' | 'not-supported';

/** Writes in flight per file: enough to keep a slow link busy without buffering the file in memory. */
const WINDOW = 8;

/**
 * Write one file through its own handle (so it can be fsynced), with a few
 * writes in flight; then ask the server to fsync it (OpenSSH's
 * fsync@openssh.com). Returns whether it could.
 */
async function uploadFile(sftp: SFTPWrapper, path: string, chunks: AsyncIterable<Buffer>): Promise<FarSideDurability> {
  const handle = await new Promise<Buffer>((resolve, reject) => sftp.open(path, 'wx', { mode: 0o600 }, (err, h) => (err ? reject(err) : resolve(h))));
  let closed = false;
  try {
    let position = 0;
    const inFlight = new Set<Promise<void>>();
    let failure: Error | undefined;
    for await (const chunk of chunks) {
      if (failure) throw failure;
      const at = position;
      position += chunk.length;
      const w = call((cb) => sftp.write(handle, chunk, 0, chunk.length, at, cb)).catch((err: unknown) => {
        failure ??= err as Error;
      });
      const tracked = w.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
      if (inFlight.size >= WINDOW) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    if (failure) throw failure;
    let durable: FarSideDurability = 'fsynced';
    try {
      await call((cb) => sftp.ext_openssh_fsync(handle, cb));
    } catch (err) {
      // ssh2 throws at once when the server did not announce the extension; an error answer is a real failure.
      if (!/does not support/.test((err as Error).message)) throw err;
      durable = 'not-supported';
    }
    closed = true;
    await call((cb) => sftp.close(handle, cb));
    return durable;
  } finally {
    if (!closed) sftp.close(handle, () => undefined);
  }
}

/** Remove a `.part` folder (flat: files only) an interrupted transfer of ours left on the server. */
async function removePart(sftp: SFTPWrapper, part: string): Promise<void> {
  const names = await new Promise<string[]>((resolve, reject) => sftp.readdir(part, (err, list) => (err ? reject(err) : resolve(list.map((e) => e.filename)))));
  for (const name of names) await call((cb) => sftp.unlink(`${part}/${name}`, cb));
  await call((cb) => sftp.rmdir(part, cb));
}

/**
 * Upload an export by SFTP into `<path>/premises-export-<id>.part/`, each
 * file fsynced on the server where it can (fsync@openssh.com), then rename
 * it to `<path>/premises-export-<id>`: the final name only ever holds a
 * complete copy. The server's host key must match the pinned fingerprint
 * before authentication even starts; otherwise nothing is sent.
 * `clearStalePart`: the index knows an interrupted transfer of this export
 * to this server, so a `.part` folder found there is ours to remove.
 */
/** Connect, pinning the host key before authentication; the caller ends the client. */
async function connect(t: SftpTarget): Promise<{ client: ssh2.Client; sftp: SFTPWrapper }> {
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
    return { client, sftp: await sftpOf(client) };
  } catch (err) {
    client.end();
    throw err;
  }
}

export async function sendSftp(
  t: SftpTarget,
  exportId: string,
  files: readonly OutgoingFile[],
  onBytes: OnBytes,
  options: { clearStalePart?: boolean } = {},
): Promise<{ bytes: number; where: string; durable: FarSideDurability }> {
  const { client, sftp } = await connect(t);
  try {
    const base = t.path.replace(/\/+$/, '') || '/';
    const final = `${base === '/' ? '' : base}/premises-export-${exportId}`;
    const part = `${final}.part`;
    const exists = (p: string) => new Promise<boolean>((resolve) => sftp.stat(p, (err) => resolve(!err)));
    if (await exists(final)) throw new Error(`${final} exists already on the server: this export was sent there before`);
    if (await exists(part)) {
      if (!options.clearStalePart) throw new Error(`${part} is left on the server by an unfinished transfer: have it removed, then try again`);
      await removePart(sftp, part);
    }
    await call((cb) => sftp.mkdir(part, { mode: 0o700 }, cb));
    let sent = 0;
    let durable: FarSideDurability = 'fsynced';
    for (const f of files) {
      const counted = async function* () {
        for await (const chunk of verifiedChunks(f)) {
          sent += chunk.length;
          onBytes(sent);
          yield chunk;
        }
      };
      if ((await uploadFile(sftp, `${part}/${f.name}`, counted())) === 'not-supported') durable = 'not-supported';
    }
    await call((cb) => sftp.rename(part, final, cb));
    sftp.end();
    return { bytes: sent, where: `${t.user}@${t.host}:${final}`, durable };
  } finally {
    client.end();
  }
}

/** Upload one sealed backup archive: `<path>/<name>.part`, fsynced on the server where it can, renamed to `<name>`. */
export async function sendFileSftp(t: SftpTarget, file: OutgoingFile, onBytes: OnBytes, options: { clearStalePart?: boolean } = {}): Promise<{ bytes: number; where: string; durable: FarSideDurability }> {
  const { client, sftp } = await connect(t);
  try {
    const base = t.path.replace(/\/+$/, '') || '/';
    const final = `${base === '/' ? '' : base}/${file.name}`;
    const part = `${final}.part`;
    const exists = (p: string) => new Promise<boolean>((resolve) => sftp.stat(p, (err) => resolve(!err)));
    if (await exists(final)) throw new Error(`${final} exists already on the server: this backup was sent there before`);
    if (await exists(part)) {
      if (!options.clearStalePart) throw new Error(`${part} is left on the server by an unfinished transfer: have it removed, then try again`);
      await call((cb) => sftp.unlink(part, cb));
    }
    let sent = 0;
    const counted = async function* () {
      for await (const chunk of verifiedChunks(file)) {
        sent += chunk.length;
        onBytes(sent);
        yield chunk;
      }
    };
    const durable = await uploadFile(sftp, part, counted());
    await call((cb) => sftp.rename(part, final, cb));
    sftp.end();
    return { bytes: sent, where: `${t.user}@${t.host}:${final}`, durable };
  } finally {
    client.end();
  }
}
