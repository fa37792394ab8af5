import type { SetupLink } from '../api/first-run.js';
import type { StorageStop } from '../policy/consent/decision.js';
import type { PauseStore } from '../policy/consent/pause.js';
import type { HousekeepingLoop } from '../policy/retention/loop.js';
import type { Recorder } from '../recorder/recorder.js';
import type { Spawner } from '../recorder/spawner.js';
import type { SegmentIngestor } from '../segments/ingest.js';
import type { SegmentStore } from '../segments/store.js';
import type { AppContext } from './context.js';

export interface DaemonOptions {
  spawner?: Spawner;
  env?: NodeJS.ProcessEnv;
}

/**
 * What the daemon's components share. A component fills in what it brings
 * up (the recorder component sets `recorder`); a later one reads it through
 * `need`, which says which component is missing from the list if the order
 * is wrong.
 */
export interface DaemonState {
  readonly app: AppContext;
  readonly options: DaemonOptions;
  store?: SegmentStore;
  ingestor?: SegmentIngestor;
  pauses?: PauseStore;
  recorder?: Recorder;
  housekeeping?: HousekeepingLoop;
  /** Cameras the retention sweeper stopped because only held footage is left on a full disk. */
  storageFull: ReadonlySet<string>;
  /** Why they stopped: held footage, or other files filling the disk (named by the sweeper). */
  storageWhy?: StorageStop;
  fingerprint: string;
  url: string;
  tlsFingerprint: string | null;
  setupLink: SetupLink | undefined;
}

export function need<T>(value: T | undefined, what: string, neededBy: string): T {
  if (value === undefined) throw new Error(`the ${neededBy} needs the ${what}: list its component first (src/daemon/daemon.ts)`);
  return value;
}
