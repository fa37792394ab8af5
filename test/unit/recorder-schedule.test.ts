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

const CONFIG = `
timezone: America/Vancouver
business:
  name: Night Bistro
  address: 1 Test St
  contact: { name: Manager, phone: "604 555 0100" }
cameras:
  - id: back
    rtsp: rtsp://10.0.0.9/s
    purposes: ["Investigate break-ins at the back door while closed"]
    area: storage
    signage: { location: Back door, date: "2026-01-01", confirmedBy: Manager }
    schedule: [{ from: "22:00", to: "07:00" }]
`;

function setup(startUtc: number) {
  const { config, problems } = parseConfig(CONFIG);
  assert.ok(config, JSON.stringify(problems));
  const clock = new FakeClock(startUtc);
  const db = openDb(':memory:');
  const alarms = new Alarms(db, new AuditLog(db, clock), clock);
  const spawner = new FakeSpawner();
  const recorder = new Recorder(config, {
    clock,
    spawner,
    sink: new FakeSink(),
    alarms,
    log: silentLogger(),
    decide: (camera, now) => decideCamera(config, camera, now, undefined),
    maskDir: '/nonexistent/masks',
  });
  const cameras = configCameras(config.cameras, '/etc/premises/premises.yaml', {});
  return { clock, spawner, recorder: { health: () => recorder.health(), startAll: () => recorder.startAll(cameras) } };
}

const flush = () => new Promise<void>((r) => setImmediate(r));

/**
 * Advance the fake clock second by second; the newest ffmpeg (if it has not
 * been told to stop) reports progress every second and a segment every 2 s,
 * as a healthy camera does, so only the schedule can stop it.
 */
async function advanceMinutes(clock: FakeClock, spawner: FakeSpawner, minutes: number) {
  for (let s = 0; s < minutes * 60; s += 1) {
    clock.advance(1_000);
    const proc = spawner.processes.at(-1);
    if (proc && proc.signals.length === 0) {
      const t = clock.monotonic() / 1000;
      proc.tick(Math.round(t * 1_000_000));
      if (Math.round(t) % 2 === 0) proc.segment('seg.mp4', t - 2, t);
    }
    if (s % 30 === 0) await flush();
  }
  await flush();
}

describe('recording schedule driven by the recorder', () => {
  it('starts at the window start and stops at its end, in local time', async () => {
    // 2026-06-10 21:00 PDT = 04:00Z on the 11th
    const { clock, spawner, recorder } = setup(Date.UTC(2026, 5, 11, 4, 0));
    recorder.startAll();
    await flush();
    assert.equal(spawner.processes.length, 0, 'closed hours not yet started: no recording at 21:00');
    await advanceMinutes(clock, spawner, 59);
    assert.equal(spawner.processes.length, 0, 'still nothing at 21:59');
    await advanceMinutes(clock, spawner, 2);
    assert.equal(spawner.processes.length, 1, 'recording from 22:00');
    assert.equal(recorder.health()[0]?.holds.length, 0);
    await advanceMinutes(clock, spawner, 9 * 60 - 2);
    assert.deepEqual(spawner.last.signals, [], "still recording at 06:59");
    await advanceMinutes(clock, spawner, 2);
    assert.deepEqual(spawner.last.signals, ['SIGINT'], 'stopped gracefully after 07:00');
    assert.equal(recorder.health()[0]?.holds[0]?.code, 'outside-schedule');
  });

  it('follows the local clock across the spring-forward night (an 8-hour window instead of 9)', async () => {
    // 2026-03-07 21:30 PST = 05:30Z on the 8th; clocks jump 02:00 -> 03:00 PDT that night.
    const { clock, spawner, recorder } = setup(Date.UTC(2026, 2, 8, 5, 30));
    recorder.startAll();
    await advanceMinutes(clock, spawner, 31);
    assert.equal(spawner.processes.length, 1, 'started at 22:00 PST (06:00Z)');
    const startedAt = clock.now();
    while (spawner.last.signals.length === 0 && clock.now() - startedAt < 10 * 3_600_000) await advanceMinutes(clock, spawner, 1);
    const hours = (clock.now() - startedAt) / 3_600_000;
    assert.ok(hours > 7.9 && hours < 8.1, `recorded ${hours.toFixed(2)} h across the short night`);
    assert.equal(new Date(clock.now()).getUTCHours(), 14, 'stopped at 07:00 PDT (14:00Z)');
  });
});
