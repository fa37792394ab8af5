import { userInfo } from 'node:os';
import { PremisesError, type ErrorKind } from './errors.js';

/**
 * The one place where what the operating system and SQLite report at the
 * edges (a full disk, a read-only remount, a failing disk, a folder the
 * service user may not write) becomes a PremisesError with a kind, a plain
 * message and the fix. The API maps the kind to an HTTP status (507 for a full
 * disk, 503 for the others), the CLI to an exit code (3 full, 4 refuses).
 */

/** Where the data lives, for messages about errors that carry no path (SQLite's). Set when the index is opened. */
let knownDataDir: string | undefined;

export function noteDataDir(dataDir: string): void {
  knownDataDir = dataDir;
}

export interface EdgeHint {
  /** The data folder, when the caller knows it better than the last one noted. */
  dataDir?: string;
  /** The account Premises runs as (default: the current user). */
  user?: string;
}

type Edge = 'full' | 'quota' | 'read-only' | 'io' | 'permission' | 'cannot-open' | 'corrupt' | 'too-many-files' | 'stale';

const SQLITE_EDGES: readonly [prefix: string, edge: Edge][] = [
  // Growing the WAL index (-shm) fails on a full disk, reported as an I/O error.
  ['SQLITE_IOERR_SHMSIZE', 'full'],
  ['SQLITE_FULL', 'full'],
  ['SQLITE_READONLY', 'read-only'],
  ['SQLITE_IOERR', 'io'],
  ['SQLITE_CORRUPT', 'corrupt'],
  ['SQLITE_NOTADB', 'corrupt'],
  ['SQLITE_CANTOPEN', 'cannot-open'],
  ['SQLITE_PERM', 'permission'],
  ['SQLITE_AUTH', 'permission'],
];

const ERRNO_EDGES: Readonly<Record<string, Edge>> = {
  ENOSPC: 'full',
  EDQUOT: 'quota',
  EFBIG: 'full',
  EROFS: 'read-only',
  EIO: 'io',
  ENXIO: 'io',
  ENODEV: 'io',
  EACCES: 'permission',
  EPERM: 'permission',
  EMFILE: 'too-many-files',
  ENFILE: 'too-many-files',
  ESTALE: 'stale',
};

function edgeOf(code: string): Edge | undefined {
  if (code.startsWith('SQLITE_')) return SQLITE_EDGES.find(([prefix]) => code === prefix || code.startsWith(`${prefix}_`))?.[1];
  return ERRNO_EDGES[code];
}

const KIND: Readonly<Record<Edge, ErrorKind>> = {
  full: 'ResourceExhausted',
  quota: 'ResourceExhausted',
  'read-only': 'StorageFault',
  io: 'StorageFault',
  permission: 'StorageFault',
  'cannot-open': 'StorageFault',
  'too-many-files': 'StorageFault',
  stale: 'StorageFault',
  corrupt: 'DataLoss',
};

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'premises';
  }
}

function message(edge: Edge, code: string, where: string, dataDir: string, user: string): string {
  switch (edge) {
    case 'full':
      return (
        `the disk holding ${where} is full (${code}): Premises deletes the oldest footage that is not under hold by itself; ` +
        `if the disk stays full, another file or folder on it is filling it or all footage is under hold. ` +
        `See \`df -h ${dataDir}\` and the Storage page, free space on that disk or add a disk; recording resumes by itself`
      );
    case 'quota':
      return `the disk quota of the ${user} user on ${where} is used up (${code}): raise the quota (setquota) or free space it counts against`;
    case 'read-only':
      return (
        `the disk holding ${where} is read-only (${code}): it was mounted read-only or the system remounted it after a disk error, ` +
        `or the file is not writable by the ${user} user. Check \`dmesg\` for disk errors, remount it read-write ` +
        `(mount -o remount,rw), check that ${user} owns ${dataDir}, then restart Premises`
      );
    case 'io':
      return (
        `the disk holding ${where} reports input/output errors (${code}): it may be failing or disconnected. ` +
        'Check its cable and `dmesg`, replace it if it keeps failing, and run `premises check` once it is back'
      );
    case 'permission':
      return `Premises may not write to ${where} (${code}): give the ${user} user write access (chown -R ${user}: ${dataDir})`;
    case 'cannot-open':
      return `Premises cannot open its index in ${dataDir} (${code}): the folder is missing or not writable by the ${user} user (mkdir -p ${dataDir}; chown -R ${user}: ${dataDir})`;
    case 'too-many-files':
      return `Premises has too many files open (${code}): raise its open-file limit (LimitNOFILE= in the systemd unit, or ulimit -n) and restart it`;
    case 'stale':
      return `the network disk holding ${where} went away (${code}): check that it is mounted and reachable, then restart Premises`;
    case 'corrupt':
      return (
        `the Premises index in ${dataDir} is damaged (${code}): stop Premises, copy the whole data folder somewhere safe, ` +
        'then restore the index from a backup; `premises check` lists what disagrees'
      );
  }
}

function codeOf(err: unknown): { code: string; path: string | undefined } | undefined {
  for (let e: unknown = err, depth = 0; e !== null && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && edgeOf(code) !== undefined) {
      const path = (e as { path?: unknown }).path;
      return { code, path: typeof path === 'string' ? path : undefined };
    }
  }
  return undefined;
}

/**
 * The PremisesError an error at the edge stands for, or undefined when it is
 * not one (a PremisesError passes through unchanged).
 */
export function edgeError(err: unknown, hint: EdgeHint = {}): PremisesError | undefined {
  if (err instanceof PremisesError) return err;
  const found = codeOf(err);
  if (!found) return undefined;
  const edge = edgeOf(found.code) as Edge;
  const dataDir = hint.dataDir ?? knownDataDir ?? 'the Premises data folder';
  const where = found.path ?? dataDir;
  return new PremisesError(KIND[edge], message(edge, found.code, where, dataDir, hint.user ?? currentUser()), { code: found.code, path: where }, { cause: err });
}

/** True for "the disk is full" in any of its spellings (ENOSPC, EDQUOT, SQLITE_FULL). */
export function isDiskFull(err: unknown): boolean {
  return edgeError(err)?.kind === 'ResourceExhausted';
}

/** True for errors a retry may overcome once the disk has room or comes back (full, read-only, I/O). */
export function isStorageTrouble(err: unknown): boolean {
  const kind = edgeError(err)?.kind;
  return kind === 'ResourceExhausted' || kind === 'StorageFault';
}
