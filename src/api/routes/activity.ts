import type { Router } from 'express';
import { z } from 'zod';
import { boxCells } from '../../activity/grid.js';
import { activityBuckets, searchRegion } from '../../activity/store.js';
import { PremisesError } from '../../shared/errors.js';
import { allow } from '../auth/middleware.js';
import { actorOf } from '../auth/users.js';
import { bodyOf, handler } from '../http-util.js';
import type { RouteDeps } from './deps.js';

/**
 * The activity index (docs/activity.md): bars for the timeline and "when did something change in this box".
 * Both read the stored index only. They need the playback right on the camera, like the timeline: where and
 * when people moved is itself information about them. A search is audited with the box and the time range.
 */
const DAY_MS = 86_400_000;
const MAX_SEARCH_MS = 7 * DAY_MS;

const fraction = z.number().min(0).max(1);
const searchBody = z
  .object({
    from: z.string().datetime({ offset: true }),
    to: z.string().datetime({ offset: true }),
    box: z.object({ x: fraction, y: fraction, width: fraction, height: fraction }).strict(),
  })
  .strict();

function range(fromText: unknown, toText: unknown, maxMs: number): { fromMs: number; toMs: number } {
  const fromMs = typeof fromText === 'string' ? Date.parse(fromText) : NaN;
  const toMs = typeof toText === 'string' ? Date.parse(toText) : NaN;
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) throw new PremisesError('InvalidArgument', 'from and to must be dates and times like 2026-11-26T14:30:00Z');
  if (toMs <= fromMs || toMs - fromMs > maxMs) throw new PremisesError('InvalidArgument', `give from before to, at most ${Math.round(maxMs / DAY_MS)} day(s) apart`);
  return { fromMs, toMs };
}

export function activityRoutes(router: Router, d: RouteDeps): void {
  router.get(
    '/api/cameras/:id/activity',
    handler((req, res) => {
      const id = req.params['id'] as string;
      allow(res, 'camera.playback', id);
      const { fromMs, toMs } = range(req.query['from'], req.query['to'], DAY_MS);
      const bucketSeconds = Number(req.query['bucket'] ?? 60);
      if (!Number.isInteger(bucketSeconds) || bucketSeconds < 1 || bucketSeconds > 3600) throw new PremisesError('InvalidArgument', 'bucket is a whole number of seconds from 1 to 3600');
      const buckets = activityBuckets(d.db, id, fromMs, toMs, bucketSeconds * 1000);
      res.json({ camera: id, bucketSeconds, buckets: buckets.map((b) => ({ start: new Date(b.startMs).toISOString(), changedSamples: b.changedSamples, cells: b.cells })) });
    }),
  );

  router.post(
    '/api/cameras/:id/activity/search',
    handler((req, res) => {
      const id = req.params['id'] as string;
      const user = allow(res, 'camera.playback', id);
      const parsed = searchBody.safeParse(bodyOf(req));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new PremisesError('InvalidArgument', `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
      }
      const { box } = parsed.data;
      if (box.width <= 0 || box.height <= 0) throw new PremisesError('InvalidArgument', 'draw a box with some width and height');
      const { fromMs, toMs } = range(parsed.data.from, parsed.data.to, MAX_SEARCH_MS);
      const moments = searchRegion(d.db, id, boxCells(box), fromMs, toMs);
      d.audit.append({ actor: actorOf(user), action: 'activity.searched', subject: `camera:${id}`, details: { from: parsed.data.from, to: parsed.data.to, box, moments: moments.length } });
      const iso = (ms: number) => new Date(ms).toISOString();
      res.json({ camera: id, moments: moments.map((m) => ({ from: iso(m.fromMs), to: iso(m.toMs), peak: iso(m.peakMs), peakCells: m.peakCells })) });
    }),
  );
}
