import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Alarms } from '../../alarms/alarms.js';
import type { Actor, AuditLog } from '../../audit/log.js';
import type { Db } from '../../db/open.js';
import type { Clock } from '../../shared/clock.js';
import type { DataLayout } from '../../shared/data-layout.js';
import { errorMessage, PremisesError } from '../../shared/errors.js';
import { iso } from '../../shared/iso.js';
import { cutClips, newExportId, prepareExport, runExport, type ExportRequest, type ExportResult } from '../export/create.js';
import type { ExportManifest } from '../export/manifest.js';
import { ExportStore } from '../export/store.js';
import { analyseClip, DEFAULT_ANALYSIS, type AnalysisOptions } from './analyse.js';
import { BLUR } from './blur.js';
import { DETECTOR_MODEL, detectorVersions, type FaceDetector } from './detector.js';
import { DetectorThread } from './detector-thread.js';
import { PERSON_MODEL, type PersonDetector } from './persons.js';
import { renderClip } from './render.js';
import { counts, hiddenTracks, newReview, type ReviewClip, type ReviewState } from './review.js';
import { RedactionStore, type RedactionJob } from './store.js';

/**
 * An automatic redaction of an access-request export, as a job that
 * outlives the process (docs/redaction.md):
 *
 *   analysing  the export's files are cut into <dataDir>/redaction/<id>/,
 *              faces detected and followed, review frames written
 *   review     a person picks the requester and corrects the boxes
 *   publishing the export is made with every other face blurred
 *   published | discarded | failed   the working folder is deleted
 *
 * The row holds the working process's pid: a step whose process died is
 * started again (analysis) or returned to review (publishing) by
 * `recoverRedactions`, which runs at start and every minute (src/jobs).
 */
export interface RedactionDeps {
  db: Db;
  layout: DataLayout;
  audit: AuditLog;
  alarms: Alarms;
  clock: Clock;
  actor: Actor;
  ffmpeg?: string;
  ffprobe?: string;
  signal?: AbortSignal;
  notice?: (line: string) => void;
  analysis?: AnalysisOptions;
}

const REVIEW_FILE = 'review.json';

export function jobDir(layout: DataLayout, id: string): string {
  return join(layout.redactionDir, id);
}

function newJobId(nowMs: number): string {
  return `r${iso(nowMs).replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
}

export function loadReview(layout: DataLayout, id: string): ReviewState {
  const file = join(jobDir(layout, id), REVIEW_FILE);
  if (!existsSync(file)) throw new PremisesError('FailedPrecondition', `redaction ${id} has no detections to review (its analysis did not finish)`);
  return JSON.parse(readFileSync(file, 'utf8')) as ReviewState;
}

/** The counts of a job in review as the reviewer has left them (the row's summary is the analysis's until publishing). */
export function reviewSummary(layout: DataLayout, id: string): ReturnType<typeof counts> {
  return counts(loadReview(layout, id));
}

function saveReview(layout: DataLayout, id: string, state: ReviewState): void {
  const file = join(jobDir(layout, id), REVIEW_FILE);
  writeFileSync(`${file}.new`, JSON.stringify(state));
  renameSync(`${file}.new`, file);
}

function getJob(db: Db, id: string): RedactionJob {
  const job = new RedactionStore(db).get(id);
  if (!job) throw new PremisesError('NotFound', `no redaction job "${id}"`);
  return job;
}

/** Queue a redaction of the export `req` (which must answer an access request); fails fast like an export would. */
export function createRedaction(deps: RedactionDeps, req: ExportRequest): RedactionJob {
  if (req.accessRequestId === undefined) {
    throw new PremisesError('InvalidArgument', 'automatic redaction is for access-request exports: name the access request (--request ID)', { fields: ['accessRequestId'] });
  }
  prepareExport(deps, req);
  const id = newJobId(deps.clock.now());
  const now = deps.clock.now();
  deps.db.transaction(() => {
    new RedactionStore(deps.db).insert(id, req, deps.actor, now, process.pid);
    deps.audit.append({
      actor: deps.actor,
      action: 'redaction.started',
      subject: `redaction:${id}`,
      details: { accessRequest: req.accessRequestId, cameras: req.cameras, from: iso(req.fromMs), to: iso(req.toMs) },
    });
  })();
  return getJob(deps.db, id);
}

/** The detection pass of a job in `analysing` (this process owns it). */
export async function analyseRedaction(deps: RedactionDeps, id: string, detector?: FaceDetector, personDetector?: PersonDetector): Promise<RedactionJob> {
  const job = getJob(deps.db, id);
  if (job.state !== 'analysing') throw new PremisesError('FailedPrecondition', `redaction ${id} is ${job.state}, not analysing`);
  const store = new RedactionStore(deps.db);
  store.move(id, 'analysing', 'analysing', process.pid);
  const dir = jobDir(deps.layout, id);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'strip'), { recursive: true, mode: 0o700 });
  const options = deps.analysis ?? DEFAULT_ANALYSIS;
  const signal = deps.signal ?? new AbortController().signal;
  let thread: DetectorThread | undefined;
  try {
    const prepared = prepareExport(deps, job.request);
    const cut = await cutClips(deps, prepared, dir, signal);
    // Unless given detectors, they run in a thread of their own: this may be the daemon, which must keep answering.
    thread = detector ? undefined : await DetectorThread.start({ faces: { minConfidence: options.minConfidence }, persons: { minConfidence: options.persons.minConfidence } });
    const faces = detector ?? thread!.faces;
    const persons = personDetector ?? thread?.persons;
    const clips: ReviewClip[] = [];
    let nextId = 1;
    for (const [i, c] of cut.entries()) {
      const a = await analyseClip(
        c.file,
        { detector: faces, persons, ffmpeg: deps.ffmpeg, ffprobe: deps.ffprobe, signal, firstTrackId: nextId, stripFile: (t) => join(dir, 'strip', `${i + 1}-${String(t).padStart(8, '0')}.jpg`) },
        options,
      );
      nextId += a.tracks.length;
      clips.push({ ...a, camera: c.camera, startMs: c.startMs, endMs: c.endMs, file: basename(c.file), strip: a.strip.map((s) => ({ tMs: s.tMs, file: `strip/${basename(s.file)}` })) });
    }
    const state = newReview(clips);
    saveReview(deps.layout, id, state);
    const summary = counts(state);
    deps.db.transaction(() => {
      if (!store.move(id, 'analysing', 'review', null, summary)) throw new PremisesError('FailedPrecondition', `redaction ${id} was changed while it was analysed`);
      deps.audit.append({ actor: deps.actor, action: 'redaction.analysed', subject: `redaction:${id}`, details: { ...summary } });
    })();
  } catch (err) {
    if (signal.aborted) throw err; // left in `analysing`: the next start runs it again
    rmSync(dir, { recursive: true, force: true });
    endJob(deps, id, 'failed', errorMessage(err));
    throw err;
  } finally {
    await thread?.close();
  }
  return getJob(deps.db, id);
}

/** Change the review of a job in `review` (pick, mark, add or remove a box) and keep it. */
export function updateReview<T>(deps: Pick<RedactionDeps, 'db' | 'layout' | 'audit' | 'actor'>, id: string, change: (state: ReviewState) => T, what: Record<string, unknown>): T {
  const job = getJob(deps.db, id);
  if (job.state !== 'review') throw new PremisesError('FailedPrecondition', `redaction ${id} is ${job.state}; only a job in review can be corrected`);
  const state = loadReview(deps.layout, id);
  const result = change(state);
  saveReview(deps.layout, id, state);
  deps.audit.append({ actor: deps.actor, action: 'redaction.reviewed', subject: `redaction:${id}`, details: what });
  return result;
}

/**
 * Make the export with every face but the requester's blurred, by `reviewer`.
 * Without a requester picked, `allBystanders` must say that blurring every
 * face is meant (the requester may not show their face).
 */
export async function publishRedaction(deps: RedactionDeps, id: string, opts: { allBystanders?: boolean } = {}): Promise<ExportResult> {
  const job = getJob(deps.db, id);
  if (job.state !== 'review') throw new PremisesError('FailedPrecondition', `redaction ${id} is ${job.state}; only a reviewed job can be published`);
  const state = loadReview(deps.layout, id);
  const summary = counts(state);
  if (summary.requester === 0 && !opts.allBystanders) {
    throw new PremisesError('FailedPrecondition', `no track is marked as the requester in redaction ${id}: pick them (redact pick) or publish with every face blurred (--all-blurred)`);
  }
  const exportId = newExportId(deps.clock.now());
  const store = new RedactionStore(deps.db);
  if (!store.publishing(id, exportId, process.pid)) throw new PremisesError('FailedPrecondition', `redaction ${id} is already being published`);
  const options = deps.analysis ?? DEFAULT_ANALYSIS;
  const versions = detectorVersions();
  const record: NonNullable<ExportManifest['automaticRedaction']> = {
    job: id,
    detector: {
      model: DETECTOR_MODEL.name,
      package: DETECTOR_MODEL.package,
      packageVersion: versions.human,
      runtime: `TensorFlow.js ${versions.tfjs}, WebAssembly backend, CPU`,
      minConfidence: options.minConfidence,
      detectWidth: options.detectWidth,
      sampleFps: options.sampleFps,
      windows: 'overlapping squares, one per picture height',
      persons: {
        model: PERSON_MODEL.name,
        package: PERSON_MODEL.package,
        packageVersion: versions.human,
        minConfidence: options.persons.minConfidence,
        detectWidth: options.detectWidth,
        sampleFps: Math.min(options.persons.sampleFps, options.sampleFps),
        windows: 'the whole picture',
      },
    },
    tracker: {
      minIou: options.tracker.minIou,
      maxGapMs: options.tracker.maxGapMs,
      interpolation: 'linear between detections, held one sample interval before and after',
      persons: {
        minIou: options.persons.tracker.minIou,
        maxGapMs: options.persons.tracker.maxGapMs,
        maxCentreShift: options.persons.tracker.maxCentreShift,
        interpolation: 'linear between detections, held one person-sample interval before and after; a person holding the requester\'s face is the requester',
      },
    },
    blur: { method: BLUR.method, radius: BLUR.radius, padding: BLUR.padding, personPadding: BLUR.personPadding },
    reviewedBy: deps.actor,
    reviewedAt: iso(deps.clock.now()),
    tracks: { requester: summary.requester, blurred: summary.blurred, notAFace: summary.notAFace, addedByReviewer: summary.addedByReviewer, persons: summary.persons },
  };
  const dir = jobDir(deps.layout, id);
  let result: ExportResult;
  try {
    result = await runExport(
      {
        ...deps,
        autoRedaction: {
          record,
          async render(piece, cutFile, outFile, signal) {
            const clip = state.clips.find((c) => c.camera === piece.camera && c.startMs === piece.startMs);
            if (!clip) throw new PremisesError('FailedPrecondition', `the footage of ${piece.camera} at ${iso(piece.startMs)} changed since it was analysed; discard this redaction and start again`);
            await renderClip(cutFile, outFile, hiddenTracks(state, clip), clip.sampleMs, { ffmpeg: deps.ffmpeg, ffprobe: deps.ffprobe, signal });
          },
        },
      },
      prepareExport(deps, job.request),
      exportId,
    );
  } catch (err) {
    if (!deps.signal?.aborted) store.retry(id, 'review');
    throw err;
  }
  const now = deps.clock.now();
  deps.db.transaction(() => {
    store.published(id, result.id, deps.actor, now, summary);
    deps.audit.append({ actor: deps.actor, action: 'redaction.published', subject: `redaction:${id}`, details: { export: result.id, reviewer: deps.actor, ...summary } });
  })();
  rmSync(dir, { recursive: true, force: true });
  return result;
}

function endJob(deps: Pick<RedactionDeps, 'db' | 'layout' | 'audit' | 'clock' | 'actor'>, id: string, state: 'failed' | 'discarded', why: string): void {
  deps.db.transaction(() => {
    new RedactionStore(deps.db).ended(id, state, deps.clock.now(), why);
    deps.audit.append({ actor: deps.actor, action: `redaction.${state}`, subject: `redaction:${id}`, details: { why } });
  })();
  rmSync(jobDir(deps.layout, id), { recursive: true, force: true });
}

/** Give up a job before it is published: its detections and clips are deleted. */
export function discardRedaction(deps: Pick<RedactionDeps, 'db' | 'layout' | 'audit' | 'clock' | 'actor'>, id: string, why: string): void {
  const job = getJob(deps.db, id);
  if (job.pid !== null && job.pid !== process.pid && pidAlive(job.pid)) {
    throw new PremisesError('FailedPrecondition', `redaction ${id} is being ${job.state === 'publishing' ? 'published' : 'analysed'} by process ${job.pid} right now; discard it when that ends`);
  }
  if (!['analysing', 'review', 'publishing'].includes(job.state)) throw new PremisesError('FailedPrecondition', `redaction ${id} has already ended (${job.state})`);
  endJob(deps, id, 'discarded', why);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Steps whose process died: a publish that finished its export is recorded as
 * published; an unfinished one goes back to review (its review is kept); an
 * analysis is marked to be run again (`pendingAnalyses`). Working folders of
 * jobs that ended, or that the index does not know, are deleted.
 */
export function recoverRedactions(deps: Pick<RedactionDeps, 'db' | 'layout' | 'audit' | 'clock' | 'actor'>): { resumed: string[]; returnedToReview: string[]; published: string[]; removedFolders: string[] } {
  const store = new RedactionStore(deps.db);
  const out = { resumed: [] as string[], returnedToReview: [] as string[], published: [] as string[], removedFolders: [] as string[] };
  for (const job of store.list(false)) {
    if (job.pid === null || job.pid === process.pid || pidAlive(job.pid)) continue;
    if (job.state === 'analysing') {
      deps.db.transaction(() => {
        store.retry(job.id, 'analysing');
        deps.audit.append({ actor: deps.actor, action: 'redaction.interrupted', subject: `redaction:${job.id}`, details: { step: 'analysing', next: 'analysed again' } });
      })();
      rmSync(jobDir(deps.layout, job.id), { recursive: true, force: true });
      out.resumed.push(job.id);
    } else if (job.state === 'publishing') {
      const exported = job.exportId !== null && new ExportStore(deps.db).get(job.exportId) !== undefined;
      if (exported) {
        const summary = job.summary ?? { clips: 0, tracks: 0, requester: 0, blurred: 0, notAFace: 0, addedByReviewer: 0 };
        deps.db.transaction(() => {
          store.published(job.id, job.exportId!, job.createdBy, deps.clock.now(), summary);
          deps.audit.append({ actor: deps.actor, action: 'redaction.published', subject: `redaction:${job.id}`, details: { export: job.exportId, recovered: true } });
        })();
        rmSync(jobDir(deps.layout, job.id), { recursive: true, force: true });
        out.published.push(job.id);
      } else {
        deps.db.transaction(() => {
          store.retry(job.id, 'review');
          deps.audit.append({ actor: deps.actor, action: 'redaction.interrupted', subject: `redaction:${job.id}`, details: { step: 'publishing', next: 'back to review' } });
        })();
        out.returnedToReview.push(job.id);
      }
    }
  }
  if (existsSync(deps.layout.redactionDir)) {
    const open = new Set(store.list(false).map((j) => j.id));
    for (const name of readdirSync(deps.layout.redactionDir)) {
      if (open.has(name)) continue;
      rmSync(join(deps.layout.redactionDir, name), { recursive: true, force: true });
      out.removedFolders.push(name);
    }
  }
  return out;
}

/** Analyses a restart interrupted, for the process that runs them (the daemon's jobs, or `premises redact resume`). */
export function pendingAnalyses(db: Db): RedactionJob[] {
  return new RedactionStore(db).list(false).filter((j) => j.state === 'analysing' && j.pid === null);
}
