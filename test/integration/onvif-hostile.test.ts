import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OnvifError, type OnvifErrorCode } from '../../src/cameras/onvif/errors.js';
import { onboard } from '../../src/cameras/onvif/onboard.js';
import { prototypeKeys, withLagMonitor } from '../support/lag.js';
import type { Hostile } from '../support/onvif-sim/sim.js';
import { spawnSim } from '../support/onvif-sim/process.js';

/**
 * Hostile cameras: each answer is an error with a clear code within the
 * deadline; the process survives, Object.prototype is untouched and the event
 * loop is never blocked for 100 ms. The simulator runs as its own process on
 * loopback, so its work does not count against our event loop.
 */
const DEADLINE_MS = 3_000;

const CASES: [Hostile, OnvifErrorCode, string][] = [
  ['xxe', 'doctype', 'XXE payload'],
  ['billion-laughs', 'doctype', 'billion laughs'],
  ['huge', 'too-large', '50 MB response'],
  ['trickle', 'deadline', '1 byte/s trickle'],
  // Well-formed answers whose elements are named __proto__ and constructor: read as plain names, so the
  // camera simply lacks what onboarding needs.
  ['proto', 'unsupported', '__proto__ / constructor keys'],
  ['truncated', 'malformed', 'truncated XML'],
  ['fault', 'fault', 'SOAP Fault'],
  ['http500', 'http-status', 'HTTP 500'],
];

void describe('hostile ONVIF devices', () => {
  for (const [mode, code, title] of CASES) {
    void it(`${title}: error "${code}" within the deadline, no pollution, no blocked loop`, async () => {
      const sim = await spawnSim({ bind: '127.0.0.1', username: 'admin', password: 'secret', hostile: mode });
      try {
        const before = prototypeKeys();
        const run = await withLagMonitor(() =>
          onboard({ xaddr: sim.xaddr, credentials: { username: 'admin', password: 'secret' }, policy: { allowLoopback: true }, deadlineMs: DEADLINE_MS }),
        );
        assert.ok(run.error instanceof OnvifError, `expected an OnvifError, got ${run.error instanceof Error ? run.error.message : 'success'}`);
        assert.equal(run.error.code, code, run.error.message);
        // Every request has its own deadline; allow for the few requests before the hostile one plus scheduling slack.
        assert.ok(run.elapsedMs < DEADLINE_MS + 1_500, `took ${Math.round(run.elapsedMs)} ms`);
        assert.ok(run.maxLagMs < 100, `event loop blocked ${Math.round(run.maxLagMs)} ms`);
        assert.deepEqual(prototypeKeys(), before);
        assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
        assert.equal(({} as Record<string, unknown>)['isAdmin'], undefined);
        if (mode === 'xxe') assert.ok(!run.error.message.includes('root:'), 'file content leaked into the error');
      } finally {
        await sim.stop();
      }
    });
  }
});
