import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Alarms } from '../../src/alarms/alarms.js';
import { AuditLog } from '../../src/audit/log.js';
import { parseConfig } from '../../src/config/load.js';
import { openDb } from '../../src/db/open.js';
import { decideCamera } from '../../src/policy/consent/decision.js';
import { Recorder } from '../../src/recorder/recorder.js';
import { configCameras } from '../../src/recorder/sources.js';
import { FakeClock } from '../../src/shared/clock.js';
import { silentLogger } from '../../src/shared/logger.js';
import { FakeSink, FakeSpawner } from '../support/fake-recorder.js';

function configWith(count: number): string {
  const cameras = Array.from({ length: count }, (_, i) => [
    `  - id: cam${i}`,
    `    rtsp: rtsp://10.0.0.${i + 1}/s`,
    '    purposes: ["Investigate theft at the storage room door"]',
    '    area: storage',
    '    signage: { location: Storage door, date: "2026-01-01", confirmedBy: Manager }',
  ]).flat();
  return ['business:', '  name: Bistro', '  address: 1 Test St', '  contact: { name: Manager, phone: "604 555 0100" }', 'cameras:', ...cameras].join('\n');
}

async function startedAfter(count: number, advanceMs: number): Promise<number> {
  const { config, problems } = parseConfig(configWith(count));
  assert.ok(config, JSON.stringify(problems));
  const clock = new FakeClock(Date.UTC(2026, 10, 26, 12));
  const db = openDb(':memory:');
  const spawner = new FakeSpawner();
  const recorder = new Recorder(config, {
    clock,
    spawner,
    sink: new FakeSink(),
    alarms: new Alarms(db, new AuditLog(db, clock), clock),
    log: silentLogger(),
    decide: (camera, now) => decideCamera(config, camera, now, undefined),
    maskDir: '/nonexistent/masks',
  });
  recorder.startAll(configCameras(config.cameras, '/etc/premises/premises.yaml', {}));
  for (let t = 0; t < advanceMs; t += 50) {
    clock.advance(50);
    await new Promise<void>((r) => setImmediate(r));
  }
  await new Promise<void>((r) => setImmediate(r));
  return spawner.processes.length;
}

describe('recorder start-up', () => {
  it('starts a handful of cameras at once', async () => {
    assert.equal(await startedAfter(8, 0), 8);
  });

  it('spreads many cameras over a few seconds instead of one burst, and starts them all', async () => {
    const first = await startedAfter(40, 0);
    assert.equal(first, 1, 'only the first camera starts at once');
    const half = await startedAfter(40, 1_000);
    assert.ok(half > 5 && half < 40, `some but not all have started after 1 s (${half})`);
    assert.equal(await startedAfter(40, 3_500), 40, 'all 40 have started within the spread');
  });
});
