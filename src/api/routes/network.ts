import type { Router } from 'express';
import type { FixId } from '../../containment/onvif-audit.js';
import { checkCameraNetwork, type OnvifCheck } from '../../containment/onvif-check.js';
import { networkReport } from '../../containment/report.js';
import { allow } from '../auth/middleware.js';
import { actorOf } from '../auth/users.js';
import { OnvifFixBody, type OnvifCheckView } from '../contracts/network.js';
import { bodyOf } from '../validate.js';
import type { RouteDeps } from './deps.js';

const view = (c: OnvifCheck): OnvifCheckView => ({
  camera: c.camera,
  premisesAddress: c.premisesAddress,
  findings: c.findings,
  unreadable: c.settings.unreadable,
  changes: c.changes,
  fixes: c.fixes,
  after: c.after,
});

/**
 * The camera network (docs/containment.md): containment status and every
 * camera's blocked attempts (owners and managers); the ONVIF audit of a
 * camera's own settings and its fixes (owner only: they change the camera),
 * through the same function as `premises network onvif-audit`.
 */
export function networkRoutes(router: Router, d: RouteDeps): void {
  router.get(
    '/api/network',
    (_req, res) => {
      allow(res, 'network.read');
      res.json(networkReport(d.db, d.loaded.config.cameraNetwork, d.clock.now()));
    },
  );

  // A POST: it asks the camera and writes an audit entry.
  router.post(
    '/api/network/cameras/:id/onvif-audit',
    async (req, res) => {
      const user = allow(res, 'network.fix');
      const camera = String(req.params['id']);
      res.json(view(await checkCameraNetwork(d, camera, [], actorOf(user))));
    },
  );

  router.post(
    '/api/network/cameras/:id/onvif-fix',
    async (req, res) => {
      const user = allow(res, 'network.fix');
      const camera = String(req.params['id']);
      const { fix } = bodyOf(req, OnvifFixBody);
      const chosen: FixId = fix;
      res.json(view(await checkCameraNetwork(d, camera, [chosen], actorOf(user))));
    },
  );
}
