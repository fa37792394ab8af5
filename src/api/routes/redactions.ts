import type { Response, Router } from 'express';
import type { ExportRequest } from '../../disclosure/export/create.js';
import { addReviewerBox, markTrack, pickRequesterAt, removeReviewBox } from '../../disclosure/redaction/actions.js';
import { analyseRedaction, createRedaction, discardRedaction, loadReview, publishRedaction, reviewSummary, type RedactionDeps } from '../../disclosure/redaction/job.js';
import { RedactionStore, type RedactionJob } from '../../disclosure/redaction/store.js';
import { stripFrameJpeg, stripFrames } from '../../disclosure/redaction/strip.js';
import { AccessRequests } from '../../disclosure/requests/requests.js';
import { parseDuration } from '../../shared/duration.js';
import { errorMessage, PremisesError } from '../../shared/errors.js';
import { iso } from '../../shared/iso.js';
import { allow } from '../auth/middleware.js';
import { can, type AuthUser } from '../auth/roles.js';
import { actorOf } from '../auth/users.js';
import {
  AddBoxBody,
  DiscardRedactionBody,
  MarkTrackBody,
  PickRequesterBody,
  PublishRedactionBody,
  RemoveBoxBody,
  StartRedactionBody,
  type RedactionFrameView,
  type RedactionJobView,
} from '../contracts/redactions.js';
import { sendInvalid } from '../http-util.js';
import { bodyOf } from '../validate.js';
import type { RouteDeps } from './deps.js';
import { knownCameras } from './pages-util.js';

/**
 * Automatic bystander redaction from the dashboard (docs/redaction.md): the
 * same job functions as `premises redact`, with the logged-in user as the
 * audit actor and the reviewer. Owners and managers only (access requests
 * carry the requester's personal data), and only with the export right on
 * every camera of the job. The analysis runs in this process, one job at a
 * time; publishing answers when the export is made.
 */
export interface RedactionRoutes {
  /** At shutdown: an analysis under way is abandoned, left to the daemon's jobs to run again. */
  stop(): void;
}

export function redactionRoutes(router: Router, d: RouteDeps): RedactionRoutes {
  const store = new RedactionStore(d.db);
  const requests = new AccessRequests(d.db, d.audit, d.clock);
  const stopping = new AbortController();
  let queue: Promise<void> = Promise.resolve();
  const deps = (user: AuthUser): RedactionDeps => ({ db: d.db, layout: d.layout, audit: d.audit, alarms: d.alarms, clock: d.clock, actor: actorOf(user), signal: stopping.signal });

  const view = (j: RedactionJob): RedactionJobView => ({
    id: j.id,
    state: j.state,
    request: j.request.accessRequestId ?? null,
    cameras: j.request.cameras,
    from: iso(j.request.fromMs),
    to: iso(j.request.toMs),
    createdBy: j.createdBy,
    createdAt: iso(j.createdAt),
    reviewer: j.reviewer,
    exportId: j.state === 'published' ? j.exportId : null,
    error: j.error,
    // In review, the counts as the reviewer left them: the publish confirmation says whether a requester is marked.
    summary: j.state === 'review' ? reviewSummary(d.layout, j.id) : j.summary,
  });

  /** The job if this user may work on it: 404 when unknown, 403 without the export right on each of its cameras. */
  const find = (res: Response, id: string | undefined): { user: AuthUser; job: RedactionJob } => {
    const user = allow(res, 'requests.manage');
    const job = id === undefined ? undefined : store.get(id);
    if (!job) throw new PremisesError('NotFound', `no redaction job "${id ?? ''}"`);
    for (const c of job.request.cameras) allow(res, 'camera.export', c);
    return { user, job };
  };

  const frames = (j: RedactionJob): RedactionFrameView[] =>
    j.state === 'review' ? stripFrames(d.layout, j.id).map(({ image: _file, atMs: _atMs, ...f }, index) => ({ index, ...f, image: `/api/redactions/${j.id}/frames/${index}.jpg` })) : [];

  router.get('/api/redactions', (req, res) => {
    const user = allow(res, 'requests.manage');
    const jobs = store.list(req.query['all'] === '1').filter((j) => j.request.cameras.every((c) => can(user, 'camera.export', c)));
    res.json({ redactions: jobs.reverse().map(view) });
  });

  router.post('/api/redactions', (req, res) => {
    const user = allow(res, 'requests.manage');
    try {
      const body = bodyOf(req, StartRedactionBody);
      const request = requests.get(body.request);
      const cameras = knownCameras(d.db, body.cameras ?? request.cameras);
      for (const c of cameras) allow(res, 'camera.export', c);
      const exportRequest: ExportRequest = {
        cameras,
        fromMs: body.from ?? request.fromMs,
        toMs: body.to ?? request.toMs,
        reason: body.reason ?? `access request ${request.id}`,
        requestedBy: body.requestedBy ?? request.requester,
        legalBasis: body.legalBasis,
        accessRequestId: request.id,
      };
      if (body.keep !== undefined) {
        const ms = parseDuration(body.keep);
        if (ms === undefined) throw new PremisesError('InvalidArgument', `keep: "${body.keep}" is not a duration like 30d or 72h`, { fields: ['keep'] });
        exportRequest.keepMs = ms;
      }
      const job = createRedaction(deps(user), exportRequest);
      // One analysis at a time: each takes both cores for about a minute per minute of footage.
      queue = queue.then(() =>
        analyseRedaction(deps(user), job.id).then(
          () => d.log.info({ redaction: job.id }, 'redaction analysed; it waits for review'),
          (err: unknown) => d.log.error({ redaction: job.id, err: errorMessage(err) }, 'redaction analysis failed'),
        ),
      );
      res.status(202).json({ redaction: view(job) });
    } catch (err) {
      if (!sendInvalid(res, err)) throw err;
    }
  });

  router.get('/api/redactions/:id', (req, res) => {
    const { job } = find(res, req.params['id']);
    // The boxes the reviewer drew: the page offers to delete those (`unbox`); a detected one can only be un-blurred.
    const addedTracks = job.state === 'review' ? loadReview(d.layout, job.id).manual : [];
    res.json({ redaction: view(job), frames: frames(job), addedTracks });
  });

  router.get('/api/redactions/:id/frames/:file', async (req, res) => {
    const { job } = find(res, req.params['id']);
    const m = /^(\d{1,6})\.jpg$/.exec(req.params['file'] ?? '');
    if (!m) throw new PremisesError('NotFound', 'a review frame is named by its number, like 0.jpg');
    if (job.state !== 'review') throw new PremisesError('FailedPrecondition', `redaction ${job.id} is ${job.state}; review frames exist only while it is in review`);
    const jpeg = await stripFrameJpeg(d.layout, job.id, Number(m[1]));
    // A picture of people's faces: no copy in any cache.
    res.setHeader('Cache-Control', 'no-store');
    res.type('image/jpeg').send(jpeg);
  });

  router.post('/api/redactions/:id/pick', (req, res) => {
    const { user, job } = find(res, req.params['id']);
    const b = bodyOf(req, PickRequesterBody);
    const track = pickRequesterAt(deps(user), job.id, b.camera, b.at, b.x, b.y);
    res.json({ track, role: 'requester' });
  });

  router.post('/api/redactions/:id/mark', (req, res) => {
    const { user, job } = find(res, req.params['id']);
    const b = bodyOf(req, MarkTrackBody);
    markTrack(deps(user), job.id, b.track, b.role);
    res.json({ track: b.track, role: b.role });
  });

  router.post('/api/redactions/:id/boxes', (req, res) => {
    const { user, job } = find(res, req.params['id']);
    const b = bodyOf(req, AddBoxBody);
    const track = addReviewerBox(deps(user), job.id, b.camera, b.from, b.to, { x: b.x, y: b.y, w: b.w, h: b.h });
    res.status(201).json({ track, role: 'bystander' });
  });

  router.post('/api/redactions/:id/unbox', (req, res) => {
    const { user, job } = find(res, req.params['id']);
    const b = bodyOf(req, RemoveBoxBody);
    removeReviewBox(deps(user), job.id, b.track);
    res.json({ track: b.track });
  });

  router.post('/api/redactions/:id/publish', async (req, res) => {
    const { user, job } = find(res, req.params['id']);
    const b = bodyOf(req, PublishRedactionBody);
    const result = await publishRedaction(deps(user), job.id, { allBystanders: b.allBlurred });
    res.json({ redaction: view(store.get(job.id)!), export: { id: result.id, manifestSha256: result.manifestSha256 } });
  });

  router.post('/api/redactions/:id/discard', (req, res) => {
    const { user, job } = find(res, req.params['id']);
    const b = bodyOf(req, DiscardRedactionBody);
    discardRedaction(deps(user), job.id, b.reason);
    res.json({ redaction: view(store.get(job.id)!) });
  });

  return { stop: () => stopping.abort() };
}
