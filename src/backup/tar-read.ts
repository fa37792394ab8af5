import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PremisesError } from '../shared/errors.js';

/**
 * Unpack the ustar stream inside a sealed backup (written by egress/tar.ts)
 * into `dest`: regular files and folders under `root/` only, no links, no
 * `..`, nothing absolute, files fsynced. Anything else is refused, even
 * though the archive was authenticated: a reader should not trust its input.
 */
const BLOCK = 512;

function field(h: Buffer, at: number, len: number): string {
  const raw = h.subarray(at, at + len);
  const nul = raw.indexOf(0);
  return raw.subarray(0, nul === -1 ? len : nul).toString('utf8');
}

function safeRelative(path: string, root: string): string {
  const parts = path.replace(/\/+$/, '').split('/');
  if (parts[0] !== root || parts.some((p) => p === '' || p === '.' || p === '..')) {
    throw new PremisesError('DataLoss', `the backup holds an unexpected entry "${path}"; nothing was restored`);
  }
  return parts.slice(1).join('/');
}

export async function extractTar(plain: AsyncIterable<Buffer>, dest: string, root: string): Promise<string[]> {
  const files: string[] = [];
  let buf: Buffer = Buffer.alloc(0);
  let fd: number | undefined;
  let remaining = 0;
  let pad = 0;
  let zeros = 0;
  const close = () => {
    if (fd !== undefined) {
      fsyncSync(fd);
      closeSync(fd);
      fd = undefined;
    }
  };
  try {
    for await (const piece of plain) {
      buf = buf.length === 0 ? piece : Buffer.concat([buf, piece]);
      for (;;) {
        if (remaining > 0) {
          const n = Math.min(remaining, buf.length);
          if (n === 0) break;
          writeSync(fd!, buf, 0, n);
          buf = buf.subarray(n);
          remaining -= n;
          if (remaining === 0) close();
          continue;
        }
        if (pad > 0) {
          const n = Math.min(pad, buf.length);
          if (n === 0) break;
          buf = buf.subarray(n);
          pad -= n;
          continue;
        }
        if (buf.length < BLOCK) break;
        const h = buf.subarray(0, BLOCK);
        buf = buf.subarray(BLOCK);
        if (h.every((b) => b === 0)) {
          zeros++;
          continue;
        }
        if (zeros > 0) throw new PremisesError('DataLoss', 'the backup holds data after its end; nothing was restored');
        const prefix = field(h, 345, 155);
        const name = prefix ? `${prefix}/${field(h, 0, 100)}` : field(h, 0, 100);
        const size = parseInt(field(h, 124, 12).trim() || '0', 8);
        const type = field(h, 156, 1) || '0';
        const rel = safeRelative(name, root);
        if (type === '5') {
          if (rel) mkdirSync(join(dest, rel), { recursive: true, mode: 0o700 });
          continue;
        }
        if (type !== '0' || !Number.isSafeInteger(size) || size < 0 || !rel) {
          throw new PremisesError('DataLoss', `the backup holds an entry of an unexpected kind (${name}); nothing was restored`);
        }
        const path = join(dest, rel);
        mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
        fd = openSync(path, 'wx', 0o600);
        files.push(rel);
        remaining = size;
        pad = (BLOCK - (size % BLOCK)) % BLOCK;
        if (size === 0) close();
      }
    }
    if (remaining > 0 || zeros < 2) throw new PremisesError('DataLoss', 'the backup ends before its last file does; nothing was restored');
    return files;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
