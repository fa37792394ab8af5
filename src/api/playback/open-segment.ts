import { constants, type Stats } from 'node:fs';
import { open, realpath, stat, type FileHandle } from 'node:fs/promises';
import { sep } from 'node:path';
import type { DataLayout } from '../../shared/data-layout.js';
import { PremisesError } from '../../shared/errors.js';

/**
 * Opens a segment file for serving, from the path in its index row only —
 * never from anything in the request. Refuses, with PermissionDenied:
 * a row path that escapes the recordings root (DataLayout.absolute), a
 * symlink as the file itself (O_NOFOLLOW), a file whose real path (after
 * any symlinked directory on the way) is outside the real recordings root,
 * and anything that is not a regular file. The real path is checked after
 * opening and compared by device and inode with what was opened, so a swap
 * between the check and the open cannot slip another file in.
 */
export interface OpenedSegment {
  handle: FileHandle;
  size: number;
}

export async function openSegmentFile(layout: DataLayout, relPath: string): Promise<OpenedSegment> {
  let abs: string;
  try {
    if (relPath.includes('\0')) throw new Error('NUL in a segment path');
    abs = layout.absolute(relPath);
  } catch {
    throw new PremisesError('PermissionDenied', 'the index row of this segment points outside the recordings folder; run "premises check"');
  }
  let handle: FileHandle;
  try {
    // O_NONBLOCK: opening a FIFO planted in place of a segment must not hang the request.
    handle = await open(abs, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new PremisesError('PermissionDenied', 'the segment file is a symbolic link; refusing to follow it');
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new PremisesError('NotFound', 'the segment file is missing; run "premises check"');
    throw err;
  }
  try {
    const [root, real] = await Promise.all([realpath(layout.recordingsRoot), realpath(abs)]);
    if (!real.startsWith(root + sep)) throw new PremisesError('PermissionDenied', 'the segment file resolves outside the recordings folder; refusing to serve it');
    const [opened, named]: [Stats, Stats] = await Promise.all([handle.stat(), stat(real)]);
    if (opened.dev !== named.dev || opened.ino !== named.ino) throw new PremisesError('PermissionDenied', 'the segment file changed while it was opened; try again');
    if (!opened.isFile()) throw new PremisesError('PermissionDenied', 'the segment path is not a regular file');
    return { handle, size: opened.size };
  } catch (err) {
    await handle.close();
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new PremisesError('NotFound', 'the segment file is missing; run "premises check"');
    throw err;
  }
}
