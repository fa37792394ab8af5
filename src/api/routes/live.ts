import type { Router } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { join } from 'node:path';
import type { WebSocket } from 'ws';
import type { AuditLog } from '../../audit/log.js';
import type { LiveEndCause, LiveHub, LiveViewer } from '../../live/hub.js';
import type { Clock, Timer } from '../../shared/clock.js';
import { errorMessage, httpStatusOf, PremisesError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { allow } from '../auth/middleware.js';
import { crossSiteProblem, parseCookies } from '../auth/http.js';
import { can, type AuthUser } from '../auth/roles.js';
import { loginEndedFor, tokenHash } from '../auth/sessions.js';
import { actorOf } from '../auth/users.js';
import { locals } from '../http-util.js';
import { hostOf } from '../net.js';
import type { RouteDeps } from './deps.js';

/**
 * Live view over the network, every route behind the camera's `live` right
 * checked on the camera itself:
 *   GET /api/cameras/:id/live          WebSocket: JSON {type:'stream', codec, width, height}, the init
 *                                      segment, then a fragment per frame; JSON {type:'end', reason} last.
 *   GET /api/cameras/:id/live.m3u8     HLS for browsers without MediaSource (+ /hls/:file)
 *   GET /api/cameras/:id/snapshot.jpg  one masked JPEG
 * Each viewing session (a socket, or an HLS lease) writes `live.view-started`
 * and `live.view-ended` to the audit log once footage is delivered; a snapshot writes `live.snapshot`.
 */
const LIVE_PATH = /^\/api\/cameras\/([a-z0-9][a-z0-9_-]{0,63})\/live$/;
/** Close codes a page can act on (4000–4999 are the application's). */
export const CLOSE_CODES: Record<LiveEndCause | 'logged-out', number> = { refused: 4409, lost: 4503, shutdown: 4001, 'logged-out': 4401 };
/** Above this much unsent data a slow viewer skips to the next keyframe instead of falling behind. */
const MAX_BUFFERED = 4 << 20;
/** An HLS player asks for its playlist every second or so; a lease not renewed for this long has ended. */
const HLS_LEASE_MS = 15_000;
const LOGGED_OUT = 'you logged out';

interface ViewingSession {
  end(reason: string): void;
}

/** Audit the start of a viewing session; the returned function audits its end once. */
function auditViewing(audit: AuditLog, clock: Clock, user: AuthUser, camera: string, via: 'websocket' | 'hls'): ViewingSession {
  const startedAt = clock.now();
  audit.append({ actor: actorOf(user), action: 'live.view-started', subject: `camera:${camera}`, details: { via, startedAt: new Date(startedAt).toISOString() } });
  let ended = false;
  return {
    end(reason) {
      if (ended) return;
      ended = true;
      const endedAt = clock.now();
      audit.append({
        actor: actorOf(user),
        action: 'live.view-ended',
        subject: `camera:${camera}`,
        details: { via, startedAt: new Date(startedAt).toISOString(), endedAt: new Date(endedAt).toISOString(), durationMs: endedAt - startedAt, reason },
      });
    },
  };
}

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
      const jpeg = await hub.snapshot(id);
      d.audit.append({ actor: actorOf(user), action: 'live.snapshot', subject: `camera:${id}`, details: { at: new Date(d.clock.now()).toISOString(), bytes: jpeg.length } });
      res.type('image/jpeg').send(jpeg);
    },
  );

  const leases = new Map<string, { timer: Timer | undefined; leave: () => void; session: ViewingSession | undefined; ended: string | undefined; userId: number }>();
  // The key begins with the login's token hash, so a logout finds its leases.
  const leaseKey = (token: string | undefined, id: string) => `${tokenHash(token ?? '')}:${id}`;
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
      const key = leaseKey(locals(res).sessionToken, id);
      let lease = leases.get(key);
      if (!lease) {
        const viewer: LiveViewer = {
          begin: () => {
            const l = leases.get(key);
            if (l) l.session ??= auditViewing(d.audit, d.clock, user, id, 'hls');
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
          lease.leave = hub.join(id, viewer);
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
        const dir = hub.hlsDirOf(id);
        const file = dir ? join(dir, 'live.m3u8') : undefined;
        if (file && existsSync(file)) {
          res.type('application/vnd.apple.mpegurl').send(rewritePlaylist(readFileSync(file, 'utf8')));
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
      const key = leaseKey(locals(res).sessionToken, id);
      const dir = hub.hlsDirOf(id);
      // Only the names ffmpeg writes, only while this session's lease runs: nothing else of the disk is reachable.
      if (!/^(init\.mp4|seg\d{1,9}\.m4s)$/.test(name) || !leases.has(key) || !dir) throw new PremisesError('NotFound', 'no such live segment; load the playlist first');
      renew(key);
      const file = join(dir, name);
      if (!existsSync(file)) throw new PremisesError('NotFound', 'that live segment is gone; reload the playlist');
      res.type('video/mp4').send(readFileSync(file));
    },
  );
}

/** Point the playlist's URIs at /api/cameras/:id/hls/ (the playlist itself is served one level up). */
export function rewritePlaylist(text: string): string {
  return text
    .split('\n')
    .map((line) => (line.startsWith('#') ? line.replace(/URI="([^"/]+)"/, 'URI="hls/$1"') : line.trim() ? `hls/${line.trim()}` : line))
    .join('\n');
}

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * Completes a WebSocket handshake. The WebSocket server lives in
 * src/api/server.ts, the one module that listens on the network (docs/egress.md).
 */
export type AcceptSocket = (req: IncomingMessage, socket: Duplex, head: Buffer, use: (ws: WebSocket) => void) => void;

const REASONS: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 421: 'Misdirected Request', 500: 'Internal Server Error' };

/** Refuse an upgrade with a plain HTTP answer (browsers only see that the socket failed; tests see the status). */
function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ error: message });
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * The WebSocket endpoint: the same gates as a request (known Host, session
 * cookie, same-origin like the CSRF check, the live right on this camera),
 * then one viewer of the camera's shared stream.
 */
export function liveUpgrade(d: RouteDeps, hub: LiveHub, secure: boolean, log: Logger, accept: AcceptSocket): UpgradeHandler {
  return (req, socket, head) => {
    try {
      const path = (req.url ?? '').split('?')[0] ?? '';
      const match = LIVE_PATH.exec(path);
      if (!match || req.method !== 'GET') return refuseUpgrade(socket, 404, 'not found');
      const id = match[1] as string;
      const host = hostOf(req.headers.host);
      if (!host || !d.auth.options.allowedHosts.has(host)) return refuseUpgrade(socket, 421, 'unknown host name');
      const token = parseCookies(req.headers.cookie).get(d.auth.cookies.session);
      const session = token ? d.sessions.lookup(token) : undefined;
      const user = session ? d.users.get(session.userId) : undefined;
      if (!token || !user) return refuseUpgrade(socket, 401, 'log in first');
      const expectedOrigin = `${secure ? 'https' : 'http'}://${req.headers.host ?? ''}`;
      const site = req.headers['sec-fetch-site'];
      const crossSite = crossSiteProblem({ origin: req.headers.origin, secFetchSite: typeof site === 'string' ? site : undefined }, expectedOrigin);
      if (crossSite) return refuseUpgrade(socket, 403, crossSite);
      if (!can(user, 'camera.live', id)) return refuseUpgrade(socket, 403, `you have no right to watch camera "${id}"`);
      if (!d.recorder.liveCamera(id)) return refuseUpgrade(socket, 404, `no camera "${id}"`);
      accept(req, socket, head, (ws) => watch(d, hub, ws, user, token, id, log));
    } catch (err) {
      const status = err instanceof PremisesError ? httpStatusOf(err.kind) : 500;
      if (status === 500) log.error({ err: errorMessage(err) }, 'live upgrade failed');
      refuseUpgrade(socket, status, status === 500 ? 'internal error; see the Premises log' : errorMessage(err));
    }
  };
}

function watch(d: RouteDeps, hub: LiveHub, ws: WebSocket, user: AuthUser, token: string, id: string, log: Logger): void {
  let skipping = false;
  let leave: (() => void) | undefined;
  const state: { session?: ViewingSession } = {};
  let recheck: Timer | undefined;
  const finish = (reason: string, code: number) => {
    // Audited now, not when the peer answers the close: at shutdown the index closes right after.
    state.session?.end(reason);
    if (ws.readyState === ws.OPEN) {
      ws.send(JSON.stringify({ type: 'end', reason }));
      ws.close(code, reason.slice(0, 120));
      // A peer that never answers the close frame does not keep the socket (or shutdown) waiting.
      setTimeout(() => ws.terminate(), 2_000).unref();
    }
  };
  const viewer: LiveViewer = {
    begin(track, init) {
      // The session starts when footage is first delivered: a camera that is down shows nothing and logs nothing.
      state.session ??= auditViewing(d.audit, d.clock, user, id, 'websocket');
      ws.send(JSON.stringify({ type: 'stream', codec: track.codec, width: track.width, height: track.height }));
      ws.send(init);
    },
    fragment(fragment) {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > MAX_BUFFERED) skipping = true;
      if (skipping) {
        if (!fragment.keyframe || ws.bufferedAmount > MAX_BUFFERED / 4) return;
        skipping = false;
      }
      ws.send(fragment.bytes);
    },
    end(reason, cause) {
      leave = undefined;
      finish(reason, CLOSE_CODES[cause]);
    },
  };
  // A logout of this login (or everywhere, or a password change elsewhere) closes the socket at once.
  const hash = tokenHash(token);
  const unlisten = d.sessions.onLoginEnded((e) => {
    if (loginEndedFor(e, user.id, hash)) finish(LOGGED_OUT, CLOSE_CODES['logged-out']);
  });
  ws.on('close', () => {
    unlisten();
    recheck?.cancel();
    leave?.();
    state.session?.end('the viewer closed the page');
  });
  ws.on('error', (err) => log.warn({ camera: id, err: err.message }, 'live socket error'));
  try {
    leave = hub.join(id, viewer);
  } catch (err) {
    // Refused by consent (pause, gates) or unknown: the page shows the reason.
    finish(errorMessage(err), err instanceof PremisesError && err.kind === 'NotFound' ? 4404 : CLOSE_CODES.refused);
    return;
  }
  // A session logged out (or a right taken away) ends the view too.
  const check = () => {
    recheck = d.clock.setTimeout(() => {
      const s = d.sessions.lookup(token);
      const u = s ? d.users.get(s.userId) : undefined;
      if (!u || !can(u, 'camera.live', id)) {
        finish('your session ended or your right to watch this camera was removed', CLOSE_CODES['logged-out']);
        return;
      }
      check();
    }, 5_000);
  };
  check();
}
