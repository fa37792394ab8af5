import { recoverBackups } from '../backup/recovery.js';
import { BackupScheduler, type BackupSettings, type SchedulerDeps } from '../backup/schedule.js';
import { recoverTransfers } from '../egress/transfer-recovery.js';
import { analyseRedaction, pendingAnalyses, recoverRedactions } from '../disclosure/redaction/job.js';
import type { Timer } from '../shared/clock.js';
import { errorMessage } from '../shared/errors.js';

/**
 * Work that outlives one process (docs/design.md, "Jobs across a restart"):
 * at start, transfers and backups whose process died are ended, audited,
 * and their partial output removed (dashboard exports are resumed by the
 * export queue itself, api/export-jobs.ts); every minute after, the same
 * for transfers and backups run by a `premises` command that was killed;
 * and the scheduled backups, when configured. Automatic redactions whose
 * process died are put back: an interrupted analysis is run again here, one
 * at a time; an interrupted publish returns to review (docs/redaction.md).
 */
/** What the scheduler needs, with the backup settings optional: no `backup:` in the configuration, no schedule. */
export type JobsDeps = Omit<SchedulerDeps, 'settings'> & { backup: BackupSettings | undefined };

const CHECK_MS = 60_000;

export interface Jobs {
  readonly scheduler: BackupScheduler | undefined;
  stop(): Promise<void>;
}

export function startJobs(deps: JobsDeps): Jobs {
  const { log } = deps;
  const recover = (atStartup: boolean) => {
    const transfers = recoverTransfers(deps, { atStartup });
    const backups = recoverBackups(deps, { atStartup });
    if (transfers.interrupted.length + transfers.abandoned.length + backups.length > 0) {
      log.warn({ transfersInterrupted: transfers.interrupted, downloadsEnded: transfers.abandoned, backupsInterrupted: backups }, 'ended work a stopped process left unfinished');
    }
    const redactions = recoverRedactions({ ...deps, actor: 'system' });
    if (redactions.resumed.length + redactions.returnedToReview.length + redactions.published.length > 0) {
      log.warn(redactions, 'automatic redactions a stopped process left unfinished were put back');
    }
    runPendingAnalyses();
  };
  const analyses = new AbortController();
  let analysing: Promise<void> | undefined;
  const runPendingAnalyses = () => {
    if (analysing || analyses.signal.aborted) return;
    const next = pendingAnalyses(deps.db)[0];
    if (!next) return;
    analysing = analyseRedaction({ ...deps, actor: 'system', signal: analyses.signal }, next.id)
      .then(
        () => log.info({ redaction: next.id }, 'interrupted redaction analysed again; it waits for review'),
        (err: unknown) => log.error({ redaction: next.id, err: errorMessage(err) }, 'running an interrupted redaction analysis again failed'),
      )
      .finally(() => {
        analysing = undefined;
        runPendingAnalyses();
      });
  };
  recover(true);
  let timer: Timer | undefined;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    try {
      recover(false);
    } catch (err) {
      log.error({ err: errorMessage(err) }, 'checking for interrupted transfers and backups failed; retrying in a minute');
    }
    timer = deps.clock.setTimeout(tick, CHECK_MS);
  };
  timer = deps.clock.setTimeout(tick, CHECK_MS);
  const scheduler = deps.backup ? new BackupScheduler({ ...deps, settings: deps.backup }) : undefined;
  scheduler?.start();
  return {
    scheduler,
    async stop() {
      stopped = true;
      timer?.cancel();
      analyses.abort();
      await analysing;
      await scheduler?.stop();
    },
  };
}
