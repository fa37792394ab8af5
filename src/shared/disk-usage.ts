import { lstatSync, readdirSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { SETUP_LINK_FILE } from './data-layout.js';
import { RESERVE_FILE } from './space-reserve.js';

/**
 * Who uses the disk that holds the data folder, when its free space cannot be
 * brought back by deleting footage: Premises' own folders (besides footage,
 * which the index accounts for) and the largest other file or folder on the
 * same filesystem. Walks are bounded (a root filesystem can hold millions of
 * files) and never cross into another filesystem.
 */

/** Names Premises itself keeps at the top of its data folder (segments/layout.ts and friends). */
const OWN = new Set([
  'index.db',
  'index.db-wal',
  'index.db-shm',
  'index.db-journal',
  'premises.pid',
  'keys',
  'recordings',
  'exports',
  'backups',
  'masks',
  'tls',
  'tmp',
  SETUP_LINK_FILE,
  RESERVE_FILE,
  `${RESERVE_FILE}.tmp`,
]);

export interface Sized {
  path: string;
  bytes: number;
  /** False when the walk ran out of its budget: the size is a lower bound. */
  complete: boolean;
}

const allocated = (st: Stats) => st.blocks * 512;

/** Allocated bytes under `path` on filesystem `dev` (other mounts are left out), visiting at most `budget` entries. */
function du(path: string, dev: number, budget: { left: number }, skip: ReadonlySet<string> = new Set()): { bytes: number; complete: boolean } {
  let bytes = 0;
  let complete = true;
  const stack = [path];
  while (stack.length > 0) {
    const p = stack.pop() as string;
    if (budget.left <= 0) {
      complete = false;
      break;
    }
    budget.left -= 1;
    let s: Stats;
    try {
      s = lstatSync(p);
    } catch {
      continue;
    }
    if (s.dev !== dev) continue;
    bytes += allocated(s);
    if (!s.isDirectory()) continue;
    try {
      for (const name of readdirSync(p)) {
        const child = join(p, name);
        if (!skip.has(child)) stack.push(child);
      }
    } catch {
      // unreadable folder: counted as its own size only
    }
  }
  return { bytes, complete };
}

/** The folder a filesystem is mounted on, for a path on it. */
export function mountRootOf(path: string): string {
  let current = resolve(path);
  const dev = lstatSync(current).dev;
  for (;;) {
    const parent = dirname(current);
    if (parent === current) return current;
    try {
      if (lstatSync(parent).dev !== dev) return current;
    } catch {
      return current;
    }
    current = parent;
  }
}

/** Bytes of Premises' own folders and files in the data folder, footage (recordings) excepted. */
export function ownNonFootageBytes(dataDir: string, budget = { left: 4_000 }): number {
  const dev = lstatSync(dataDir).dev;
  let bytes = 0;
  for (const name of OWN) if (name !== 'recordings') bytes += du(join(dataDir, name), dev, budget).bytes;
  return bytes;
}

/**
 * The largest file or folder on the data folder's filesystem that is not
 * Premises': the top-level entries of the mount (the data folder left out)
 * and anything unknown at the top of the data folder. Undefined when none.
 */
export function largestForeign(dataDir: string, maxEntries = 4_000): Sized | undefined {
  const data = resolve(dataDir);
  const root = mountRootOf(data);
  const dev = lstatSync(root).dev;
  const candidates: string[] = [];
  const list = (dir: string) => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  };
  for (const name of list(data)) if (!OWN.has(name)) candidates.push(join(data, name));
  if (root !== data) for (const name of list(root)) candidates.push(join(root, name));
  let best: Sized | undefined;
  const skip = new Set([data]);
  // An equal share each, so one huge tree (/usr) cannot starve the rest: a big file is one entry and always found whole.
  const share = Math.max(100, Math.floor(maxEntries / Math.max(1, candidates.length)));
  for (const path of candidates) {
    if (path === data) continue;
    const { bytes, complete } = du(path, dev, { left: share }, skip);
    if (!best || bytes > best.bytes) best = { path, bytes, complete };
  }
  return best && best.bytes > 0 ? best : undefined;
}
