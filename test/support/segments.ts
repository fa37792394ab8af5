import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Db } from '../../src/db/open.js';
import type { DataLayout } from '../../src/shared/data-layout.js';

/**
 * Real segment files and rows without a recorder: random bytes written to the
 * layout's path, the row with their true size and sha256. Enough for the
 * retention machinery, which never looks inside a segment.
 */
export function addSegments(
  db: Db,
  layout: DataLayout,
  cameraId: string,
  opts: { startMs: number; count: number; durationMs?: number; bytes?: number },
): number[] {
  const duration = opts.durationMs ?? 10_000;
  const size = opts.bytes ?? 4096;
  db.prepare("INSERT OR IGNORE INTO cameras (id, name, origin, created_at) VALUES (?, ?, 'config', ?)").run(cameraId, cameraId, opts.startMs);
  const run = db.prepare('INSERT INTO runs (camera_id, started_at) VALUES (?, ?)').run(cameraId, opts.startMs);
  const insert = db.prepare('INSERT INTO segments (camera_id, run_id, start_ms, end_ms, bytes, sha256, path) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const ids: number[] = [];
  for (let i = 0; i < opts.count; i++) {
    const start = opts.startMs + i * duration;
    const rel = layout.segmentRelPath(cameraId, start);
    const abs = layout.absolute(rel);
    mkdirSync(dirname(abs), { recursive: true });
    const data = randomBytes(size);
    writeFileSync(abs, data);
    const sha = createHash('sha256').update(data).digest('hex');
    ids.push(Number(insert.run(cameraId, run.lastInsertRowid, start, start + duration, size, sha, rel).lastInsertRowid));
  }
  return ids;
}

/** Every .mp4 under the recordings root, relative to it. */
export function segmentFiles(layout: DataLayout): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.mp4')) out.push(relative(layout.recordingsRoot, p));
    }
  };
  walk(layout.recordingsRoot);
  return out.sort();
}

/** The invariant: no row without a file, no file without a row, nothing left in garbage. */
export function rowsMatchFiles(db: Db, layout: DataLayout): { rowsWithoutFile: string[]; filesWithoutRow: string[]; garbage: number } {
  const rows = new Set((db.prepare('SELECT path FROM segments').all() as { path: string }[]).map((r) => r.path));
  const files = new Set(segmentFiles(layout));
  return {
    rowsWithoutFile: [...rows].filter((p) => !files.has(p)),
    filesWithoutRow: [...files].filter((p) => !rows.has(p)),
    garbage: (db.prepare('SELECT COUNT(*) AS n FROM garbage').get() as { n: number }).n,
  };
}
