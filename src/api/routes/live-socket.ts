import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { LiveEndCause, LiveHub, LiveStream, LiveViewer } from '../../live/hub.js';
import type { Timer } from '../../shared/clock.js';
import { errorMessage, httpStatusOf, PremisesError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { crossSiteProblem, parseCookies } from '../auth/http.js';
import { can, type AuthUser } from '../auth/roles.js';
import { loginEndedFor, tokenHash } from '../auth/sessions.js';
import { hostOf } from '../net.js';
import type { RouteDeps } from './deps.js';
import { auditViewing, LOGGED_OUT, streamParam, type ViewingSession } from './live-viewing.js';

/**
 * Live view's WebSocket protocol: GET /api/cameras/:id/live upgraded
 * (`?stream=sub` for the camera's sub stream, as grid tiles ask). The
 * server sends JSON {type:'stream', codec, width, height}, the init segment,
 * then a fragment per frame, and JSON {type:'end', reason} last, closing with
 * one of CLOSE_CODES. A plain GET of the same path is answered 426 by live.ts.
 */
const LIVE_PATH = /^\/api\/cameras\/([a-z0-9][a-z0-9_-]{0,63})\/live$/;
/** Close codes a page can act on (4000–4999 are the application's). */
export const CLOSE_CODES: Record<LiveEndCause | 'logged-out', number> = { refused: 4409, lost: 4503, shutdown: 4001, 'logged-out': 4401 };
/** Above this much unsent data a slow viewer skips to the next keyframe instead of falling behind. */
const MAX_BUFFERED = 4 << 20;

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * Completes a WebSocket handshake. The WebSocket server lives in
 * src/api/server.ts, the one module that listens on the network (docs/egress.md).
 */
export type AcceptSocket = (req: IncomingMessage, socket: Duplex, head: Buffer, use: (ws: WebSocket) => void) => void;

const REASONS: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 421: 'Misdirected Request', 500: 'Internal Server Error' };

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
      const [path = '', query = ''] = (req.url ?? '').split('?');
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
      const wanted = streamParam(new URLSearchParams(query).get('stream'), 'main');
      accept(req, socket, head, (ws) => watch(d, hub, ws, user, token, id, wanted, log));
    } catch (err) {
      const status = err instanceof PremisesError ? httpStatusOf(err.kind) : 500;
      if (status === 500) log.error({ err: errorMessage(err) }, 'live upgrade failed');
      refuseUpgrade(socket, status, status === 500 ? 'internal error; see the Premises log' : errorMessage(err));
    }
  };
}

function watch(d: RouteDeps, hub: LiveHub, ws: WebSocket, user: AuthUser, token: string, id: string, wanted: LiveStream, log: Logger): void {
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
      state.session ??= auditViewing(d.audit, d.clock, user, id, 'websocket', hub.streamOf(id, wanted) ?? wanted);
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
    leave = hub.join(id, viewer, wanted);
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
