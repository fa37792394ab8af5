import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fsyncDir, mkdirDurable } from '../shared/fsync.js';
import type { Checkpoint } from './checkpoints.js';
import { CHECKPOINT_FILE_FORMAT, type CheckpointFile } from './verify.js';

/**
 * Write the checkpoints to a file in `dir` (hashes, sizes, signatures and
 * public keys: no personal data). Each export is a new file named by time,
 * so a directory kept elsewhere accumulates history that a later truncation
 * cannot hide.
 */
export function writeCheckpointFile(dir: string, checkpoints: readonly Checkpoint[], fingerprint: string, now: number): string {
  mkdirDurable(dir);
  const stamp = new Date(now).toISOString().replaceAll(':', '').replace('.', '_');
  const path = join(dir, `premises-checkpoints-${stamp}.json`);
  const body: CheckpointFile = {
    format: CHECKPOINT_FILE_FORMAT,
    exported_at: new Date(now).toISOString(),
    key_fingerprint: fingerprint,
    checkpoints: checkpoints.map((c) => ({
      size: c.size,
      head_hash: c.head_hash,
      at: c.at,
      key_fingerprint: c.key_fingerprint,
      public_key: c.public_key,
      signature: c.signature,
    })),
  };
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w', 0o644);
  try {
    writeSync(fd, `${JSON.stringify(body, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  fsyncDir(dir);
  return path;
}
