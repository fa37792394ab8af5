import { mkdirSync, renameSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fsyncDir } from '../shared/fsync.js';
import type { DataLayout } from '../shared/data-layout.js';
import type { SegmentStore } from './store.js';

/**
 * Reconciliation never deletes a file it does not understand: it moves it
 * into recordings/.quarantine/<camera>/ (same filesystem, so a rename) and
 * records why. An owner or an investigator can still look at it.
 */
export function quarantineFile(layout: DataLayout, store: SegmentStore, file: string, cameraId: string | null, reason: string, now: number): string {
  const dir = join(layout.quarantineDir, cameraId ?? 'unknown');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date(now).toISOString().replaceAll(':', '').replaceAll('-', '');
  const target = join(dir, `${stamp}-${basename(file)}`);
  const bytes = statSync(file).size;
  renameSync(file, target);
  fsyncDir(dir);
  store.recordQuarantine({
    cameraId,
    path: relative(layout.recordingsRoot, target),
    original: relative(layout.recordingsRoot, file),
    reason,
    bytes,
    now,
  });
  return target;
}
