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
}

interface Phase {
  indexer: boolean;
  n: number;
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
  notes: string[];
}

interface IndexState {
  pending: number;
  oldestPendingEndMs: number | null;
  analysed: number;
  analysedMs: number;
}

function indexState(dataDir: string): IndexState {
  const db = new Database(join(dataDir, 'index.db'), { readonly: true, fileMustExist: true });
  try {
    const pending = db
      .prepare('SELECT count(*) AS n, min(s.end_ms) AS oldest FROM segments s LEFT JOIN activity a ON a.segment_id = s.id WHERE a.segment_id IS NULL')
      .get() as { n: number; oldest: number | null };
    const done = db.prepare('SELECT count(*) AS n, coalesce(sum(s.end_ms - s.start_ms), 0) AS ms FROM activity a JOIN segments s ON s.id = a.segment_id').get() as { n: number; ms: number };
    return { pending: pending.n, oldestPendingEndMs: pending.oldest, analysed: done.n, analysedMs: done.ms };
  } finally {
    db.close();
  }
}

async function phase(n: number, indexer: boolean, clip: string, opts: WithRecorderOptions, cleanups: Cleanups): Promise<Phase> {
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
    notes,
  };
}

function render(phases: Phase[], header: string[]): string {
  const f = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '–');
  const lines = [
    ...header,
    '',
    '| N | activity index | segments lost | restarts | `premises check` | recorder ffmpeg CPU per stream (sum) | Node CPU | indexer CPU per camera over the window (children reaped; without the index: what else was reaped) | indexer CPU per second of footage analysed, net of the run without the index | segments analysed in the window | pending at the end (oldest, s) | machine busy % of both cores |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const p of phases) {
    const wallS = (p.window.endMs - p.window.startMs) / 1000;
    const rec = p.window.groups['recorder'];
    const node = p.window.groups['node'];
    const off = phases.find((x) => x.n === p.n && !x.indexer);
    const offPerSecond = off ? off.indexerCpuSeconds / ((off.window.endMs - off.window.startMs) / 1000) : 0;
    const net = p.indexerCpuSeconds - offPerSecond * wallS;
    const indexCols = p.indexer
      ? `${f((p.indexerCpuSeconds / wallS / p.n) * 100)} % | ${p.analysedFootageSeconds > 0 ? `${f((net / p.analysedFootageSeconds) * 100)} %` : '–'} | ${p.analysedInWindow} | ${p.pendingAtEnd} (${f(p.oldestPendingAgeSecondsAtEnd, 0)})`
      : `(${f((p.indexerCpuSeconds / wallS / p.n) * 100)} %) | – | – | –`;
    lines.push(
      `| ${p.n} | ${p.indexer ? 'on' : 'off'} | ${p.lost} | ${p.restarts} | ${p.checkExit} | ${f((rec?.cpuPct ?? NaN) / p.n)} % (${f(rec?.cpuPct ?? NaN)} %) | ${f(node?.cpuPct ?? NaN)} % | ${indexCols} | ${f(p.window.systemBusyPct, 0)} |`,
    );
  }
  lines.push('');
  for (const p of phases.filter((x) => x.indexer)) lines.push(`- N=${p.n}, pending segments every ${POLL_MS / 1000} s of the window: ${p.pending.map(([s, c]) => `${s} s: ${c}`).join(', ')}`);
  const notes = phases.flatMap((p) => p.notes.map((note) => `- N=${p.n} ${p.indexer ? 'on' : 'off'}: ${note}`));
  return [...lines, ...notes].join('\n');
}

export async function withRecorder(opts: WithRecorderOptions, argv: string[]): Promise<void> {
  await withCleanups(async (cleanups) => {
    const clip = ensureSourceClip(CACHE_DIR, Math.max(210, Math.ceil(opts.seconds + WARMUP_TIMEOUT_MS / 1000 + 30)), log);
    const m = machineInfo();
    const loads: string[] = [];
    const phases: Phase[] = [];
    for (const n of opts.counts) {
      for (const indexer of [true, false]) {
        const load = loadavg().map((v) => v.toFixed(2)).join(', ');
        phases.push(await phase(n, indexer, clip, opts, cleanups));
        // Partial results survive an interrupted run.
        writeFileSync(join(CACHE_DIR, 'activity-recorder-latest.json'), JSON.stringify(phases, null, 2));
        log(render(phases.slice(-1), []));
        loads.push(`N=${n} ${indexer ? 'on' : 'off'}: ${load} at the start, ${loadavg().map((v) => v.toFixed(2)).join(', ')} at the end`);
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
