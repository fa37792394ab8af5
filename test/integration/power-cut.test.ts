import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { RtspServer } from '../support/rtsp.js';
import { CLI, ffmpegProcessesMentioning, PremisesProcess, readIndex, sleepMs, tempDir, writeConfig } from '../support/premises.js';

const run = promisify(execFile);

/** ffprobe and `premises check` run while the cameras warm up, so 25 rounds fit in a few minutes. */
async function probeSeconds(file: string): Promise<number> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]);
  return Number(stdout.trim());
}

async function checkHash(configPath: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, 'check', '--hash', '--config', configPath], { timeout: 60_000 });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/**
 * A power cut as the recorder sees it: Premises and every ffmpeg it runs die
 * at the same instant, 25 times, with a few seconds of recording in between.
 * Invariant 4 (docs/design.md): each kill loses at most the fragment being
 * made (≤ 1 s) per camera; the segment that was open is recovered up to its
 * last complete fragment, and `premises check --hash` is clean after every
 * restart.
 */
const CAMERAS = ['cam1', 'cam2', 'cam3', 'cam4'];
const KILLS = 25;
/** Fragments are at most 1 s long (FRAGMENT_MAX_US): a kill may lose up to that much, per camera. */
const MAX_LOSS_PER_KILL_MS = 1_000;

interface Cycle {
  firstRunId: number;
  killAtMs: number;
}

describe('power cut: Premises and all its ffmpeg killed at once, 25 times', () => {
  const dir = tempDir('premises-powercut-');
  const data = () => join(dir.path, 'data');
  let rtsp: RtspServer;
  let configPath = '';
  let port = 0;
  const running: PremisesProcess[] = [];

  before(async () => {
    rtsp = await RtspServer.start(Object.fromEntries(CAMERAS.map((id) => [id, 'live:320x240@10'] as const)));
    const config = await writeConfig(
      dir.path,
      CAMERAS.map((id) => ({ id, rtsp: rtsp.url(id) })),
      { segment: '2s', rtspTimeout: '5s' },
    );
    configPath = config.path;
    port = config.port;
  });

  after(async () => {
    for (const p of running) await p.kill9();
    await rtsp?.stop();
    dir.remove();
  });

  /** Per camera: [wall time recorded, video kept] in ms over the runs of one cycle (ids ≥ firstRunId, < nextRunId). */
  async function measure(cycle: Cycle, nextRunId: number): Promise<Map<string, { recordedMs: number; keptMs: number; segments: number }>> {
    const rows = readIndex<{ camera_id: string; run_id: number; start_ms: number; path: string }>(
      data(),
      'SELECT camera_id, run_id, start_ms, path FROM segments WHERE run_id >= ? AND run_id < ? ORDER BY start_ms',
      cycle.firstRunId,
      nextRunId,
    );
    const out = new Map<string, { recordedMs: number; keptMs: number; segments: number }>();
    for (const camera of CAMERAS) {
      const mine = rows.filter((r) => r.camera_id === camera);
      assert.ok(mine.length > 0, `${camera} recorded nothing in this cycle`);
      // The first segment of a run is anchored at its close minus its length: when its first frame arrived.
      const firstFrameMs = Math.min(...mine.map((r) => r.start_ms));
      const seconds = await Promise.all(mine.map((r) => probeSeconds(join(data(), 'recordings', r.path))));
      const keptMs = seconds.reduce((sum, v) => sum + v * 1000, 0);
      out.set(camera, { recordedMs: cycle.killAtMs - firstFrameMs, keptMs, segments: mine.length });
    }
    return out;
  }

  it('keeps all but at most one fragment per camera per kill, and check --hash stays clean', async () => {
    const totals = new Map(CAMERAS.map((id) => [id, { recordedMs: 0, keptMs: 0 }]));
    const perKillLoss: number[] = [];
    let previous: Cycle | undefined;
    for (let round = 1; round <= KILLS + 1; round += 1) {
      const premises = PremisesProcess.start(configPath, port);
      running.push(premises);
      // The API answers once start-up reconciliation is done: check and measure while the cameras warm up.
      await premises.waitFor(() => true, 30_000, `round ${round}: the API`);
      const recording = premises.waitFor(
        (h) => h.cameras.length === CAMERAS.length && h.cameras.every((c) => c.state === 'recording'),
        30_000,
        `round ${round}: every camera recording`,
      );
      if (previous) {
        // Reconciliation ran before recording began: every file is indexed with its true hash.
        const firstRunNow = readIndex<{ id: number }>(data(), 'SELECT min(id) AS id FROM runs WHERE end_reason IS NULL')[0]?.id ?? Number.MAX_SAFE_INTEGER;
        const [check, cycle] = await Promise.all([checkHash(configPath), measure(previous, firstRunNow)]);
        assert.equal(check.code, 0, `round ${round}: premises check --hash after restart:\n${check.output}`);
        for (const [camera, m] of cycle) {
          const total = totals.get(camera) as { recordedMs: number; keptMs: number };
          total.recordedMs += m.recordedMs;
          total.keptMs += m.keptMs;
          perKillLoss.push(m.recordedMs - m.keptMs);
          const kills = round - 1;
          assert.ok(
            total.keptMs >= total.recordedMs - kills * MAX_LOSS_PER_KILL_MS,
            `${camera} after ${kills} kill(s): kept ${(total.keptMs / 1000).toFixed(2)} s of ${(total.recordedMs / 1000).toFixed(2)} s recorded (this kill: ${(m.recordedMs / 1000).toFixed(2)} s recorded, ${(m.keptMs / 1000).toFixed(2)} s kept in ${m.segments} segment(s))`,
          );
        }
      }
      await recording;
      if (round === KILLS + 1) {
        assert.equal((await premises.stop()).code, 0);
        break;
      }
      const firstRunId = readIndex<{ id: number }>(data(), 'SELECT min(id) AS id FROM runs WHERE end_reason IS NULL')[0]?.id as number;
      // A different point of a fragment and of a segment each round.
      await sleepMs(700 + ((round * 373) % 1_500));
      const ffmpegPids = ffmpegProcessesMentioning(dir.path);
      assert.equal(ffmpegPids.length, CAMERAS.length, `round ${round}: one ffmpeg per camera`);
      const killAtMs = Date.now();
      for (const pid of [...ffmpegPids, premises.pid]) process.kill(pid, 'SIGKILL');
      await premises.exited();
      previous = { firstRunId, killAtMs };
    }

    const check = await checkHash(configPath);
    assert.equal(check.code, 0, check.output);
    const closed = readIndex<{ n: number }>(data(), "SELECT count(*) AS n FROM runs WHERE end_reason = 'Premises stopped unexpectedly'")[0]?.n ?? 0;
    assert.ok(closed >= KILLS * CAMERAS.length, `every killed run closed as stopped unexpectedly (${closed})`);
    const recovered = readIndex<{ n: number }>(data(), 'SELECT count(*) AS n FROM segments WHERE recovered = 1')[0]?.n ?? 0;
    const wholeQuarantined = readIndex<{ n: number }>(data(), "SELECT count(*) AS n FROM quarantine WHERE path NOT LIKE '%.unfinished-fragment'")[0]?.n ?? 0;
    const tails = readIndex<{ n: number }>(data(), "SELECT count(*) AS n FROM quarantine WHERE path LIKE '%.unfinished-fragment'")[0]?.n ?? 0;
    const average = perKillLoss.reduce((a, b) => a + b, 0) / perKillLoss.length;
    const worst = Math.max(...perKillLoss);
    process.stdout.write(
      `# power cut: ${KILLS} kills x ${CAMERAS.length} cameras; video lost per kill per camera: average ${(average / 1000).toFixed(3)} s, worst ${(worst / 1000).toFixed(3)} s; ` +
        `${recovered} partial segments recovered, ${tails} unfinished fragments and ${wholeQuarantined} whole files quarantined\n`,
    );
    // A kill inside a segment's first fragment leaves only its header (no video to keep); any later kill leaves a prefix to recover.
    assert.ok(recovered >= KILLS, `open segments recovered from their complete fragments (${recovered})`);
  });
});
