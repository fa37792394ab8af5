import { sql as core } from './001_core.js';
import { sql as audit } from './002_audit.js';
import { sql as signage } from './008_signage.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Append only: never edit a migration that has shipped; add the next number. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'core', sql: core },
  { version: 2, name: 'audit', sql: audit },
  // 3-7 belong to the other helpers' branches; merge them in order before this one.
  { version: 8, name: 'signage', sql: signage },
];
