import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { fileURLToPath } from 'node:url';
import { discover } from '../cameras/onvif/discovery.js';
import { PremisesError } from '../shared/errors.js';
import { edgeError } from '../shared/edge-errors.js';
import { allowStatus, Auth } from './auth/middleware.js';
import { SessionStore } from './auth/sessions.js';
import { SetupTokens } from './auth/setup-token.js';
import { LoginThrottle } from './auth/throttle.js';
import { UserStore } from './auth/users.js';
import { buildHealth } from './health.js';
import { sendError } from './http-util.js';
import { checkListenHost, isLoopback, localNames } from './net.js';
import { activityRoutes } from './routes/activity.js';
import { alarmAndAuditRoutes } from './routes/alarms-audit.js';
import { authRoutes } from './routes/auth.js';
import { cameraRoutes } from './routes/cameras.js';
import type { RouteDeps, ServiceDeps } from './routes/deps.js';
import { discoveryRoutes } from './routes/discovery.js';
import { transferRoutes } from './routes/transfers.js';
import { closeDangling, PlaybackSessions } from './playback/sessions.js';
import { playbackRoutes } from './routes/playback.js';
import { maskRoutes } from './routes/masks.js';
import { auditVerificationRoutes } from './routes/audit-verification.js';
import { complianceRoutes } from './routes/compliance.js';
import { staffDpiaRoutes } from './routes/staff-dpia.js';
import { holdRoutes } from './routes/holds.js';
import { requestRoutes } from './routes/requests.js';
import { storageRoutes } from './routes/storage.js';
import { networkRoutes } from './routes/network.js';
import { exportRoutes } from './routes/exports.js';
import { caseRoutes } from './routes/cases.js';
import { redactionRoutes } from './routes/redactions.js';
import { liveRoutes } from './routes/live.js';
import { liveUpgrade, type UpgradeHandler } from './routes/live-socket.js';
import { LiveHub } from '../live/hub.js';
import { ffmpegMediaSpawner } from '../recorder/spawner.js';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { renderStatusPage } from './status-page.js';

export { isLoopback } from './net.js';

export interface ApiDeps extends ServiceDeps {
  /** Served over HTTPS (a LAN address): cookies get Secure and the __Host- prefix. */
  secure: boolean;
  /** The built dashboard; default web/dist of this package. */
  webRoot?: string;
  /** For tests: the ONVIF probe. */
  discover?: typeof discover;
  /** Live view streams; the daemon passes its own so it can stop them at shutdown. */
  live?: LiveHub;
}

/** Builds the live hub the daemon hands to createApp (one shared ffmpeg per watched camera, src/live/). */
export function createLiveHub(deps: Pick<ServiceDeps, 'recorder' | 'clock' | 'log' | 'loaded' | 'layout'>): LiveHub {
  return new LiveHub({
    cameras: (id) => deps.recorder.liveCamera(id),
    spawner: ffmpegMediaSpawner(),
    clock: deps.clock,
    log: deps.log,
    rtspTimeoutMs: deps.loaded.config.recording.rtspTimeout,
    maskDir: join(deps.layout.dataDir, 'masks'),
    tmpDir: join(deps.layout.dataDir, 'tmp', 'live'),
  });
}

/** WebSocket upgrade handlers of apps built by createApp, attached to the server by listen(). */
const upgradeHandlers = new WeakMap<Express, UpgradeHandler>();

export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/** Set by hand: no outside origin, no inline script, no upgrade-insecure-requests on plain-HTTP loopback. */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; media-src 'self' blob:; " +
  "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
/** The script-free status page keeps its one inline style block. */
const STATUS_PAGE_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

/** What to finish when the app's server closes (open viewing sessions get their end entry). */
const onClose = new WeakMap<Express, () => void>();

export function createApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const users = new UserStore(deps.db, deps.audit, deps.clock);
  const sessions = new SessionStore(deps.db, deps.clock);
  const auth = new Auth({ secure: deps.secure, users, sessions, allowedHosts: new Set(localNames(deps.loaded.config.listen.host)) });
  const routeDeps: RouteDeps = {
    ...deps,
    auth,
    users,
    sessions,
    throttle: new LoginThrottle(deps.clock),
    setupTokens: new SetupTokens(deps.db, deps.clock),
    discover: deps.discover ?? discover,
  };

  app.use((_req, res, next) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    res.setHeader('Cache-Control', 'no-store');
    // A request id ties an error the owner reports to its log line.
    const id = randomUUID();
    res.locals['requestId'] = id;
    res.setHeader('X-Request-Id', id);
    next();
  });
  app.use(auth.hostCheck);
  app.use(auth.session);
  app.use(auth.csrf);
  app.use('/api', express.json({ limit: '64kb' }));

  const health = () => buildHealth(deps.recorder.health(), deps.alarms.open(), deps.clock.now(), deps.version);
  app.get(
    '/api/health',
    (req, res) => {
      allowStatus(req, res);
      res.json(health());
    },
  );
  app.get(
    '/status',
    (req, res) => {
      allowStatus(req, res);
      res.setHeader('Content-Security-Policy', STATUS_PAGE_CSP);
      res.type('html').send(renderStatusPage(health()));
    },
  );

  const router = express.Router();
  authRoutes(router, routeDeps);
  cameraRoutes(router, routeDeps);
  alarmAndAuditRoutes(router, routeDeps);
  discoveryRoutes(router, routeDeps);
  transferRoutes(router, routeDeps);
  const playback = new PlaybackSessions(deps.audit, deps.clock, deps.loaded.config.playback.idleTimeout);
  closeDangling(deps.db, deps.audit);
  const redactions = redactionRoutes(router, routeDeps);
  onClose.set(app, () => {
    playback.endAll('shutdown');
    redactions.stop();
  });
  sessions.onLoginEnded((e) => playback.endForLogin(e));
  playbackRoutes(router, routeDeps, playback);
  maskRoutes(router, routeDeps);
  holdRoutes(router, routeDeps);
  requestRoutes(router, routeDeps);
  complianceRoutes(router, routeDeps);
  staffDpiaRoutes(router, routeDeps);
  storageRoutes(router, routeDeps);
  networkRoutes(router, routeDeps);
  auditVerificationRoutes(router, routeDeps);
  const exportJobs = exportRoutes(router, routeDeps);
  caseRoutes(router, routeDeps, exportJobs);
  activityRoutes(router, routeDeps);
  const live = deps.live ?? createLiveHub(deps);
  liveRoutes(router, routeDeps, live);
  // Live view's WebSocket: no server of its own, it takes upgrades from this app's listener (listen()).
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024, perMessageDeflate: false });
  upgradeHandlers.set(app, liveUpgrade(routeDeps, live, deps.secure, deps.log, (req, socket, head, use) => wss.handleUpgrade(req, socket, head, use)));
  app.use(router);

  app.use('/api', (_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  const webRoot = deps.webRoot ?? DEFAULT_WEB_ROOT;
  if (existsSync(webRoot)) {
    app.use(express.static(webRoot, { index: 'index.html', dotfiles: 'deny', redirect: false, fallthrough: true }));
  } else {
    app.get('/', (_req, res) => {
      res.status(503).type('text').send(`The dashboard is not built (${webRoot} is missing): run "npm run build". The status page is at /status.`);
    });
  }
  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const edge = edgeError(err);
    if (edge && !(err instanceof PremisesError)) {
      deps.log.error({ err: edge.message, code: edge.details?.['code'], requestId: res.locals['requestId'] as string, method: req.method, path: req.path }, 'api request failed at the disk');
    } else if (!edge && !(typeof (err as { status?: unknown } | null)?.status === 'number')) {
      deps.log.error({ err: err instanceof Error ? err.message : String(err), requestId: res.locals['requestId'] as string, method: req.method, path: req.path }, 'api request failed');
    }
    sendError(res, err);
  });
  return app;
}

export interface ListenOptions {
  host: string;
  port: number;
  /** Required for any address but loopback. */
  tls?: { key: Buffer; cert: Buffer };
  allowPublic?: boolean;
}

/** Plain HTTP on loopback only; HTTPS on the LAN; a public address only when allowed explicitly. */
export type ApiServer = Server | HttpsServer;

export async function listen(app: Express, options: ListenOptions): Promise<ApiServer> {
  const { host, port } = options;
  const check = checkListenHost(host, options.allowPublic === true);
  if (!check.ok) throw new PremisesError('FailedPrecondition', check.problem as string);
  if (!isLoopback(host) && !options.tls) {
    throw new PremisesError('FailedPrecondition', `listen.host is ${host}: a LAN address is served over HTTPS only, and no certificate was given`);
  }
  const server: ApiServer = options.tls && !isLoopback(host) ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, app) : createServer(app);
  server.once('close', () => onClose.get(app)?.());
  const upgrade = upgradeHandlers.get(app);
  if (upgrade) server.on('upgrade', upgrade);
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new PremisesError('FailedPrecondition', `port ${port} on ${host} is already in use; set listen.port to a free port`) : err),
    );
    server.listen(port, host, () => resolve());
  });
  return server;
}
