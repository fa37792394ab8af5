import { open, readdir } from 'node:fs/promises';

/**
 * Makes the segment ffmpeg is writing durable as it grows, so a power cut
 * loses at most what arrived since the last sync plus the fragment being
 * made (docs/design.md, invariant 4). ffmpeg hands each finished fragment to
 * the kernel at once (src/recorder/ffmpeg-args.ts) but never fsyncs; without
 * this, the open segment lives in the page cache until the kernel's writeback
 * (up to ~30 s) and the segment is fsynced only when it closes.
 *
 * Called once per ffmpeg progress report (every second). One sync at a time
 * per camera: a slow disk makes syncs rarer, never piles them up. Works off
 * the event loop (libuv's pool), so a slow fsync does not stall the API.
 */
export class StagingSync {
  private inFlight = false;
  private known = new Set<string>();
  /** fsync/fdatasync calls made, for the benchmark and tests. */
  syncs = 0;

  constructor(private readonly dir: string) {}

  /** Start a sync unless one is running. Never throws: a file that vanished was ingested or quarantined meanwhile. */
  tick(): Promise<void> {
    if (this.inFlight) return Promise.resolve();
    this.inFlight = true;
    return this.sync()
      .catch(() => undefined)
      .finally(() => {
        this.inFlight = false;
      });
  }

  private async sync(): Promise<void> {
    const names = (await readdir(this.dir)).filter((n) => n.endsWith('.mp4'));
    for (const name of names) {
      // fdatasync: the data and the size, which is all a reader of a growing fragmented file needs.
      await withHandle(`${this.dir}/${name}`, 'r', async (h) => h.datasync());
      this.syncs += 1;
    }
    // A new file's name survives a power cut only once its directory is synced.
    if (names.some((n) => !this.known.has(n))) {
      await withHandle(this.dir, 'r', async (h) => h.sync());
      this.syncs += 1;
    }
    this.known = new Set(names);
  }
}

async function withHandle(path: string, flags: string, use: (h: Awaited<ReturnType<typeof open>>) => Promise<void>): Promise<void> {
  const handle = await open(path, flags);
  try {
    await use(handle);
  } finally {
    await handle.close();
  }
}
