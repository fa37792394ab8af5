import type { Router } from 'express';
import { caseJson, Cases } from '../../disclosure/cases/cases.js';
import { newExportId, prepareExport, type FieldNames } from '../../disclosure/export/create.js';
import { parseDuration } from '../../shared/duration.js';
import { PremisesError } from '../../shared/errors.js';
import { allow } from '../auth/middleware.js';
import { can, type AuthUser } from '../auth/roles.js';
import { actorOf } from '../auth/users.js';
import { CaseExportBody, CaseRangeBody, CloseCaseBody, NewCaseBody, type CaseView } from '../contracts/cases.js';
import type { ExportJobs } from '../export-jobs.js';
import { sendInvalid } from '../http-util.js';
import { bodyOf } from '../validate.js';
import type { RouteDeps } from './deps.js';
import { idParam, knownCameras } from './pages-util.js';

/**
 * Incident cases (docs/cases.md), the same store as `premises case`. Owners
 * and managers (like holds: a case is a hold, and its reason names an
 * incident); adding a range or exporting also needs the export right on each
 * camera. A case's package is queued on the dashboard's export queue, so it is
 * followed (`/api/exports/:id/events`), listed, verified, resumed after a
 * restart and sent under a transfer policy like any export.
 */
const CASE_EXPORT_FIELDS: FieldNames = { reason: 'reason', requestedBy: 'recipient', legalBasis: 'legalBasis', cameras: 'cameras', to: 'to', keep: 'keep', redactions: 'redactions' };

function mayExportAll(user: AuthUser, cameras: readonly string[]): void {
  for (const c of cameras) if (!can(user, 'camera.export', c)) throw new PremisesError('PermissionDenied', `you have no export right on camera "${c}"`);
}


export function caseRoutes(router: Router, d: RouteDeps, jobs: ExportJobs): void {
  const cases = new Cases(d.db, d.audit, d.clock);
  const view = (id: number): CaseView => caseJson(cases.detail(id));

  router.get(
    '/api/cases',
    (req, res) => {
      allow(res, 'holds.manage');
      res.json({ cases: cases.list(req.query['all'] === '1').map((c) => view(c.id)) });
    },
  );

  router.post(
    '/api/cases',
    (req, res) => {
      const user = allow(res, 'holds.manage');
      const body = bodyOf(req, NewCaseBody);
      const c = cases.open({ name: body.name, reason: body.reason, ...(body.kind !== undefined ? { kind: body.kind } : {}) }, actorOf(user));
      res.status(201).json({ case: view(c.id) });
    },
  );

  router.get(
    '/api/cases/:id',
    (req, res) => {
      allow(res, 'holds.manage');
      res.json({ case: view(idParam(req.params['id'], 'case')) });
    },
  );

  router.post(
    '/api/cases/:id/ranges',
    (req, res) => {
      const user = allow(res, 'holds.manage');
      const id = idParam(req.params['id'], 'case');
      const body = bodyOf(req, CaseRangeBody);
      const cameras = knownCameras(d.db, body.cameras);
      mayExportAll(user, cameras);
      cases.addRange(id, { cameras, fromMs: body.from, toMs: body.to }, actorOf(user));
      res.status(201).json({ case: view(id) });
    },
  );

  router.post(
    '/api/cases/:id/export',
    (req, res) => {
      const user = allow(res, 'holds.manage');
      const id = idParam(req.params['id'], 'case');
      try {
        const body = bodyOf(req, CaseExportBody);
        let keepMs: number | undefined;
        if (body.keep !== undefined) {
          keepMs = parseDuration(body.keep);
          if (keepMs === undefined) throw new PremisesError('InvalidArgument', `keep: "${body.keep}" is not a duration like 30d or 72h`, { fields: ['keep'] });
        }
        const request = cases.exportRequest(id, { recipient: body.recipient, legalBasis: body.legalBasis, ...(keepMs !== undefined ? { keepMs } : {}) });
        mayExportAll(user, request.cameras);
        const prepared = prepareExport(d, request, CASE_EXPORT_FIELDS);
        const exportId = newExportId(d.clock.now());
        jobs.start(prepared, exportId, actorOf(user));
        res.status(202).json({ id: exportId, case: id, events: `/api/exports/${exportId}/events` });
      } catch (err) {
        if (!sendInvalid(res, err)) throw err;
      }
    },
  );

  router.post(
    '/api/cases/:id/close',
    (req, res) => {
      const user = allow(res, 'holds.manage');
      const id = idParam(req.params['id'], 'case');
      const { reason } = bodyOf(req, CloseCaseBody);
      mayExportAll(user, cases.detail(id).ranges.map((r) => r.camera));
      cases.close(id, reason, actorOf(user));
      res.json({ case: view(id) });
    },
  );
}
