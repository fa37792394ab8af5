import type { Router } from 'express';
import type { Alarm } from '../../alarms/alarms.js';
import { auditPage } from '../../audit/entries.js';
import { listCameras } from '../../cameras/registry.js';
import { PremisesError } from '../../shared/errors.js';
import { allow, requireUser } from '../auth/middleware.js';
import { can, type AuthUser } from '../auth/roles.js';
import { alarmSummary } from '../health.js';
import { actorOf } from '../auth/users.js';
import type { RouteDeps } from './deps.js';

/** Alarms (every page's banner) and the audit log (owner only). */
export function alarmAndAuditRoutes(router: Router, d: RouteDeps): void {
  /** A viewer sees alarms about the cameras they may see, and alarms about no camera (disk, clock). */
  const visible = (user: AuthUser, alarms: Alarm[]) => {
    if (user.role !== 'viewer') return alarms;
    const cameraIds = new Set(listCameras(d.db).map((c) => c.id));
    return alarms.filter((a) => !cameraIds.has(a.subject) || can(user, 'camera.view', a.subject));
  };
  const json = (a: Alarm, user: AuthUser) => ({
    ...alarmSummary(a),
    lastSeenAt: new Date(a.lastSeenAt).toISOString(),
    acknowledgedBy: a.acknowledgedBy,
    canAcknowledge: a.acknowledgedAt === null && can(user, 'alarm.acknowledge'),
  });

  router.get(
    '/api/alarms',
    (_req, res) => {
      const user = requireUser(res);
      res.json({ alarms: visible(user, d.alarms.open()).map((a) => json(a, user)) });
    },
  );

  router.post(
    '/api/alarms/:id/acknowledge',
    (req, res) => {
      const user = allow(res, 'alarm.acknowledge');
      const id = Number(req.params['id']);
      if (!Number.isSafeInteger(id) || id <= 0) throw new PremisesError('InvalidArgument', 'alarm id must be a positive number');
      res.json({ alarm: json(d.alarms.acknowledge(id, actorOf(user)), user) });
    },
  );

  router.get(
    '/api/audit',
    (req, res) => {
      allow(res, 'audit.read');
      const limit = Math.min(200, Math.max(1, Number(req.query['limit'] ?? 50) || 50));
      const beforeRaw = req.query['before'];
      const before = typeof beforeRaw === 'string' && /^\d+$/.test(beforeRaw) ? Number(beforeRaw) : Number.MAX_SAFE_INTEGER;
      const rows = auditPage(d.db, before, limit);
      res.json({
        entries: rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() })),
        next: rows.length === limit ? rows[rows.length - 1]?.seq ?? null : null,
      });
    },
  );
}
