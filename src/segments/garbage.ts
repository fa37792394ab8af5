import { unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Db } from '../db/open.js';
import type { Logger } from '../shared/logger.js';
import { fsyncDir } from '../shared/fsync.js';
import type { DataLayout } from '../shared/data-layout.js';

/**
 * Second phase of a deletion: for each garbage row, unlink the file (absent is
 * fine: a crash may have happened after the unlink), fsync its directory, then
 * delete the garbage row. Safe to run at any time and repeatedly; start-up
 * runs it to finish deletions a crash interrupted.
 */
export function finishGarbage(db: Db, layout: DataLayout, log?: Logger): { files: number } {
  const rows = db.prepare('SELECT id, path FROM garbage ORDER BY id').all() as { id: number; path: string }[];
  const remove = db.prepare('DELETE FROM garbage WHERE id = ?');
  const dirs = new Set<string>();
  let files = 0;
  for (const row of rows) {
    const abs = layout.absolute(row.path);
    try {
      unlinkSync(abs);
      files += 1;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        log?.error({ path: row.path, err: (err as Error).message }, 'cannot delete a segment file; will retry');
        continue;
      }
    }
    dirs.add(dirname(abs));
  }
  for (const dir of dirs) {
    try {
      fsyncDir(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  // Rows go only after every unlink they describe is durable.
  db.transaction(() => {
    for (const row of rows) {
      if (dirs.has(dirname(layout.absolute(row.path)))) remove.run(row.id);
    }
  })();
  return { files };
}

/**
 * First phase: move segment rows to garbage in one transaction (the caller's,
 * together with its audit entry). After this the footage is no longer in the
 * index; finishGarbage removes the files.
 */
export function moveSegmentsToGarbage(db: Db, segmentIds: readonly number[], reason: string, now: number): number {
  const select = db.prepare('SELECT id, camera_id, path FROM segments WHERE id = ?');
  const insert = db.prepare('INSERT INTO garbage (segment_id, camera_id, path, reason, created_at) VALUES (?, ?, ?, ?, ?)');
  const remove = db.prepare('DELETE FROM segments WHERE id = ?');
  let moved = 0;
  for (const id of segmentIds) {
    const row = select.get(id) as { id: number; camera_id: string; path: string } | undefined;
    if (!row) continue;
    insert.run(row.id, row.camera_id, row.path, reason, now);
    remove.run(row.id);
    moved += 1;
  }
  return moved;
}
