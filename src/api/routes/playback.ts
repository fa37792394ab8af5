import type { Response, Router } from 'express';
import { pipeline } from 'node:stream/promises';
import { listCameras } from '../../cameras/registry.js';
import { SegmentWindow } from '../../segments/window.js';
import { PremisesError } from '../../shared/errors.js';
import { allow, requireUser } from '../auth/middleware.js';
import { can } from '../auth/roles.js';
import { tokenHash } from '../auth/sessions.js';
import { actorOf } from '../auth/users.js';
import { StartPlaybackBody } from '../contracts/exports.js';
import { locals } from '../http-util.js';
import { bodyOf } from '../validate.js';
import { openSegmentFile } from '../playback/open-segment.js';
import { planRange } from '../playback/range.js';
import { checkStart, type PlaybackSessions } from '../playback/sessions.js';
import type { RouteDeps } from './deps.js';
import { iso } from '../../shared/iso.js';

/**
 * Recorded footage (docs/playback.md). Starting a viewing session needs the
 * playback right on the camera and a reason; segment files are served only
 * inside an open session of the same user that covers the segment's camera
 * and time, and only from the path in the segment's index row.
 */
/** Segments per listing: a day of 10 s segments fits; the page asks again from the last one. */
export const SEGMENT_LIST_MAX = 10_000;
const DAY_MS = 86_400_000;

const parseTime = (value: unknown, name: string): number => {
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) throw new PremisesError('InvalidArgument', `${name} must be a date and time like 2026-11-26T14:30:00Z`);
  return ms;
};

export function playbackRoutes(router: Router, d: RouteDeps, sessions: PlaybackSessions): void {
  const segments = new SegmentWindow(d.db);
  const cameraExists = (id: string) => listCameras(d.db).some((c) => c.id === id);

  router.post(
    '/api/cameras/:id/playback',
    (req, res) => {
      const id = req.params['id'];
      const user = allow(res, 'camera.playback', id);
      if (!cameraExists(id)) throw new PremisesError('NotFound', `no camera "${id}"`);
      const body = bodyOf(req, StartPlaybackBody);
      const { from: fromMs, to: toMs } = body;
      const { reason, reasonText } = checkStart({ fromMs, toMs, reason: body.reason, reasonText: body.reasonText });
      const token = locals(res).sessionToken;
      const s = sessions.start({ userId: user.id, login: token ? tokenHash(token) : undefined, actor: actorOf(user), cameraId: id, fromMs, toMs, reason, reasonText });
      res.status(201).json({ sessionId: s.id, camera: id, from: iso(fromMs), to: iso(toMs), idleTimeoutSeconds: Math.round(sessions.idleMs / 1000) });
    },
  );

  router.post(
    '/api/playback/:sessionId/end',
    (req, res) => {
      const user = requireUser(res);
      const s = sessions.get(req.params['sessionId'], user.id);
      if (!s) throw new PremisesError('NotFound', 'no open viewing session with this id');
      sessions.end(s, 'user');
      res.json({ ended: s.id });
    },
  );

  // Metadata, like the timeline: the playback right, no session.
  router.get(
    '/api/cameras/:id/segments',
    (req, res) => {
      const id = req.params['id'];
      allow(res, 'camera.playback', id);
      const fromMs = parseTime(req.query['from'], 'from');
      const toMs = parseTime(req.query['to'], 'to');
      if (toMs <= fromMs || toMs - fromMs > DAY_MS) throw new PremisesError('InvalidArgument', 'give from before to, at most 24 hours apart');
      const rows = segments.overlapping(id, fromMs, toMs, SEGMENT_LIST_MAX + 1);
      const more = rows.length > SEGMENT_LIST_MAX;
      res.json({
        camera: id,
        from: iso(fromMs),
        to: iso(toMs),
        segments: rows.slice(0, SEGMENT_LIST_MAX).map((s) => ({ id: s.id, start: iso(s.startMs), end: iso(s.endMs), bytes: s.bytes, codec: s.codec })),
        more,
      });
    },
  );

  router.get(
    '/api/segments/:segmentId',
    async (req, res) => {
      const user = requireUser(res);
      const sessionId = req.query['session'];
      if (typeof sessionId !== 'string' || sessionId === '') {
        throw new PremisesError('PermissionDenied', 'viewing recorded footage needs a viewing session with a reason: POST /api/cameras/:id/playback first');
      }
      const session = sessions.get(sessionId, user.id);
      if (!session) throw new PremisesError('PermissionDenied', 'this viewing session is not yours, has ended or never existed; start a new one');
      // Rights can be taken away during a session.
      if (!can(user, 'camera.playback', session.cameraId)) throw new PremisesError('PermissionDenied', `you have no right to play back camera "${session.cameraId}"`);
      const raw = req.params['segmentId'];
      if (!/^[1-9]\d{0,15}$/.test(raw)) throw new PremisesError('InvalidArgument', 'segment id must be a positive number');
      const segment = segments.get(Number(raw));
      if (!segment) throw new PremisesError('NotFound', 'no such segment (it may have been deleted by retention)');
      if (segment.cameraId !== session.cameraId) throw new PremisesError('PermissionDenied', 'this segment belongs to another camera than your viewing session');
      if (segment.endMs <= session.fromMs || segment.startMs >= session.toMs) throw new PremisesError('PermissionDenied', 'this segment is outside the time range of your viewing session');
      const file = await openSegmentFile(d.layout, segment.path).catch((err: unknown) => {
        // A row pointing outside the recordings or at a symlink means a damaged or tampered index: worth a log line.
        if (err instanceof PremisesError && err.kind === 'PermissionDenied') d.log.warn({ segment: segment.id, camera: segment.cameraId, problem: err.message }, 'refused to serve a segment file');
        throw err;
      });
      try {
        const plan = planRange(req.headers.range, file.size);
        res.setHeader('Accept-Ranges', 'bytes');
        res.setHeader('Content-Type', 'video/mp4');
        if (plan.kind === 'unsatisfiable') {
          res.status(416).setHeader('Content-Range', `bytes */${file.size}`);
          res.end();
          sessions.touch(session);
          return;
        }
        const [start, end] = plan.kind === 'partial' ? [plan.start, plan.end] : [0, file.size - 1];
        if (plan.kind === 'partial') {
          res.status(206).setHeader('Content-Range', `bytes ${start}-${end}/${file.size}`);
        }
        res.setHeader('Content-Length', String(Math.max(0, end - start + 1)));
        sessions.touch(session, { segmentId: segment.id, startMs: segment.startMs, endMs: segment.endMs, bytes: Math.max(0, end - start + 1) });
        if (req.method === 'HEAD' || file.size === 0) {
          res.end();
          return;
        }
        await send(res, file.handle.createReadStream({ start, end, autoClose: false }));
      } finally {
        await file.handle.close();
      }
    },
  );
}

/** Streams to the client; a viewer seeking away aborts the request, which is not an error. */
async function send(res: Response, stream: NodeJS.ReadableStream): Promise<void> {
  try {
    await pipeline(stream, res);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE') return;
    if (!res.headersSent) throw err;
    res.destroy();
  }
}
