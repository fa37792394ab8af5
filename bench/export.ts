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
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Alarms } from '../src/alarms/alarms.js';
import { AuditLog } from '../src/audit/log.js';
import { openDb } from '../src/db/open.js';
import { createExport } from '../src/disclosure/export/create.js';
import { DataLayout } from '../src/segments/layout.js';
import { systemClock } from '../src/shared/clock.js';

const MINUTES = Number(process.env['BENCH_MINUTES'] ?? 60);
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

async function main(): Promise<void> {
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

    // Warm the page cache for both contenders, then time each.
    await plainCopy(files, join(root, 'warm.bin'));
    rmSync(join(root, 'warm.bin'));
    let t = performance.now();
    await plainCopy(files, join(root, 'copy.bin'));
    const copyS = (performance.now() - t) / 1000;
    rmSync(join(root, 'copy.bin'));

    const audit = new AuditLog(db, systemClock);
    const cpu0 = process.cpuUsage();
    t = performance.now();
    const result = await createExport(
      { db, layout, audit, alarms: new Alarms(db, audit, systemClock), clock: systemClock, actor: 'cli:bench' },
      {
        cameras: ['cam'],
        fromMs: T0,
        toMs: T0 + SEGMENTS * SEG_S * 1000,
        reason: 'benchmark',
        requestedBy: 'bench',
        legalBasis: 'none (synthetic footage)',
      },
    );
    const exportS = (performance.now() - t) / 1000;
    const cpu = process.cpuUsage(cpu0);

    // One redacted minute (a filled rectangle over the whole minute): ffmpeg's CPU, from the children's rusage.
    const child0 = childCpuSeconds();
    t = performance.now();
    await createExport(
      { db, layout, audit, alarms: new Alarms(db, audit, systemClock), clock: systemClock, actor: 'cli:bench' },
      {
        cameras: ['cam'],
        fromMs: T0,
        toMs: T0 + 60_000,
        reason: 'benchmark',
        requestedBy: 'bench',
        legalBasis: 'none (synthetic footage)',
        redactions: [{ camera: 'cam', x: 640, y: 300, w: 400, h: 400, method: 'fill' }],
      },
    );
    const redactWall = (performance.now() - t) / 1000;
    const redactCpu = childCpuSeconds() - child0;
    db.close();

    const mb = total / 1e6;
    const ratio = copyS / exportS;
    console.log(`# bench:export — ${MINUTES} min of one 1080p15 4 Mbit/s camera (${SEGMENTS} × ${SEG_S} s segments)\n`);
    console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM; warm page cache.\n`);
    console.log('| | seconds | MB/s |');
    console.log('|---|---|---|');
    console.log(`| plain sequential copy into one file (fsync) | ${copyS.toFixed(2)} | ${(mb / copyS).toFixed(0)} |`);
    console.log(`| export (re-hash sources, ffmpeg -c copy +faststart, hash, sign) | ${exportS.toFixed(2)} | ${(mb / exportS).toFixed(0)} |`);
    console.log(`\nSource ${mb.toFixed(0)} MB; export file ${(result.manifest.files[0]!.bytes / 1e6).toFixed(0)} MB.`);
    console.log(`Export throughput / copy throughput: **${ratio.toFixed(2)}** (target ≥ 0.8: ${ratio >= 0.8 ? 'met' : 'NOT met'}).`);
    console.log(`Node CPU during the export (hashing, excluding ffmpeg): ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s.`);
    console.log(
      `\nRedacted export of 1 min (1080p15, one filled rectangle, libx264 veryfast crf 20): ${redactWall.toFixed(1)} s wall, ` +
        `**${redactCpu.toFixed(1)} s of ffmpeg CPU per minute of video** (${cpus().length} cores).`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
