import type { SegmentRow } from '../../segments/store.js';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, createReadStream, fsyncSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Alarms } from '../../alarms/alarms.js';
import { AuditCheckpoints } from '../../audit/checkpoints.js';
import { sha256Hex, type Actor, type AuditLog } from '../../audit/log.js';
import type { Db } from '../../db/open.js';
import { SigningKey } from '../../keys/signing.js';
import type { DataLayout } from '../../shared/data-layout.js';
import type { Clock } from '../../shared/clock.js';
import { errorMessage, PremisesError } from '../../shared/errors.js';
import { fsyncDir, mkdirDurable } from '../../shared/fsync.js';
import { VERSION } from '../../shared/version.js';
import { concatScript, probeKeyframes, runConcat, STREAM_COPY, type ConcatEntry } from './ffmpeg.js';
import {
  checksumsText,
  CHECKSUMS_FILE,
  manifestBytes,
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  PUBLIC_KEY_FILE,
  SIGNATURE_FILE,
  signerBlock,
  signManifest,
  type ExportManifest,
  type ManifestFile,
} from './manifest.js';
import { keyframeAtOrBefore, pieceFileName, planExport, planRanges, type PlannedPiece, type SourceSegment } from './plan.js';
import { recordCaseExport } from '../cases/store.js';
import { redactionGraph, reencodeArgs, type Redaction } from './redact.js';
import { ExportStore } from './store.js';
import { AccessRequests } from '../requests/requests.js';
import { priorDisclosures } from './disclosures.js';
import { ProgressTracker, type ProgressListener } from './progress.js';
import { hashSources, type BadSource } from './source-hash.js';
import { iso } from '../../shared/iso.js';

export const DEFAULT_EXPORT_KEEP_MS = 30 * 24 * 3600 * 1000;
/** Working folders inside exports/ start with this; never a valid export id. */
export const TEMP_PREFIX = '.tmp-';

export interface ExportRequest {
  cameras: string[];
  fromMs: number;
  toMs: number;
  reason: string;
  requestedBy: string;
  legalBasis: string;
  /** How long the export folder is kept (default 30 days). */
  keepMs?: number;
  /** Rectangles to burn in (files they touch are re-encoded). */
  redactions?: Redaction[];
  /** Answering this access request: the manifest then lists earlier disclosures of the same footage. */
  accessRequestId?: number;
  /**
   * Each camera's own ranges (an incident case): footage of a camera is cut
   * only within its ranges. `cameras`, `fromMs` and `toMs` then name every
   * camera and the span of all ranges.
   */
  ranges?: { camera: string; fromMs: number; toMs: number }[];
  /** The incident case this package is made of, and for whom (src/disclosure/cases). */
  case?: { id: number; name: string; reason: string; openedBy: string; openedAt: number; recipient: string };
}

export interface ExportDeps {
  db: Db;
  layout: DataLayout;
  audit: AuditLog;
  alarms: Alarms;
  clock: Clock;
  actor: Actor;
  /** Progress events (the CLI's bar, the API's Server-Sent Events). */
  onProgress?: ProgressListener;
  /** Lines for a person that are not progress: warnings, the summary (the CLI prints them on stderr). */
  notice?: (line: string) => void;
  ffmpeg?: string;
  ffprobe?: string;
  /** Cancels the export (Premises stopping): ffmpeg and the hashing thread are stopped, nothing is published. */
  signal?: AbortSignal;
  /** Automatic redaction (src/disclosure/redaction): each cut file is re-rendered with the reviewed blur, and the manifest says how. */
  autoRedaction?: AutoRedaction;
}

/** A cut file, identified by camera and first-frame time: the same plan cuts the same files. */
export interface CutPiece {
  camera: string;
  startMs: number;
  endMs: number;
}

export interface AutoRedaction {
  render(piece: CutPiece, cutFile: string, outFile: string, signal: AbortSignal): Promise<void>;
  record: NonNullable<ExportManifest['automaticRedaction']>;
}

export interface ExportResult {
  id: string;
  dir: string;
  manifest: ExportManifest;
  manifestSha256: string;
}


/** What each request field is called where it came from: CLI flags by default, JSON keys for the API. */
export type FieldNames = Record<'reason' | 'requestedBy' | 'legalBasis' | 'cameras' | 'to' | 'keep' | 'redactions', string>;
export const CLI_FIELDS: FieldNames = {
  reason: '--reason',
  requestedBy: '--requested-by',
  legalBasis: '--legal-basis',
  cameras: '--camera',
  to: '--to',
  keep: '--keep',
  redactions: '--redact',
};

/** The one validation of an export request (CLI and API); the error's details name the fields (`fields`). */
export function validateRequest(req: ExportRequest, names: FieldNames = CLI_FIELDS): void {
  const missing = (['reason', 'requestedBy', 'legalBasis'] as const).filter((k) => typeof req[k] !== 'string' || !req[k].trim());
  if (missing.length > 0) {
    throw new PremisesError('InvalidArgument', `an export needs a reason, who asked for it and the legal basis; missing ${missing.map((m) => names[m]).join(', ')}`, {
      fields: missing,
    });
  }
  if (req.cameras.length === 0) throw new PremisesError('InvalidArgument', `name at least one camera (${names.cameras})`, { fields: ['cameras'] });
  if (!(req.toMs > req.fromMs)) throw new PremisesError('InvalidArgument', `${names.to} must be later than the start`, { fields: ['to'] });
  for (const r of req.ranges ?? []) {
    if (!req.cameras.includes(r.camera) || !(r.toMs > r.fromMs) || r.fromMs < req.fromMs || r.toMs > req.toMs) {
      throw new PremisesError('InvalidArgument', `the range of camera "${r.camera}" must end after it starts, inside the export's span`, { fields: ['ranges'] });
    }
  }
  if (req.keepMs !== undefined && !(req.keepMs > 0)) throw new PremisesError('InvalidArgument', 'the export must be kept for a positive time', { fields: ['keep'] });
  for (const r of req.redactions ?? []) {
    if (!req.cameras.includes(r.camera)) {
      throw new PremisesError('InvalidArgument', `${names.redactions} names camera "${r.camera}", which is not exported`, { fields: ['redactions'] });
    }
  }
}

/** `20261126T120000Z-a1b2c3`: UTC creation time and 3 random bytes. */
export function newExportId(nowMs: number): string {
  return `${iso(nowMs).replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
}

/** A checked request with its cutting plan: everything that can fail fast, before any file is touched. */
export interface PreparedExport {
  req: ExportRequest;
  cameras: string[];
  plan: ReturnType<typeof planExport>;
  accessRequest: ExportManifest['accessRequest'];
}

/**
 * Make an export: re-hash the sources while ffmpeg cuts one MP4 per
 * continuous stretch by stream copy, write and sign the manifest, then
 * publish the folder with one rename and record it (row + audit entry) in
 * one transaction.
 */
export async function createExport(deps: ExportDeps, req: ExportRequest): Promise<ExportResult> {
  return runExport(deps, prepareExport(deps, req));
}

/** Validation, cameras, the index query and the plan; synchronous, so the API can answer 4xx before it says 202. */
export function prepareExport(deps: Pick<ExportDeps, 'db' | 'audit' | 'clock'>, req: ExportRequest, names: FieldNames = CLI_FIELDS): PreparedExport {
  validateRequest(req, names);
  const { db, clock } = deps;
  const cameras = [...new Set(req.cameras)];
  for (const camera of cameras) {
    if (!db.prepare('SELECT 1 FROM cameras WHERE id = ?').get(camera)) throw new PremisesError('NotFound', `no camera "${camera}" in the index`);
  }

  const rows = db
    .prepare(
      `SELECT id, camera_id, run_id, start_ms, end_ms, bytes, sha256, path FROM segments
       WHERE camera_id IN (SELECT value FROM json_each(?)) AND end_ms > ? AND start_ms < ? ORDER BY camera_id, start_ms`,
    )
    .all(JSON.stringify(cameras), req.fromMs, req.toMs) as SegmentRow[];
  const segments: SourceSegment[] = rows.map((r) => ({
    id: r.id,
    cameraId: r.camera_id,
    runId: r.run_id,
    startMs: r.start_ms,
    endMs: r.end_ms,
    bytes: r.bytes,
    sha256: r.sha256,
    path: r.path,
  }));
  const plan = req.ranges ? planRanges(segments, req.ranges) : planExport(segments, cameras, req.fromMs, req.toMs);
  if (plan.pieces.length === 0) {
    throw new PremisesError('FailedPrecondition', `no footage of ${cameras.join(', ')} ${req.ranges ? 'in any of the ranges' : `between ${iso(req.fromMs)} and ${iso(req.toMs)}`}`);
  }

  let accessRequest: ExportManifest['accessRequest'];
  if (req.accessRequestId !== undefined) {
    const ar = new AccessRequests(db, deps.audit, clock).get(req.accessRequestId);
    if (ar.closedAt !== null) throw new PremisesError('FailedPrecondition', `access request ${ar.id} is closed`);
    accessRequest = { id: ar.id, received: ar.receivedOn, due: ar.dueOn, disclosures: priorDisclosures(db, cameras, req.fromMs, req.toMs) };
  }

  return { req, cameras, plan, accessRequest };
}

export async function runExport(deps: ExportDeps, prepared: PreparedExport, id = newExportId(deps.clock.now())): Promise<ExportResult> {
  const { db, layout, clock } = deps;
  const { req, cameras, plan, accessRequest } = prepared;
  const notice = deps.notice ?? (() => undefined);
  const sources = plan.pieces.flatMap((p) => p.segments);
  const tracker = new ProgressTracker(deps.onProgress ?? (() => undefined), {
    sourceBytes: sources.reduce((n, s) => n + s.bytes, 0),
    segments: sources.length,
    seconds: plan.pieces.reduce((n, p) => n + (p.clipToMs - p.clipFromMs) / 1000, 0),
    files: plan.pieces.length,
  });

  const now = clock.now();
  mkdirDurable(layout.exportsDir);
  const tmpDir = join(layout.exportsDir, `${TEMP_PREFIX}${id}`);
  const finalDir = join(layout.exportsDir, id);
  mkdirDurable(tmpDir);
  try {
    // Re-hash every source on a worker thread while ffmpeg copies: the first
    // mismatch stops ffmpeg, and nothing is published unless every hash matches.
    const stop = new AbortController();
    const cancel = () => stop.abort();
    if (deps.signal?.aborted) stop.abort();
    deps.signal?.addEventListener('abort', cancel, { once: true });
    const hashing = hashSources(sources, (rel) => layout.absolute(rel), (bytes, n) => tracker.hashed(bytes, n), () => stop.abort(), deps.signal);
    hashing.catch(() => undefined); // awaited below; this only keeps an early failure from counting as unhandled
    const files: ManifestFile[] = [];
    let cutError: unknown;
    try {
      const taken = new Set<string>();
      let doneSeconds = 0;
      let doneBytes = 0;
      for (const [i, piece] of plan.pieces.entries()) {
        const redactions = (req.redactions ?? []).filter((r) => r.camera === piece.cameraId);
        const file = await cutPiece(deps, piece, redactions, tmpDir, taken, i + 1, tracker, doneSeconds, doneBytes, stop.signal);
        files.push(file);
        doneSeconds += (piece.clipToMs - piece.clipFromMs) / 1000;
        doneBytes += file.bytes;
        tracker.copied(doneSeconds, doneBytes, 1, true);
      }
    } catch (err) {
      cutError = err;
      stop.abort();
    }
    let bad: BadSource[];
    try {
      bad = await hashing;
    } finally {
      deps.signal?.removeEventListener('abort', cancel);
    }
    if (deps.signal?.aborted) throw new PremisesError('Unavailable', 'the export was stopped (Premises is shutting down); start it again');
    if (bad.length > 0) refuseTampered(deps, req, bad);
    if (cutError !== undefined) throw cutError instanceof Error ? cutError : new Error(errorMessage(cutError));

    tracker.signing();
    const key = SigningKey.loadOrCreate(layout.keysDir);
    const checksums = checksumsText(files);
    const manifest: ExportManifest = {
      format: MANIFEST_FORMAT,
      id,
      premisesVersion: VERSION,
      createdAt: iso(now),
      expiresAt: iso(now + (req.keepMs ?? DEFAULT_EXPORT_KEEP_MS)),
      exportedBy: deps.actor,
      reason: req.reason,
      requestedBy: req.requestedBy,
      legalBasis: req.legalBasis,
      cameras,
      range: { from: iso(req.fromMs), to: iso(req.toMs) },
      files,
      gaps: plan.gaps.map((g) => ({ camera: g.cameraId, from: iso(g.fromMs), to: iso(g.toMs) })),
      redactions: (req.redactions ?? []).map((r) => ({
        camera: r.camera,
        x: r.x,
        y: r.y,
        w: r.w,
        h: r.h,
        from: r.fromMs === undefined ? undefined : iso(r.fromMs),
        to: r.toMs === undefined ? undefined : iso(r.toMs),
        method: r.method,
      })),
      accessRequest,
      ...(req.case ? { case: caseBlock(req.case, req.ranges ?? []) } : {}),
      automaticRedaction: deps.autoRedaction?.record,
      checksums: { file: CHECKSUMS_FILE, sha256: sha256Hex(checksums) },
      signer: signerBlock(key),
    };
    const json = manifestBytes(manifest);
    writeDurable(join(tmpDir, CHECKSUMS_FILE), checksums);
    writeDurable(join(tmpDir, MANIFEST_FILE), json);
    writeDurable(join(tmpDir, SIGNATURE_FILE), signManifest(key, json));
    writeDurable(join(tmpDir, PUBLIC_KEY_FILE), key.publicKeyPem());
    fsyncDir(tmpDir);
    const manifestSha256 = sha256Hex(json);
    const totalBytes = files.reduce((n, f) => n + f.bytes, 0);

    renameSync(tmpDir, finalDir);
    fsyncDir(layout.exportsDir);
    try {
      db.transaction(() => {
        new ExportStore(db).insert({
          id,
          cameras,
          fromMs: req.fromMs,
          toMs: req.toMs,
          reason: req.reason,
          requestedBy: req.requestedBy,
          legalBasis: req.legalBasis,
          createdBy: deps.actor,
          createdAt: now,
          expiresAt: now + (req.keepMs ?? DEFAULT_EXPORT_KEEP_MS),
          manifestSha256,
          files: files.length,
          bytes: totalBytes,
        });
        if (req.case) recordCaseExport(db, id, req.case.id, req.case.recipient);
        deps.audit.append({
          actor: deps.actor,
          action: 'export.created',
          subject: `export:${id}`,
          details: {
            manifestSha256,
            cameras,
            from: manifest.range.from,
            to: manifest.range.to,
            files: files.length,
            bytes: totalBytes,
            gaps: manifest.gaps.length,
            redactions: manifest.redactions.length,
            automaticRedaction: deps.autoRedaction ? deps.autoRedaction.record.job : undefined,
            accessRequest: accessRequest?.id,
            case: req.case?.id,
            reason: req.reason,
            requestedBy: req.requestedBy,
            legalBasis: req.legalBasis,
            expiresAt: manifest.expiresAt,
            keyFingerprint: manifest.signer.fingerprint,
          },
        });
      })();
    } catch (err) {
      // Unrecorded footage must not sit in exports/: an export exists only with its audit entry.
      rmSync(finalDir, { recursive: true, force: true });
      throw err;
    }
    try {
      // Sign the audit head now, so the export's own entry is covered by a signed checkpoint at once.
      new AuditCheckpoints(db, key, clock).create();
    } catch (err) {
      notice(`warning: the export is recorded, but the audit checkpoint after it failed: ${(err as Error).message}`);
    }
    notice(`export ${id} complete: ${files.length} file(s), ${totalBytes} bytes`);
    return { id, dir: finalDir, manifest, manifestSha256 };
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
}

/** The manifest's `case` block: what the case is, for whom this package was made, and every camera's ranges. */
function caseBlock(c: NonNullable<ExportRequest['case']>, ranges: NonNullable<ExportRequest['ranges']>): NonNullable<ExportManifest['case']> {
  return {
    id: c.id,
    name: c.name,
    reason: c.reason,
    openedBy: c.openedBy,
    openedAt: iso(c.openedAt),
    recipient: c.recipient,
    ranges: ranges.map((r) => ({ camera: r.camera, from: iso(r.fromMs), to: iso(r.toMs) })),
  };
}

/** A source no longer matches its row: refuse the whole export, audit the refusal, raise an alarm per camera. */
function refuseTampered(deps: ExportDeps, req: ExportRequest, bad: BadSource[]): never {
  deps.db.transaction(() => {
    deps.audit.append({
      actor: deps.actor,
      action: 'export.refused',
      subject: `cameras:${req.cameras.join(',')}`,
      details: { why: 'source segments do not match their recorded sha256', from: iso(req.fromMs), to: iso(req.toMs), segments: bad },
    });
    for (const camera of new Set(bad.map((b) => b.camera))) {
      const mine = bad.filter((b) => b.camera === camera);
      deps.alarms.raise(
        'footage.integrity',
        `camera:${camera}`,
        'critical',
        `${mine.length} recorded segment(s) no longer match the hash taken when they were recorded (tampered or damaged disk); first: ${mine[0]!.path}`,
        { segments: mine.map((b) => b.path) },
      );
    }
  })();
  const list = bad.slice(0, 5).map((b) => `${b.path} (expected ${b.expected.slice(0, 12)}…, found ${b.actual.slice(0, 40)})`);
  throw new PremisesError(
    'DataLoss',
    `export refused: ${bad.length} source segment(s) changed since they were recorded: ${list.join('; ')}${bad.length > 5 ? '; …' : ''}. ` +
      'The footage may have been tampered with or the disk is failing; an alarm was raised.',
    { segments: bad },
  );
}

/**
 * The files an export of `prepared` would hold, cut by stream copy into
 * `dir` (the detection pass of automatic redaction looks at exactly these).
 */
export async function cutClips(deps: ExportDeps, prepared: PreparedExport, dir: string, signal: AbortSignal): Promise<(CutPiece & { file: string })[]> {
  const tracker = new ProgressTracker(() => undefined, { sourceBytes: 0, segments: 0, seconds: 0, files: prepared.plan.pieces.length });
  const taken = new Set<string>();
  const out: (CutPiece & { file: string })[] = [];
  const plain = { ...deps, autoRedaction: undefined };
  for (const [i, piece] of prepared.plan.pieces.entries()) {
    const f = await cutPiece(plain, piece, [], dir, taken, i + 1, tracker, 0, 0, signal);
    out.push({ camera: f.camera, startMs: Date.parse(f.start), endMs: Date.parse(f.end), file: join(dir, f.name) });
  }
  return out;
}

async function hashFile(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

async function cutPiece(
  deps: ExportDeps,
  piece: PlannedPiece,
  redactions: readonly Redaction[],
  tmpDir: string,
  taken: Set<string>,
  fileNumber: number,
  tracker: ProgressTracker,
  secondsBefore: number,
  bytesBefore: number,
  signal: AbortSignal,
): Promise<ManifestFile> {
  const { layout } = deps;
  const first = piece.segments[0]!;
  const last = piece.segments.at(-1)!;
  const entries: ConcatEntry[] = piece.segments.map((s) => ({ file: layout.absolute(s.path) }));

  // Start on the keyframe at or before the range start (wall offset into the first segment).
  const head = await probeKeyframes(layout.absolute(first.path), deps.ffprobe);
  const wantOffsetMs = piece.clipFromMs - first.startMs;
  const keyOffsetMs = keyframeAtOrBefore(
    head.keyframes.map((k) => (k - head.firstPts) * 1000),
    wantOffsetMs,
  );
  if (keyOffsetMs > 0) entries[0]!.inpoint = head.firstPts + keyOffsetMs / 1000;
  const startMs = Math.round(first.startMs + keyOffsetMs);

  let endMs = last.endMs;
  if (piece.clipToMs < last.endMs) {
    const tail = piece.segments.length === 1 ? head : await probeKeyframes(layout.absolute(last.path), deps.ffprobe);
    entries[entries.length - 1]!.outpoint = tail.firstPts + (piece.clipToMs - last.startMs) / 1000;
    endMs = piece.clipToMs;
  }

  const graph = redactionGraph(redactions, startMs, endMs);
  // Two runs of one camera can overlap (a clock step between them): never let one file overwrite another.
  let name = pieceFileName(piece.cameraId, startMs);
  for (let n = 2; taken.has(name); n++) name = pieceFileName(piece.cameraId, startMs).replace(/\.mp4$/, `-${n}.mp4`);
  taken.add(name);
  const scriptPath = join(tmpDir, `${name}.ffconcat`);
  writeFileSync(scriptPath, concatScript(entries));
  const out = join(tmpDir, name);
  tracker.fileStarted(
    fileNumber,
    `file ${fileNumber}/${tracker.current.copied.files}: ${piece.cameraId} ${iso(startMs)} → ${iso(endMs)} (${piece.segments.length} segment(s)${graph ? ', redacting: re-encoding' : ''})`,
  );
  const pieceSeconds = (piece.clipToMs - piece.clipFromMs) / 1000;
  const auto = deps.autoRedaction;
  const cutOut = auto ? join(tmpDir, `${name}.cut.mp4`) : out;
  let { sha256, bytes } = await runConcat(scriptPath, cutOut, (seconds, written) => tracker.copied(secondsBefore + Math.min(seconds, pieceSeconds), bytesBefore + written, seconds / pieceSeconds), {
    ffmpeg: deps.ffmpeg,
    codec: graph === undefined ? STREAM_COPY : reencodeArgs(graph),
    signal,
  });
  rmSync(scriptPath);
  if (auto) {
    await auto.render({ camera: piece.cameraId, startMs, endMs }, cutOut, out, signal);
    rmSync(cutOut);
    ({ sha256, bytes } = await hashFile(out));
  }
  return {
    name,
    camera: piece.cameraId,
    run: piece.runId,
    start: iso(startMs),
    end: iso(endMs),
    bytes,
    sha256,
    encoding: graph === undefined && !auto ? 'stream-copy' : 'redacted',
    sources: piece.segments.map((s) => ({ path: s.path, start: iso(s.startMs), end: iso(s.endMs), bytes: s.bytes, sha256: s.sha256 })),
  };
}

function writeDurable(path: string, data: string | Buffer): void {
  const fd = openSync(path, 'wx', 0o644);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
