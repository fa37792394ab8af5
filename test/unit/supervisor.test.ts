import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CameraSupervisor } from '../../src/recorder/supervisor.js';
import { Backoff } from '../../src/shared/backoff.js';
import { FakeClock } from '../../src/shared/clock.js';
import { silentLogger } from '../../src/shared/logger.js';
import { FakeProcess, FakeSink, FakeSpawner } from '../support/fake-recorder.js';

const flush = () => new Promise<void>((r) => setImmediate(r));

function setup(overrides: { downAlarmAfterMs?: number } = {}) {
  const clock = new FakeClock();
  const spawner = new FakeSpawner();
  const sink = new FakeSink();
  const events: string[] = [];
  const supervisor = new CameraSupervisor(
    {
      cameraId: 'door',
      inputUrl: 'rtsp://admin:s3cret@10.0.0.5/stream',
      secrets: ['s3cret'],
      audio: false,
      segmentMs: 2_000,
      rtspTimeoutMs: 2_000,
      stopGraceMs: 5_000,
      downAlarmAfterMs: overrides.downAlarmAfterMs ?? 60_000,
    },
    {
      clock,
      spawner,
      sink,
      log: silentLogger(),
      backoff: new Backoff({ initialMs: 1_000, maxMs: 30_000, healthyResetMs: 60_000 }, () => 1),
      events: { cameraDown: (id, msg) => events.push(`down ${id}: ${msg}`), cameraUp: (id) => events.push(`up ${id}`) },
    },
  );
  return { clock, spawner, sink, supervisor, events };
}

/** Simulate a healthy stream for `seconds`: progress every second, a segment every 2 s. */
function stream(clock: FakeClock, proc: FakeProcess, seconds: number, from = 0) {
  for (let s = 1; s <= seconds; s += 1) {
    clock.advance(1_000);
    proc.tick((from + s) * 1_000_000);
    if ((from + s) % 2 === 0) proc.segment(`seg_${String((from + s) / 2).padStart(6, '0')}.mp4`, from + s - 2, from + s);
  }
}

describe(CameraSupervisor.name, () => {
  it('starts ffmpeg once and reports recording after the first segment', () => {
    const { clock, spawner, supervisor } = setup();
    supervisor.start();
    assert.equal(spawner.processes.length, 1);
    assert.equal(supervisor.status().state, 'starting');
    stream(clock, spawner.last, 4);
    assert.equal(supervisor.status().state, 'recording');
  });

  it('treats an exit with code 0 as a lost stream and restarts with growing backoff', async () => {
    const { clock, spawner, sink, supervisor } = setup();
    supervisor.start();
    stream(clock, spawner.last, 4);
    spawner.last.exit(0);
    await flush();
    assert.equal(supervisor.status().state, 'reconnecting');
    assert.match(sink.runs[0]?.endedReason ?? '', /stream lost \(ffmpeg exited with code 0/);
    clock.advance(999);
    assert.equal(spawner.processes.length, 1, 'waits for the backoff');
    clock.advance(1);
    assert.equal(spawner.processes.length, 2, 'restarts after 1 s');
    spawner.last.exit(1);
    await flush();
    clock.advance(1_999);
    assert.equal(spawner.processes.length, 2);
    clock.advance(1);
    assert.equal(spawner.processes.length, 3, 'second retry after 2 s');
  });

  it('caps the backoff at 30 s and resets it after a healthy minute', async () => {
    const { clock, spawner, supervisor } = setup();
    supervisor.start();
    for (let i = 0; i < 8; i += 1) {
      spawner.last.exit(1);
      await flush();
      clock.advance(30_000);
    }
    const before = spawner.processes.length;
    spawner.last.exit(1);
    await flush();
    clock.advance(29_999);
    assert.equal(spawner.processes.length, before);
    clock.advance(1);
    assert.equal(spawner.processes.length, before + 1, 'never waits more than 30 s');
    stream(clock, spawner.last, 70);
    spawner.last.exit(0);
    await flush();
    clock.advance(1_000);
    assert.equal(spawner.processes.length, before + 2, 'after a healthy minute the next retry is 1 s again');
  });

  it('restarts a camera whose progress stops although the process lives (a hung camera)', async () => {
    const { clock, spawner, sink, supervisor } = setup();
    supervisor.start();
    stream(clock, spawner.last, 4);
    const hung = spawner.last;
    clock.advance(supervisor.deadlines().progressStallMs + 1_500);
    assert.deepEqual(hung.signals, ['SIGINT']);
    await flush();
    assert.match(sink.runs[0]?.endedReason ?? '', /no progress from the camera/);
  });

  it('restarts when progress advances but no segment closes in time', async () => {
    const { clock, spawner, sink, supervisor } = setup();
    supervisor.start();
    stream(clock, spawner.last, 4);
    const proc = spawner.last;
    const limit = supervisor.deadlines().nextSegmentMs;
    for (let s = 1; s * 1_000 <= limit + 1_500; s += 1) {
      clock.advance(1_000);
      proc.tick((4 + s) * 1_000_000);
    }
    assert.deepEqual(proc.signals, ['SIGINT']);
    await flush();
    assert.match(sink.runs[0]?.endedReason ?? '', /no segment closed/);
  });

  it('kills with SIGKILL when ffmpeg ignores SIGINT for the grace period', () => {
    const { clock, spawner, supervisor } = setup();
    supervisor.start();
    stream(clock, spawner.last, 4);
    spawner.last.exitOnSigint = false;
    const stopped = supervisor.stop();
    assert.deepEqual(spawner.last.signals, ['SIGINT']);
    clock.advance(5_000);
    assert.deepEqual(spawner.last.signals, ['SIGINT', 'SIGKILL']);
    return stopped.then(() => assert.equal(supervisor.status().state, 'stopped'));
  });

  it('ends the run at once when the wall clock jumps, and starts a new one without backoff', async () => {
    const { clock, spawner, sink, supervisor } = setup();
    supervisor.start();
    stream(clock, spawner.last, 4);
    clock.jumpWall(3_600_000);
    clock.advance(1_000);
    await flush();
    assert.match(sink.runs[0]?.endedReason ?? '', /wall clock jumped by 3600 s/);
    assert.equal(spawner.processes.length, 2, 'a new run starts immediately');
  });

  it('raises a camera-down event after the threshold, and clears it when segments flow again', async () => {
    const { clock, spawner, supervisor, events } = setup({ downAlarmAfterMs: 10_000 });
    supervisor.start();
    stream(clock, spawner.last, 4);
    for (let i = 0; i < 6; i += 1) {
      spawner.last.exit(0);
      await flush();
      clock.advance(2_000);
    }
    assert.equal(events.length, 1);
    assert.match(events[0] ?? '', /^down door: camera door is not recording: stream lost/);
    stream(clock, spawner.last, 2);
    assert.deepEqual(events.slice(1), ['up door']);
  });

  it('keeps credentials out of the stderr it retains', () => {
    const { spawner, supervisor } = setup();
    supervisor.start();
    spawner.last.err('[rtsp @ 0x1] method DESCRIBE failed: 401 Unauthorized rtsp://admin:s3cret@10.0.0.5/stream');
    const tail = supervisor.stderrTail().join('\n');
    assert.doesNotMatch(tail, /s3cret/);
    assert.match(tail, /rtsp:\/\/\*\*\*@10\.0\.0\.5/);
  });

  it('passes only the video stream to ffmpeg unless audio is enabled, and always stream copy', () => {
    const { spawner, supervisor } = setup();
    supervisor.start();
    const args = spawner.argv[0] ?? [];
    assert.ok(args.includes('-an'));
    assert.equal(args[args.indexOf('-c:v') + 1], 'copy');
    assert.ok(!args.includes('-strftime'));
  });
});
