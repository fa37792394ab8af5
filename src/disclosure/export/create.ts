import type { SegmentRow } from '../../segments/store.js';
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Alarms } from '../../alarms/alarms.js';
import { AuditCheckpoints } from '../../audit/checkpoints.js';
import { sha256Hex, type Actor, type AuditLog } from '../../audit/log.js';
import type { Db } from '../../db/open.js';
import { SigningKey } from '../../keys/signing.js';
import type { DataLayout } from '../../segments/layout.js';
import type { Clock } from '../../shared/clock.js';
import { PremisesError } from '../../shared/errors.js';
import { fsyncDir, mkdirDurable } from '../../shared/fsync.js';
import { VERSION } from '../../shared/version.js';
import { concatScript, probeKeyframes, runConcat, STREAM_COPY, type ConcatEntry } from './ffmpeg.js';
import { hashFile } from '../../segments/hash.js';
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
import { keyframeAtOrBefore, pieceFileName, planExport, type PlannedPiece, type SourceSegment } from './plan.js';
import { redactionGraph, reencodeArgs, type Redaction } from './redact.js';
import { ExportStore } from './store.js';
import { AccessRequests } from '../requests/requests.js';
import { priorDisclosures } from './disclosures.js';

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
}

export interface ExportDeps {
  db: Db;
  layout: DataLayout;
  audit: AuditLog;
  alarms: Alarms;
  clock: Clock;
  actor: Actor;
  /** Human-readable progress lines (the CLI prints them on stderr). */
  progress?: (line: string) => void;
  ffmpeg?: string;
  ffprobe?: string;
}

export interface ExportResult {
  id: string;
  dir: string;
  manifest: ExportManifest;
  manifestSha256: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function validateRequest(req: ExportRequest): void {
  const missing = (['reason', 'requestedBy', 'legalBasis'] as const).filter((k) => !req[k].trim());
  if (missing.length > 0) {
    const flags = { reason: '--reason', requestedBy: '--requested-by', legalBasis: '--legal-basis' };
    throw new PremisesError('InvalidArgument', `an export needs a reason, who asked for it and the legal basis; missing ${missing.map((m) => flags[m]).join(', ')}`);
  }
  if (req.cameras.length === 0) throw new PremisesError('InvalidArgument', 'name at least one camera (--camera ID[,ID])');
  if (!(req.toMs > req.fromMs)) throw new PremisesError('InvalidArgument', '--to must be later than --from');
  if (req.keepMs !== undefined && !(req.keepMs > 0)) throw new PremisesError('InvalidArgument', 'the export must be kept for a positive time');
  for (const r of req.redactions ?? []) {
    if (!req.cameras.includes(r.camera)) throw new PremisesError('InvalidArgument', `--redact names camera "${r.camera}", which is not exported`);
  }
}

/**
 * Make an export: re-hash the sources, cut one MP4 per continuous stretch by
 * stream copy, write and sign the manifest, then publish the folder with one
 * rename and record it (row + audit entry) in one transaction.
 */
export async function createExport(deps: ExportDeps, req: ExportRequest): Promise<ExportResult> {
  validateRequest(req);
  const { db, layout, clock } = deps;
  const progress = deps.progress ?? (() => undefined);
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
  const plan = planExport(segments, cameras, req.fromMs, req.toMs);
  if (plan.pieces.length === 0) {
    throw new PremisesError('FailedPrecondition', `no footage of ${cameras.join(', ')} between ${iso(req.fromMs)} and ${iso(req.toMs)}`);
  }

  let accessRequest: ExportManifest['accessRequest'];
  if (req.accessRequestId !== undefined) {
    const ar = new AccessRequests(db, deps.audit, clock).get(req.accessRequestId);
    if (ar.closedAt !== null) throw new PremisesError('FailedPrecondition', `access request ${ar.id} is closed`);
    accessRequest = { id: ar.id, received: ar.receivedOn, due: ar.dueOn, disclosures: priorDisclosures(db, cameras, req.fromMs, req.toMs) };
  }

  await verifySources(deps, req, plan.pieces.flatMap((p) => p.segments), progress);

  const now = clock.now();
  const id = `${iso(now).replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
  mkdirDurable(layout.exportsDir);
  const tmpDir = join(layout.exportsDir, `${TEMP_PREFIX}${id}`);
  const finalDir = join(layout.exportsDir, id);
  mkdirDurable(tmpDir);
  try {
    const files: ManifestFile[] = [];
    const taken = new Set<string>();
    for (const [i, piece] of plan.pieces.entries()) {
      const redactions = (req.redactions ?? []).filter((r) => r.camera === piece.cameraId);
      files.push(await cutPiece(deps, piece, redactions, tmpDir, taken, `file ${i + 1}/${plan.pieces.length}`, progress));
    }
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
            accessRequest: accessRequest?.id,
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
      progress(`warning: the export is recorded, but the audit checkpoint after it failed: ${(err as Error).message}`);
    }
    progress(`export ${id} complete: ${files.length} file(s), ${totalBytes} bytes`);
    return { id, dir: finalDir, manifest, manifestSha256 };
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
}

/** Re-hash every source; any mismatch refuses the whole export, is audited, and raises an alarm. */
async function verifySources(deps: ExportDeps, req: ExportRequest, sources: SourceSegment[], progress: (line: string) => void): Promise<void> {
  const bad: { camera: string; path: string; expected: string; actual: string }[] = [];
  let done = 0;
  let lastPct = -1;
  for (const seg of sources) {
    let actual: string;
    try {
      const h = await hashFile(deps.layout.absolute(seg.path));
      actual = h.bytes === seg.bytes ? h.sha256 : `${h.sha256} (${h.bytes} bytes, index says ${seg.bytes})`;
    } catch (err) {
      actual = `unreadable: ${(err as NodeJS.ErrnoException).code ?? 'error'}`;
    }
    if (actual !== seg.sha256) bad.push({ camera: seg.cameraId, path: seg.path, expected: seg.sha256, actual });
    done += 1;
    const pct = Math.floor((done / sources.length) * 10) * 10;
    if (pct !== lastPct) {
      lastPct = pct;
      progress(`checking source segments: ${done}/${sources.length}`);
    }
  }
  if (bad.length === 0) return;
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

async function cutPiece(
  deps: ExportDeps,
  piece: PlannedPiece,
  redactions: readonly Redaction[],
  tmpDir: string,
  taken: Set<string>,
  label: string,
  progress: (line: string) => void,
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
  const total = (endMs - startMs) / 1000;
  let lastPct = -1;
  progress(`${label}: ${piece.cameraId} ${iso(startMs)} → ${iso(endMs)} (${piece.segments.length} segment(s)${graph ? ', redacting: re-encoding' : ''})`);
  await runConcat(
    scriptPath,
    out,
    (seconds) => {
      const pct = Math.min(100, Math.floor((seconds / Math.max(total, 0.001)) * 4) * 25);
      if (pct > lastPct) {
        lastPct = pct;
        progress(`${label}: ${pct}%`);
      }
    },
    { ffmpeg: deps.ffmpeg, codec: graph === undefined ? STREAM_COPY : reencodeArgs(graph) },
  );
  if (lastPct < 100) progress(`${label}: 100%`);
  rmSync(scriptPath);
  const fd = openSync(out, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  const { sha256, bytes } = await hashFile(out);
  return {
    name,
    camera: piece.cameraId,
    run: piece.runId,
    start: iso(startMs),
    end: iso(endMs),
    bytes,
    sha256,
    encoding: graph === undefined ? 'stream-copy' : 'redacted',
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
