/**
 * A real recorder under a bench: N cameras replayed by GStreamer's RTSP server from the recording benchmark's
 * clip (1080p15, 2 s GOP, no re-encoding, bench/machine.ts), recorded by the real `premises start` with 10 s
 * segments, and what the index says it kept. Shared by the benches that measure something else running beside
 * the recorder (`bench:activity -- --with-recorder`, `bench:redact -- --with-recorder`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PremisesProcess, readIndex, runCli, sleepMs, tempDir, writeConfig } from '../test/support/premises.js';
import { RtspServer, type SourceSpec } from '../test/support/rtsp.js';
import { ensureSourceClip } from './machine.js';
import { ticksPerSecond, type ProcStat } from './proc.js';
import { coverage, type Interval } from './stats.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CACHE_DIR = join(REPO_ROOT, '.cache', 'bench');
export const SEGMENT_SECONDS = 10;
/** Holes up to this long are the recorder's timing noise, not loss (bench/stats.ts). */
export const GAP_TOLERANCE_MS = 1_000;
const WARMUP_TIMEOUT_MS = 60_000;

export const benchLog = (line: string): void => void process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

/** Kill switches for everything a bench started, run on SIGINT/SIGTERM and at the end. */
export type Cleanups = Set<() => void>;

export async function withCleanups<T>(fn: (cleanups: Cleanups) => Promise<T>): Promise<T> {
  const cleanups: Cleanups = new Set();
  const interrupt = (signal: NodeJS.Signals) => {
    benchLog(`${signal}: stopping everything this benchmark started`);
    for (const c of cleanups) c();
    process.exit(130);
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  try {
    return await fn(cleanups);
  } finally {
    for (const c of cleanups) c();
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}

/**
 * The camera clip, at least `seconds` long: the RTSP server replays it once per client and ends, so it must
 * outlast the start-up, every window and the stop. Long clips are the cached 60 s clip repeated by stream copy
 * (30 whole GOPs, timestamps continued), which costs seconds instead of minutes of encoding.
 */
export function cameraClip(seconds: number): string {
  mkdirSync(CACHE_DIR, { recursive: true });
  if (seconds <= 210) return ensureSourceClip(CACHE_DIR, 210, benchLog);
  const rounds = Math.ceil(seconds / 60);
  const path = join(CACHE_DIR, `cam-1080p15-4M-${rounds * 60}s-copied.mp4`);
  if (existsSync(path)) return path;
  const unit = ensureSourceClip(CACHE_DIR, 60, benchLog);
  const list = join(CACHE_DIR, `repeat-${process.pid}.ffconcat`);
  writeFileSync(list, `ffconcat version 1.0\n${Array.from({ length: rounds }, () => `file '${unit}'\n`).join('')}`);
  const partial = `${path}.partial.mp4`;
  try {
    execFileSync('ffmpeg', ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', '-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', '-movflags', '+faststart', partial]);
    renameSync(partial, path);
  } finally {
    rmSync(list, { force: true });
    rmSync(partial, { force: true });
  }
  return path;
}

export interface Fleet {
  n: number;
  ids: string[];
  dir: { path: string; remove(): void };
  dataDir: string;
  configPath: string;
  premises: PremisesProcess;
  /** Cameras that had closed a segment when the first window could open. */
  recordingAtStart: number;
  notes: string[];
  /** This fleet's entries in the bench's cleanups. */
  kills: (() => void)[];
}

export interface FleetOptions {
  n: number;
  clip: string;
  /** Extra top-level config lines (e.g. `activity:`). */
  top?: string[];
  /** Runs on the data directory before the daemon starts (seed footage, access requests). */
  prepare?: (fleet: { dataDir: string; configPath: string }) => void | Promise<void>;
  tempPrefix: string;
}

/** Start the server and the daemon, and wait until every camera closed its first segment and the first ffprobe ended. */
export async function startFleet(opts: FleetOptions, cleanups: Cleanups): Promise<Fleet & { server: RtspServer }> {
  const dir = tempDir(opts.tempPrefix);
  const ids = Array.from({ length: opts.n }, (_, i) => `cam${String(i + 1).padStart(2, '0')}`);
  const notes: string[] = [];
  const mounts: Record<string, SourceSpec> = {};
  for (const id of ids) mounts[id] = `file:${opts.clip}`;
  const server = await RtspServer.start(mounts);
  const killServer = () => {
    if (server.pid !== undefined) process.kill(server.pid, 'SIGKILL');
  };
  cleanups.add(killServer);
  const config = await writeConfig(
    dir.path,
    ids.map((id) => ({ id, rtsp: server.url(id) })),
    { segment: `${SEGMENT_SECONDS}s`, rtspTimeout: '5s', downAlarm: '2m', top: opts.top },
  );
  const dataDir = join(dir.path, 'data');
  await opts.prepare?.({ dataDir, configPath: config.path });
  const premises = PremisesProcess.start(config.path, config.port);
  const killPremises = () => premises.child.kill('SIGKILL');
  cleanups.add(killPremises);
  let recordingAtStart = 0;
  try {
    recordingAtStart = (await premises.waitFor((h) => h.cameras.length >= opts.n && ids.every((id) => h.cameras.find((c) => c.id === id)?.lastSegmentAt != null), WARMUP_TIMEOUT_MS, 'every camera to close its first segment')).cameras.filter((c) => ids.includes(c.id)).length;
  } catch (err) {
    if (premises.child.exitCode !== null) {
      await server.stop();
      cleanups.delete(killServer);
      cleanups.delete(killPremises);
      dir.remove();
      throw err;
    }
    recordingAtStart = (await premises.health()).cameras.filter((c) => ids.includes(c.id) && c.lastSegmentAt !== null).length;
    notes.push(`only ${recordingAtStart} of ${opts.n} cameras had closed a segment when the window opened`);
  }
  // The first segment's ffprobe (codec details of the run) ends just after: let it finish outside any window.
  await sleepMs(5_000);
  return { n: opts.n, ids, dir, dataDir, configPath: config.path, premises, server, recordingAtStart, notes, kills: [killServer, killPremises] };
}

export interface StoppedFleet {
  rows: { camera_id: string; start_ms: number; end_ms: number }[];
  restarts: number;
  checkExit: number;
}

/** Stop the daemon (bounded: killed after 60 s, and said so), then the server; read the index and run `premises check`. */
export async function stopFleet(fleet: Fleet & { server: RtspServer }, cleanups: Cleanups): Promise<StoppedFleet> {
  const { premises, notes } = fleet;
  const stopTimer = setTimeout(() => {
    notes.push('Premises did not stop within 60 s of SIGTERM; killed');
    premises.child.kill('SIGKILL');
  }, 60_000);
  const exit = await premises.stop();
  clearTimeout(stopTimer);
  await fleet.server.stop();
  for (const kill of fleet.kills) cleanups.delete(kill);
  if (exit.code !== 0) notes.push(`premises start exited with ${exit.code ?? exit.signal}: ${premises.output.join('').slice(-600)}`);
  const rows = readIndex<{ camera_id: string; start_ms: number; end_ms: number }>(fleet.dataDir, 'SELECT camera_id, start_ms, end_ms FROM segments');
  const runs = readIndex<{ camera_id: string }>(fleet.dataDir, 'SELECT camera_id FROM runs').filter((r) => fleet.ids.includes(r.camera_id));
  const check = runCli(['check', '--config', fleet.configPath]);
  if (check.code !== 0) notes.push(`premises check exited ${check.code}: ${(check.stdout + check.stderr).trim().split('\n').slice(0, 5).join(' / ')}`);
  return { rows, restarts: runs.length - new Set(runs.map((r) => r.camera_id)).size, checkExit: check.code };
}

export interface CameraCoverage {
  id: string;
  /** Segments a window of this length holds (window / segment length). */
  expected: number;
  /** Segments of this camera overlapping the window. */
  recorded: number;
  lost: number;
  /** Holes longer than the tolerance, ms. */
  gapsMs: number[];
}

/** Per camera: what the index holds of `span` (the recording benchmark's rule, bench/stats.ts). */
export function coverageByCamera(rows: StoppedFleet['rows'], ids: readonly string[], span: Interval): CameraCoverage[] {
  const byCamera = new Map<string, Interval[]>(ids.map((id) => [id, []]));
  for (const row of rows) byCamera.get(row.camera_id)?.push({ startMs: row.start_ms, endMs: row.end_ms });
  return ids.map((id) => {
    const intervals = byCamera.get(id) ?? [];
    const c = coverage(intervals, span, SEGMENT_SECONDS * 1000, GAP_TOLERANCE_MS);
    return {
      id,
      expected: (span.endMs - span.startMs) / (SEGMENT_SECONDS * 1000),
      recorded: intervals.filter((i) => i.endMs > span.startMs && i.startMs < span.endMs).length,
      lost: c.lost,
      gapsMs: c.gapsMs,
    };
  });
}

/** The recorder's own ffmpegs, not the activity indexer's `-skip_frame nokey` ones. */
export function isRecorderFfmpeg(p: ProcStat): boolean {
  if (p.comm !== 'ffmpeg') return false;
  try {
    return !readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').includes('nokey');
  } catch {
    return false;
  }
}

/** CPU seconds of `pid`'s reaped children (cutime + cstime). */
export function reapedChildrenCpuSeconds(pid: number): number {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3; cutime and cstime are fields 16 and 17.
  return (Number(rest[13]) + Number(rest[14])) / ticksPerSecond();
}
