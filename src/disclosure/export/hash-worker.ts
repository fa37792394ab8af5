import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

/**
 * Re-hashes an export's source segments on its own thread while ffmpeg
 * copies them (source-hash.ts starts it): on a two-core box hashing and
 * remuxing then overlap instead of adding up. Posts one message per file and
 * a progress message every PROGRESS_BYTES.
 */
export interface HashJob {
  files: string[];
}
export type HashMessage =
  | { kind: 'file'; index: number; sha256: string; bytes: number }
  | { kind: 'unreadable'; index: number; code: string }
  | { kind: 'progress'; bytes: number };

const CHUNK = 4 << 20;
const PROGRESS_BYTES = 32 << 20;

function run(job: HashJob, post: (m: HashMessage) => void): void {
  const buffer = Buffer.allocUnsafe(CHUNK);
  let total = 0;
  let reported = 0;
  job.files.forEach((path, index) => {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (err) {
      post({ kind: 'unreadable', index, code: (err as NodeJS.ErrnoException).code ?? 'error' });
      return;
    }
    try {
      const hash = createHash('sha256');
      let bytes = 0;
      for (;;) {
        const n = readSync(fd, buffer, 0, CHUNK, null);
        if (n === 0) break;
        hash.update(buffer.subarray(0, n));
        bytes += n;
        total += n;
        if (total - reported >= PROGRESS_BYTES) {
          reported = total;
          post({ kind: 'progress', bytes: total });
        }
      }
      post({ kind: 'file', index, sha256: hash.digest('hex'), bytes });
    } catch (err) {
      post({ kind: 'unreadable', index, code: (err as NodeJS.ErrnoException).code ?? 'error' });
    } finally {
      closeSync(fd);
    }
  });
  post({ kind: 'progress', bytes: total });
}

if (parentPort) {
  const port = parentPort;
  run(workerData as HashJob, (m) => port.postMessage(m));
}
