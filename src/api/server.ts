import express, { type Express } from 'express';
import { createServer, type Server } from 'node:http';
import type { Alarms } from '../alarms/alarms.js';
import type { Recorder } from '../recorder/recorder.js';
import type { Clock } from '../shared/clock.js';
import { PremisesError } from '../shared/errors.js';
import { buildHealth } from './health.js';
import { renderStatusPage } from './status-page.js';

export interface ApiDeps {
  recorder: Recorder;
  alarms: Alarms;
  clock: Clock;
  version: string;
}

/** Only these hosts may serve the plain-HTTP page; LAN access waits for HTTPS (docs/security.md). */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

const SECURITY_HEADERS: Record<string, string> = {
  // Set by hand: no outside origin, no upgrade-insecure-requests on a plain-HTTP loopback page.
  'Content-Security-Policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export function createApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  const health = () => buildHealth(deps.recorder.health(), deps.alarms.open(), deps.clock.now(), deps.version);
  app.get('/api/health', (_req, res) => {
    res.json(health());
  });
  app.get('/', (_req, res) => {
    res.type('html').send(renderStatusPage(health()));
  });
  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  return app;
}

export async function listen(app: Express, host: string, port: number): Promise<Server> {
  if (!isLoopback(host)) {
    throw new PremisesError(
      'FailedPrecondition',
      `listen.host is ${host}: this version serves its page over plain HTTP and so only on loopback (127.0.0.1). ` +
        'Use listen.host: 127.0.0.1 (docs/security.md explains how to reach it from the LAN safely).',
    );
  }
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new PremisesError('FailedPrecondition', `port ${port} on ${host} is already in use; set listen.port to a free port`) : err),
    );
    server.listen(port, host, () => resolve());
  });
  return server;
}
