import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { PremisesError } from '../shared/errors.js';
import { fsyncDir, fsyncPath, mkdirDurable } from '../shared/fsync.js';
import type { DataLayout } from '../shared/data-layout.js';
import type { Db } from '../db/open.js';
import { getMeta, setMeta } from '../db/meta.js';

/**
 * The recordings root carries the UUID of the index it belongs to. A missing,
 * empty or restored index therefore never mistakes the files for orphans:
 * Premises refuses to touch recordings that are not its own until the owner
 * adopts them explicitly (`premises check --repair --adopt`).
 */
export function indexUuid(db: Db): string {
  let uuid = getMeta(db, 'db_uuid');
  if (!uuid) {
    uuid = randomUUID();
    setMeta(db, 'db_uuid', uuid);
  }
  return uuid;
}

function hasFootage(layout: DataLayout): boolean {
  if (!existsSync(layout.recordingsRoot)) return false;
  return readdirSync(layout.recordingsRoot).some((name) => !name.startsWith('.'));
}

export type Ownership = { state: 'ours' } | { state: 'unmarked-empty' } | { state: 'foreign'; fileUuid: string | null; indexUuid: string };

export function ownership(layout: DataLayout, db: Db): Ownership {
  const ours = indexUuid(db);
  const fileUuid = existsSync(layout.dbUuidPath) ? readFileSync(layout.dbUuidPath, 'utf8').trim() : null;
  if (fileUuid === ours) return { state: 'ours' };
  if (fileUuid === null && !hasFootage(layout)) return { state: 'unmarked-empty' };
  return { state: 'foreign', fileUuid, indexUuid: ours };
}

function writeMarker(layout: DataLayout, uuid: string): void {
  mkdirDurable(layout.recordingsRoot);
  writeFileSync(layout.dbUuidPath, `${uuid}\n`, { mode: 0o644 });
  fsyncPath(layout.dbUuidPath);
  fsyncDir(layout.recordingsRoot);
}

/** Claim the recordings root for this index, or refuse with what to do. */
export function claimRecordings(layout: DataLayout, db: Db, options: { adopt?: boolean } = {}): void {
  const state = ownership(layout, db);
  if (state.state === 'ours') return;
  if (state.state === 'unmarked-empty' || options.adopt) {
    writeMarker(layout, indexUuid(db));
    return;
  }
  throw new PremisesError(
    'FailedPrecondition',
    `the recordings in ${layout.recordingsRoot} belong to another index ` +
      `(${state.fileUuid ? `marked ${state.fileUuid}` : 'no marker'}; this index is ${state.indexUuid}). ` +
      'This happens when index.db was lost, replaced or restored from a backup. Nothing was touched. ' +
      'If these recordings are yours, run `premises check --repair --adopt` to index them again.',
  );
}
