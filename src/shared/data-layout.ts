import { join, resolve, sep } from 'node:path';

/**
 * Where everything lives inside the data directory. One place, so every
 * module (and `premises check`) agrees on the layout:
 *
 *   <dataDir>/index.db                 the SQLite index
 *   <dataDir>/premises.pid             pid of the running instance (the lock itself is a socket)
 *   <dataDir>/keys/                    signing and encryption keys (0700)
 *   <dataDir>/recordings/.premises-db  UUID of the index these files belong to
 *   <dataDir>/recordings/<camera>/<YYYY-MM-DD UTC>/<UTC start>.mp4
 *   <dataDir>/recordings/<camera>/.staging/<run>/seg_NNNNNN.mp4   written by ffmpeg
 *   <dataDir>/recordings/.quarantine/  files reconciliation could not ingest (never deleted)
 *   <dataDir>/exports/  <dataDir>/backups/
 *   <dataDir>/redaction/<job>/          working files of an automatic redaction, gone when the job ends
 */
/** The one-time setup link, written for the owner while no account exists (src/api/auth/setup-token.ts). */
export const SETUP_LINK_FILE = 'setup-link.txt';

export class DataLayout {
  readonly dataDir: string;

  constructor(dataDir: string) {
    this.dataDir = resolve(dataDir);
  }

  get indexPath(): string {
    return join(this.dataDir, 'index.db');
  }
  get pidPath(): string {
    return join(this.dataDir, 'premises.pid');
  }
  get keysDir(): string {
    return join(this.dataDir, 'keys');
  }
  get recordingsRoot(): string {
    return join(this.dataDir, 'recordings');
  }
  get dbUuidPath(): string {
    return join(this.recordingsRoot, '.premises-db');
  }
  get quarantineDir(): string {
    return join(this.recordingsRoot, '.quarantine');
  }
  get exportsDir(): string {
    return join(this.dataDir, 'exports');
  }
  /** Working folders of automatic redaction jobs (cut clips, detections, review frames), one per job, deleted when it ends. */
  get redactionDir(): string {
    return join(this.dataDir, 'redaction');
  }
  get backupsDir(): string {
    return join(this.dataDir, 'backups');
  }
  cameraDir(cameraId: string): string {
    return join(this.recordingsRoot, cameraId);
  }
  stagingRoot(cameraId: string): string {
    return join(this.cameraDir(cameraId), '.staging');
  }
  stagingDir(cameraId: string, runId: number): string {
    return join(this.stagingRoot(cameraId), String(runId));
  }

  /** Relative path (from the recordings root) of a segment that starts at `startMs`. */
  segmentRelPath(cameraId: string, startMs: number, suffix = ''): string {
    const iso = new Date(startMs).toISOString(); // 2026-11-26T11:37:00.123Z
    const day = iso.slice(0, 10);
    const stamp = `${iso.slice(0, 10).replaceAll('-', '')}T${iso.slice(11, 23).replaceAll(':', '')}Z`; // 20261126T113700.123Z
    return join(cameraId, day, `${stamp}${suffix}.mp4`);
  }

  /** Absolute path of a relative segment path; refuses anything that escapes the recordings root. */
  absolute(relPath: string): string {
    const abs = resolve(this.recordingsRoot, relPath);
    if (!abs.startsWith(this.recordingsRoot + sep)) throw new Error(`path escapes the recordings root: ${relPath}`);
    return abs;
  }
}

/** Parse the UTC start out of a segment file name written by segmentRelPath. */
export function startFromSegmentName(name: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})\.(\d{3})Z(?:-\d+)?\.mp4$/.exec(name);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, ms] = m.map(Number) as [number, number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s, ms);
}
