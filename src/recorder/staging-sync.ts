import { watch, type FSWatcher } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';

/**
 * Makes the segment ffmpeg is writing durable fragment by fragment, so a
 * power cut loses at most the fragment being made (docs/design.md,
 * invariant 4). ffmpeg hands each finished fragment to the kernel in one
 * write (src/recorder/ffmpeg-args.ts) but never fsyncs; without this, the
 * open segment lives in the page cache until the kernel's writeback (up to
 * ~30 s) and is fsynced only when it closes.
 *
 * Two triggers: an inotify watch on the staging folder (each fragment write
 * is an event, so the fragment is synced within milliseconds) and, as a
 * fallback if the watch fails, each ffmpeg progress report (every second). A
 * file is fdatasync'd only if it grew since its last sync, so both triggers
 * together cost one fdatasync per fragment. One sync at a time per camera; an
 * event during a sync runs one more pass after it, so a slow disk makes syncs
 * rarer, never piles them up. Works off the event loop (libuv's pool).
 */
export class StagingSync {
  private inFlight = false;
  private again = false;
  private watcher: FSWatcher | undefined;
  private readonly syncedSize = new Map<string, number>();
  /** fsync/fdatasync calls made, for the benchmark and tests. */
  syncs = 0;

  constructor(private readonly dir: string) {}

  /** Sync on every change in the folder until close(). A folder that cannot be watched falls back to tick(). */
  watch(): this {
    try {
      this.watcher = watch(this.dir, { persistent: false }, () => void this.tick());
      this.watcher.on('error', () => this.close());
    } catch {
      this.watcher = undefined;
    }
    return this;
  }

  close(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }

  /** Sync what changed, now or right after the pass in progress. Never throws: a file that vanished was ingested meanwhile. */
  async tick(): Promise<void> {
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.inFlight = true;
    try {
      do {
        this.again = false;
        await this.sync().catch(() => undefined);
      } while (this.again);
    } finally {
      this.inFlight = false;
    }
  }

  private async sync(): Promise<void> {
    const names = (await readdir(this.dir)).filter((n) => n.endsWith('.mp4'));
    let newName = false;
    for (const name of names) {
      const path = `${this.dir}/${name}`;
      const known = this.syncedSize.get(name);
      if (known === undefined) newName = true;
      const size = (await stat(path)).size;
      if (size === known) continue;
      // fdatasync: the data and the size, all a reader of a growing fragmented file needs.
      const handle = await open(path, 'r');
      try {
        await handle.datasync();
      } finally {
        await handle.close();
      }
      this.syncs += 1;
      this.syncedSize.set(name, size);
    }
    // A new file's name survives a power cut only once its folder is synced.
    if (newName) {
      const handle = await open(this.dir, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      this.syncs += 1;
    }
    for (const name of this.syncedSize.keys()) if (!names.includes(name)) this.syncedSize.delete(name);
  }
}
