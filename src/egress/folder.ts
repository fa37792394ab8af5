import { createWriteStream, existsSync, realpathSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fsyncDir, fsyncPath, mkdirDurable } from '../shared/fsync.js';
import { isRemovableMount } from './mounts.js';
import { DestinationRefused, type OnBytes } from './refusal.js';
import { verifiedChunks, type OutgoingFile } from './tar.js';

/** The destination is a mounted drive, and not (a way back into) the data directory. */
function checkDrive(mountPoint: string, dataDir: string): void {
  if (!isRemovableMount(mountPoint)) {
    throw new DestinationRefused(`${mountPoint} is not a mounted drive (it is not a mount point in /proc/self/mountinfo): plug the drive in, mount it there and try again`);
  }
  // The policy's path was checked when written; a symlink or mount could since lead back into the data directory.
  const real = realpathSync(mountPoint);
  const data = realpathSync(dataDir);
  const inside = (a: string, b: string) => a === b || a.startsWith(`${b}/`);
  if (inside(real, data) || inside(data, real)) throw new DestinationRefused(`${mountPoint} leads to ${real}, which overlaps the data directory ${data}: a transfer must go to another drive`);
}

/** Copy one sealed backup archive onto a mounted drive: `<name>.part`, fsynced, renamed, the folder fsynced. */
export async function sendFileToFolder(mountPoint: string, file: OutgoingFile, onBytes: OnBytes, dataDir: string): Promise<{ bytes: number; where: string }> {
  checkDrive(mountPoint, dataDir);
  const final = join(mountPoint, file.name);
  if (existsSync(final)) throw new Error(`${final} exists already on the drive: this backup was copied there before`);
  const part = `${final}.part`;
  rmSync(part, { force: true });
  let sent = 0;
  try {
    const counted = async function* () {
      for await (const chunk of verifiedChunks(file)) {
        sent += chunk.length;
        onBytes(sent);
        yield chunk;
      }
    };
    await pipeline(Readable.from(counted()), createWriteStream(part, { mode: 0o600, flags: 'wx' }));
    fsyncPath(part);
    renameSync(part, final);
    fsyncDir(mountPoint);
  } catch (err) {
    rmSync(part, { force: true });
    throw err;
  }
  return { bytes: sent, where: final };
}

/**
 * Copy an export onto a mounted removable drive: into a `.part` folder, each
 * file fsynced, then one rename to `premises-export-<id>`, so the drive never
 * holds a complete-looking folder that is not complete.
 */
export async function sendToFolder(mountPoint: string, exportId: string, files: readonly OutgoingFile[], onBytes: OnBytes, dataDir: string): Promise<{ bytes: number; where: string }> {
  checkDrive(mountPoint, dataDir);
  const final = join(mountPoint, `premises-export-${exportId}`);
  if (existsSync(final)) throw new Error(`${final} exists already on the drive: this export was copied there before; move or delete that copy first`);
  const part = `${final}.part`;
  rmSync(part, { recursive: true, force: true });
  mkdirDurable(part);
  let sent = 0;
  try {
    for (const f of files) {
      const counted = async function* () {
        for await (const chunk of verifiedChunks(f)) {
          sent += chunk.length;
          onBytes(sent);
          yield chunk;
        }
      };
      const dest = join(part, f.name);
      await pipeline(Readable.from(counted()), createWriteStream(dest, { mode: 0o600 }));
      fsyncPath(dest);
    }
    fsyncDir(part);
    renameSync(part, final);
    fsyncDir(mountPoint);
  } catch (err) {
    rmSync(part, { recursive: true, force: true });
    throw err;
  }
  return { bytes: sent, where: final };
}
