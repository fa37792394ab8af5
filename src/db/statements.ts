import type { Statement } from 'better-sqlite3';
import type { Db } from './open.js';

/**
 * Prepared statements, prepared once per Database and SQL text. Table modules
 * call this instead of db.prepare so a query run on every request (or every
 * segment) is compiled once; the cache goes with its Database.
 */
const cache = new WeakMap<Db, Map<string, Statement>>();

export function statement(db: Db, sql: string): Statement {
  let forDb = cache.get(db);
  if (!forDb) {
    forDb = new Map();
    cache.set(db, forDb);
  }
  let prepared = forDb.get(sql);
  if (!prepared) {
    prepared = db.prepare(sql);
    forDb.set(sql, prepared);
  }
  return prepared;
}
