import type { AuditCheckpoints } from '../../audit/checkpoints.js';
import type { Clock, Timer } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { DAEMON_MAX_DELETIONS, type RetentionSweeper } from './sweeper.js';

/**
 * The daemon's periodic housekeeping: a retention sweep every
 * `sweepIntervalMs` (default 1 min) and an audit checkpoint check every
 * minute. A failure is logged and retried at the next tick; it never stops
 * the loop or the process. `sweepSoon()` lets the recorder ask for an early
 * sweep (e.g. when it sees free space under the floor).
 */
export interface HousekeepingLoop {
  sweepSoon(): void;
  stop(): void;
}

export function startHousekeeping(deps: {
  sweeper: RetentionSweeper;
  checkpoints: AuditCheckpoints;
  clock: Clock;
  log: Logger;
  sweepIntervalMs: number;
  checkpointIntervalMs?: number;
  maxDeletions?: number;
}): HousekeepingLoop {
  const { clock, log } = deps;
  let stopped = false;
  let sweepTimer: Timer | undefined;
  let checkpointTimer: Timer | undefined;

  const sweep = () => {
    if (stopped) return;
    let again = false;
    try {
      // Capped sweeps keep each turn of the event loop short; a backlog is worked off turn by turn.
      again = deps.sweeper.sweep({ maxDeletions: deps.maxDeletions ?? DAEMON_MAX_DELETIONS }).plan.capped;
    } catch (err) {
      log.error({ err: (err as Error).message }, 'retention sweep failed; retrying at the next interval');
    }
    sweepTimer = clock.setTimeout(sweep, again ? 0 : deps.sweepIntervalMs);
  };
  const checkpoint = () => {
    if (stopped) return;
    try {
      deps.checkpoints.maybeCheckpoint();
    } catch (err) {
      log.error({ err: (err as Error).message }, 'audit checkpoint failed; retrying in a minute');
    }
    checkpointTimer = clock.setTimeout(checkpoint, deps.checkpointIntervalMs ?? 60_000);
  };
  sweepTimer = clock.setTimeout(sweep, 0);
  checkpointTimer = clock.setTimeout(checkpoint, 0);
  return {
    sweepSoon() {
      if (stopped) return;
      sweepTimer?.cancel();
      sweepTimer = clock.setTimeout(sweep, 0);
    },
    stop() {
      stopped = true;
      sweepTimer?.cancel();
      checkpointTimer?.cancel();
      try {
        deps.checkpoints.create(); // sign the head on a clean shutdown
      } catch (err) {
        log.error({ err: (err as Error).message }, 'final audit checkpoint failed');
      }
    },
  };
}
