import { closeSync, fsyncSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Durability helpers. A rename or unlink is durable only once the directory
 * holding it is fsynced; a file's data only once the file is.
 */
export function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export const fsyncDir = fsyncPath;

/** mkdir -p, fsyncing each parent whose entry list changed. */
export function mkdirDurable(dir: string): void {
  const created = mkdirSync(dir, { recursive: true });
  if (created === undefined) return;
  // `created` is the first directory made; fsync it and every parent up to the one that existed.
  let current = dir;
  for (;;) {
    fsyncDir(dirname(current));
    if (current === created) break;
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
}
