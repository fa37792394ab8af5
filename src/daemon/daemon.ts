import type { SetupLink } from '../api/first-run.js';
import { checkListenHost } from '../api/net.js';
import type { Recorder } from '../recorder/recorder.js';
import { errorMessage, PremisesError } from '../shared/errors.js';
import { zoneAlarms } from './zone-alarms.js';
import { activityIndex, disclosureChores, diskGuard, freeSpaceWatch, housekeeping, jobs } from './chores.js';
import { ComponentStack, type Component } from './components.js';
import type { AppContext } from './context.js';
import { dashboard } from './dashboard.js';
import { cameraNetwork, cameraWatch, indexAndRecordings, instanceLock, pauseWatch, recorder } from './recording.js';
import { need, type DaemonOptions, type DaemonState } from './state.js';

/**
 * `premises start`: lock the data directory, make the index and the files
 * agree, then record every camera and serve the status page and API until a
 * signal arrives.
 */
export interface Daemon {
  readonly url: string;
  /** The install's signing key fingerprint, for the owner to write down. */
  readonly fingerprint: string;
  readonly recorder: Recorder;
  /** Printed at start while no owner account exists. */
  readonly setupLink: SetupLink | undefined;
  /** SHA-256 fingerprint of the HTTPS certificate, when serving the LAN. */
  readonly tlsFingerprint: string | null;
  stop(): Promise<void>;
}

/**
 * The daemon, in start order; it stops in reverse. A component may use what
 * the ones before it brought up (src/daemon/state.ts). Adding one is one line
 * here (and its file).
 */
const COMPONENTS: readonly ((s: DaemonState) => Component)[] = [
  instanceLock,
  cameraNetwork,
  indexAndRecordings,
  housekeeping,
  diskGuard,
  recorder,
  cameraWatch,
  pauseWatch,
  freeSpaceWatch,
  disclosureChores,
  jobs,
  activityIndex,
  zoneAlarms,
  dashboard,
];

export async function startDaemon(ctx: AppContext, options: DaemonOptions = {}): Promise<Daemon> {
  // Refuse a public listen address before touching anything (docs/dashboard.md).
  const hostCheck = checkListenHost(ctx.loaded.config.listen.host, ctx.loaded.config.listen.allowPublic);
  if (!hostCheck.ok) throw new PremisesError('FailedPrecondition', hostCheck.problem as string);
  const state: DaemonState = { app: ctx, options, storageFull: new Set(), fingerprint: '', url: '', tlsFingerprint: null, setupLink: undefined };
  const stack = new ComponentStack(({ component, error }) => ctx.log.error({ component, err: errorMessage(error) }, 'a component failed to stop; stopping the rest'));
  await stack.start(COMPONENTS.map((make) => make(state)));
  return {
    url: state.url,
    fingerprint: state.fingerprint,
    recorder: need(state.recorder, 'recorder', 'daemon'),
    setupLink: state.setupLink,
    tlsFingerprint: state.tlsFingerprint,
    async stop() {
      await stack.stop();
    },
  };
}
