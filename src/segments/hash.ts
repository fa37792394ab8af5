import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

/**
 * Hash a file's bytes. With `sync`, fsync it first so the hash describes what
 * is durably on disk (ingest); without, just read (check, export).
 *
 * Reads go into a small pool of reused 1 MiB buffers rather than a read
 * stream: with every segment of every camera read back once, the stream's
 * per-chunk allocations were a measurable share of Premises' CPU
 * (docs/benchmarks.md).
 */
const CHUNK = 1 << 20;
const POOL_LIMIT = 8;
const pool: Buffer[] = [];

export async function hashFile(path: string, options: { sync?: boolean } = {}): Promise<{ sha256: string; bytes: number }> {
  const handle = await open(path, 'r');
  const buffer = pool.pop() ?? Buffer.allocUnsafe(CHUNK);
  try {
    if (options.sync) await handle.sync();
    const hash = createHash('sha256');
    let bytes = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      bytes += bytesRead;
    }
    return { sha256: hash.digest('hex'), bytes };
  } finally {
    if (pool.length < POOL_LIMIT) pool.push(buffer);
    await handle.close();
  }
}
