import type { Router } from 'express';
import type { DiscoveredDevice, DiscoveryProblem } from '../../cameras/onvif/discovery.js';
import { errorMessage, PremisesError } from '../../shared/errors.js';
import { allow } from '../auth/middleware.js';
import { actorOf } from '../auth/users.js';
import { DiscoveryBody } from '../contracts/cameras.js';
import { bodyOf } from '../validate.js';
import type { RouteDeps } from './deps.js';

/** One ONVIF probe at a time, started by POST and read by GET (the page polls for progress). */
const WINDOW_MS = 3_000;

interface DiscoveryState {
  running: boolean;
  startedAt: string | null;
  finishedAt: string | null;
  startedBy: string | null;
  devices: DiscoveredDevice[];
  problems: DiscoveryProblem[];
  interfaces: string[];
  error: string | null;
}

export function discoveryRoutes(router: Router, d: RouteDeps): void {
  let state: DiscoveryState = { running: false, startedAt: null, finishedAt: null, startedBy: null, devices: [], problems: [], interfaces: [], error: null };

  router.post(
    '/api/discovery',
    (req, res) => {
      const user = allow(res, 'discovery');
      // One interface by name, as `premises discover --interface`; default every LAN interface.
      const { interface: iface } = bodyOf(req, DiscoveryBody);
      if (state.running) throw new PremisesError('FailedPrecondition', 'a search is already running; wait for its results');
      const now = new Date(d.clock.now()).toISOString();
      state = { running: true, startedAt: now, finishedAt: null, startedBy: user.username, devices: [], problems: [], interfaces: [], error: null };
      d.audit.append({ actor: actorOf(user), action: 'discovery.started', subject: 'network', details: { windowMs: WINDOW_MS, interface: iface ?? 'all' } });
      d.discover({ windowMs: WINDOW_MS, policy: { allowLoopback: d.loaded.config.network.allowLoopbackCameras }, ...(iface !== undefined ? { interface: iface } : {}) })
        .then((result) => {
          state = { ...state, running: false, finishedAt: new Date(d.clock.now()).toISOString(), devices: result.devices, problems: result.problems, interfaces: result.interfaces };
        })
        .catch((err: unknown) => {
          d.log.error({ err: errorMessage(err) }, 'discovery failed');
          state = { ...state, running: false, finishedAt: new Date(d.clock.now()).toISOString(), error: errorMessage(err) };
        });
      res.status(202).json({ discovery: state, windowMs: WINDOW_MS });
    },
  );

  router.get(
    '/api/discovery',
    (_req, res) => {
      allow(res, 'discovery');
      res.json({ discovery: state });
    },
  );
}
