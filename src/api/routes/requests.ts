import type { Router } from 'express';
import { AccessRequests, type AccessRequest } from '../../disclosure/requests/requests.js';
import { parseDate } from '../../disclosure/requests/deadline.js';
import { requestStatus } from '../../disclosure/requests/status.js';
import { businessDate } from '../../shared/local-date.js';
import { PremisesError } from '../../shared/errors.js';
import { allow } from '../auth/middleware.js';
import { actorOf } from '../auth/users.js';
import { CloseRequestBody, ExtendRequestBody, NewAccessRequestBody } from '../contracts/holds.js';
import { bodyOf } from '../validate.js';
import type { RouteDeps } from './deps.js';
import { idParam, iso, knownCameras } from './pages-util.js';

/**
 * Access requests from people filmed, through the same store as `premises
 * request` (intake holds the candidate footage; the deadline comes from the
 * jurisdiction profile). Owners and managers only: requests carry the
 * requester's name and identity check.
 */
export function requestRoutes(router: Router, d: RouteDeps): void {
  const requests = new AccessRequests(d.db, d.audit, d.clock);
  const today = () => businessDate(d.loaded.config.timezone, d.clock.now());
  const json = (r: AccessRequest, day: string) => ({
    id: r.id,
    requester: r.requester,
    identityVerification: r.identityVerification,
    receivedOn: r.receivedOn,
    jurisdiction: r.jurisdiction,
    cameras: r.cameras,
    from: iso(r.fromMs),
    to: iso(r.toMs),
    description: r.description,
    dueOn: r.dueOn,
    deadlineRule: r.deadlineRule,
    createdBy: r.createdBy,
    createdAt: iso(r.createdAt),
    closed: r.closedAt === null ? null : { at: iso(r.closedAt), by: r.closedBy, outcome: r.outcome },
    holds: r.holdIds,
    ...requestStatus(r, day),
  });

  router.get(
    '/api/requests',
    (req, res) => {
      allow(res, 'requests.manage');
      const day = today();
      res.json({ today: day, jurisdiction: d.loaded.config.jurisdiction, requests: requests.list({ includeClosed: req.query['all'] === '1' }).map((r) => json(r, day)) });
    },
  );

  router.post(
    '/api/requests',
    (req, res) => {
      const user = allow(res, 'requests.manage');
      const body = bodyOf(req, NewAccessRequestBody);
      const cameras = knownCameras(d.db, body.cameras);
      const { received: receivedOn, due } = body;
      if (due !== undefined) {
        try {
          parseDate(due);
        } catch {
          throw new PremisesError('InvalidArgument', 'due must be a date like 2026-12-24');
        }
      }
      const r = requests.add(
        {
          requester: body.requester,
          identityVerification: body.identity,
          receivedOn,
          cameras,
          fromMs: body.from,
          toMs: body.to,
          description: body.description,
          jurisdiction: d.loaded.config.jurisdiction,
          ...(due !== undefined ? { customDue: due } : {}),
        },
        actorOf(user),
      );
      res.status(201).json({ request: json(r, today()) });
    },
  );

  router.post(
    '/api/requests/:id/extend',
    (req, res) => {
      const user = allow(res, 'requests.manage');
      const id = idParam(req.params['id'], 'request');
      const { reason } = bodyOf(req, ExtendRequestBody);
      const day = today();
      res.json({ request: json(requests.extend(id, reason, day, actorOf(user)), day) });
    },
  );

  router.post(
    '/api/requests/:id/close',
    (req, res) => {
      const user = allow(res, 'requests.manage');
      const id = idParam(req.params['id'], 'request');
      const { outcome } = bodyOf(req, CloseRequestBody);
      const r = requests.close(id, outcome, actorOf(user));
      // The overdue alarm goes with the request, as the daemon's minute check would do.
      requests.checkOverdue(d.alarms, today());
      res.json({ request: json(r, today()) });
    },
  );
}
