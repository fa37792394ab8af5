import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { PremisesError } from '../shared/errors.js';
import { MIGRATIONS, type Migration } from './migrations/index.js';

export type Db = Database.Database;

/**
 * Open the index with the pragmas the invariants depend on. better-sqlite3's
 * bundled SQLite defaults to synchronous=NORMAL in WAL mode, where a committed
 * transaction can roll back on power loss; a segment row must never outlive
 * that risk, so FULL is set explicitly.
 */
export function openDb(path: string, options: { readonly?: boolean; migrations?: readonly Migration[] } = {}): Db {
  let db: Db;
  try {
    db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  } catch (err) {
    throw cannotOpen(path, err);
  }
  db.pragma('busy_timeout = 10000');
  immediateTransactions(db);
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
  }
  db.pragma('foreign_keys = ON');
  if (!options.readonly) migrate(db, options.migrations ?? MIGRATIONS);
  return db;
}

/**
 * SQLite says only "unable to open database file". Say which file, who owns
 * its folder and who we run as: in a container or service, the data
 * directory belonging to another user is the usual cause.
 */
function cannotOpen(path: string, err: unknown): Error {
  if ((err as { code?: string }).code !== 'SQLITE_CANTOPEN') return err as Error;
  const dir = dirname(path);
  const uid = process.getuid?.() ?? -1;
  let detail: string;
  try {
    const st = statSync(dir);
    detail = `the folder ${dir} belongs to uid ${st.uid} (mode ${(st.mode & 0o777).toString(8)}) and Premises runs as uid ${uid}; make it writable for that user (chown ${uid} ${dir})`;
  } catch (e) {
    detail = `the folder ${dir} is not usable (${(e as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  return new PremisesError('FailedPrecondition', `cannot open the index ${path}: ${detail}`, undefined, { cause: err });
}

/**
 * Every transaction takes the write lock when it begins (BEGIN IMMEDIATE).
 * Most of ours read before they write — the audit log reads its head hash,
 * then appends — and the CLI writes while the daemon does. With SQLite's
 * default deferred BEGIN, a read transaction that must become a write after
 * the other process committed fails at once with "database is locked"
 * (SQLITE_BUSY_SNAPSHOT), which no busy timeout retries. Taking the lock up
 * front makes the other writer wait its turn under busy_timeout instead.
 */
function immediateTransactions(db: Db): void {
  const deferred = db.transaction.bind(db);
  db.transaction = ((fn: (...args: never[]) => unknown) => {
    const modes = deferred(fn);
    const immediate = (...args: never[]) => modes.immediate(...args);
    return Object.assign(immediate, {
      default: immediate,
      deferred: (...args: never[]) => modes.deferred(...args),
      immediate,
      exclusive: (...args: never[]) => modes.exclusive(...args),
    });
  }) as Db['transaction'];
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Apply numbered migrations, each in its own transaction with its version bump. */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS, upTo = Infinity): void {
  const current = schemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new PremisesError(
      'FailedPrecondition',
      `the index was written by a newer Premises (schema ${current}, this one knows ${latest}); upgrade Premises instead of downgrading`,
    );
  }
  for (const migration of migrations) {
    if (migration.version <= current || migration.version > upTo) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}
