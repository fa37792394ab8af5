import { Worker } from 'node:worker_threads';
import type { HashJob, HashMessage } from './hash-worker.js';
import type { SourceSegment } from './plan.js';

/** A source segment whose bytes no longer match its row. */
export interface BadSource {
  camera: string;
  path: string;
  expected: string;
  actual: string;
}

/**
 * Re-hash `sources` on a worker thread. `onBad` fires at the first mismatch
 * (the caller stops ffmpeg at once); the promise resolves with every
 * mismatch once all files are read, so the refusal lists them all.
 */
export function hashSources(
  sources: readonly SourceSegment[],
  absolute: (rel: string) => string,
  onProgress: (bytesDone: number, segmentsDone: number) => void,
  onBad: () => void,
  signal?: AbortSignal,
): Promise<BadSource[]> {
  return new Promise((resolve, reject) => {
    const job: HashJob = { files: sources.map((s) => absolute(s.path)) };
    const worker = new Worker(new URL('./hash-worker.js', import.meta.url), { workerData: job });
    const onAbort = () => void worker.terminate();
    signal?.addEventListener('abort', onAbort, { once: true });
    const bad: BadSource[] = [];
    let seen = 0;
    worker.on('message', (m: HashMessage) => {
      switch (m.kind) {
        case 'progress':
          onProgress(m.bytes, seen);
          return;
        case 'file':
        case 'unreadable': {
          seen += 1;
          const seg = sources[m.index]!;
          const actual =
            m.kind === 'unreadable' ? `unreadable: ${m.code}` : m.bytes === seg.bytes ? m.sha256 : `${m.sha256} (${m.bytes} bytes, index says ${seg.bytes})`;
          if (actual !== seg.sha256) {
            if (bad.length === 0) onBad();
            bad.push({ camera: seg.cameraId, path: seg.path, expected: seg.sha256, actual });
          }
          return;
        }
      }
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      signal?.removeEventListener('abort', onAbort);
      if (seen === sources.length || signal?.aborted) resolve(bad);
      else reject(new Error(`the hashing thread stopped (exit ${code}) after ${seen} of ${sources.length} segments`));
    });
  });
}
