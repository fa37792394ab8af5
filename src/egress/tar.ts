import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/**
 * A small POSIX ustar writer: enough for an export folder (one directory of
 * regular files) streamed as one download or upload. Every file's bytes are
 * hashed as they go out and checked against the sha256 the manifest gave;
 * a mismatch ends the stream with an error instead of a complete archive.
 */
export interface OutgoingFile {
  /** Name inside the export folder (no slashes). */
  name: string;
  /** Absolute path on disk. */
  path: string;
  bytes: number;
  sha256: string;
}

const BLOCK = 512;

function octal(value: number, width: number): string {
  // width - 1 digits and a NUL, as ustar writes numbers.
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

/** Split a path into ustar's prefix (155) and name (100) fields. */
function splitName(path: string): { name: string; prefix: string } {
  if (Buffer.byteLength(path) <= 100) return { name: path, prefix: '' };
  const cut = path.lastIndexOf('/', 155);
  if (cut <= 0 || Buffer.byteLength(path.slice(cut + 1)) > 100) throw new Error(`name too long for a tar header: ${path}`);
  return { name: path.slice(cut + 1), prefix: path.slice(0, cut) };
}

/** One 512-byte ustar header. Pure. */
export function tarHeader(entry: { path: string; size: number; mtimeSec: number; type: 'file' | 'dir' }): Buffer {
  const h = Buffer.alloc(BLOCK, 0);
  const { name, prefix } = splitName(entry.path);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(entry.type === 'dir' ? 0o755 : 0o644, 8), 100, 8, 'ascii');
  h.write(octal(0, 8), 108, 8, 'ascii');
  h.write(octal(0, 8), 116, 8, 'ascii');
  if (entry.size >= 8 ** 11) throw new Error(`${entry.path} is too large for a ustar archive`);
  h.write(octal(entry.size, 12), 124, 12, 'ascii');
  h.write(octal(Math.max(0, Math.floor(entry.mtimeSec)), 12), 136, 12, 'ascii');
  h.write('        ', 148, 8, 'ascii'); // checksum counted as spaces
  h.write(entry.type === 'dir' ? '5' : '0', 156, 1, 'ascii');
  h.write('ustar\0', 257, 6, 'ascii');
  h.write('00', 263, 2, 'ascii');
  h.write('premises', 265, 32, 'ascii');
  h.write('premises', 297, 32, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return h;
}

const padding = (size: number) => (BLOCK - (size % BLOCK)) % BLOCK;

/** Exact archive size, for Content-Length. Pure. */
export function tarSize(files: readonly Pick<OutgoingFile, 'bytes'>[]): number {
  return BLOCK + files.reduce((n, f) => n + BLOCK + f.bytes + padding(f.bytes), 0) + 2 * BLOCK;
}

/**
 * Read a file, yielding its chunks, and fail at the end if its size or sha256
 * is not what the manifest says (the file changed since it was checked).
 */
export async function* verifiedChunks(file: OutgoingFile): AsyncGenerator<Buffer> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file.path, { highWaterMark: 1 << 20 })) {
    const b = chunk as Buffer;
    hash.update(b);
    bytes += b.length;
    if (bytes > file.bytes) break;
    yield b;
  }
  const sha = hash.digest('hex');
  if (bytes !== file.bytes || sha !== file.sha256) {
    throw new Error(`${file.name} changed after it was checked (now ${bytes} bytes, sha256 ${sha.slice(0, 16)}…): nothing more is sent`);
  }
}

/** The archive: a folder `<dir>/` holding the files, streamed. */
export async function* tarStream(dir: string, files: readonly OutgoingFile[], mtimeSec: number): AsyncGenerator<Buffer> {
  yield tarHeader({ path: `${dir}/`, size: 0, mtimeSec, type: 'dir' });
  for (const f of files) {
    yield tarHeader({ path: `${dir}/${f.name}`, size: f.bytes, mtimeSec, type: 'file' });
    yield* verifiedChunks(f);
    const pad = padding(f.bytes);
    if (pad > 0) yield Buffer.alloc(pad, 0);
  }
  yield Buffer.alloc(2 * BLOCK, 0);
}
