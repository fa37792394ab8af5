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
  const db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
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
