import type { Router } from 'express';
import { boxCells } from '../../activity/grid.js';
import { activityBuckets, searchRegion } from '../../activity/store.js';
import { PremisesError } from '../../shared/errors.js';
import { iso } from '../../shared/iso.js';
import { allow } from '../auth/middleware.js';
import { actorOf } from '../auth/users.js';
import { ActivitySearchBody, type ActivityBarsAnswer, type ActivitySearchAnswer } from '../contracts/activity.js';
import { bodyOf } from '../validate.js';
import type { RouteDeps } from './deps.js';

/**
 * The activity index (docs/activity.md): bars for the timeline and "when did something change in this box".
 * Both read the stored index only. They need the playback right on the camera, like the timeline: where and
 * when people moved is itself information about them. A search is audited with the box and the time range.
 */
const DAY_MS = 86_400_000;
const MAX_SEARCH_MS = 7 * DAY_MS;

function range(fromText: unknown, toText: unknown, maxMs: number): { fromMs: number; toMs: number } {
  const fromMs = typeof fromText === 'string' ? Date.parse(fromText) : NaN;
  const toMs = typeof toText === 'string' ? Date.parse(toText) : NaN;
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) throw new PremisesError('InvalidArgument', 'from and to must be dates and times like 2026-11-26T14:30:00Z');
  return checkedRange(fromMs, toMs, maxMs);
}

function checkedRange(fromMs: number, toMs: number, maxMs: number): { fromMs: number; toMs: number } {
  if (toMs <= fromMs || toMs - fromMs > maxMs) throw new PremisesError('InvalidArgument', `give from before to, at most ${Math.round(maxMs / DAY_MS)} day(s) apart`);
  return { fromMs, toMs };
}

export function activityRoutes(router: Router, d: RouteDeps): void {
  router.get(
    '/api/cameras/:id/activity',
    (req, res) => {
      const id = req.params['id'];
      allow(res, 'camera.playback', id);
      const { fromMs, toMs } = range(req.query['from'], req.query['to'], DAY_MS);
      const bucketSeconds = Number(req.query['bucket'] ?? 60);
      if (!Number.isInteger(bucketSeconds) || bucketSeconds < 1 || bucketSeconds > 3600) throw new PremisesError('InvalidArgument', 'bucket is a whole number of seconds from 1 to 3600');
      const buckets = activityBuckets(d.db, id, fromMs, toMs, bucketSeconds * 1000);
      const answer: ActivityBarsAnswer = { camera: id, bucketSeconds, buckets: buckets.map((b) => ({ start: iso(b.startMs), changedSamples: b.changedSamples, cells: b.cells })) };
      res.json(answer);
    },
  );

  router.post(
    '/api/cameras/:id/activity/search',
    (req, res) => {
      const id = req.params['id'];
      const user = allow(res, 'camera.playback', id);
      const body = bodyOf(req, ActivitySearchBody);
      const { box } = body;
      if (box.width <= 0 || box.height <= 0) throw new PremisesError('InvalidArgument', 'draw a box with some width and height');
      const { fromMs, toMs } = checkedRange(body.from, body.to, MAX_SEARCH_MS);
      const moments = searchRegion(d.db, id, boxCells(box), fromMs, toMs);
      d.audit.append({ actor: actorOf(user), action: 'activity.searched', subject: `camera:${id}`, details: { from: iso(fromMs), to: iso(toMs), box, moments: moments.length } });
      const answer: ActivitySearchAnswer = { camera: id, moments: moments.map((m) => ({ from: iso(m.fromMs), to: iso(m.toMs), peak: iso(m.peakMs), peakCells: m.peakCells })) };
      res.json(answer);
    },
  );
}
