/**
 * `npm run bench:redact -- --with-recorder 16 [--seconds 60] [--baseline 60]`: does a redaction starve the recorder?
 *
 * One real daemon records N cameras (1080p15 ~4 Mbit/s, 2 s GOP, replayed by GStreamer's RTSP server, 10 s
 * segments, the activity index as in production; bench/recorder-fleet.ts). Before it starts, a scene with three
 * moving faces (test/support/face-clip.ts) is put into its index as earlier footage of two more cameras, `door720`
 * (1280×720) and `door1080` (1920×1080), `--seconds` long at 15 fps, with an access request for each. Then, in one run:
 *
 * 1. baseline: the recorder alone for `--baseline` seconds;
 * 2. for each clip, a whole redaction job through the real CLI, as a person would run it beside the daemon:
 *    `redact start` (cut, detect, track, review frames), `redact show --json`, `redact pick` (the requester by a
 *    point), `redact publish` (blur, encode, signed export).
 *
 * Reported: the job's wall time and CPU seconds (the CLI process and its ffmpegs: this process's cutime + cstime
 * across each command), the nice value of the thread running TensorFlow.js and of the ffmpegs it started (read
 * from /proc every second), the recorder's ffmpeg CPU per stream and the daemon's Node CPU in each window
 * (bench/sampler.ts), and per camera the segments a window holds, those recorded and those lost (the recording
 * benchmark's rule, bench/stats.ts coverage), every hole in each camera's timeline over the whole run, restarts,
 * and `premises check`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../src/db/open.js';
import { claimRecordings } from '../src/segments/ownership.js';
import { DataLayout } from '../src/shared/data-layout.js';
import { CLIP_W, FACE_SIDE, faceAt, FACES, faceSceneSource } from '../test/support/face-clip.js';
import { addRecordedRun } from '../test/support/footage.js';
import { CLI, runCli, sleepMs } from '../test/support/premises.js';
import { machineInfo } from './machine.js';
import { allProcesses, descendantsOf } from './proc.js';
import {
  benchLog as log,
  CACHE_DIR,
  cameraClip,
  coverageByCamera,
  isRecorderFfmpeg,
  reapedChildrenCpuSeconds,
  SEGMENT_SECONDS,
  startFleet,
  stopFleet,
  withCleanups,
  type CameraCoverage,
} from './recorder-fleet.js';
import { Sampler, select, type WindowSummary } from './sampler.js';

const FPS = 15;
const CLIPS = [
  { label: '720p15', camera: 'door720', width: 1280, height: 720 },
  { label: '1080p15', camera: 'door1080', width: 1920, height: 1080 },
] as const;
type ClipSpec = (typeof CLIPS)[number];

const CLIP_LABELS: readonly string[] = CLIPS.map((c) => c.label);

/** The flags of this mode, for bench/redact.ts's parseArgs (`--seconds` is shared: the length of each clip). */
export const WITH_RECORDER_FLAGS = {
  'with-recorder': { type: 'string' },
  baseline: { type: 'string', default: '60' },
  'max-minutes': { type: 'string', default: '10' },
  clips: { type: 'string', default: CLIP_LABELS.join(',') },
} as const;

export function withRecorderOptions(values: { seconds: string; 'with-recorder'?: string; baseline: string; 'max-minutes': string; clips: string }): RedactWithRecorderOptions {
  const cameras = Number(values['with-recorder']);
  const clipSeconds = Number(values.seconds);
  const baselineSeconds = Number(values.baseline);
  const maxMinutes = Number(values['max-minutes']);
  const clips = values.clips.split(',').map((c) => c.trim());
  if (!Number.isInteger(cameras) || cameras < 1 || cameras > 64) throw new Error(`--with-recorder expects a number of cameras from 1 to 64, got ${values['with-recorder']}`);
  if (!Number.isFinite(clipSeconds) || clipSeconds < 10) throw new Error(`--seconds expects at least 10, got ${values.seconds}`);
  if (!Number.isFinite(baselineSeconds) || baselineSeconds < 10) throw new Error(`--baseline expects at least 10, got ${values.baseline}`);
  if (!Number.isFinite(maxMinutes) || maxMinutes < 1) throw new Error(`--max-minutes expects at least 1, got ${values['max-minutes']}`);
  if (clips.some((c) => !CLIP_LABELS.includes(c))) throw new Error(`--clips expects a list of ${CLIP_LABELS.join(', ')}, got ${values.clips}`);
  return { cameras, clips, clipSeconds, baselineSeconds, deadlineMs: Date.now() + maxMinutes * 60_000 };
}

export interface RedactWithRecorderOptions {
  cameras: number;
  /** Which of CLIP_LABELS to redact, in this order. */
  clips: readonly string[];
  /** Length of each face clip redacted, seconds. */
  clipSeconds: number;
  baselineSeconds: number;
  /** The whole run is bounded: a command still running at this wall-clock time is killed and said so. */
  deadlineMs: number;
}

/**
 * CPU ticks a command used at each nice value, read from /proc every second per thread: its main thread (where
 * TensorFlow.js and the blur run), its other threads, and its ffmpegs' threads. Weighted by CPU so that the
 * first instants of a command (Node starting, before it lowers its priority) count for what they cost.
 */
interface Niceness {
  mainThread: Map<number, number>;
  otherThreads: Map<number, number>;
  ffmpeg: Map<number, number>;
}

interface CommandRun {
  args: string[];
  code: number | null;
  out: string;
  err: string;
  wallS: number;
  cpuS: number;
}

interface JobResult {
  clip: ClipSpec;
  analyse: CommandRun;
  publish: CommandRun | undefined;
  /** show + pick: a person's review, done by the bench in a second. */
  review: CommandRun[];
  tracks: string;
  nice: Niceness;
  window: WindowSummary;
  loadAtStart: string;
  loadAtEnd: string;
  notes: string[];
}

/** Nice value and CPU ticks (utime + stime) of one thread. */
function threadStat(statPath: string): { nice: number; ticks: number } | undefined {
  try {
    const text = readFileSync(statPath, 'utf8');
    // After "pid (comm) ": state is field 3, utime 14, stime 15, nice 19.
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { nice: Number(rest[16]), ticks: Number(rest[11]) + Number(rest[12]) };
  } catch {
    return undefined; // ended while we looked
  }
}

function watchNiceness(pid: number, into: Niceness): () => void {
  const seen = new Map<string, number>();
  const account = (proc: number, into: { main: Map<number, number>; others: Map<number, number> }) => {
    let tids: string[] = [];
    try {
      tids = readdirSync(`/proc/${proc}/task`);
    } catch {
      return;
    }
    for (const tid of tids) {
      const t = threadStat(`/proc/${proc}/task/${tid}/stat`);
      if (!t) continue;
      const key = `${proc}/${tid}`;
      const delta = t.ticks - (seen.get(key) ?? 0);
      seen.set(key, t.ticks);
      const map = Number(tid) === proc ? into.main : into.others;
      map.set(t.nice, (map.get(t.nice) ?? 0) + delta);
    }
  };
  const look = () => {
    account(pid, { main: into.mainThread, others: into.otherThreads });
    for (const child of descendantsOf(pid, allProcesses())) {
      if (child.comm === 'ffmpeg') account(child.pid, { main: into.ffmpeg, others: into.ffmpeg });
    }
  };
  const timer = setInterval(look, 1_000);
  setTimeout(look, 300);
  return () => clearInterval(timer);
}

/** The real CLI in a child process (the sampler and the niceness watch keep running meanwhile). */
async function cli(args: string[], configPath: string, deadlineMs: number, nice?: Niceness): Promise<CommandRun> {
  const cpu0 = reapedChildrenCpuSeconds(process.pid);
  const t0 = performance.now();
  const child = spawn(process.execPath, [CLI, ...args, '--config', configPath], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, USER: 'bench' } });
  const stopWatch = nice && child.pid !== undefined ? watchNiceness(child.pid, nice) : () => undefined;
  let out = '';
  let err = '';
  const bound = setTimeout(() => {
    err += `\nkilled: still running at the bench's time bound`;
    child.kill('SIGKILL');
  }, Math.max(0, deadlineMs - Date.now()));
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  }).finally(() => {
    clearTimeout(bound);
    stopWatch();
  });
  return { args, code, out, err, wallS: (performance.now() - t0) / 1000, cpuS: reapedChildrenCpuSeconds(process.pid) - cpu0 };
}

const load = () => loadavg().map((v) => v.toFixed(1)).join(', ');

async function redactionJob(clip: ClipSpec, requestId: number, t0: number, opts: RedactWithRecorderOptions, configPath: string, daemonPid: number): Promise<JobResult> {
  const notes: string[] = [];
  const nice: Niceness = { mainThread: new Map(), otherThreads: new Map(), ffmpeg: new Map() };
  const sampler = new Sampler({ node: select.pids(() => [daemonPid]), recorder: select.descendants(() => daemonPid, isRecorderFfmpeg) }, 3_000);
  const loadAtStart = load();
  sampler.start();
  const at = (ms: number) => new Date(ms).toISOString();
  const analyse = await cli(
    ['redact', 'start', '--request', String(requestId), '--camera', clip.camera, '--from', at(t0), '--to', at(t0 + opts.clipSeconds * 1000),
      '--reason', `access request ${requestId}`, '--requested-by', 'the person filmed', '--legal-basis', 'PIPA s.23'],
    configPath,
    opts.deadlineMs,
    nice,
  );
  const job = /redaction (r\S+):/.exec(analyse.err)?.[1];
  let publish: CommandRun | undefined;
  const review: CommandRun[] = [];
  if (analyse.code !== 0 || !job) {
    notes.push(`redact start exited ${analyse.code}: ${(analyse.err + analyse.out).trim().slice(-400)}`);
  } else {
    const show = await cli(['redact', 'show', job, '--json'], configPath, opts.deadlineMs);
    review.push(show);
    const frames = JSON.parse(show.out) as { at: string; atMs: number }[];
    const frame = frames.find((f) => f.atMs >= t0 + 1000) ?? frames[0];
    let allBlurred = true;
    if (frame) {
      const scale = clip.width / CLIP_W;
      const face = faceAt(FACES[0]!, (frame.atMs - t0) / 1000);
      const pick = await cli(
        ['redact', 'pick', job, '--camera', clip.camera, '--at', frame.at, '--x', String(Math.round((face.x + FACE_SIDE / 2) * scale)), '--y', String(Math.round((face.y + FACE_SIDE / 2) * scale))],
        configPath,
        opts.deadlineMs,
      );
      review.push(pick);
      if (pick.code === 0) allBlurred = false;
      else notes.push(`redact pick exited ${pick.code} (${pick.err.trim()}); published with every face blurred`);
    }
    publish = await cli(['redact', 'publish', job, ...(allBlurred ? ['--all-blurred'] : [])], configPath, opts.deadlineMs, nice);
    if (publish.code !== 0) notes.push(`redact publish exited ${publish.code}: ${(publish.err + publish.out).trim().slice(-400)}`);
  }
  const window = sampler.stop();
  return { clip, analyse, publish, review, tracks: /(\d+) face track/.exec(analyse.out)?.[1] ?? '?', nice, window, loadAtStart, loadAtEnd: load(), notes };
}

/** The face scene at one size, encoded once (1–2 minutes on a loaded machine) and cached: H.264, 2 s GOP like the cameras. */
function faceClip(c: ClipSpec, seconds: number): string {
  const path = join(CACHE_DIR, `faces-${c.label}-${seconds}s.mp4`);
  if (existsSync(path)) return path;
  log(`encoding ${seconds} s of the face scene at ${c.label} once (cached at ${path})`);
  const partial = `${path}.partial.mp4`;
  execFileSync('ffmpeg', [
    '-nostdin', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `${faceSceneSource(FPS)},scale=${c.width}:${c.height}`, '-t', String(seconds),
    '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-bf', '0', '-g', '30', '-keyint_min', '30', '-sc_threshold', '0',
    '-b:v', c.width === 1920 ? '4M' : '2M', partial,
  ]);
  renameSync(partial, path);
  return path;
}

/** Seed the face scenes as earlier footage of two cameras not in the config (nothing records them now), and a request for each. */
function seedFootage(dataDir: string, configPath: string, t0: number, seconds: number, clips: readonly ClipSpec[]): number[] {
  const layout = new DataLayout(dataDir);
  mkdirSync(layout.recordingsRoot, { recursive: true });
  const db = openDb(layout.indexPath);
  try {
    // As the daemon does on an empty data directory, so that it takes the seeded footage as its own.
    claimRecordings(layout, db);
    for (const c of clips) addRecordedRun(db, layout, c.camera, { startMs: t0, seconds, segmentSeconds: SEGMENT_SECONDS, file: faceClip(c, seconds) });
  } finally {
    db.close();
  }
  return clips.map((c) => {
    const r = runCli([
      'request', 'add', '--requester', 'A. Person', '--identity', 'photo ID checked at the counter', '--received', new Date(t0).toISOString().slice(0, 10),
      '--camera', c.camera, '--from', new Date(t0).toISOString(), '--to', new Date(t0 + seconds * 1000).toISOString(),
      '--description', 'customer asks for footage of herself', '--json', '--config', configPath,
    ]);
    if (r.code !== 0) throw new Error(`request add failed: ${r.stderr}`);
    return (JSON.parse(r.stdout) as { id: number }).id;
  });
}

const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '–');
/** "10 (98 %), 0 (2 %)": each nice value with its share of the CPU ticks seen. */
const niceShares = (m: Map<number, number>) => {
  const total = [...m.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return '–';
  return [...m.entries()].filter(([, t]) => t > 0).sort((a, b) => b[1] - a[1]).map(([n, t]) => `${n} (${Math.round((t / total) * 100)} %)`).join(', ');
};

interface WindowRow {
  name: string;
  window: WindowSummary;
  cameras: CameraCoverage[];
}

function render(header: string[], jobs: JobResult[], windows: WindowRow[], n: number, whole: CameraCoverage[], restarts: number, checkExit: number, notes: string[]): string {
  const lines = [...header, ''];
  lines.push('| clip | analysis (`redact start`) wall / CPU s | review (`show` + `pick`) wall s | publish wall / CPU s | whole job wall / CPU s | tracks | nice (share of CPU ticks): main thread (TensorFlow.js, blur) / other threads / ffmpegs |');
  lines.push('|---|---:|---:|---:|---:|---|---|');
  for (const j of jobs) {
    const reviewWall = j.review.reduce((s, r) => s + r.wallS, 0);
    const wall = j.analyse.wallS + (j.publish?.wallS ?? 0);
    const cpu = j.analyse.cpuS + (j.publish?.cpuS ?? 0);
    lines.push(
      `| ${j.clip.label}, ${j.clip.camera} | ${f1(j.analyse.wallS)} / ${f1(j.analyse.cpuS)} | ${f1(reviewWall)} | ${j.publish ? `${f1(j.publish.wallS)} / ${f1(j.publish.cpuS)}` : '–'} | ${f1(wall)} / ${f1(cpu)} | ${j.tracks} | ${niceShares(j.nice.mainThread)} / ${niceShares(j.nice.otherThreads)} / ${niceShares(j.nice.ffmpeg)} |`,
    );
  }
  lines.push('');
  lines.push(`| window | length s | recorder ffmpeg CPU per stream (sum over ${n}) | daemon Node CPU | machine busy % of both cores | load average at start → end | segments per camera expected / recorded (min–max) | lost (all cameras) |`);
  lines.push('|---|---:|---:|---:|---:|---|---|---:|');
  for (const w of windows) {
    const rec = w.window.groups['recorder'];
    const node = w.window.groups['node'];
    const recorded = w.cameras.map((c) => c.recorded);
    const job = jobs.find((j) => `redaction of ${j.clip.label}` === w.name);
    lines.push(
      `| ${w.name} | ${f1((w.window.endMs - w.window.startMs) / 1000)} | ${f2((rec?.cpuPct ?? NaN) / n)} % (${f1(rec?.cpuPct ?? NaN)} %) | ${f1(node?.cpuPct ?? NaN)} % | ${f1(w.window.systemBusyPct)} | ${job ? `${job.loadAtStart} → ${job.loadAtEnd}` : ''} | ${f1(w.cameras[0]?.expected ?? NaN)} / ${Math.min(...recorded)}–${Math.max(...recorded)} | ${w.cameras.reduce((s, c) => s + c.lost, 0)} |`,
    );
  }
  lines.push('');
  lines.push(`Per camera, segments expected / recorded / lost in each window (${windows.map((w) => w.name).join('; ')}):`);
  lines.push('');
  lines.push(`| camera | ${windows.map((w) => w.name).join(' | ')} | holes > 1 s over the whole run |`);
  lines.push(`|---|${windows.map(() => '---|').join('')}---|`);
  for (const [i, c] of whole.entries()) {
    const cells = windows.map((w) => {
      const x = w.cameras[i]!;
      return `${f1(x.expected)} / ${x.recorded} / ${x.lost}`;
    });
    lines.push(`| ${c.id} | ${cells.join(' | ')} | ${c.gapsMs.length === 0 ? 'none' : c.gapsMs.map((g) => `${(g / 1000).toFixed(1)} s`).join(', ')} |`);
  }
  lines.push('');
  lines.push(`Restarts of recording runs: ${restarts}; \`premises check\` exit ${checkExit}.`);
  for (const note of [...notes, ...jobs.flatMap((j) => j.notes.map((x) => `${j.clip.label}: ${x}`))]) lines.push(`- ${note}`);
  return lines.join('\n');
}

export async function redactWithRecorder(opts: RedactWithRecorderOptions, argv: string[]): Promise<void> {
  await withCleanups(async (cleanups) => {
    // Long enough for the start-up, the baseline and two jobs on a loaded machine; the run stops well before.
    const clip = cameraClip(900);
    const m = machineInfo();
    const t0 = Math.floor(Date.now() / 1000) * 1000 - 2 * 3600_000;
    const clips = opts.clips.map((label) => CLIPS.find((c) => c.label === label)!);
    let requests: number[] = [];
    const fleet = await startFleet(
      { n: opts.cameras, clip, tempPrefix: 'premises-bench-redact-rec-', prepare: ({ dataDir, configPath }) => void (requests = seedFootage(dataDir, configPath, t0, opts.clipSeconds, clips)) },
      cleanups,
    );
    const runStart = Date.now();
    log(`${fleet.recordingAtStart}/${opts.cameras} cameras recording; baseline ${opts.baselineSeconds} s`);
    const daemonPid = fleet.premises.pid;
    const baselineSampler = new Sampler({ node: select.pids(() => [daemonPid]), recorder: select.descendants(() => daemonPid, isRecorderFfmpeg) }, 3_000);
    baselineSampler.start();
    await sleepMs(opts.baselineSeconds * 1000);
    const baseline = baselineSampler.stop();
    const jobs: JobResult[] = [];
    for (const [i, c] of clips.entries()) {
      if (Date.now() >= opts.deadlineMs) {
        fleet.notes.push(`${c.label}: not run, the bench's time bound was reached`);
        continue;
      }
      log(`redacting ${opts.clipSeconds} s of ${c.label} while ${opts.cameras} cameras record`);
      jobs.push(await redactionJob(c, requests[i]!, t0, opts, fleet.configPath, daemonPid));
      const j = jobs.at(-1)!;
      log(`${c.label}: analysis ${f1(j.analyse.wallS)} s wall / ${f1(j.analyse.cpuS)} s CPU, publish ${f1(j.publish?.wallS ?? NaN)} s / ${f1(j.publish?.cpuS ?? NaN)} s`);
    }
    const runEnd = Date.now();
    // The segment open at the last window's end is closed by the stop.
    const stopped = await stopFleet(fleet, cleanups);
    fleet.dir.remove();
    const windows: WindowRow[] = [
      { name: 'baseline (recorder alone)', window: baseline, cameras: coverageByCamera(stopped.rows, fleet.ids, { startMs: baseline.startMs, endMs: baseline.endMs }) },
      ...jobs.map((j) => ({ name: `redaction of ${j.clip.label}`, window: j.window, cameras: coverageByCamera(stopped.rows, fleet.ids, { startMs: j.window.startMs, endMs: j.window.endMs }) })),
    ];
    const whole = coverageByCamera(stopped.rows, fleet.ids, { startMs: runStart, endMs: runEnd });
    const output = render(
      [
        `Command: \`npm run bench:redact -- ${argv.join(' ')}\`, ${new Date().toISOString().slice(0, 16)}Z`,
        `Machine: ${m.cores} cores (${m.cpuModel}), ${m.memGiB} GiB RAM, ${m.os}; Node ${m.node}; ${m.ffmpeg}; ${m.gstreamer}. Shared with other developers' builds and tests while it ran (load averages below).`,
        `${opts.cameras} cameras: 1080p15 H.264 ~4 Mbit/s, 2 s GOP, replayed by GStreamer's RTSP server, ${SEGMENT_SECONDS} s segments, activity index on (production default). Redacted: ${opts.clipSeconds} s of a scene with three moving faces, earlier footage of another camera, through the CLI beside the daemon.`,
      ],
      jobs,
      windows,
      opts.cameras,
      whole,
      stopped.restarts,
      stopped.checkExit,
      fleet.notes,
    );
    writeFileSync(join(CACHE_DIR, 'redact-recorder-latest.md'), `${output}\n`);
    process.stdout.write(`${output}\n`);
  });
}
