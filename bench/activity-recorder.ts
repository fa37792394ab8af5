/**
 * `npm run bench:activity -- --with-recorder [--n 16,64] [--seconds 120] [--activity-interval 2m]`:
 * recording with the activity index running, against the same recording without it, in one run.
 *
 * For each N, twice on fresh streams (first with the index, then `activity.enabled: false`): N cameras served by
 * GStreamer's RTSP server from the recording benchmark's clip (1080p15, 2 s GOP, replayed without re-encoding,
 * bench/record.ts), recorded by the real `premises start` with 10 s segments and the indexer as configured in
 * production (analysis every `activity.interval`, batches of one run's segments, one ffmpeg at a time, nice 10).
 *
 * - Recorder CPU: the daemon's long-running ffmpeg children, sampled from /proc (bench/sampler.ts).
 * - Indexer CPU: the daemon's reaped children during the window (cutime + cstime of `premises start`): the
 *   recorder's ffmpegs do not end in a clean window, ffprobe runs only at start and stop, so what is reaped is the
 *   indexer's short ffmpegs. Given per camera over the window and per second of footage analysed.
 * - Backlog: segments without an activity row, polled from the index every 10 s (read-only); at the window's end
 *   their number and the age of the oldest. The index follows by design about one interval behind.
 * - Segments lost: the recording benchmark's rule (bench/stats.ts coverage), then `premises check`.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sleepMs } from '../test/support/premises.js';
import { ensureSourceClip, machineInfo } from './machine.js';
import { benchLog as log, CACHE_DIR, coverageByCamera, isRecorderFfmpeg, reapedChildrenCpuSeconds as childCpuSeconds, SEGMENT_SECONDS, startFleet, stopFleet, withCleanups, type Cleanups } from './recorder-fleet.js';
import { Sampler, select, type WindowSummary } from './sampler.js';
import type { Interval } from './stats.js';

const WARMUP_TIMEOUT_MS = 60_000;
const POLL_MS = 10_000;

export interface WithRecorderOptions {
  counts: number[];
  seconds: number;
  /** activity.interval as written in the config (production default 2m). */
  interval: string;
  /** Each configuration this many times (the machine is shared): the summary quotes medians. */
  repeat: number;
}

interface Phase {
  indexer: boolean;
  n: number;
  run: number;
  window: WindowSummary;
  recordingAtStart: number;
  lost: number;
  segmentsInWindow: number;
  restarts: number;
  checkExit: number;
  /** Reaped children's CPU seconds during the window (the indexer's ffmpegs). */
  indexerCpuSeconds: number;
  /** Segments analysed during the window, and their footage in seconds. */
  analysedInWindow: number;
  analysedFootageSeconds: number;
  /** At each poll: [seconds into the window, pending segments]. */
  pending: [number, number][];
  pendingAtEnd: number;
  oldestPendingAgeSecondsAtEnd: number;
  /** Segments closed during the window (arriving), and rows analysed with only their first keyframe. */
  arrivedInWindow: number;
  thinnedInWindow: number;
  notes: string[];
}

interface IndexState {
  pending: number;
  oldestPendingEndMs: number | null;
  analysed: number;
  analysedMs: number;
  segments: number;
  thinned: number;
}

function indexState(dataDir: string): IndexState {
  const db = new Database(join(dataDir, 'index.db'), { readonly: true, fileMustExist: true });
  try {
    const pending = db
      .prepare('SELECT count(*) AS n, min(s.end_ms) AS oldest FROM segments s LEFT JOIN activity a ON a.segment_id = s.id WHERE a.segment_id IS NULL')
      .get() as { n: number; oldest: number | null };
    const done = db
      .prepare('SELECT count(*) AS n, coalesce(sum(s.end_ms - s.start_ms), 0) AS ms, coalesce(sum(a.thinned), 0) AS thinned FROM activity a JOIN segments s ON s.id = a.segment_id')
      .get() as { n: number; ms: number; thinned: number };
    const segments = (db.prepare('SELECT count(*) AS n FROM segments').get() as { n: number }).n;
    return { pending: pending.n, oldestPendingEndMs: pending.oldest, analysed: done.n, analysedMs: done.ms, segments, thinned: done.thinned };
  } finally {
    db.close();
  }
}

async function phase(n: number, indexer: boolean, run: number, clip: string, opts: WithRecorderOptions, cleanups: Cleanups): Promise<Phase> {
  const fleet = await startFleet({ n, clip, tempPrefix: 'premises-bench-activity-rec-', top: ['activity:', `  enabled: ${indexer}`, `  interval: ${opts.interval}`] }, cleanups);
  const { premises, dataDir, recordingAtStart, notes } = fleet;
  log(`N=${n} ${indexer ? 'with' : 'without'} the activity index: ${recordingAtStart}/${n} recording; measuring ${opts.seconds} s`);
  const sampler = new Sampler(
    {
      node: select.pids(() => [premises.pid]),
      recorder: select.descendants(() => premises.pid, isRecorderFfmpeg),
    },
    3_000,
  );
  const startCpu = childCpuSeconds(premises.pid);
  const startIndex = indexState(dataDir);
  sampler.start();
  const pending: [number, number][] = [];
  const windowStart = Date.now();
  const end = windowStart + opts.seconds * 1000;
  let last = startIndex;
  while (Date.now() < end) {
    await sleepMs(Math.min(POLL_MS, end - Date.now()));
    last = indexState(dataDir);
    pending.push([Math.round((Date.now() - windowStart) / 1000), last.pending]);
  }
  const window = sampler.stop();
  const endCpu = childCpuSeconds(premises.pid);
  const stopped = await stopFleet(fleet, cleanups);
  fleet.dir.remove();

  const span: Interval = { startMs: window.startMs, endMs: window.endMs };
  let lost = 0;
  for (const c of coverageByCamera(stopped.rows, fleet.ids, span)) {
    lost += c.lost;
    if (c.lost > 0) notes.push(`${c.id}: ${c.gapsMs.map((g) => `${(g / 1000).toFixed(1)} s`).join(', ')} not covered`);
  }
  return {
    indexer,
    n,
    run,
    window,
    recordingAtStart,
    lost,
    segmentsInWindow: stopped.rows.filter((r) => r.end_ms > span.startMs && r.start_ms < span.endMs).length,
    restarts: stopped.restarts,
    checkExit: stopped.checkExit,
    indexerCpuSeconds: endCpu - startCpu,
    analysedInWindow: last.analysed - startIndex.analysed,
    analysedFootageSeconds: (last.analysedMs - startIndex.analysedMs) / 1000,
    pending,
    pendingAtEnd: last.pending,
    oldestPendingAgeSecondsAtEnd: last.oldestPendingEndMs === null ? 0 : (window.endMs - last.oldestPendingEndMs) / 1000,
    arrivedInWindow: last.segments - startIndex.segments,
    thinnedInWindow: last.thinned - startIndex.thinned,
    notes,
  };
}

interface Figures {
  recorderPerStream: number;
  recorderSum: number;
  node: number;
  indexerPerCamera: number;
  indexerPerFootageSecond: number;
  arrivingPerSecond: number;
  analysedPerSecond: number;
  busy: number;
}

function figures(p: Phase, phases: Phase[]): Figures {
  const wallS = (p.window.endMs - p.window.startMs) / 1000;
  const rec = p.window.groups['recorder']?.cpuPct ?? NaN;
  // What the run without the index reaped (the first segment's ffprobe and the like), per second, same N.
  const offs = phases.filter((x) => x.n === p.n && !x.indexer);
  const offPerSecond = offs.length ? median(offs.map((o) => o.indexerCpuSeconds / ((o.window.endMs - o.window.startMs) / 1000))) : 0;
  const net = p.indexerCpuSeconds - offPerSecond * wallS;
  return {
    recorderPerStream: rec / p.n,
    recorderSum: rec,
    node: p.window.groups['node']?.cpuPct ?? NaN,
    indexerPerCamera: (p.indexerCpuSeconds / wallS / p.n) * 100,
    indexerPerFootageSecond: p.analysedFootageSeconds > 0 ? (net / p.analysedFootageSeconds) * 100 : NaN,
    arrivingPerSecond: p.arrivedInWindow / wallS,
    analysedPerSecond: p.analysedInWindow / wallS,
    busy: p.window.systemBusyPct,
  };
}

function median(values: number[]): number {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? (v[mid] as number) : ((v[mid - 1] as number) + (v[mid] as number)) / 2;
}

const f = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '–');

function render(phases: Phase[], header: string[]): string {
  const lines = [
    ...header,
    '',
    '| N | index | run | segments lost | restarts | `premises check` | recorder ffmpeg CPU per stream (sum) | Node CPU | indexer CPU per camera over the window | indexer CPU per second of footage analysed (net) | arriving / analysed, segments per s | thinned in the window | pending at the end (oldest, s) | machine busy % of both cores |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const p of phases) {
    const x = figures(p, phases);
    const indexCols = p.indexer
      ? `${f(x.indexerPerCamera)} % | ${f(x.indexerPerFootageSecond)} % | ${f(x.arrivingPerSecond)} / ${f(x.analysedPerSecond)} | ${p.thinnedInWindow} | ${p.pendingAtEnd} (${f(p.oldestPendingAgeSecondsAtEnd, 0)})`
      : `(${f(x.indexerPerCamera)} %) | – | ${f(x.arrivingPerSecond)} / – | – | –`;
    lines.push(
      `| ${p.n} | ${p.indexer ? 'on' : 'off'} | ${p.run} | ${p.lost} | ${p.restarts} | ${p.checkExit} | ${f(x.recorderPerStream)} % (${f(x.recorderSum)} %) | ${f(x.node)} % | ${indexCols} | ${f(x.busy, 0)} |`,
    );
  }
  const keys = [...new Set(phases.map((p) => `${p.n}:${p.indexer}`))];
  if (phases.length > keys.length) {
    lines.push('', 'Medians over the runs of each configuration:', '');
    lines.push('| N | index | runs | segments lost (max) | recorder CPU per stream | Node CPU | indexer CPU per camera | indexer CPU per second of footage | arriving / analysed per s | thinned | pending at the end | machine busy % |');
    lines.push('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const key of keys) {
      const group = phases.filter((p) => `${p.n}:${p.indexer}` === key);
      const xs = group.map((p) => figures(p, phases));
      const m = (pick: (x: Figures) => number) => median(xs.map(pick));
      const g = group[0] as Phase;
      lines.push(
        `| ${g.n} | ${g.indexer ? 'on' : 'off'} | ${group.length} | ${Math.max(...group.map((p) => p.lost))} | ${f(m((x) => x.recorderPerStream))} % | ${f(m((x) => x.node))} % | ${g.indexer ? `${f(m((x) => x.indexerPerCamera))} %` : '–'} | ${g.indexer ? `${f(m((x) => x.indexerPerFootageSecond))} %` : '–'} | ${f(m((x) => x.arrivingPerSecond))} / ${g.indexer ? f(m((x) => x.analysedPerSecond)) : '–'} | ${g.indexer ? median(group.map((p) => p.thinnedInWindow)) : '–'} | ${g.indexer ? median(group.map((p) => p.pendingAtEnd)) : '–'} | ${f(m((x) => x.busy), 0)} |`,
      );
    }
  }
  lines.push('');
  for (const p of phases.filter((x) => x.indexer)) lines.push(`- N=${p.n} run ${p.run}, pending segments every ${POLL_MS / 1000} s of the window: ${p.pending.map(([sec, c]) => `${sec} s: ${c}`).join(', ')}`);
  const notes = phases.flatMap((p) => p.notes.map((note) => `- N=${p.n} ${p.indexer ? 'on' : 'off'} run ${p.run}: ${note}`));
  return [...lines, ...notes].join('\n');
}

export async function withRecorder(opts: WithRecorderOptions, argv: string[]): Promise<void> {
  await withCleanups(async (cleanups) => {
    const clip = ensureSourceClip(CACHE_DIR, Math.max(210, Math.ceil(opts.seconds + WARMUP_TIMEOUT_MS / 1000 + 30)), log);
    const m = machineInfo();
    const loads: string[] = [];
    const phases: Phase[] = [];
    for (let run = 1; run <= opts.repeat; run += 1) for (const n of opts.counts) {
      for (const indexer of [true, false]) {
        const load = loadavg().map((v) => v.toFixed(2)).join(', ');
        phases.push(await phase(n, indexer, run, clip, opts, cleanups));
        // Partial results survive an interrupted run.
        writeFileSync(join(CACHE_DIR, 'activity-recorder-latest.json'), JSON.stringify(phases, null, 2));
        log(render(phases.slice(-1), []));
        loads.push(`N=${n} ${indexer ? 'on' : 'off'} run ${run}: ${load} at the start, ${loadavg().map((v) => v.toFixed(2)).join(', ')} at the end`);
        await sleepMs(5_000);
      }
    }
    process.stdout.write(
      `${render(phases, [
        `Command: \`npm run bench:activity -- ${argv.join(' ')}\`, ${new Date().toISOString().slice(0, 16)}Z`,
        `Machine: ${m.cores} cores (${m.cpuModel}), ${m.memGiB} GiB RAM, ${m.os}; Node ${m.node}; ${m.ffmpeg}; ${m.gstreamer}`,
        `Load average (1, 5, 15 min; the machine is shared): ${loads.join('; ')}`,
        `Each phase: N cameras (1080p15 H.264 ~4 Mbit/s, 2 s GOP, replayed by GStreamer's RTSP server), ${SEGMENT_SECONDS} s segments, activity.interval ${opts.interval}, window ${opts.seconds} s from the moment every camera closed its first segment.`,
      ])}\n`,
    );
  });
}
