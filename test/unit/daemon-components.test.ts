import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ComponentStack, periodic, SHUTDOWN_REASON, STARTUP_FAILED_REASON, type Component, type StopFailure } from '../../src/daemon/components.js';
import { FakeClock } from '../../src/shared/clock.js';
import { PremisesError } from '../../src/shared/errors.js';

/** A component that records what happens to it in a shared journal, and fails where told. */
function fake(name: string, journal: string[], fail: { start?: Error; stop?: Error } = {}): Component {
  return {
    name,
    async start() {
      await Promise.resolve();
      journal.push(`start ${name}`);
      if (fail.start) throw fail.start;
    },
    async stop(reason) {
      await Promise.resolve();
      journal.push(`stop ${name} (${reason})`);
      if (fail.stop) throw fail.stop;
    },
  };
}

void describe('daemon component stack', () => {
  void it('starts in order and stops in reverse, once', async () => {
    const journal: string[] = [];
    const stack = new ComponentStack();
    await stack.start(['lock', 'index', 'recorder', 'dashboard'].map((n) => fake(n, journal)));
    assert.deepEqual(stack.running(), ['lock', 'index', 'recorder', 'dashboard']);
    const [first, second] = await Promise.all([stack.stop(), stack.stop()]);
    assert.deepEqual(first, []);
    assert.equal(first, second, 'a second stop waits for the first instead of stopping again');
    assert.deepEqual(journal, [
      'start lock',
      'start index',
      'start recorder',
      'start dashboard',
      `stop dashboard (${SHUTDOWN_REASON})`,
      `stop recorder (${SHUTDOWN_REASON})`,
      `stop index (${SHUTDOWN_REASON})`,
      `stop lock (${SHUTDOWN_REASON})`,
    ]);
    assert.deepEqual(stack.running(), []);
  });

  void it('a failing start stops what started, in reverse, and names the component that failed', async () => {
    const journal: string[] = [];
    const stack = new ComponentStack();
    const cause = new PremisesError('FailedPrecondition', 'the recordings belong to another index', { uuid: 'x' });
    const components = [fake('lock', journal), fake('index', journal, { start: cause }), fake('dashboard', journal)];
    const err = await stack.start(components).then(
      () => assert.fail('start should have failed'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof PremisesError);
    assert.equal(err.message, 'cannot start the index: the recordings belong to another index');
    assert.equal(err.kind, 'FailedPrecondition', 'the kind (and so the exit code) is the failing component’s');
    assert.deepEqual(err.details, { uuid: 'x' });
    assert.equal(err.cause, cause);
    // The failed component undid nothing it did not finish; the one before it is stopped; the one after never started.
    assert.deepEqual(journal, ['start lock', 'start index', `stop lock (${STARTUP_FAILED_REASON})`]);
    assert.deepEqual(stack.running(), []);
  });

  void it('an unexpected start error becomes an Internal error naming the component', async () => {
    const stack = new ComponentStack();
    await assert.rejects(stack.start([fake('recorder', [], { start: new Error('spawn ffmpeg ENOENT') })]), (e: unknown) => {
      assert.ok(e instanceof PremisesError);
      assert.equal(e.kind, 'Internal');
      assert.equal(e.message, 'cannot start the recorder: spawn ffmpeg ENOENT');
      return true;
    });
  });

  void it('a failing stop is reported and contained: the rest still stop', async () => {
    const journal: string[] = [];
    const reported: StopFailure[] = [];
    const stack = new ComponentStack((f) => reported.push(f));
    const boom = new Error('server would not close');
    await stack.start([fake('lock', journal), fake('recorder', journal), fake('dashboard', journal, { stop: boom })]);
    const failures = await stack.stop();
    assert.deepEqual(
      journal.filter((l) => l.startsWith('stop')),
      [`stop dashboard (${SHUTDOWN_REASON})`, `stop recorder (${SHUTDOWN_REASON})`, `stop lock (${SHUTDOWN_REASON})`],
    );
    assert.deepEqual(failures, [{ component: 'dashboard', error: boom }]);
    assert.deepEqual(reported, failures);
  });

  void it('a failing stop while undoing a failed start is reported, and the start error still wins', async () => {
    const journal: string[] = [];
    const reported: StopFailure[] = [];
    const stack = new ComponentStack((f) => reported.push(f));
    const components = [
      fake('lock', journal),
      fake('recorder', journal, { stop: new Error('ffmpeg would not stop') }),
      fake('dashboard', journal, { start: new Error('EADDRINUSE') }),
    ];
    await assert.rejects(stack.start(components), /cannot start the dashboard: EADDRINUSE/);
    assert.deepEqual(
      reported.map((f) => f.component),
      ['recorder'],
    );
    assert.ok(journal.includes(`stop lock (${STARTUP_FAILED_REASON})`), 'the lock is released even though the recorder failed to stop');
  });

  void it('refuses to start again after a stop', async () => {
    const stack = new ComponentStack();
    await stack.start([fake('lock', [])]);
    await stack.stop();
    await assert.rejects(stack.start([fake('lock', [])]), /already stopped/);
  });
});

void describe('periodic components', () => {
  void it('tick on the injected clock, once at start if asked; a failing tick is reported and the next still runs; stop cancels', async () => {
    const clock = new FakeClock();
    const ticks: number[] = [];
    const errors: string[] = [];
    let prepared = 0;
    const chore = periodic('chore', { clock, everyMs: 1_000, runAtStart: true, onError: (e) => errors.push((e as Error).message) }, () => {
      prepared++;
      return () => {
        ticks.push(clock.monotonic());
        if (ticks.length === 2) throw new Error('disk unreadable');
      };
    });
    assert.equal(prepared, 0, 'nothing runs before start');
    await chore.start();
    assert.deepEqual(ticks, [0]);
    clock.advance(3_000);
    assert.deepEqual(ticks, [0, 1_000, 2_000, 3_000]);
    assert.deepEqual(errors, ['disk unreadable']);
    await chore.stop(SHUTDOWN_REASON);
    clock.advance(5_000);
    assert.equal(ticks.length, 4, 'no tick after stop');
    assert.equal(prepared, 1);
  });

  void it('without runAtStart the first tick waits a period', async () => {
    const clock = new FakeClock();
    let ticks = 0;
    const chore = periodic('chore', { clock, everyMs: 500, onError: () => {} }, () => () => ticks++);
    await chore.start();
    assert.equal(ticks, 0);
    clock.advance(499);
    assert.equal(ticks, 0);
    clock.advance(1);
    assert.equal(ticks, 1);
    await chore.stop(SHUTDOWN_REASON);
  });
});

void describe('clock intervals', () => {
  void it('FakeClock.setInterval fires every period until cancelled', () => {
    const clock = new FakeClock();
    const at: number[] = [];
    const start = clock.monotonic();
    const timer = clock.setInterval(() => at.push(clock.monotonic() - start), 1_000);
    clock.advance(3_500);
    assert.deepEqual(at, [1_000, 2_000, 3_000]);
    timer.cancel();
    clock.advance(5_000);
    assert.deepEqual(at, [1_000, 2_000, 3_000]);
  });

  void it('an interval cancelled from its own callback stops', () => {
    const clock = new FakeClock();
    let calls = 0;
    const timer = clock.setInterval(() => {
      calls++;
      if (calls === 2) timer.cancel();
    }, 10);
    clock.advance(1_000);
    assert.equal(calls, 2);
  });
});
