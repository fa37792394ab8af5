import { availableParallelism } from 'node:os';
import type { Router } from 'express';
import { getCamera, listCameras } from '../../cameras/registry.js';
import { costSentence, estimateMaskCost, type MaskCost, type StreamShape } from '../../recorder/mask-cost.js';
import { probeMedia } from '../../segments/probe.js';
import { SegmentStore } from '../../segments/store.js';
import { PremisesError } from '../../shared/errors.js';
import { allow, requireUser } from '../auth/middleware.js';
import type { RouteDeps } from './deps.js';

/**
 * GET /api/masks/cost?camera=ID — what masking a camera costs, shown by the
 * mask editor before Save: the expected CPU of masking it in Premises (from
 * its resolution and frame rate, scaled from the measured figures in
 * src/recorder/mask-cost.ts), what masking already uses, and whether the
 * camera masks itself (verified), which costs nothing.
 */
type ShapeSource = 'onvif-profile' | 'recording' | 'assumed';

export function maskRoutes(router: Router, d: RouteDeps): void {
  const segments = new SegmentStore(d.db);

  /** The recorded stream's size and rate: from the camera's ONVIF profile, else from its newest segment. */
  const shapeOf = async (cameraId: string): Promise<{ shape: StreamShape; source: ShapeSource }> => {
    const onvif = getCamera(d.db, cameraId)?.onvif;
    const profile = onvif?.profiles.find((p) => p.token === onvif.mainProfile);
    if (profile?.width && profile.height) return { shape: { width: profile.width, height: profile.height, fps: profile.fps ?? null }, source: 'onvif-profile' };
    const path = segments.latestPathOf(cameraId);
    if (path) {
      const info = await probeMedia(d.layout.absolute(path)).catch(() => undefined);
      if (info?.width && info.height) return { shape: { width: info.width, height: info.height, fps: info.fps }, source: 'recording' };
    }
    return { shape: {}, source: 'assumed' };
  };

  router.get(
    '/api/masks/cost',
    async (req, res) => {
      requireUser(res);
      const id = req.query['camera'];
      if (typeof id !== 'string' || id === '') throw new PremisesError('InvalidArgument', 'give the camera: /api/masks/cost?camera=ID');
      allow(res, 'camera.view', id);
      if (!listCameras(d.db).some((c) => c.id === id)) throw new PremisesError('NotFound', `no camera "${id}"`);
      const health = d.recorder.health();
      const masking = health.find((h) => h.cameraId === id)?.masking ?? null;
      const { shape, source } = await shapeOf(id);
      const cost = estimateMaskCost(shape);
      // Masking already running in Premises: every camera the recorder masks by re-encoding now.
      const busy = health.filter((h) => h.masking?.method === 'premises' && !['stopped', 'idle'].includes(h.state));
      const costs: MaskCost[] = [];
      for (const h of busy) costs.push(h.cameraId === id ? cost : estimateMaskCost((await shapeOf(h.cameraId)).shape));
      const inUse = Math.round(costs.reduce((s, c) => s + c.percentOfCore, 0) * 10) / 10;
      const cores = availableParallelism();
      const premisesSentence = `${costSentence(cost, inUse, cores)}${cost.assumed ? ' — assuming 1080p at 15 fps where the camera did not say' : ''}.`;
      const cameraMasks = masking?.method === 'camera';
      res.json({
        camera: id,
        method: masking?.method ?? null,
        verifiedAt: masking?.verifiedAt ? new Date(masking.verifiedAt).toISOString() : null,
        reason: masking?.reason ?? null,
        stream: { width: cost.width, height: cost.height, fps: cost.fps, source, assumed: cost.assumed },
        percentOfCore: cost.percentOfCore,
        cores,
        inUse: { cameras: busy.map((h) => h.cameraId), percentOfCore: inUse },
        message: cameraMasks
          ? `The camera masks this itself, no cost (verified by a snapshot). If it cannot hold the new masks: ${premisesSentence.charAt(0).toLowerCase()}${premisesSentence.slice(1)}`
          : premisesSentence,
      });
    },
  );
}
