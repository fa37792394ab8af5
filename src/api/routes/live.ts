import type { Router } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LiveHub, LiveStream, LiveViewer } from '../../live/hub.js';
import type { Timer } from '../../shared/clock.js';
import { PremisesError } from '../../shared/errors.js';
import { allow } from '../auth/middleware.js';
import { loginEndedFor, tokenHash } from '../auth/sessions.js';
import { actorOf } from '../auth/users.js';
import { locals } from '../http-util.js';
import type { RouteDeps } from './deps.js';
import { auditViewing, LOGGED_OUT, streamParam, type ViewingSession } from './live-viewing.js';

/**
 * Live view over HTTP, every route behind the camera's `live` right checked
 * on the camera itself (the WebSocket protocol is in live-socket.ts):
 *   GET /api/cameras/:id/live          426 to a plain GET: the WebSocket upgrade is live-socket.ts
 *   GET /api/cameras/:id/live.m3u8     HLS for browsers without MediaSource (+ /hls/:file)
 *   GET /api/cameras/:id/snapshot.jpg  one masked JPEG (a thumbnail: the sub stream unless ?stream=main)
 * `?stream=sub` asks for the camera's sub stream (grid tiles), the main stream
 * otherwise; a camera without a sub stream serves its main stream for both.
 * Each viewing session (a socket, or an HLS lease) writes `live.view-started`
 * and `live.view-ended` to the audit log once footage is delivered; a snapshot writes `live.snapshot`.
 */

/** An HLS player asks for its playlist every second or so; a lease not renewed for this long has ended. */
const HLS_LEASE_MS = 15_000;

export function liveRoutes(router: Router, d: RouteDeps, hub: LiveHub): void {
  // The WebSocket itself is served on the server's upgrade event; a plain GET gets the same checks and 426.
  router.get(
    '/api/cameras/:id/live',
    (req, res) => {
      allow(res, 'camera.live', req.params['id']);
      res.setHeader('Upgrade', 'websocket');
      res.status(426).json({ error: 'open this address as a WebSocket' });
    },
  );

  router.get(
    '/api/cameras/:id/snapshot.jpg',
    async (req, res) => {
      const id = req.params['id'];
      const user = allow(res, 'camera.live', id);
      const wanted = streamParam(req.query['stream'], 'sub');
      const jpeg = await hub.snapshot(id, wanted);
      d.audit.append({
        actor: actorOf(user),
        action: 'live.snapshot',
        subject: `camera:${id}`,
        details: { at: new Date(d.clock.now()).toISOString(), bytes: jpeg.length, stream: hub.streamOf(id, wanted) ?? wanted },
      });
      res.type('image/jpeg').send(jpeg);
    },
  );

  const leases = new Map<string, { timer: Timer | undefined; leave: () => void; session: ViewingSession | undefined; ended: string | undefined; userId: number }>();
  // The key begins with the login's token hash, so a logout finds its leases.
  const leaseKey = (token: string | undefined, id: string, stream: LiveStream) => `${tokenHash(token ?? '')}:${id}/${stream}`;
  // A logout ends that login's HLS viewing at once, not when the player next asks.
  d.sessions.onLoginEnded((e) => {
    for (const [key, lease] of [...leases]) {
      if (!loginEndedFor(e, lease.userId, key.slice(0, key.indexOf(':')))) continue;
      lease.timer?.cancel();
      leases.delete(key);
      lease.leave();
      lease.session?.end(LOGGED_OUT);
    }
  });
  const renew = (key: string) => {
    const lease = leases.get(key);
    if (!lease) return;
    lease.timer?.cancel();
    lease.timer = d.clock.setTimeout(() => {
      leases.delete(key);
      lease.leave();
      lease.session?.end('the player stopped asking');
    }, HLS_LEASE_MS);
  };

  router.get(
    '/api/cameras/:id/live.m3u8',
    async (req, res) => {
      const id = req.params['id'];
      const user = allow(res, 'camera.live', id);
      const wanted = streamParam(req.query['stream'], 'main');
      const key = leaseKey(locals(res).sessionToken, id, wanted);
      let lease = leases.get(key);
      if (!lease) {
        const viewer: LiveViewer = {
          begin: () => {
            const l = leases.get(key);
            if (l) l.session ??= auditViewing(d.audit, d.clock, user, id, 'hls', hub.streamOf(id, wanted) ?? wanted);
          },
          fragment: () => undefined,
          end: (reason) => {
            const l = leases.get(key);
            if (!l) return;
            l.ended = reason;
            l.timer?.cancel();
            leases.delete(key);
            l.session?.end(reason);
          },
        };
        lease = { timer: undefined, leave: () => undefined, session: undefined, ended: undefined, userId: user.id };
        leases.set(key, lease);
        try {
          lease.leave = hub.join(id, viewer, wanted);
        } catch (err) {
          leases.delete(key);
          throw err;
        }
      }
      renew(key);
      const current = lease;
      // The first playlist appears about a segment after ffmpeg connects.
      const deadline = d.clock.monotonic() + 12_000;
      for (;;) {
        if (current.ended !== undefined) throw new PremisesError('FailedPrecondition', current.ended);
        const dir = hub.hlsDirOf(id, wanted);
        const file = dir ? join(dir, 'live.m3u8') : undefined;
        if (file && existsSync(file)) {
          res.type('application/vnd.apple.mpegurl').send(rewritePlaylist(readFileSync(file, 'utf8'), wanted));
          return;
        }
        if (d.clock.monotonic() > deadline) throw new PremisesError('Unavailable', `camera ${id} sent no video yet; try again`);
        await new Promise((r) => setTimeout(r, 150));
      }
    },
  );

  router.get(
    '/api/cameras/:id/hls/:file',
    (req, res) => {
      const id = req.params['id'];
      allow(res, 'camera.live', id);
      const name = req.params['file'];
      const wanted = streamParam(req.query['stream'], 'main');
      const key = leaseKey(locals(res).sessionToken, id, wanted);
      const dir = hub.hlsDirOf(id, wanted);
      // Only the names ffmpeg writes, only while this session's lease runs: nothing else of the disk is reachable.
      if (!/^(init\.mp4|seg\d{1,9}\.m4s)$/.test(name) || !leases.has(key) || !dir) throw new PremisesError('NotFound', 'no such live segment; load the playlist first');
      renew(key);
      const file = join(dir, name);
      if (!existsSync(file)) throw new PremisesError('NotFound', 'that live segment is gone; reload the playlist');
      res.type('video/mp4').send(readFileSync(file));
    },
  );
}

/** Point the playlist's URIs at /api/cameras/:id/hls/ (the playlist itself is served one level up), for the same stream. */
export function rewritePlaylist(text: string, stream: LiveStream = 'main'): string {
  const query = stream === 'sub' ? '?stream=sub' : '';
  return text
    .split('\n')
    .map((line) => (line.startsWith('#') ? line.replace(/URI="([^"/]+)"/, `URI="hls/$1${query}"`) : line.trim() ? `hls/${line.trim()}${query}` : line))
    .join('\n');
}
