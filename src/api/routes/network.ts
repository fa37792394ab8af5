import type { Router } from 'express';
import { networkReport } from '../../containment/report.js';
import { allow } from '../auth/middleware.js';
import type { RouteDeps } from './deps.js';

/** The camera network (docs/containment.md): containment status and every camera's blocked attempts (owners and managers). */
export function networkRoutes(router: Router, d: RouteDeps): void {
  router.get(
    '/api/network',
    (_req, res) => {
      allow(res, 'network.read');
      res.json(networkReport(d.db, d.loaded.config.cameraNetwork, d.clock.now()));
    },
  );
}
