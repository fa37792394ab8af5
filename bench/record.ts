import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PremisesProcess, readIndex, runCli, sleepMs, tempDir, writeConfig } from '../test/support/premises.js';
import { RtspServer, type SourceSpec } from '../test/support/rtsp.js';
import { BareRecorders } from './baseline.js';
import { ensureSourceClip, machineInfo } from './machine.js';
import { renderMarkdown, renderText, writeSection, type PhaseResult, type RunContext, type RunResult } from './report.js';
import { Sampler, select } from './sampler.js';
import { anchorSegments, coverage, max, median, type Interval } from './stats.js';
import { renderWritePolicy, spliceWritePolicy, writePolicyPhase, type PolicyPhase } from './write-policy.js';

/**
 * `npm run bench:record [-- --n 1,8 --seconds 60 --no-docs]`
 *
 * For each N: N synthetic cameras recorded by the real `premises start`, then
 * the same N streams recorded by N bare ffmpeg processes; CPU and memory
 * from /proc, segments lost from the index (or ffmpeg's segment list).
 * Prints a table and refreshes the generated section of docs/benchmarks.md.
 */
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CACHE_DIR = join(REPO_ROOT, '.cache', 'bench');
const DOC = join(REPO_ROOT, 'docs', 'benchmarks.md');
/** Gaps up to this are timing noise, not loss (see stats.coverage). */
const TOLERANCE_MS = 1_000;
const SETTLE_MS = 5_000;
/** The first segment closes ~12 s after a camera connects; a camera still silent after this counts as losing from the window's start. */
const WARMUP_TIMEOUT_MS = 60_000;

const log = (line: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

interface Options {
  /** Re-render the table and the docs section from a saved results file instead of measuring. */
  fromJson: string | undefined;
  counts: number[];
  seconds: number;
  segmentSeconds: number;
  sampleSeconds: number;
  docs: boolean;
  /** Compare the recording write policies (bench/write-policy.ts) at the largest N instead. */
  writePolicy: boolean;
}

function options(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      n: { type: 'string', default: '1,8,16,32,64' },
      seconds: { type: 'string', default: '60' },
      segment: { type: 'string', default: '10' },
      sample: { type: 'string', default: '3' },
      'no-docs': { type: 'boolean', default: false },
      'write-policy': { type: 'boolean', default: false },
      'from-json': { type: 'string' },
    },
    strict: true,
  });
  const counts = values.n.split(',').map((s) => Number(s.trim()));
  const positive = (name: string, text: string) => {
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} expects a positive number, got ${text}`);
    return value;
  };
  if (counts.some((c) => !Number.isInteger(c) || c < 1 || c > 999)) throw new Error(`--n expects a list like 1,8,16, got ${values.n}`);
  return {
    fromJson: values['from-json'],
    counts,
    seconds: positive('seconds', values.seconds),
    segmentSeconds: positive('segment', values.segment),
    sampleSeconds: positive('sample', values.sample),
    docs: !values['no-docs'],
    writePolicy: values['write-policy'],
  };
}

/** Sync kill-switches for whatever runs now, used if the benchmark is interrupted. */
const cleanups = new Set<() => void>();

function onInterrupt(signal: NodeJS.Signals): void {
  log(`${signal}: stopping everything this benchmark started`);
  for (const cleanup of cleanups) cleanup();
  process.exit(130);
}

const cameraIds = (n: number) => Array.from({ length: n }, (_, i) => `cam${String(i + 1).padStart(2, '0')}`);

async function startServer(ids: string[], clip: string): Promise<RtspServer> {
  const mounts: Record<string, SourceSpec> = {};
  for (const id of ids) mounts[id] = `file:${clip}`;
  const server = await RtspServer.start(mounts);
  return server;
}

function serverCleanup(server: RtspServer): () => void {
  return () => {
    if (server.pid !== undefined) {
      try {
        process.kill(server.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  };
}

/**
 * Ask /api/health every 5 s through the window, as an open dashboard would,
 * and time the answers: Premises does its fsyncs and SQLite commits on the
 * event loop, so a slow answer shows the loop was blocked.
 */
async function probeHealth(premises: PremisesProcess, durationMs: number): Promise<number[]> {
  const latencies: number[] = [];
  const end = Date.now() + durationMs;
  while (Date.now() < end) {
    const wait = Math.min(5_000, end - Date.now());
    await sleepMs(wait);
    if (Date.now() >= end) break;
    const started = performance.now();
    try {
      await premises.health();
      latencies.push(performance.now() - started);
    } catch {
      latencies.push(Number.POSITIVE_INFINITY);
    }
  }
  return latencies;
}

async function premisesPhase(n: number, clip: string, opts: Options): Promise<PhaseResult> {
  const dir = tempDir('premises-bench-');
  const ids = cameraIds(n);
  const notes: string[] = [];
  const server = await startServer(ids, clip);
  const killServer = serverCleanup(server);
  cleanups.add(killServer);
  const removeDir = () => dir.remove();
  cleanups.add(removeDir);
  const config = await writeConfig(
    dir.path,
    ids.map((id) => ({ id, rtsp: server.url(id) })),
    { segment: `${opts.segmentSeconds}s`, rtspTimeout: '5s', downAlarm: '2m' },
  );
  const premises = PremisesProcess.start(config.path, config.port);
  const killPremises = () => premises.child.kill('SIGKILL');
  cleanups.add(killPremises);
  let recordingAtStart = 0;
  try {
    const health = await premises.waitFor(
      (h) => h.cameras.length === n && h.cameras.every((c) => c.lastSegmentAt !== null),
      WARMUP_TIMEOUT_MS,
      'every camera to close its first segment',
    );
    recordingAtStart = health.cameras.length;
  } catch (err) {
    if (premises.child.exitCode !== null) throw err;
    const health = await premises.health();
    recordingAtStart = health.cameras.filter((c) => c.lastSegmentAt !== null).length;
    notes.push(`only ${recordingAtStart} of ${n} cameras had closed a segment when the window opened`);
  }
  log(`premises N=${n}: ${recordingAtStart}/${n} recording; measuring ${opts.seconds} s`);
  const sampler = new Sampler(
    {
      node: select.pids(() => [premises.pid]),
      ffmpeg: select.descendants(() => premises.pid, (p) => p.comm === 'ffmpeg'),
      otherChildren: select.descendants(() => premises.pid, (p) => p.comm !== 'ffmpeg'),
      gst: (all) => [...select.pids(() => (server.pid === undefined ? [] : [server.pid]))(all), ...select.descendants(() => server.pid, () => true)(all)],
    },
    opts.sampleSeconds * 1000,
  );
  sampler.start();
  const latencies = await probeHealth(premises, opts.seconds * 1000);
  const window = sampler.stop();
  const stopTimer = setTimeout(() => {
    notes.push('Premises did not stop within 60 s of SIGTERM; killed');
    premises.child.kill('SIGKILL');
  }, 60_000);
  const exit = await premises.stop();
  clearTimeout(stopTimer);
  cleanups.delete(killPremises);
  await server.stop();
  cleanups.delete(killServer);
  if (exit.code !== 0) notes.push(`premises start exited with ${exit.code ?? exit.signal}: ${premises.output.join('').slice(-600)}`);

  const dataDir = join(dir.path, 'data');
  const rows = readIndex<{ camera_id: string; start_ms: number; end_ms: number }>(dataDir, 'SELECT camera_id, start_ms, end_ms FROM segments');
  const runs = readIndex<{ camera_id: string; end_reason: string | null }>(dataDir, 'SELECT camera_id, end_reason FROM runs');
  const quarantined = readIndex<{ n: number }>(dataDir, 'SELECT count(*) AS n FROM quarantine')[0]?.n ?? 0;
  const lostRows = readIndex<{ n: number }>(dataDir, 'SELECT count(*) AS n FROM lost_segments')[0]?.n ?? 0;
  const check = runCli(['check', '--config', config.path]);
  if (check.code !== 0) notes.push(`premises check exited ${check.code}: ${(check.stdout + check.stderr).trim().split('\n').slice(0, 5).join(' / ')}`);
  removeDir();
  cleanups.delete(removeDir);

  const span: Interval = { startMs: window.startMs, endMs: window.endMs };
  const byCamera = new Map<string, Interval[]>(ids.map((id) => [id, []]));
  for (const row of rows) byCamera.get(row.camera_id)?.push({ startMs: row.start_ms, endMs: row.end_ms });
  let lost = 0;
  let gapMs = 0;
  for (const [id, intervals] of byCamera) {
    const c = coverage(intervals, span, opts.segmentSeconds * 1000, TOLERANCE_MS);
    lost += c.lost;
    gapMs += c.gapsMs.reduce((a, b) => a + b, 0);
    if (c.lost > 0) notes.push(`${id}: ${c.gapsMs.map((g) => `${(g / 1000).toFixed(1)} s`).join(', ')} not covered`);
  }
  const reasons = new Map<string, number>();
  for (const run of runs) {
    if (run.end_reason === 'Premises is shutting down') continue;
    const key = run.end_reason ?? 'still open';
    reasons.set(key, (reasons.get(key) ?? 0) + 1);
  }
  for (const [reason, count] of reasons) notes.push(`${count} run(s) ended: ${reason.slice(0, 200)}`);
  const camerasWithRuns = new Set(runs.map((r) => r.camera_id)).size;
  return {
    kind: 'premises',
    n,
    window,
    recordingAtStart,
    segmentsInWindow: rows.filter((r) => r.end_ms > span.startMs && r.start_ms < span.endMs).length,
    lost,
    gapSeconds: gapMs / 1000,
    restarts: runs.length - camerasWithRuns,
    quarantined,
    lostRows,
    checkExit: check.code,
    exitCode: exit.code,
    healthLatencyMs: { median: median(latencies), max: max(latencies), count: latencies.length },
    notes,
  };
}

async function barePhase(n: number, clip: string, opts: Options): Promise<PhaseResult> {
  const dir = tempDir('premises-bench-bare-');
  const ids = cameraIds(n);
  const notes: string[] = [];
  const server = await startServer(ids, clip);
  const killServer = serverCleanup(server);
  cleanups.add(killServer);
  const removeDir = () => dir.remove();
  cleanups.add(removeDir);
  const bare = BareRecorders.start(
    ids.map((id) => ({ id, url: server.url(id) })),
    dir.path,
    opts.segmentSeconds,
  );
  const killBare = () => bare.killAll();
  cleanups.add(killBare);
  const recordingAtStart = await bare.waitForFirstSegments(WARMUP_TIMEOUT_MS);
  if (recordingAtStart < n) notes.push(`only ${recordingAtStart} of ${n} ffmpeg had closed a segment when the window opened`);
  log(`bare N=${n}: ${recordingAtStart}/${n} recording; measuring ${opts.seconds} s`);
  const sampler = new Sampler(
    {
      ffmpeg: select.pids(() => bare.pids()),
      gst: (all) => [...select.pids(() => (server.pid === undefined ? [] : [server.pid]))(all), ...select.descendants(() => server.pid, () => true)(all)],
    },
    opts.sampleSeconds * 1000,
  );
  sampler.start();
  await sleepMs(opts.seconds * 1000);
  const window = sampler.stop();
  await bare.stop();
  cleanups.delete(killBare);
  await server.stop();
  cleanups.delete(killServer);
  removeDir();
  cleanups.delete(removeDir);

  const span: Interval = { startMs: window.startMs, endMs: window.endMs };
  let lost = 0;
  let gapMs = 0;
  let segmentsInWindow = 0;
  let restarts = 0;
  for (const result of bare.results()) {
    const intervals = anchorSegments(result.segments);
    segmentsInWindow += intervals.filter((i) => i.endMs > span.startMs && i.startMs < span.endMs).length;
    const c = coverage(intervals, span, opts.segmentSeconds * 1000, TOLERANCE_MS);
    lost += c.lost;
    gapMs += c.gapsMs.reduce((a, b) => a + b, 0);
    if (c.lost > 0) notes.push(`${result.id}: ${c.gapsMs.map((g) => `${(g / 1000).toFixed(1)} s`).join(', ')} not covered`);
    if (result.exitedEarlyAtMs !== undefined) {
      restarts += 1;
      notes.push(`${result.id}: ffmpeg exited before the stop: ${result.stderrTail.join(' / ').slice(0, 300)}`);
    }
  }
  return {
    kind: 'bare',
    n,
    window,
    recordingAtStart,
    segmentsInWindow,
    lost,
    gapSeconds: gapMs / 1000,
    restarts,
    quarantined: 0,
    lostRows: 0,
    checkExit: null,
    exitCode: null,
    notes,
  };
}

function publish(ctx: RunContext, results: RunResult[], docs: boolean): void {
  process.stdout.write(`\n${renderText(results)}\n\n`);
  const notes = results.flatMap((r) => [...r.premises.notes, ...r.bare.notes]);
  if (notes.length > 0) process.stdout.write(`notes:\n${notes.map((n) => `  - ${n}`).join('\n')}\n`);
  if (docs) {
    writeSection(DOC, renderMarkdown(ctx, results));
    log(`wrote ${DOC}`);
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const opts = options(argv);
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  process.on('exit', () => {
    for (const cleanup of cleanups) cleanup();
  });
  mkdirSync(CACHE_DIR, { recursive: true });
  if (opts.fromJson !== undefined) {
    const saved = JSON.parse(readFileSync(opts.fromJson, 'utf8')) as { ctx: RunContext; results: RunResult[] };
    publish(saved.ctx, saved.results, opts.docs);
    return;
  }
  const machine = machineInfo();
  const ctx: RunContext = {
    command: `npm run bench:record${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    machine,
    seconds: opts.seconds,
    segmentSeconds: opts.segmentSeconds,
    sampleSeconds: opts.sampleSeconds,
    loadAverageAtStart: loadavg(),
  };
  // Each client gets the clip from its start: it must outlast the longest warm-up, the window and the stop.
  const clipSeconds = Math.max(150, Math.ceil(opts.seconds + WARMUP_TIMEOUT_MS / 1000 + 30));
  const clip = ensureSourceClip(CACHE_DIR, clipSeconds, log);
  log(`machine: ${machine.cores} cores, ${machine.cpuModel}, load ${ctx.loadAverageAtStart.map((v) => v.toFixed(2)).join(' ')}`);

  if (opts.writePolicy) {
    const n = Math.max(...opts.counts);
    const phases: PolicyPhase[] = [];
    for (const policy of ['buffered', 'fragments+fsync'] as const) phases.push(await writePolicyPhase(policy, n, clip, opts.seconds, opts.segmentSeconds, cleanups, log));
    const m = machine;
    const section = renderWritePolicy(phases, {
      command: ctx.command,
      date: ctx.date,
      machine: `${m.cores} cores (${m.cpuModel}), ${m.memGiB} GiB RAM, ${m.os}, kernel ${m.kernel}; Node ${m.node}; ${m.ffmpeg}`,
      load: ctx.loadAverageAtStart.map((v) => v.toFixed(2)).join(', '),
    });
    process.stdout.write(`\n${section}\n`);
    writeFileSync(join(CACHE_DIR, 'write-policy-latest.json'), JSON.stringify({ ctx, phases }, null, 2));
    if (opts.docs) {
      writeFileSync(DOC, spliceWritePolicy(readFileSync(DOC, 'utf8'), section));
      log(`wrote ${DOC}`);
    }
    return;
  }

  const results: RunResult[] = [];
  for (const n of opts.counts) {
    log(`N=${n}: Premises`);
    const premises = await premisesPhase(n, clip, opts);
    await sleepMs(SETTLE_MS);
    log(`N=${n}: bare ffmpeg`);
    const bare = await barePhase(n, clip, opts);
    await sleepMs(SETTLE_MS);
    results.push({ n, premises, bare });
    // Partial results survive an interrupted run.
    writeFileSync(join(CACHE_DIR, 'record-latest.json'), JSON.stringify({ ctx, results }, null, 2));
  }

  publish(ctx, results, opts.docs);
  writeFileSync(join(CACHE_DIR, `record-${ctx.date.replace(/[:]/g, '')}.json`), JSON.stringify({ ctx, results }, null, 2));
}

main().catch((err: unknown) => {
  log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  for (const cleanup of cleanups) cleanup();
  process.exit(1);
});
