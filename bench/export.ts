/**
 * npm run bench:export — export 1 h of one 4 Mbit/s 1080p camera (360 × 10 s
 * fragmented-MP4 segments) and compare with a plain sequential copy of the
 * same segment files into one file (fsynced), in the same run with a warm page
 * cache for both. Target: export throughput ≥ 0.8 of the copy. The export does
 * more than the copy (re-hash of every source, ffmpeg remux, hash of the
 * result, manifest and signature), which is the point of measuring it.
 *
 * Then one redacted minute (re-encode with a filled rectangle): seconds of
 * ffmpeg CPU per minute of video.
 *
 * BENCH_MINUTES (default 60) shortens the hour for a quick look.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, createReadStream, fsyncSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Alarms } from '../src/alarms/alarms.js';
import { AuditLog } from '../src/audit/log.js';
import { openDb } from '../src/db/open.js';
import { createExport } from '../src/disclosure/export/create.js';
import { DataLayout } from '../src/shared/data-layout.js';
import { systemClock } from '../src/shared/clock.js';

const MINUTES = Number(process.env['BENCH_MINUTES'] ?? 60);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const SEG_S = 10;
const SEGMENTS = (MINUTES * 60) / SEG_S;
const T0 = Date.UTC(2026, 10, 1, 8, 0, 0);

function encodeSegment(dir: string): string {
  // 1080p15, 4 Mbit/s CBR-ish, GOP 2 s: like the field notes' test camera, cut like the recorder does.
  execFileSync('ffmpeg', [
    '-nostdin', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=1920x1080:rate=15', '-t', String(SEG_S),
    '-c:v', 'libx264', '-preset', 'veryfast', '-bf', '0', '-g', '30', '-keyint_min', '30', '-sc_threshold', '0',
    '-b:v', '4M', '-maxrate', '4M', '-bufsize', '8M', '-pix_fmt', 'yuv420p',
    '-f', 'mp4', '-movflags', '+frag_keyframe+empty_moov+default_base_moof', join(dir, 'seg.mp4'),
  ]);
  return join(dir, 'seg.mp4');
}

async function plainCopy(files: string[], out: string): Promise<void> {
  const fd = openSync(out, 'w');
  try {
    for (const f of files) {
      for await (const chunk of createReadStream(f, { highWaterMark: 1 << 20 })) writeSync(fd, chunk as Buffer);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** CPU seconds (user + system) of this process's reaped children, from /proc/self/stat (Linux). */
function childCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  // After "pid (comm) ", field 3 is index 0: cutime and cstime are fields 16 and 17.
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

interface Round {
  wall: number;
  cpuSelf: number;
  cpuChildren: number;
}

/** Wall time, this process's CPU (every thread) and its reaped children's CPU for one run of `fn`. */
async function measure(fn: () => Promise<void>): Promise<Round> {
  const child0 = childCpuSeconds();
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  await fn();
  const wall = (performance.now() - t) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpuSelf: (cpu.user + cpu.system) / 1e6, cpuChildren: childCpuSeconds() - child0 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function main(): Promise<void> {
  const load0 = loadavg().map((l) => l.toFixed(1)).join(' ');
  const root = mkdtempSync(join(tmpdir(), 'premises-bench-export-'));
  try {
    const layout = new DataLayout(join(root, 'data'));
    mkdirSync(layout.recordingsRoot, { recursive: true });
    const db = openDb(layout.indexPath);
    const seg = encodeSegment(root);
    const bytes = statSync(seg).size;
    const sha = createHash('sha256').update(readFileSync(seg)).digest('hex');
    db.prepare("INSERT INTO cameras (id, name, origin, created_at) VALUES ('cam', 'cam', 'config', ?)").run(T0);
    const run = Number(db.prepare("INSERT INTO runs (camera_id, started_at) VALUES ('cam', ?)").run(T0).lastInsertRowid);
    const insert = db.prepare("INSERT INTO segments (camera_id, run_id, start_ms, end_ms, bytes, sha256, path) VALUES ('cam', ?, ?, ?, ?, ?, ?)");
    const files: string[] = [];
    db.transaction(() => {
      for (let i = 0; i < SEGMENTS; i++) {
        const start = T0 + i * SEG_S * 1000;
        const rel = layout.segmentRelPath('cam', start);
        const abs = layout.absolute(rel);
        mkdirSync(dirname(abs), { recursive: true });
        copyFileSync(seg, abs);
        files.push(abs);
        insert.run(run, start, start + SEG_S * 1000, bytes, sha, rel);
      }
    })();
    const total = bytes * SEGMENTS;
    const audit = new AuditLog(db, systemClock);
    const deps = { db, layout, audit, alarms: new Alarms(db, audit, systemClock), clock: systemClock, actor: 'cli:bench' as const };
    const request = {
      cameras: ['cam'],
      fromMs: T0,
      toMs: T0 + SEGMENTS * SEG_S * 1000,
      reason: 'benchmark',
      requestedBy: 'bench',
      legalBasis: 'none (synthetic footage)',
    };

    // Warm the page cache, then alternate copy and export so both see the same machine (it is shared: load varies).
    await plainCopy(files, join(root, 'warm.bin'));
    rmSync(join(root, 'warm.bin'));
    const copies: Round[] = [];
    const exportsRun: Round[] = [];
    let exportBytes = 0;
    for (let round = 0; round < ROUNDS; round++) {
      copies.push(
        await measure(async () => {
          await plainCopy(files, join(root, 'copy.bin'));
        }),
      );
      rmSync(join(root, 'copy.bin'));
      let dir = '';
      exportsRun.push(
        await measure(async () => {
          const result = await createExport(deps, request);
          dir = result.dir;
          exportBytes = result.manifest.files[0]!.bytes;
        }),
      );
      rmSync(dir, { recursive: true, force: true });
    }
    const load = loadavg().map((l) => l.toFixed(1)).join(' ');

    // One redacted minute (a filled rectangle over the whole minute): ffmpeg's CPU, from the children's rusage.
    const child0 = childCpuSeconds();
    const t = performance.now();
    await createExport(deps, { ...request, toMs: T0 + 60_000, redactions: [{ camera: 'cam', x: 640, y: 300, w: 400, h: 400, method: 'fill' }] });
    const redactWall = (performance.now() - t) / 1000;
    const redactCpu = childCpuSeconds() - child0;
    db.close();

    const mb = total / 1e6;
    const best = (rs: Round[]) => Math.min(...rs.map((r) => r.wall));
    const med = (rs: Round[]) => median(rs.map((r) => r.wall));
    const row = (label: string, rs: Round[]) =>
      `| ${label} | ${rs.map((r) => r.wall.toFixed(2)).join(' / ')} | ${(mb / best(rs)).toFixed(0)} | ${median(rs.map((r) => r.cpuSelf)).toFixed(2)} | ${median(rs.map((r) => r.cpuChildren)).toFixed(2)} |`;
    console.log(`# bench:export — ${MINUTES} min of one 1080p15 4 Mbit/s camera (${SEGMENTS} × ${SEG_S} s segments)\n`);
    console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM; warm page cache; load average before ${load0}, after ${load}.\n`);
    console.log(`${ROUNDS} rounds, copy and export alternating. Wall seconds per round; MB/s of the best round; CPU seconds (median) of Node (all threads) and of its child processes (ffmpeg, ffprobe).\n`);
    console.log('| | wall s per round | MB/s (best) | Node CPU s | ffmpeg CPU s |');
    console.log('|---|---|---|---|---|');
    console.log(row('plain sequential copy into one file (fsync)', copies));
    console.log(row('export (sources re-hashed on a worker while ffmpeg copies; output hashed as written; sign)', exportsRun));
    console.log(`\nSource ${mb.toFixed(0)} MB; export file ${(exportBytes / 1e6).toFixed(0)} MB.`);
    const ratioBest = best(copies) / best(exportsRun);
    const ratioMedian = med(copies) / med(exportsRun);
    console.log(`Export throughput / copy throughput: **${ratioBest.toFixed(2)}** best round against best round, ${ratioMedian.toFixed(2)} median against median (target ≥ 0.8: ${ratioBest >= 0.8 ? 'met' : 'NOT met'}).`);
    console.log(
      `\nRedacted export of 1 min (1080p15, one filled rectangle, libx264 veryfast crf 20): ${redactWall.toFixed(1)} s wall, ` +
        `**${redactCpu.toFixed(1)} s of ffmpeg CPU per minute of video** (${cpus().length} cores).`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
