import { closeSync, openSync, renameSync, rmSync, statfsSync, statSync, unlinkSync, writeSync, fsyncSync } from 'node:fs';
import { join } from 'node:path';
import { fsyncDir } from './fsync.js';
import type { Logger } from './logger.js';

/**
 * Free space held in escrow: a file of zeros in the data folder that Premises
 * deletes first when its disk is full, so that the index (SQLite's WAL and
 * the growth of index.db at the next checkpoint) has room for the deletion
 * of footage, the alarm and the audit entries that free everything else.
 * Without it a full disk could never be cleared: every deletion is a write to
 * the index before it unlinks a file (docs/design.md, two-phase deletion).
 *
 * The reserve counts as free space everywhere Premises judges its floor, so
 * making it again never makes the floor delete footage.
 */
export const RESERVE_FILE = 'space-reserve';
const MiB = 1024 * 1024;

/** 1 % of the disk, at least 4 MiB (a few hundred WAL pages, room for many sweeps), at most 64 MiB. */
export function reserveBytesFor(totalBytes: number): number {
  return Math.min(64 * MiB, Math.max(4 * MiB, Math.ceil(totalBytes / 100 / MiB) * MiB));
}

export class SpaceReserve {
  readonly path: string;

  constructor(
    private readonly dataDir: string,
    private readonly log?: Logger,
  ) {
    this.path = join(dataDir, RESERVE_FILE);
  }

  /** Bytes the reserve holds now (0 when released). */
  heldBytes(): number {
    try {
      return statSync(this.path).size;
    } catch {
      return 0;
    }
  }

  /** Delete the reserve (durably); true when there was one to release. */
  release(why: string): boolean {
    const bytes = this.heldBytes();
    if (bytes === 0) return false;
    try {
      unlinkSync(this.path);
      fsyncDir(this.dataDir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
    this.log?.warn({ bytes, why }, 'released the disk space reserve so the index stays writable');
    return true;
  }

  /**
   * Make the reserve of `bytes` when it is missing (or smaller). Written to a
   * temporary name and renamed, so a half-made reserve is never mistaken for
   * one; a full disk midway leaves nothing behind. True when made now.
   */
  create(bytes: number): boolean {
    if (this.heldBytes() >= bytes) return false;
    const tmp = `${this.path}.tmp`;
    const chunk = Buffer.alloc(Math.min(bytes, MiB));
    try {
      const fd = openSync(tmp, 'w', 0o600);
      try {
        for (let written = 0; written < bytes; ) {
          written += writeSync(fd, chunk, 0, Math.min(chunk.length, bytes - written));
        }
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, this.path);
      fsyncDir(this.dataDir);
    } catch (err) {
      rmSync(tmp, { force: true });
      this.log?.warn({ err: (err as Error).message }, 'cannot make the disk space reserve now; trying again later');
      return false;
    }
    this.log?.info({ bytes }, 'disk space reserve in place');
    return true;
  }
}

/**
 * Before a process opens the index on a disk that filled while Premises was
 * stopped: SQLite cannot even size its shared-memory file there
 * (SQLITE_IOERR_SHMSIZE), so start-up could never write and Premises would
 * never run to clear the disk. The reserve is exactly for this.
 */
export function releaseReserveIfFull(dataDir: string, log?: Logger): void {
  try {
    const s = statfsSync(dataDir);
    if (s.bavail * s.bsize < reserveBytesFor(s.blocks * s.bsize) / 2) new SpaceReserve(dataDir, log).release('the disk is full');
  } catch (err) {
    log?.error({ err: (err as Error).message }, 'cannot read free disk space');
  }
}
