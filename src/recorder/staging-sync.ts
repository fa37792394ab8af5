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
 * is an event naming the file, so the fragment is synced within
 * milliseconds) and, as a fallback, ffmpeg's progress reports (every second;
 * every fifth while the watch works). A file is fdatasync'd only if it grew
 * since its last sync, so both triggers together cost one fdatasync per
 * fragment. One sync at a time per camera; an
 * event during a sync runs one more pass after it, so a slow disk makes syncs
 * rarer, never piles them up. Works off the event loop (libuv's pool).
 */
export class StagingSync {
  private inFlight = false;
  private again = false;
  private fullPass = false;
  private ticks = 0;
  private watcher: FSWatcher | undefined;
  private readonly changed = new Set<string>();
  private readonly syncedSize = new Map<string, number>();
  /** fsync/fdatasync calls made, for the benchmark and tests. */
  syncs = 0;

  constructor(private readonly dir: string) {}

  /** Sync each file the moment it changes, until close(). A folder that cannot be watched falls back to tick(). */
  watch(): this {
    try {
      this.watcher = watch(this.dir, { persistent: false }, (_event, name) => {
        if (typeof name !== 'string' || !name.endsWith('.mp4')) return;
        this.changed.add(name);
        void this.run();
      });
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

  /**
   * The fallback, once per ffmpeg progress report: list the folder and sync
   * whatever grew. While the watch works it already synced everything, so
   * then only every fifth report looks (a watch can miss events on overflow).
   */
  tick(): Promise<void> {
    this.ticks += 1;
    if (this.watcher && this.ticks % FALLBACK_EVERY_WITH_WATCH !== 0) return Promise.resolve();
    this.fullPass = true;
    return this.run();
  }

  /** One pass now, or one more right after the pass in progress. Never throws: a file that vanished was ingested meanwhile. */
  private async run(): Promise<void> {
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.inFlight = true;
    try {
      do {
        this.again = false;
        const full = this.fullPass;
        this.fullPass = false;
        const names = [...this.changed];
        this.changed.clear();
        await this.sync(names, full).catch(() => undefined);
      } while (this.again);
    } finally {
      this.inFlight = false;
    }
  }

  private async sync(changed: readonly string[], full: boolean): Promise<void> {
    const listed = full ? (await readdir(this.dir)).filter((n) => n.endsWith('.mp4')) : [];
    const names = new Set([...changed, ...listed]);
    let newName = false;
    for (const name of names) {
      const path = `${this.dir}/${name}`;
      const known = this.syncedSize.get(name);
      let size: number;
      try {
        size = (await stat(path)).size;
      } catch {
        this.syncedSize.delete(name); // renamed into place by ingest, or quarantined
        continue;
      }
      if (size === known) continue;
      if (known === undefined) newName = true;
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
    if (full) for (const name of this.syncedSize.keys()) if (!listed.includes(name)) this.syncedSize.delete(name);
  }
}

/** With a working watch, the progress-report fallback lists the folder only every this many reports. */
const FALLBACK_EVERY_WITH_WATCH = 5;
