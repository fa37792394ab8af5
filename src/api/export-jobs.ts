import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Actor } from '../audit/log.js';
import { prepareExport, runExport, TEMP_PREFIX, type ExportDeps, type PreparedExport } from '../disclosure/export/create.js';
import { ExportJobStore } from '../disclosure/export/job-store.js';
import { ExportStore } from '../disclosure/export/store.js';
import type { ExportProgress } from '../disclosure/export/progress.js';
import { verifyExport, type VerifyProblem } from '../disclosure/export/verify.js';
import { SigningKey } from '../keys/signing.js';
import { errorMessage } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { Semaphore } from './auth/semaphore.js';

/**
 * Exports started from the dashboard run in the background, one at a time
 * (an hour of footage keeps both cores busy for seconds). Each job keeps its
 * latest progress and its end, so a page that connects late still gets them;
 * the events stream (routes/exports.ts) subscribes here. Each job is also a
 * row in export_jobs from the moment it is queued: after a restart,
 * resumeInterrupted() removes what the interrupted run left and starts it
 * again from its request (or ends it, audited, when it cannot be).
 */
export type JobState = 'queued' | 'running' | 'done' | 'failed';

export type JobEvent =
  | { type: 'progress'; data: ExportProgress }
  | { type: 'done'; data: { id: string; files: number; bytes: number; manifestSha256: string } }
  | { type: 'failed'; data: { id: string; error: string } };

export interface ExportJob {
  id: string;
  cameras: string[];
  fromMs: number;
  toMs: number;
  reason: string;
  requestedBy: string;
  legalBasis: string;
  createdBy: Actor;
  createdAt: number;
  state: JobState;
  progress: ExportProgress | null;
  /** The final event once the job has ended. */
  end: JobEvent | null;
}

export interface VerificationResult {
  ok: boolean;
  checkedAt: number;
  filesChecked: number;
  problems: VerifyProblem[];
}

/** How often a running job checks that the index is still open (Premises stopping closes it). */
const SHUTDOWN_POLL_MS = 500;

/** Ended jobs are kept this long for the list and late subscribers (failed ones only live here). */
const KEEP_ENDED = 50;
/** An export that was interrupted this many times is not started again (it may be what stops Premises). */
export const MAX_ATTEMPTS = 3;

export class ExportJobs {
  private readonly jobs = new Map<string, ExportJob>();
  private readonly listeners = new Map<string, Set<(e: JobEvent) => void>>();
  private readonly queue = new Semaphore(1);
  private readonly verified = new Map<string, VerificationResult>();
  private readonly verifying = new Map<string, Promise<VerificationResult>>();
  private readonly store: ExportJobStore;

  constructor(
    private readonly deps: Omit<ExportDeps, 'actor' | 'onProgress' | 'notice'>,
    private readonly log: Logger,
  ) {
    this.store = new ExportJobStore(deps.db);
    // Failed jobs from before a restart stay visible with their reason.
    for (const f of this.store.recentFailed(KEEP_ENDED)) {
      const job = this.jobOf(f.id, f.request, f.createdBy as Actor, f.createdAt, 'failed');
      job.end = { type: 'failed', data: { id: f.id, error: f.error ?? 'failed' } };
      this.jobs.set(f.id, job);
    }
  }

  private jobOf(id: string, req: PreparedExport['req'], actor: Actor, createdAt: number, state: JobState): ExportJob {
    return {
      id,
      cameras: [...new Set(req.cameras)],
      fromMs: req.fromMs,
      toMs: req.toMs,
      reason: req.reason,
      requestedBy: req.requestedBy,
      legalBasis: req.legalBasis,
      createdBy: actor,
      createdAt,
      state,
      progress: null,
      end: null,
    };
  }

  /** Queue an export already checked by prepareExport. Returns at once; the job runs in the background. */
  start(prepared: PreparedExport, id: string, actor: Actor): ExportJob {
    const job = this.jobOf(id, prepared.req, actor, this.deps.clock.now(), 'queued');
    this.store.insert(id, prepared.req, actor, job.createdAt);
    this.jobs.set(id, job);
    this.enqueue(job, prepared);
    return job;
  }

  /**
   * At start-up: every export that was queued or running when Premises
   * stopped (a restart, a crash, a power cut) has its partial files removed
   * and is started again from its request, with an audit entry saying so; one
   * that cannot be (its footage is gone, or it was interrupted MAX_ATTEMPTS
   * times) is ended as failed, audited, for the person to start again.
   */
  resumeInterrupted(): { resumed: string[]; ended: string[] } {
    const { db, audit, clock, layout } = this.deps;
    const out = { resumed: [] as string[], ended: [] as string[] };
    const exportsTable = new ExportStore(db);
    for (const stored of this.store.unfinished()) {
      const { id } = stored;
      if (exportsTable.get(id)) {
        // It was published and recorded; only the job's own end was not written.
        this.store.ended(id, 'done', clock.now());
        continue;
      }
      rmSync(join(layout.exportsDir, `${TEMP_PREFIX}${id}`), { recursive: true, force: true });
      // A folder renamed into place whose record was never written is not an export: it goes too.
      const unrecorded = join(layout.exportsDir, id);
      if (existsSync(unrecorded)) rmSync(unrecorded, { recursive: true, force: true });
      const actor = stored.createdBy as Actor;
      let prepared: PreparedExport | undefined;
      let why = '';
      if (stored.attempts >= MAX_ATTEMPTS) why = `it was interrupted ${stored.attempts} times`;
      else {
        try {
          prepared = prepareExport({ db, audit, clock }, stored.request);
        } catch (err) {
          why = errorMessage(err);
        }
      }
      const message = prepared
        ? `export ${id} was interrupted by a restart; its partial files were removed; it was started again from its request`
        : `export ${id} was interrupted by a restart; its partial files were removed; it could not be started again (${why}); start it again`;
      db.transaction(() => {
        audit.append({ actor: 'system', action: 'export.interrupted', subject: `export:${id}`, details: { message, resumed: prepared !== undefined, attempt: stored.attempts, requestedBy: actor } });
        if (prepared) this.store.requeue(id);
        else this.store.ended(id, 'failed', clock.now(), message);
      })();
      const job = this.jobOf(id, stored.request, actor, stored.createdAt, prepared ? 'queued' : 'failed');
      this.jobs.set(id, job);
      this.log.warn({ export: id }, message);
      if (prepared) {
        this.enqueue(job, prepared);
        out.resumed.push(id);
      } else {
        this.finish(job, { type: 'failed', data: { id, error: message } });
        out.ended.push(id);
      }
    }
    return out;
  }

  private enqueue(job: ExportJob, prepared: PreparedExport): void {
    const { id, createdBy: actor } = job;
    this.queue
      .run(async () => {
        job.state = 'running';
        this.store.running(id);
        // The API server gives routes no shutdown hook; the daemon closes the index when it stops, so a running
        // export watches for that and stops at once instead of holding the process until ffmpeg is done.
        const stop = new AbortController();
        const watch = setInterval(() => {
          if (!this.deps.db.open) stop.abort();
        }, SHUTDOWN_POLL_MS);
        try {
          return await runExport(
            {
              ...this.deps,
              actor,
              signal: stop.signal,
              onProgress: (p) => {
                job.progress = p;
                this.emit(id, { type: 'progress', data: p });
              },
              notice: (line) => this.log.info({ export: id }, line),
            },
            prepared,
            id,
          );
        } finally {
          clearInterval(watch);
        }
      })
      .then((result) => {
        job.state = 'done';
        this.store.ended(id, 'done', this.deps.clock.now());
        this.finish(job, { type: 'done', data: { id, files: result.manifest.files.length, bytes: result.manifest.files.reduce((n, f) => n + f.bytes, 0), manifestSha256: result.manifestSha256 } });
        // Check the fresh export once, so the list shows its status without anyone asking.
        this.verify(id).catch((err: unknown) => this.log.warn({ export: id, err: errorMessage(err) }, 'verifying a new export failed'));
      })
      .catch((err: unknown) => {
        job.state = 'failed';
        this.log.warn({ export: id, err: errorMessage(err) }, 'export failed');
        // Stopped because Premises is stopping (the index is closed): the row stays open and the next start resumes it.
        if (this.deps.db.open) this.store.ended(id, 'failed', this.deps.clock.now(), errorMessage(err));
        this.finish(job, { type: 'failed', data: { id, error: errorMessage(err) } });
      });
  }

  get(id: string): ExportJob | undefined {
    return this.jobs.get(id);
  }

  all(): ExportJob[] {
    return [...this.jobs.values()];
  }

  /** Calls `listener` with every later event of the job; returns the unsubscribe function. */
  subscribe(id: string, listener: (e: JobEvent) => void): () => void {
    let set = this.listeners.get(id);
    if (!set) this.listeners.set(id, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /** The cached result of checking the export folder against the install's own key, if any. */
  verification(id: string): VerificationResult | undefined {
    const cached = this.verified.get(id);
    if (cached) return cached;
    const stored = this.store.verification(id);
    if (stored) this.verified.set(id, stored);
    return stored;
  }

  /** Check the folder as a recipient would (files, hashes, signature, pinned to this install's key); one check per export at a time. */
  verify(id: string): Promise<VerificationResult> {
    const running = this.verifying.get(id);
    if (running) return running;
    const check = (async () => {
      const fingerprint = SigningKey.load(this.deps.layout.keysDir).fingerprint();
      const r = await verifyExport(join(this.deps.layout.exportsDir, id), { fingerprint });
      const result: VerificationResult = { ok: r.ok, checkedAt: this.deps.clock.now(), filesChecked: r.filesChecked, problems: r.problems };
      this.verified.set(id, result);
      if (this.deps.db.open) this.store.saveVerification(id, result);
      return result;
    })().finally(() => this.verifying.delete(id));
    this.verifying.set(id, check);
    return check;
  }

  private emit(id: string, e: JobEvent): void {
    for (const l of this.listeners.get(id) ?? []) {
      try {
        l(e);
      } catch (err) {
        this.log.warn({ export: id, err: errorMessage(err) }, 'an export progress listener failed');
      }
    }
  }

  private finish(job: ExportJob, e: JobEvent): void {
    job.end = e;
    this.emit(job.id, e);
    this.listeners.delete(job.id);
    const ended = [...this.jobs.values()].filter((j) => j.end !== null);
    for (const old of ended.slice(0, Math.max(0, ended.length - KEEP_ENDED))) this.jobs.delete(old.id);
  }
}
