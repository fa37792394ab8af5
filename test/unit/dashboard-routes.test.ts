import assert from 'node:assert/strict';
import type { Express } from 'express';
import { describe, it } from 'node:test';
import { Alarms } from '../../src/alarms/alarms.js';
import { createApp } from '../../src/api/server.js';
import { AuditLog } from '../../src/audit/log.js';
import { parseConfig } from '../../src/config/load.js';
import { openDb } from '../../src/db/open.js';
import type { Recorder } from '../../src/recorder/recorder.js';
import { DataLayout } from '../../src/shared/data-layout.js';
import { FakeClock } from '../../src/shared/clock.js';
import { createLogger } from '../../src/shared/logger.js';
import { API_ROUTES } from '../support/dashboard-routes.js';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  name?: string;
  handle?: { stack?: Layer[] };
}

function routesOf(app: Express): string[] {
  const out: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) for (const m of Object.keys(layer.route.methods)) out.push(`${m.toUpperCase()} ${layer.route.path}`);
      else if (layer.name === 'router' && layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  // Express 5 exposes the app's router as app.router (Express 4 had app._router).
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return out;
}

describe('dashboard routes', () => {
  it('are exactly the ones the access matrix covers', () => {
    const db = openDb(':memory:');
    const clock = new FakeClock();
    const audit = new AuditLog(db, clock);
    const { config } = parseConfig('cameras: []\n');
    assert.ok(config);
    // A stand-in recorder: this test only lists routes.
    const recorder = { health: () => [], reevaluate: () => undefined } as unknown as Recorder;
    const app = createApp({
      recorder,
      alarms: new Alarms(db, audit, clock),
      clock,
      version: 'test',
      db,
      audit,
      loaded: { config, path: '/nonexistent/premises.yaml', dataDir: '/nonexistent', text: '' },
      layout: new DataLayout('/nonexistent'),
      log: createLogger({ level: 'silent' }),
      secure: false,
      tlsFingerprint: null,
    });
    // The 503 placeholder for an unbuilt web app is not an API route.
    const routes = routesOf(app).filter((r) => r !== 'GET /');
    assert.deepEqual([...routes].sort(), [...API_ROUTES].sort());
  });
});
