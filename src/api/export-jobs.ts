import { join } from 'node:path';
import type { Actor } from '../audit/log.js';
import { runExport, type ExportDeps, type PreparedExport } from '../disclosure/export/create.js';
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
 * the events stream (routes/exports.ts) subscribes here. Jobs live in memory:
 * after a restart an export is its row in the index, or it never finished.
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

export class ExportJobs {
  private readonly jobs = new Map<string, ExportJob>();
  private readonly listeners = new Map<string, Set<(e: JobEvent) => void>>();
  private readonly queue = new Semaphore(1);
  private readonly verified = new Map<string, VerificationResult>();
  private readonly verifying = new Map<string, Promise<VerificationResult>>();

  constructor(
    private readonly deps: Omit<ExportDeps, 'actor' | 'onProgress' | 'notice'>,
    private readonly log: Logger,
  ) {}

  /** Queue an export already checked by prepareExport. Returns at once; the job runs in the background. */
  start(prepared: PreparedExport, id: string, actor: Actor): ExportJob {
    const { req, cameras } = prepared;
    const job: ExportJob = {
      id,
      cameras,
      fromMs: req.fromMs,
      toMs: req.toMs,
      reason: req.reason,
      requestedBy: req.requestedBy,
      legalBasis: req.legalBasis,
      createdBy: actor,
      createdAt: this.deps.clock.now(),
      state: 'queued',
      progress: null,
      end: null,
    };
    this.jobs.set(id, job);
    this.queue
      .run(async () => {
        job.state = 'running';
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
        this.finish(job, { type: 'done', data: { id, files: result.manifest.files.length, bytes: result.manifest.files.reduce((n, f) => n + f.bytes, 0), manifestSha256: result.manifestSha256 } });
        // Check the fresh export once, so the list shows its status without anyone asking.
        this.verify(id).catch((err: unknown) => this.log.warn({ export: id, err: errorMessage(err) }, 'verifying a new export failed'));
      })
      .catch((err: unknown) => {
        job.state = 'failed';
        this.log.warn({ export: id, err: errorMessage(err) }, 'export failed');
        this.finish(job, { type: 'failed', data: { id, error: errorMessage(err) } });
      });
    return job;
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
    return this.verified.get(id);
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
