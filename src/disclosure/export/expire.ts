import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Actor, AuditLog } from '../../audit/log.js';
import type { Db } from '../../db/open.js';
import type { DataLayout } from '../../shared/data-layout.js';
import type { Clock } from '../../shared/clock.js';
import { fsyncDir } from '../../shared/fsync.js';
import { TEMP_PREFIX } from './create.js';
import { ExportStore, type ExportRecord } from './store.js';

/** A working folder this old belongs to no running export (exports take minutes). */
export const STALE_TEMP_MS = 24 * 3600 * 1000;
/** A published folder without a row this old is an export whose record never committed. */
export const ORPHAN_GRACE_MS = 3600 * 1000;

/** Pure: the exports whose folder must go now. */
export function expiredExports(records: readonly ExportRecord[], nowMs: number): ExportRecord[] {
  return records.filter((r) => (r.removedAt ?? null) === null && r.expiresAt <= nowMs);
}

export interface SweepResult {
  expired: string[];
  orphans: string[];
  staleTemp: string[];
}

/**
 * Remove expired exports: mark the row removed and audit it in one
 * transaction, then delete the folder. A crash between the two leaves a
 * removed row with its folder, which the next sweep deletes; a folder is never
 * gone while its row says it exists.
 */
export function sweepExports(deps: { db: Db; layout: DataLayout; audit: AuditLog; clock: Clock }, actor: Actor = 'system'): SweepResult {
  const { db, layout, audit, clock } = deps;
  const store = new ExportStore(db);
  const now = clock.now();
  const result: SweepResult = { expired: [], orphans: [], staleTemp: [] };
  for (const rec of expiredExports(store.list(), now)) {
    const marked = db.transaction(() => {
      if (!store.markRemoved(rec.id, now, actor, 'expired')) return false;
      audit.append({
        actor,
        action: 'export.expired',
        subject: `export:${rec.id}`,
        details: { manifestSha256: rec.manifestSha256, expiresAt: new Date(rec.expiresAt).toISOString(), files: rec.files, bytes: rec.bytes },
      });
      return true;
    })();
    if (marked) result.expired.push(rec.id);
  }

  let names: string[];
  try {
    names = readdirSync(layout.exportsDir);
  } catch {
    return result;
  }
  const known = new Map(store.list({ includeRemoved: true }).map((r) => [r.id, r]));
  for (const name of names) {
    const dir = join(layout.exportsDir, name);
    let mtime: number;
    try {
      const st = statSync(dir);
      if (!st.isDirectory()) continue;
      mtime = st.mtimeMs;
    } catch {
      continue;
    }
    const rec = known.get(name);
    if (rec) {
      if ((rec.removedAt ?? null) !== null) rmSync(dir, { recursive: true, force: true });
      continue;
    }
    if (name.startsWith(TEMP_PREFIX)) {
      if (now - mtime >= STALE_TEMP_MS) {
        rmSync(dir, { recursive: true, force: true });
        result.staleTemp.push(name);
      }
      continue;
    }
    if (name.startsWith('.') || now - mtime < ORPHAN_GRACE_MS) continue;
    // Footage in exports/ without a record: no one can account for it, so it does not stay.
    audit.append({ actor, action: 'export.orphan_removed', subject: `export:${name}`, details: { why: 'folder in exports/ without an export record' } });
    rmSync(dir, { recursive: true, force: true });
    result.orphans.push(name);
  }
  fsyncDir(layout.exportsDir);
  return result;
}
