import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

/**
 * Hash a file's bytes. With `sync`, fsync it first so the hash describes what
 * is durably on disk (ingest); without, just read (check, export).
 */
export async function hashFile(path: string, options: { sync?: boolean } = {}): Promise<{ sha256: string; bytes: number }> {
  const handle = await open(path, 'r');
  try {
    if (options.sync) await handle.sync();
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const chunk of handle.createReadStream({ autoClose: false, highWaterMark: 1 << 20 })) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
    return { sha256: hash.digest('hex'), bytes };
  } finally {
    await handle.close();
  }
}
