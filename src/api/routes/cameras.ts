import type { Router } from 'express';
import { listCameras } from '../../cameras/registry.js';
import { SecretBox } from '../../cameras/secret-box.js';
import { addCameraByRtsp, addCameraByXaddr } from '../../cameras/service.js';
import { getCameraScope, setCameraScope } from '../../cameras/scope.js';
import { PauseStore } from '../../policy/consent/pause.js';
import { Timeline } from '../../segments/timeline.js';
import { parseDuration } from '../../shared/duration.js';
import { Holds } from '../../policy/retention/holds.js';
import { PremisesError } from '../../shared/errors.js';
import { allow, requireUser } from '../auth/middleware.js';
import { can, type AuthUser } from '../auth/roles.js';
import { actorOf } from '../auth/users.js';
import { AddCameraBody, PauseBody, ScopeChangesBody } from '../contracts/cameras.js';
import { bodyOf } from '../validate.js';
import type { RouteDeps } from './deps.js';
import { iso } from '../../shared/iso.js';

/**
 * Cameras with their health, privacy pause and scope. Every route checks the
 * right on the camera named in the path. Live view, playback and export
 * routes go here too, each behind can(user, 'camera.live' | 'camera.playback'
 * | 'camera.export', id) — see docs/dashboard.md.
 */

export function cameraRoutes(router: Router, d: RouteDeps): void {
  const pauses = new PauseStore(d.db, d.audit, d.clock);

  const view = (user: AuthUser) => {
    const health = new Map(d.recorder.health().map((h) => [h.cameraId, h]));
    const now = d.clock.now();
    const privileged = user.role !== 'viewer';
    return listCameras(d.db)
      .filter((c) => can(user, 'camera.view', c.id))
      .map((c) => {
        const h = health.get(c.id);
        const pause = pauses.current(c.id, now);
        return {
          id: c.id,
          name: c.name,
          origin: c.origin,
          state: h?.state ?? 'unknown',
          recording: h?.state === 'recording',
          lastSegmentAt: iso(h?.lastSegmentAt),
          bitrateBps: h?.bitrateBps ?? null,
          restarts: h?.restarts ?? 0,
          notRecordingReason: h?.notRecordingReason ?? (h ? null : 'not known to the running recorder'),
          holds: h?.holds ?? [],
          masking: h?.masking ? { method: h.masking.method, verifiedAt: iso(h.masking.verifiedAt), reason: h.masking.reason } : null,
          // Grid tiles ask for the sub stream only where there is one (else a tile and its enlargement share one stream).
          subStream: d.recorder.liveCamera(c.id)?.source.resolveSubSource !== undefined,
          paused: pause ? { reason: pause.reason, since: iso(pause.startedAt), until: iso(pause.until), by: pause.startedBy } : null,
          rights: {
            live: can(user, 'camera.live', c.id),
            playback: can(user, 'camera.playback', c.id),
            export: can(user, 'camera.export', c.id),
            pause: can(user, 'camera.pause', c.id),
            resume: can(user, 'camera.resume', c.id),
            scope: can(user, 'camera.scope', c.id) && c.origin === 'index',
          },
          // Addresses and device details are for the people who manage the cameras.
          ...(privileged ? { rtspUrl: c.rtspUrl, subRtspUrl: c.subRtspUrl, onvif: c.onvif ? { xaddr: c.onvif.xaddr, manufacturer: c.onvif.manufacturer, model: c.onvif.model, clockSkewed: c.onvif.clockSkewed, h265Only: c.onvif.h265Only } : null } : {}),
        };
      });
  };

  router.get(
    '/api/cameras',
    (_req, res) => {
      res.json({ cameras: view(requireUser(res)), time: new Date(d.clock.now()).toISOString() });
    },
  );

  // Add a camera found by the search (or typed in): the same onboarding as `premises camera add`.
  // The password arrives in the body, is sealed into the index and never echoed or logged.
  router.post(
    '/api/cameras',
    async (req, res) => {
      const user = allow(res, 'camera.add');
      const { xaddr, rtsp, subRtsp, username, password, id, name } = bodyOf(req, AddCameraBody);
      const deps = { db: d.db, audit: d.audit, clock: d.clock, box: SecretBox.open(d.layout.keysDir) };
      const credentials = username !== undefined ? { username, password: password ?? '' } : undefined;
      const common = { actor: actorOf(user), ...(id ? { id } : {}), ...(name ? { name } : {}), ...(credentials ? { credentials } : {}) };
      let camera;
      let warnings: string[] = [];
      if (rtsp !== undefined) camera = addCameraByRtsp(deps, { rtspUrl: rtsp, ...(subRtsp !== undefined ? { subRtspUrl: subRtsp } : {}), ...common });
      else {
        const added = await addCameraByXaddr(deps, { xaddr: xaddr as string, policy: { allowLoopback: d.loaded.config.network.allowLoopbackCameras }, ...common });
        camera = added.camera;
        warnings = added.onboarded.warnings;
      }
      // The daemon's index watcher hands it to the recorder within a few seconds.
      res.status(201).json({ camera: { id: camera.id, name: camera.name }, warnings });
    },
  );

  const timeline = new Timeline(d.db);
  const holdStore = new Holds(d.db, d.audit, d.clock);
  const timeParam = (value: unknown, name: string, fallback: number): number => {
    if (value === undefined) return fallback;
    const ms = typeof value === 'string' ? Date.parse(value) : NaN;
    if (!Number.isFinite(ms)) throw new PremisesError('InvalidArgument', `${name} must be a date and time like 2026-11-26T14:30:00Z`);
    return ms;
  };

  // What was recorded and what is held, as ranges (not segments), for the playback timeline. Metadata,
  // not footage: it needs the playback right on the camera but no viewing reason.
  router.get(
    '/api/cameras/:id/timeline',
    (req, res) => {
      const id = req.params['id'];
      allow(res, 'camera.playback', id);
      const to = timeParam(req.query['to'], 'to', d.clock.now());
      const from = timeParam(req.query['from'], 'from', to - 86_400_000);
      if (to <= from || to - from > 31 * 86_400_000) throw new PremisesError('InvalidArgument', 'give from before to, at most 31 days apart');
      const holds = holdStore.activeOverlapping(id, from, to);
      res.json({
        camera: id,
        from: iso(from),
        to: iso(to),
        recorded: timeline.recordedRanges(id, from, to).map(([s, e]) => [iso(s), iso(e)]),
        holds: holds.map((h) => ({ id: h.id, kind: h.kind, from: iso(Math.max(h.fromMs, from)), to: iso(Math.min(h.toMs, to)) })),
      });
    },
  );

  router.get(
    '/api/cameras/:id',
    (req, res) => {
      const user = allow(res, 'camera.view', req.params['id']);
      const camera = view(user).find((c) => c.id === req.params['id']);
      if (!camera) throw new PremisesError('NotFound', `no camera "${req.params['id']}"`);
      res.json({ camera });
    },
  );

  router.post(
    '/api/cameras/:id/pause',
    (req, res) => {
      const id = req.params['id'];
      const user = allow(res, 'camera.pause', id);
      if (!view(user).some((c) => c.id === id)) throw new PremisesError('NotFound', `no camera "${id}"`);
      const { reason, for: forText } = bodyOf(req, PauseBody);
      let end: { forMs: number } | undefined;
      if (forText !== undefined) {
        const ms = parseDuration(forText);
        if (ms === undefined || ms <= 0) throw new PremisesError('InvalidArgument', `for: "${forText}" is not a duration; write it like 30m or 2h`);
        end = { forMs: ms };
      }
      const p = pauses.pause(id, reason, end, actorOf(user));
      // Same process: stop writing now rather than at the watcher's next poll.
      d.recorder.reevaluate();
      res.json({ paused: { camera: id, reason: p.reason, since: iso(p.startedAt), until: iso(p.until) } });
    },
  );

  router.post(
    '/api/cameras/:id/resume',
    (req, res) => {
      const id = req.params['id'];
      const user = allow(res, 'camera.resume', id);
      pauses.resume(id, actorOf(user));
      d.recorder.reevaluate();
      res.json({ resumed: id });
    },
  );

  router.get(
    '/api/cameras/:id/scope',
    (req, res) => {
      const id = req.params['id'];
      const user = allow(res, 'camera.view', id);
      const camera = view(user).find((c) => c.id === id);
      if (!camera) throw new PremisesError('NotFound', `no camera "${id}"`);
      if (camera.origin === 'config') {
        const c = d.loaded.config.cameras.find((x) => x.id === id);
        // The file's path on the server is for those who may change the scope (they edit that file); a viewer
        // learns only that the camera is set in the configuration file.
        const where = can(user, 'camera.scope', id) ? d.loaded.path : undefined;
        res.json({ camera: id, origin: 'config', editable: false, where, scope: c ? { purposes: c.purposes, area: c.area, signage: c.signage, enabled: c.enabled, schedule: c.schedule } : {} });
        return;
      }
      res.json({ camera: id, origin: 'index', editable: can(user, 'camera.scope', id), scope: getCameraScope(d.db, id) });
    },
  );

  router.put(
    '/api/cameras/:id/scope',
    (req, res) => {
      const id = req.params['id'];
      const user = allow(res, 'camera.scope', id);
      const changes = bodyOf(req, ScopeChangesBody);
      const scope = setCameraScope(d.db, d.audit, d.clock, id, changes, actorOf(user));
      d.recorder.reevaluate();
      res.json({ camera: id, scope });
    },
  );
}
