/**
 * `npm run bench:activity`: what the activity index costs and how fast it answers (docs/benchmarks.md).
 *
 * 1. CPU of the analysis per camera: one minute of footage in 10 s segments, analysed as the indexer does
 *    (keyframes only, one ffmpeg per batch), against the rejected alternative of decoding every frame, measured
 *    in the same process from the children's CPU time (/proc/self/stat cutime + cstime).
 * 2. The alternative of analysing the camera's sub stream live instead: an RTSP client reading a 640×360 15 fps
 *    stream (GStreamer's RTSP server, test/support/rtsp.ts) for LIVE_SECONDS, decoding only its keyframes, and
 *    decoding every frame with a low output rate (what a "low-rate decode" costs: P-frames need every frame
 *    before them decoded, so a lower output rate saves only the scaling).
 * 3. Index growth per camera-day and region-search latency over one camera-day and 16 cameras × 1 day, on a
 *    real SQLite file filled with a synthetic busy day (activity in half of the keyframes for 12 hours).
 *
 * With `--mask-keyframes` instead: what a keyframe every second costs a camera Premises masks
 * (bench/activity-mask-keyframes.ts).
 *
 * With `--with-recorder` instead: recording by the real daemon with and without the indexer
 * (bench/activity-recorder.ts; `--n 16,64 --seconds 120 --activity-interval 2m --repeat 2`).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { boxCells, emptyBitmap, setCell, CELLS } from '../src/activity/grid.js';
import { sampleSegments } from '../src/activity/sampler.js';
import { saveActivity, searchRegion, type SegmentActivity } from '../src/activity/store.js';
import { openDb } from '../src/db/open.js';
import { RtspServer } from '../test/support/rtsp.js';
import { maskKeyframeCost } from './activity-mask-keyframes.js';
import { withRecorder } from './activity-recorder.js';
import { machineInfo } from './machine.js';
import { ticksPerSecond } from './proc.js';
import { median } from './stats.js';

const RUNS = 5;

function childCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  // After "pid (comm) ": state is field 3; cutime and cstime are fields 16 and 17.
  return (Number(fields[13]) + Number(fields[14])) / ticksPerSecond();
}

function footage(dir: string, size: string, gop: number): { path: string; durationMs: number }[] {
  execFileSync('ffmpeg', [
    '-nostdin', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=15`, '-t', '60',
    '-c:v', 'libx264', '-preset', 'veryfast', '-bf', '0', '-g', String(gop), '-keyint_min', String(gop), '-sc_threshold', '0',
    '-f', 'segment', '-segment_time', '10', '-reset_timestamps', '1', '-segment_format', 'mp4',
    '-segment_format_options', 'movflags=+frag_keyframe+empty_moov+default_base_moof', join(dir, 'seg_%03d.mp4'),
  ]);
  return readdirSync(dir).filter((f) => f.endsWith('.mp4')).sort().map((f) => ({ path: join(dir, f), durationMs: 10_000 }));
}

async function analysisCpu(files: { path: string; durationMs: number }[], workDir: string): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const before = childCpuSeconds();
    await sampleSegments(files, { workDir });
    samples.push(childCpuSeconds() - before);
  }
  return median(samples);
}

function decodeAllCpu(files: { path: string; durationMs: number }[]): number {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const before = childCpuSeconds();
    for (const f of files) spawnSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-threads', '1', '-i', f.path, '-vf', 'scale=64:36:flags=area,format=gray', '-f', 'rawvideo', '-y', '/dev/null']);
    samples.push(childCpuSeconds() - before);
  }
  return median(samples);
}

const LIVE_SECONDS = 30;

/** CPU of one ffmpeg reading the RTSP stream for LIVE_SECONDS of stream time (the server's own CPU is not counted: it is still running). */
async function liveCpu(url: string, decode: string[]): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    const before = childCpuSeconds();
    const child = spawn('ffmpeg', ['-nostdin', '-loglevel', 'error', '-threads', '1', '-rtsp_transport', 'tcp', ...decode.slice(0, decode.indexOf('--')), '-i', url,
      '-t', String(LIVE_SECONDS), ...decode.slice(decode.indexOf('--') + 1), '-f', 'rawvideo', '-y', '/dev/null'], { stdio: 'ignore' });
    await new Promise((resolve) => child.once('close', resolve));
    samples.push(childCpuSeconds() - before);
  }
  return median(samples);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** A synthetic busy day: 10 s segments, a keyframe per second, change in half of them for 12 hours. */
function fillDay(db: ReturnType<typeof openDb>, cameraId: string, dayStart: number, seed: number): void {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  db.prepare("INSERT OR IGNORE INTO cameras (id, name, origin, created_at) VALUES (?, ?, 'config', ?)").run(cameraId, cameraId, dayStart);
  const runId = Number(db.prepare('INSERT INTO runs (camera_id, started_at) VALUES (?, ?)').run(cameraId, dayStart).lastInsertRowid);
  const insert = db.prepare('INSERT INTO segments (camera_id, run_id, start_ms, end_ms, bytes, sha256, path) VALUES (?, ?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    const results: SegmentActivity[] = [];
    for (let s = 0; s < 8640; s += 1) {
      const start = dayStart + s * 10_000;
      const id = Number(insert.run(cameraId, runId, start, start + 10_000, 5_000_000, 'a'.repeat(64), `${cameraId}/${s}.mp4`).lastInsertRowid);
      const open = s >= 8640 / 4 && s < (8640 * 3) / 4; // 06:00–18:00
      const changed = [];
      for (let k = 0; k < 10; k += 1) {
        if (!open || random() < 0.5) continue;
        const cells = emptyBitmap();
        const centre = Math.floor(random() * CELLS);
        for (let c = 0; c < 6; c += 1) setCell(cells, Math.min(CELLS - 1, centre + c));
        changed.push({ offsetMs: k * 1000, cells });
      }
      results.push({ segmentId: id, cameraId, startMs: start, samples: 10, changed });
    }
    saveActivity(db, results);
  })();
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'premises-bench-activity-'));
  try {
    const lines: string[] = [];
    const machine = machineInfo();
    const machineLine = (`Machine: ${machine.cores} cores, ${machine.cpuModel}, ${machine.memGiB} GiB; ${machine.os}; Node ${machine.node}; ${machine.ffmpeg}`);
    for (const [label, size, gop] of [
      ['640×360 15 fps sub stream, keyframe every 1 s', '640x360', 15],
      ['1920×1080 15 fps main stream, keyframe every 1 s', '1920x1080', 15],
      ['1920×1080 15 fps main stream, keyframe every 2 s', '1920x1080', 30],
    ] as const) {
      const sub = join(dir, `${size}-${gop}`);
      execFileSync('mkdir', ['-p', sub]);
      const files = footage(sub, size, gop);
      const keyframes = await analysisCpu(files, join(dir, 'work'));
      const all = decodeAllCpu(files);
      lines.push(`| ${label} | ${(keyframes / 60 * 100).toFixed(2)} % | ${(all / 60 * 100).toFixed(2)} % | ${(all / keyframes).toFixed(1)}× |`);
    }
    const server = await RtspServer.start({ sub: 'live:640x360@15' });
    try {
      const keyframesLive = await liveCpu(server.url('sub'), ['-skip_frame', 'nokey', '--', '-fps_mode', 'passthrough', '-vf', 'scale=64:36:flags=area,format=gray']);
      const lowRate = await liveCpu(server.url('sub'), ['--', '-vf', 'fps=2,scale=64:36:flags=area,format=gray']);
      const every = await liveCpu(server.url('sub'), ['--', '-vf', 'scale=64:36:flags=area,format=gray']);
      const pct = (cpu: number) => `${(cpu / LIVE_SECONDS * 100).toFixed(2)} %`;
      lines.push('');
      lines.push(`Live sub stream over RTSP, 640×360 15 fps, keyframe every 1 s (${LIVE_SECONDS} s of stream, median of 3): keyframes only ${pct(keyframesLive)}; every frame decoded, 2 samples/s kept ${pct(lowRate)}; every frame decoded and scaled ${pct(every)}`);
    } finally {
      await server.stop();
    }
    const dbPath = join(dir, 'index.db');
    const db = openDb(dbPath);
    const dayStart = Date.UTC(2026, 11, 1);
    const before = statSync(dbPath).size;
    fillDay(db, 'cam00', dayStart, 1);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const activityBytes = (db.prepare('SELECT sum(length(data)) + count(*) * 48 AS b FROM activity').get() as { b: number }).b;
    const afterOne = statSync(dbPath).size;
    for (let c = 1; c < 16; c += 1) fillDay(db, `cam${String(c).padStart(2, '0')}`, dayStart, c + 1);
    const region = boxCells({ x: 0.25, y: 0.25, width: 0.25, height: 0.25 });
    const oneCamera: number[] = [];
    const sixteen: number[] = [];
    let found = 0;
    for (let i = 0; i < 21; i += 1) {
      let t = performance.now();
      found = searchRegion(db, 'cam00', region, dayStart, dayStart + 86_400_000).length;
      oneCamera.push(performance.now() - t);
      t = performance.now();
      for (let c = 0; c < 16; c += 1) searchRegion(db, `cam${String(c).padStart(2, '0')}`, region, dayStart, dayStart + 86_400_000);
      sixteen.push(performance.now() - t);
    }
    db.close();
    lines.push('');
    lines.push(`Index growth, one busy camera-day (8640 segments, activity in half the keyframes for 12 h): ${((afterOne - before) / 1024).toFixed(0)} KiB of index file including the segment rows; activity rows alone ≈ ${(activityBytes / 1024).toFixed(0)} KiB`);
    lines.push(`Region search, one camera-day: p50 ${percentile(oneCamera, 50).toFixed(1)} ms, p95 ${percentile(oneCamera, 95).toFixed(1)} ms (${found} moments)`);
    lines.push(`Region search, 16 cameras × 1 day: p50 ${percentile(sixteen, 50).toFixed(1)} ms, p95 ${percentile(sixteen, 95).toFixed(1)} ms`);
    console.log(machineLine);
    console.log('| footage (1 minute, 10 s segments) | keyframes only (the indexer) | every frame decoded | ratio |');
    console.log('|---|---|---|---|');
    console.log(lines.join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
const { values } = parseArgs({
  args,
  options: {
    'with-recorder': { type: 'boolean', default: false },
    n: { type: 'string', default: '16,64' },
    seconds: { type: 'string', default: '120' },
    'activity-interval': { type: 'string', default: '2m' },
    repeat: { type: 'string', default: '1' },
    'mask-keyframes': { type: 'boolean', default: false },
  },
  strict: true,
});
if (values['with-recorder']) {
  const counts = values.n.split(',').map((v) => Number(v.trim()));
  const seconds = Number(values.seconds);
  if (counts.some((c) => !Number.isInteger(c) || c < 1 || c > 999)) throw new Error(`--n expects a list like 16,64, got ${values.n}`);
  if (!Number.isFinite(seconds) || seconds < 10) throw new Error(`--seconds expects at least 10, got ${values.seconds}`);
  const repeat = Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > 5) throw new Error(`--repeat expects 1 to 5, got ${values.repeat}`);
  await withRecorder({ counts, seconds, interval: values['activity-interval'], repeat }, args);
} else if (values['mask-keyframes']) {
  const dir = mkdtempSync(join(tmpdir(), 'premises-bench-mask-keyframes-'));
  try {
    const clip = (name: string, source: string) => {
      const path = join(dir, name);
      execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-f', 'lavfi', '-i', source, '-t', '10', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-g', '30', '-bf', '0', path]);
      return path;
    };
    const busy = clip('busy.mp4', 'testsrc2=size=1920x1080:rate=15');
    // A shop at night: a still scene with sensor noise and one small thing moving.
    const still = clip('still.mp4', "smptehdbars=s=1920x1080:r=15,noise=alls=6:allf=t[bg];color=c=white:s=80x80:r=15[sq];[bg][sq]overlay=x='200+100*t':y=600");
    const machine = machineInfo();
    console.log(`Machine: ${machine.cores} cores, ${machine.cpuModel}; ${machine.os}; ${machine.ffmpeg}`);
    console.log(
      (
        await maskKeyframeCost(
          [
            { label: '1080p15, busy synthetic picture (testsrc2)', path: busy },
            { label: '1080p15, still scene with sensor noise and one moving square', path: still },
          ],
          dir,
        )
      ).join('\n'),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else await main();
