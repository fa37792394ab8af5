import type { Response, Router } from 'express';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { newExportId, prepareExport, type ExportRequest, type FieldNames } from '../../disclosure/export/create.js';
import type { ExportManifest } from '../../disclosure/export/manifest.js';
import { parseRedaction, type Redaction } from '../../disclosure/export/redact.js';
import { ExportStore, type ExportRecord } from '../../disclosure/export/store.js';
import { parseDuration } from '../../shared/duration.js';
import { PremisesError } from '../../shared/errors.js';
import { allow, requireUser } from '../auth/middleware.js';
import { can, type AuthUser } from '../auth/roles.js';
import { actorOf } from '../auth/users.js';
import { ExportJobs, type ExportJob, type JobEvent, type VerificationResult } from '../export-jobs.js';
import { NewExportBody } from '../contracts/exports.js';
import { sendInvalid } from '../http-util.js';
import { bodyOf } from '../validate.js';
import type { RouteDeps } from './deps.js';
import { iso } from '../../shared/iso.js';

/**
 * Exports from the dashboard (docs/exports.md, "API"): start one (202, runs
 * in the background), follow it as Server-Sent Events, list, read one with
 * its manifest and verification status, verify again. Every route checks the
 * export right on every camera of the export; the user is the audit actor.
 * The download is a transfer under a `download` policy (routes/transfers.ts).
 */
const API_FIELDS: FieldNames = {
  reason: 'reason',
  requestedBy: 'requestedBy',
  legalBasis: 'legalBasis',
  cameras: 'cameras',
  to: 'to',
  keep: 'keep',
  redactions: 'redactions',
};
const KEEP_ALIVE_MS = 15_000;


export type ExportState = 'queued' | 'running' | 'failed' | 'ready' | 'removed';

function mayExportAll(user: AuthUser, cameras: readonly string[]): boolean {
  return cameras.length > 0 && cameras.every((c) => can(user, 'camera.export', c));
}


function invalid(field: string, message: string): PremisesError {
  return new PremisesError('InvalidArgument', message, { fields: [field] });
}

/** `[{camera, x, y, w, h, from?, to?, method?}]`, checked by the CLI's parser so both accept the same. */
function redactionsField(list: readonly Record<string, unknown>[] | null | undefined): Redaction[] | undefined {
  if (list === undefined || list === null) return undefined;
  return list.map((o) => {
    const parts = [o['camera'], o['x'], o['y'], o['w'], o['h']];
    if (o['from'] !== undefined || o['to'] !== undefined) parts.push(o['from'], o['to']);
    if (o['method'] !== undefined) parts.push(o['method']);
    if (!parts.every((p) => (typeof p === 'string' && !p.includes(',')) || (typeof p === 'number' && Number.isSafeInteger(p)))) {
      throw invalid('redactions', 'each redaction is {camera, x, y, w, h} in whole pixels, with optional from, to and method (fill or blur)');
    }
    try {
      return parseRedaction(parts.join(','));
    } catch (err) {
      throw invalid('redactions', (err as Error).message.replace('--redact', 'redaction'));
    }
  });
}

/** Returns the export queue, so a case's package is queued, followed and resumed like any dashboard export. */
export function exportRoutes(router: Router, d: RouteDeps): ExportJobs {
  const jobs = new ExportJobs({ db: d.db, layout: d.layout, audit: d.audit, alarms: d.alarms, clock: d.clock }, d.log);
  jobs.resumeInterrupted();
  const store = new ExportStore(d.db);

  const stateOf = (rec: ExportRecord | undefined, job: ExportJob | undefined): ExportState => {
    if (rec) return rec.removedAt ? 'removed' : 'ready';
    switch (job?.state) {
      case 'queued':
        return 'queued';
      case 'running':
      case 'done': // the row is written in the same step; a moment between the two
        return 'running';
      case 'failed':
      case undefined:
        return 'failed';
    }
  };

  const verificationView = (v: VerificationResult | undefined) =>
    v ? { ok: v.ok, checkedAt: iso(v.checkedAt), filesChecked: v.filesChecked, problems: v.problems } : null;

  const view = (rec: ExportRecord | undefined, job: ExportJob | undefined) => {
    const src = rec ?? job!;
    const id = src.id;
    return {
      id,
      cameras: src.cameras,
      from: iso(src.fromMs),
      to: iso(src.toMs),
      reason: src.reason,
      requestedBy: src.requestedBy,
      legalBasis: src.legalBasis,
      createdBy: rec?.createdBy ?? job!.createdBy,
      createdAt: iso(src.createdAt),
      expiresAt: iso(rec?.expiresAt),
      files: rec?.files ?? null,
      bytes: rec?.bytes ?? null,
      state: stateOf(rec, job),
      removedAt: iso(rec?.removedAt),
      removalReason: rec?.removalReason ?? null,
      progress: job && job.end === null ? job.progress : null,
      error: job?.end?.type === 'failed' ? job.end.data.error : null,
      verification: verificationView(jobs.verification(id)),
    };
  };

  /** The export (row or job) if the user may see it: 404 when neither exists, 403 without the export right on all its cameras. */
  const find = (res: Response, id: string) => {
    const user = requireUser(res);
    const rec = store.get(id);
    const job = jobs.get(id);
    if (!rec && !job) throw new PremisesError('NotFound', `no export "${id}"`);
    const cameras = rec?.cameras ?? job!.cameras;
    if (!mayExportAll(user, cameras)) throw new PremisesError('PermissionDenied', `you have no export right on every camera of export ${id}`);
    return { user, rec, job };
  };

  router.post(
    '/api/exports',
    (req, res) => {
      requireUser(res);
      try {
        const body = bodyOf(req, NewExportBody);
        const { cameras, keep } = body;
        const user = cameras.map((c) => allow(res, 'camera.export', c))[0]!;
        const request: ExportRequest = {
          cameras,
          fromMs: body.from,
          toMs: body.to,
          reason: body.reason,
          requestedBy: body.requestedBy,
          legalBasis: body.legalBasis,
        };
        const redactions = redactionsField(body.redactions);
        if (redactions) request.redactions = redactions;
        if (keep !== undefined) {
          const ms = parseDuration(keep);
          if (ms === undefined) throw invalid('keep', `keep: "${keep}" is not a duration like 30d or 72h`);
          request.keepMs = ms;
        }
        const prepared = prepareExport(d, request, API_FIELDS);
        const id = newExportId(d.clock.now());
        const job = jobs.start(prepared, id, actorOf(user));
        res.status(202).json({ id, export: view(undefined, job), events: `/api/exports/${id}/events` });
      } catch (err) {
        if (!sendInvalid(res, err)) throw err;
      }
    },
  );

  router.get(
    '/api/exports',
    (_req, res) => {
      const user = requireUser(res);
      const recs = store.list({ includeRemoved: true });
      const seen = new Set(recs.map((r) => r.id));
      const rows = [
        ...recs.map((r) => view(r, jobs.get(r.id))),
        ...jobs
          .all()
          .filter((j) => !seen.has(j.id))
          .map((j) => view(undefined, j)),
      ].filter((e) => mayExportAll(user, e.cameras));
      rows.sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
      res.json({ exports: rows });
    },
  );

  router.get(
    '/api/exports/:id',
    async (req, res) => {
      const { rec, job } = find(res, req.params['id']);
      let manifest: ReturnType<typeof manifestSummary> | null = null;
      if (rec && !rec.removedAt) {
        manifest = manifestSummary(JSON.parse(readFileSync(join(d.layout.exportsDir, rec.id, 'manifest.json'), 'utf8')) as ExportManifest);
        if (!jobs.verification(rec.id)) await jobs.verify(rec.id);
      }
      res.json({ export: view(rec, job), manifest });
    },
  );

  router.post(
    '/api/exports/:id/verify',
    async (req, res) => {
      const { rec } = find(res, req.params['id']);
      if (!rec) throw new PremisesError('FailedPrecondition', 'this export has not finished; nothing to verify yet');
      if (rec.removedAt) throw new PremisesError('FailedPrecondition', `this export was removed ${iso(rec.removedAt)} (${rec.removalReason ?? ''}); nothing to verify`);
      res.json({ verification: verificationView(await jobs.verify(rec.id)) });
    },
  );

  router.get(
    '/api/exports/:id/events',
    (req, res) => {
      const { rec, job } = find(res, req.params['id']);
      res.status(200);
      res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
      res.setHeader('X-Accel-Buffering', 'no');
      res.flushHeaders();
      const send = (e: JobEvent | { type: 'state'; data: { id: string; state: ExportState } }) => {
        res.write(`event: ${e.type}\ndata: ${JSON.stringify(e.data)}\n\n`);
      };
      send({ type: 'state', data: { id: (rec ?? job!).id, state: stateOf(rec, job) } });
      if (!job || job.end) {
        // Ended before this request (or before a restart): its end is all there is to say.
        if (job?.end) send(job.end);
        else if (rec) send({ type: 'done', data: { id: rec.id, files: rec.files, bytes: rec.bytes, manifestSha256: rec.manifestSha256 } });
        res.end();
        return;
      }
      if (job.progress) send({ type: 'progress', data: job.progress });
      const ping = setInterval(() => res.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
      const stop = () => {
        clearInterval(ping);
        unsubscribe();
      };
      const unsubscribe = jobs.subscribe(job.id, (e) => {
        send(e);
        if (e.type !== 'progress') {
          stop();
          res.end();
        }
      });
      req.on('close', stop);
    },
  );
  return jobs;
}

function manifestSummary(m: ExportManifest) {
  return {
    id: m.id,
    premisesVersion: m.premisesVersion,
    createdAt: m.createdAt,
    expiresAt: m.expiresAt,
    exportedBy: m.exportedBy,
    reason: m.reason,
    requestedBy: m.requestedBy,
    legalBasis: m.legalBasis,
    cameras: m.cameras,
    range: m.range,
    files: m.files.map((f) => ({ name: f.name, camera: f.camera, start: f.start, end: f.end, bytes: f.bytes, sha256: f.sha256, encoding: f.encoding, sources: f.sources.length })),
    gaps: m.gaps,
    redactions: m.redactions.length,
    accessRequest: m.accessRequest?.id ?? null,
    signer: { algorithm: m.signer.algorithm, fingerprint: m.signer.fingerprint },
  };
}
