import type { Router } from 'express';
import { HOLD_KINDS, Holds, earliestRelease, isHoldKind, type Hold } from '../../policy/retention/holds.js';
import { PremisesError } from '../../shared/errors.js';
import { allow } from '../auth/middleware.js';
import { can } from '../auth/roles.js';
import { actorOf } from '../auth/users.js';
import { NewHoldBody, ReleaseHoldBody } from '../contracts/holds.js';
import { bodyOf } from '../validate.js';
import type { RouteDeps } from './deps.js';
import { idParam, iso, knownCameras } from './pages-util.js';

/**
 * Holds on footage (src/policy/retention/holds.ts, the same store `premises hold` uses).
 * Owners and managers only: hold reasons name incidents and requests. Adding
 * a hold also needs the export right on each camera it covers.
 */
export function holdJson(h: Hold, now: number) {
  const earliest = earliestRelease(h);
  return {
    id: h.id,
    camera: h.cameraId,
    from: iso(h.fromMs),
    to: iso(h.toMs),
    kind: h.kind,
    reason: h.reason,
    createdBy: h.createdBy,
    createdAt: iso(h.createdAt),
    reviewAt: iso(h.reviewAt),
    reviewDue: h.releasedAt === null && h.reviewAt !== null && h.reviewAt <= now,
    decidedAt: iso(h.decidedAt),
    releasableFrom: Number.isFinite(earliest) ? iso(earliest) : null,
    released: h.releasedAt === null ? null : { at: iso(h.releasedAt), by: h.releasedBy, reason: h.releaseReason },
    case: h.caseId,
  };
}

export function holdRoutes(router: Router, d: RouteDeps): void {
  const holds = new Holds(d.db, d.audit, d.clock);

  router.get(
    '/api/holds',
    (req, res) => {
      allow(res, 'holds.manage');
      const now = d.clock.now();
      res.json({ holds: holds.list({ includeReleased: req.query['all'] === '1' }).map((h) => holdJson(h, now)), kinds: HOLD_KINDS });
    },
  );

  router.post(
    '/api/holds',
    (req, res) => {
      const user = allow(res, 'holds.manage');
      const body = bodyOf(req, NewHoldBody);
      const cameras = knownCameras(d.db, body.cameras);
      for (const c of cameras) if (!can(user, 'camera.export', c)) throw new PremisesError('PermissionDenied', `you have no export right on camera "${c}"`);
      const { from: fromMs, to: toMs, reason, review: reviewAt, decided: decidedAt } = body;
      const kind = body.kind ?? 'incident';
      if (!isHoldKind(kind)) throw new PremisesError('InvalidArgument', `kind must be one of ${HOLD_KINDS.join(', ')}`);
      if (decidedAt !== undefined && kind !== 'decision') throw new PremisesError('InvalidArgument', 'decided is only for holds of kind decision');
      const by = actorOf(user);
      // One hold per camera, all or none.
      const added = d.db.transaction(() =>
        cameras.map((cameraId) =>
          holds.add({ cameraId, fromMs, toMs, kind, reason, ...(reviewAt !== undefined ? { reviewAt } : {}), ...(decidedAt !== undefined ? { decidedAt } : {}) }, by),
        ),
      )();
      const now = d.clock.now();
      res.status(201).json({ holds: added.map((h) => holdJson(h, now)) });
    },
  );

  router.post(
    '/api/holds/:id/release',
    (req, res) => {
      const user = allow(res, 'holds.manage');
      const id = idParam(req.params['id'], 'hold');
      const hold = holds.get(id);
      if (!can(user, 'camera.export', hold.cameraId)) throw new PremisesError('PermissionDenied', `you have no export right on camera "${hold.cameraId}"`);
      const { reason } = bodyOf(req, ReleaseHoldBody);
      res.json({ hold: holdJson(holds.release(id, reason, actorOf(user)), d.clock.now()) });
    },
  );
}
