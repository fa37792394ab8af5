/**
 * npm run bench:index — the index at scale: 30 days × 16 cameras of 10 s
 * segments (~4.1 M rows). Measures a day's timeline for all cameras (merged
 * recorded ranges with gaps, plus holds), a retention sweep of one
 * camera-day and of one day of all cameras (time and event-loop lag), and
 * the database size per camera-day. Prints Markdown for docs/benchmarks-index.md.
 */
import { Timeline } from '../src/segments/timeline.js';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Alarms } from '../src/alarms/alarms.js';
import { AuditLog } from '../src/audit/log.js';
import { openDb, type Db } from '../src/db/open.js';
import type { RetentionSettings } from '../src/policy/retention/settings.js';
import { DAEMON_MAX_DELETIONS, RetentionSweeper } from '../src/policy/retention/sweeper.js';
import { DataLayout } from '../src/shared/data-layout.js';
import { FakeClock } from '../src/shared/clock.js';
import { silentLogger } from '../src/shared/logger.js';

const CAMERAS = Number(process.env['BENCH_CAMERAS'] ?? 16);
const DAYS = Number(process.env['BENCH_DAYS'] ?? 30);
const SEG_MS = 10_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 9, 1);
const GAP_EVERY = 997; // a 30 s gap now and then, so ranges have gaps to merge

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function populate(db: Db, layout: DataLayout): number {
  const cam = (i: number) => `cam${String(i).padStart(2, '0')}`;
  const insertCamera = db.prepare("INSERT INTO cameras (id, name, origin, created_at) VALUES (?, ?, 'config', ?)");
  const insertRun = db.prepare('INSERT INTO runs (camera_id, started_at) VALUES (?, ?)');
  const insert = db.prepare('INSERT INTO segments (camera_id, run_id, start_ms, end_ms, bytes, sha256, path) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const perDay = DAY / SEG_MS;
  let rows = 0;
  for (let c = 0; c < CAMERAS; c++) {
    db.transaction(() => {
      insertCamera.run(cam(c), cam(c), T0);
      let run = Number(insertRun.run(cam(c), T0).lastInsertRowid);
      for (let i = 0; i < perDay * DAYS; i++) {
        if (i > 0 && i % GAP_EVERY === 0) {
          run = Number(insertRun.run(cam(c), T0 + i * SEG_MS).lastInsertRowid);
          continue; // the gap: one segment missing
        }
        const start = T0 + i * SEG_MS + c * 37; // cameras are not in lock-step
        const sha = createHash('sha256').update(`${c}:${i}`).digest('hex');
        insert.run(cam(c), run, start, start + SEG_MS, 5_000_000, sha, layout.segmentRelPath(cam(c), start));
        rows += 1;
      }
    })();
  }
  return rows;
}

/**
 * One day's timeline for every camera: recorded ranges (gaps > 1 s split them)
 * and the holds over it, through src/segments/timeline.ts (merged inside
 * SQLite over the covering index), as the API answers it.
 */
export function timeline(db: Db, fromMs: number, toMs: number) {
  const recorded = new Timeline(db);
  const holds = db.prepare('SELECT id, camera_id, from_ms, to_ms, kind FROM holds WHERE released_at IS NULL AND from_ms < ? AND to_ms > ?').raw();
  const cameras = db.prepare('SELECT id FROM cameras ORDER BY id').pluck().all() as string[];
  return {
    cameras: cameras.map((id) => ({ id, ranges: recorded.recordedRanges(id, fromMs, toMs) })),
    holds: holds.all(toMs, fromMs),
  };
}

function files(layout: DataLayout, db: Db, fromMs: number, toMs: number, cameraId?: string): number {
  const rows = (cameraId
    ? db.prepare('SELECT path FROM segments WHERE camera_id = ? AND start_ms >= ? AND start_ms < ?').pluck().all(cameraId, fromMs, toMs)
    : db.prepare('SELECT path FROM segments WHERE start_ms >= ? AND start_ms < ?').pluck().all(fromMs, toMs)) as string[];
  for (const rel of rows) {
    const abs = layout.absolute(rel);
    mkdirSync(join(abs, '..'), { recursive: true });
    writeFileSync(abs, 'x');
  }
  return rows.length;
}

/** Sweeps until nothing is due, yielding to the event loop between sweeps; measures total time and the worst event-loop delay. */
async function measuredSweep(
  sweeper: RetentionSweeper,
  maxDeletions?: number,
): Promise<{ ms: number; lagMaxMs: number; deleted: number; sweeps: number; sweepP50: number; sweepP99: number; over50: number }> {
  const each: number[] = [];
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  await new Promise((r) => setTimeout(r, 30));
  const t = performance.now();
  let deleted = 0;
  let sweeps = 0;
  for (;;) {
    const result = await new Promise<ReturnType<RetentionSweeper['sweep']>>((resolve) =>
      setImmediate(() => {
        const t1 = performance.now();
        const r = sweeper.sweep(maxDeletions === undefined ? { force: true } : { force: true, maxDeletions });
        each.push(performance.now() - t1);
        resolve(r);
      }),
    );
    deleted += result.deleted;
    sweeps += 1;
    if (!result.plan.capped) break;
  }
  const ms = performance.now() - t;
  await new Promise((r) => setTimeout(r, 30));
  h.disable();
  each.sort((a, b) => a - b);
  return { ms, lagMaxMs: h.max / 1e6, deleted, sweeps, sweepP50: pct(each, 50), sweepP99: pct(each, 99), over50: each.filter((x) => x > 50).length };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'premises-bench-index-'));
  const layout = new DataLayout(dir);
  mkdirSync(layout.recordingsRoot, { recursive: true });
  const db = openDb(layout.indexPath);
  try {
    let t = performance.now();
    const rows = populate(db, layout);
    const populateS = (performance.now() - t) / 1000;
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec('ANALYZE');
    // BENCH_AUTOCHECKPOINT=0 shows how much of the lag is SQLite's automatic WAL checkpoint.
    if (process.env['BENCH_AUTOCHECKPOINT'] !== undefined) db.pragma(`wal_autocheckpoint = ${Number(process.env['BENCH_AUTOCHECKPOINT'])}`);
    const dbBytes = statSync(layout.indexPath).size;
    const clock = new FakeClock(T0 + DAYS * DAY);
    const audit = new AuditLog(db, clock);
    db.prepare("INSERT INTO holds (camera_id, from_ms, to_ms, kind, reason, created_by, created_at) VALUES ('cam03', ?, ?, 'incident', 'bench', 'system', ?)").run(
      T0 + 15 * DAY + 3_600_000,
      T0 + 15 * DAY + 7_200_000,
      clock.now(),
    );

    // Timeline of day 15 for all cameras.
    const samples: number[] = [];
    let rangesSeen = 0;
    for (let i = 0; i < 60; i++) {
      const day = T0 + ((15 + (i % 5)) % DAYS) * DAY;
      t = performance.now();
      const tl = timeline(db, day, day + DAY);
      samples.push(performance.now() - t);
      rangesSeen = tl.cameras.reduce((n, c) => n + c.ranges.length, 0);
    }
    const sorted = samples.slice(10).sort((a, b) => a - b);

    // Sweep one camera-day: cam00 keeps 29 days, the others 30 (nothing else due).
    const rules = new Map<string, { maxAgeMs: number }>();
    for (let c = 0; c < CAMERAS; c++) rules.set(`cam${String(c).padStart(2, '0')}`, { maxAgeMs: c === 0 ? (DAYS - 1) * DAY : DAYS * DAY });
    const settings = (): RetentionSettings => ({
      rules,
      defaultRule: { maxAgeMs: DAYS * DAY },
      capMaxAgeMs: undefined,
      floor: { bytes: 1 },
      clockAheadLimitMs: DAY,
      sweepIntervalMs: 60_000,
      recordingCameras: [...rules.keys()],
    });
    const sweeper = new RetentionSweeper({ db, layout, audit, alarms: new Alarms(db, audit, clock), clock, log: silentLogger(), settings });
    const oneFiles = files(layout, db, T0, T0 + DAY, 'cam00');
    const one = await measuredSweep(sweeper);
    // The same through the daemon's capped sweeps: cam01's first day.
    rules.set('cam01', { maxAgeMs: (DAYS - 1) * DAY });
    const cappedFiles = files(layout, db, T0, T0 + DAY, 'cam01');
    const capped = await measuredSweep(sweeper, DAEMON_MAX_DELETIONS);

    // The first day of the other 14 cameras at once, as the daemon would work it off.
    for (const k of rules.keys()) rules.set(k, { maxAgeMs: (DAYS - 1) * DAY });
    const allFiles = files(layout, db, T0, T0 + DAY);
    const all = await measuredSweep(sweeper, DAEMON_MAX_DELETIONS);

    const cpu = cpus()[0]?.model ?? 'unknown CPU';
    const lines = [
      `Command: \`npm run bench:index\` (BENCH_CAMERAS=${CAMERAS}, BENCH_DAYS=${DAYS}); ${new Date().toISOString().slice(0, 10)}`,
      `Machine: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, index on ${tmpdir()}`,
      '',
      '| Measure | Result | Target |',
      '|---|---|---|',
      `| Rows (segments) | ${rows.toLocaleString('en')} (populated in ${populateS.toFixed(1)} s) | ~4.1 M |`,
      `| Timeline of one day, ${CAMERAS} cameras (${rangesSeen} ranges + holds), p50 / p95 | ${pct(sorted, 50).toFixed(1)} ms / ${pct(sorted, 95).toFixed(1)} ms | p95 ≤ 20 ms |`,
      `| Sweep of one camera-day in one go (\`retention run\`; ${one.deleted} segments, ${oneFiles} files) | ${one.ms.toFixed(0)} ms, event-loop lag max ${one.lagMaxMs.toFixed(0)} ms | ≤ 1 s |`,
      `| Same, daemon's capped sweeps (${DAEMON_MAX_DELETIONS} per sweep; ${capped.deleted} segments, ${cappedFiles} files, ${capped.sweeps} sweeps) | ${capped.ms.toFixed(0)} ms; one sweep p50 ${capped.sweepP50.toFixed(0)} / p99 ${capped.sweepP99.toFixed(0)} ms; event-loop lag max ${capped.lagMaxMs.toFixed(0)} ms (${capped.over50} sweeps > 50 ms) | ≤ 1 s; lag ≤ 50 ms |`,
      `| One day of the other ${CAMERAS - 2} cameras, capped sweeps (${all.deleted} segments, ${allFiles} files, ${all.sweeps} sweeps) | ${all.ms.toFixed(0)} ms; one sweep p50 ${all.sweepP50.toFixed(0)} / p99 ${all.sweepP99.toFixed(0)} ms; event-loop lag max ${all.lagMaxMs.toFixed(0)} ms (${all.over50} sweeps > 50 ms) | lag ≤ 50 ms |`,
      `| Index size | ${(dbBytes / 1e6).toFixed(0)} MB = ${(dbBytes / (CAMERAS * DAYS) / 1e3).toFixed(0)} kB per camera-day | — |`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
