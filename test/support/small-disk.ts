import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { RtspServer, type SourceSpec } from './rtsp.js';
import { PremisesProcess, tempDir, writeConfig } from './premises.js';

/**
 * A data directory on a tmpfs of its own, so a test can fill "the disk" to the
 * last byte without touching the machine's disks. The ballast is a
 * `fallocate`d file: it takes real blocks at once, as a copied video would.
 */
export interface SmallDisk {
  root: string;
  dataDir: string;
  ballast: string;
  /** Leaves `freeBytes` free on the tmpfs (0: full to the last block). */
  fillLeaving(freeBytes: number): void;
}

export function smallDisk(sizeMiB: number): SmallDisk & { mount(): void; unmount(): void } {
  const dir = tempDir();
  const dataDir = join(dir.path, 'data');
  const ballast = join(dataDir, 'ballast');
  let mounted = false;
  return {
    root: dir.path,
    dataDir,
    ballast,
    mount() {
      mkdirSync(dataDir);
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m`, 'tmpfs', dataDir]);
      mounted = true;
    },
    unmount() {
      if (mounted) spawnSync('umount', [dataDir]);
      mounted = false;
      dir.remove();
    },
    fillLeaving(freeBytes: number) {
      const s = statfsSync(dataDir);
      execFileSync('fallocate', ['-l', String(s.bavail * s.bsize - freeBytes), ballast]);
    },
  };
}

/** Filled in by the `before` hook of `recordingOnSmallDisk`; a test may replace `premises` (a restart). */
export class RecordingOnSmallDisk {
  rtsp!: RtspServer;
  premises!: PremisesProcess;
  configPath = '';
  constructor(private readonly disk: SmallDisk) {}
  get dataDir(): string {
    return this.disk.dataDir;
  }
  get ballast(): string {
    return this.disk.ballast;
  }
  fillLeaving(freeBytes: number): void {
    this.disk.fillLeaving(freeBytes);
  }
}

/**
 * Registers before/after hooks in the calling `describe`: a 64 MiB tmpfs, a
 * GStreamer RTSP server with `sources`, and a recording daemon with the given
 * free-space floor. The after hook ends whichever daemon `premises` holds then.
 */
export function recordingOnSmallDisk(opts: { sources: Record<string, SourceSpec>; freeSpaceFloor: string; segment?: string }): RecordingOnSmallDisk {
  const disk = smallDisk(64);
  const rig = new RecordingOnSmallDisk(disk);
  let started = false;
  before(async () => {
    disk.mount();
    rig.rtsp = await RtspServer.start(opts.sources);
    const cameras = Object.keys(opts.sources).map((id) => ({ id, rtsp: rig.rtsp.url(id) }));
    const config = await writeConfig(disk.root, cameras, {
      ...(opts.segment ? { segment: opts.segment } : {}),
      top: [`retention: { sweepInterval: 5s, freeSpaceFloor: ${opts.freeSpaceFloor} }`],
    });
    rig.configPath = config.path;
    rig.premises = await PremisesProcess.startRecording(config.path, config.port);
    started = true;
  });
  after(async () => {
    if (started) await rig.premises.kill9();
    await rig.rtsp?.stop();
    disk.unmount();
  });
  return rig;
}
