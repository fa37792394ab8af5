/**
 * npm run bench:web — the dashboard as the owner feels it, in a real browser
 * (Debian's chromium via playwright-core) against a real `premises start`:
 *
 * - time to first live frame: from opening the live page to the first video
 *   frame presented (requestVideoFrameCallback), median of 10, with no live
 *   stream running (cold: ffmpeg connects to the camera) and with one
 *   lingering (warm: a page reload);
 * - live latency, glass to glass minus the sensor: the test camera draws the
 *   wall clock into every frame as 32 black/white columns; the page reads
 *   them back from each presented frame and compares with its own clock
 *   (same machine, same clock);
 * - playback start after a timeline click: measurePlaybackStart(), through
 *   the playback page (test/support/playback.ts drives it);
 * - GET /api/cameras/:id/timeline p50/p95 over HTTP (session cookie, auth,
 *   express, SQLite) with a 30-day index of 10 s segments.
 *
 * Prints Markdown and writes the bench:web section of docs/benchmarks.md
 * (--no-docs to skip).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { Alarms } from '../src/alarms/alarms.js';
import { SessionStore } from '../src/api/auth/sessions.js';
import { UserStore } from '../src/api/auth/users.js';
import { createApp, listen } from '../src/api/server.js';
import { AuditLog } from '../src/audit/log.js';
import { parseConfig } from '../src/config/load.js';
import { openDb, type Db } from '../src/db/open.js';
import type { Recorder } from '../src/recorder/recorder.js';
import { DataLayout } from '../src/shared/data-layout.js';
import { systemClock } from '../src/shared/clock.js';
import { silentLogger } from '../src/shared/logger.js';
import { DashboardClient } from '../test/support/dashboard-client.js';
import { playbackInBrowser, setupOwner } from '../test/support/playback.js';
import { ffmpegProcessesMentioning, PremisesProcess, runCli, sleepMs, tempDir, writeConfig } from '../test/support/premises.js';
import { freePort, RtspServer } from '../test/support/rtsp.js';
import { buildLiveArgs } from '../src/live/args.js';
import { FragmentAssembler } from '../src/live/mp4.js';
import { ffmpegMediaSpawner } from '../src/recorder/spawner.js';
import { machineInfo } from './machine.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOC = join(REPO_ROOT, 'docs', 'benchmarks.md');
const RUNS = 10;
const TARGETS = { firstFrameMs: 1500, latencyMs: 1000, playbackStartMs: 1000, timelineP95Ms: 50 };

const { values } = parseArgs({ options: { 'no-docs': { type: 'boolean', default: false } } });
const log = (line: string) => process.stderr.write(`${line}\n`);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? ((s[(s.length - 1) >> 1] as number) + (s[s.length >> 1] as number)) / 2 : NaN;
};
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};

async function waitUntil(fn: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fn()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleepMs(100);
  }
}

// ---------------------------------------------------------------- live view

interface LiveFigures {
  mseH264: boolean;
  /** Cold starts: when the stream header (sent with the init segment) and the first frame arrived, ms after the navigation. */
  coldHeaderMs: number[];
  coldFrameMs: number[];
  /** The camera + ffmpeg share of a cold start: spawn of the live ffmpeg to its first fragment, same arguments as the hub. */
  ffmpegFirstFragmentMs: number[];
  coldMs: number[];
  warmMs: number[];
  latencyMs: number[];
}

/** Page marks of the last firstFrame() call: step → ms after the navigation. */
let lastSteps = new Map<string, number>();

/** Open the live page and wait for its first presented frame; milliseconds from the navigation. */
async function firstFrame(page: Page): Promise<number> {
  await page.evaluate("location.hash = '#/cameras'");
  await page.getByRole('heading', { name: 'Cameras', exact: true }).waitFor();
  await page.evaluate('performance.clearMarks()');
  const t0 = Date.now();
  await page.evaluate("performance.mark('live:navigate'); location.hash = '#/live'");
  await page.locator('.live-tile[data-first-frame-ms]').waitFor({ timeout: 20_000 });
  const ms = Date.now() - t0;
  // Where the time went, from the page's marks (web/src/pages/live.ts).
  const steps = await page.evaluate<[string, number][]>(
    "(() => { const m = performance.getEntriesByType('mark'); const t = m.find((e) => e.name === 'live:navigate')?.startTime ?? 0; return m.filter((e) => e.name.startsWith('live:') && e.name !== 'live:navigate').map((e) => [e.name.split(':').pop(), Math.round(e.startTime - t)]); })()",
  );
  log(`  ${steps.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  lastSteps = new Map(steps);
  return ms;
}

/**
 * Runs in the page (a string: the bench is compiled without the DOM types):
 * for every presented frame, read the 32 columns across the middle row and
 * compare the clock they spell with the page's clock.
 */
const SAMPLE_LATENCY = `(duration) => new Promise((resolve) => {
  const video = document.querySelector('.live-tile video');
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const out = [];
  const end = performance.now() + duration;
  const onFrame = () => {
    const now = Date.now();
    const w = video.videoWidth, h = video.videoHeight;
    if (w > 0) {
      canvas.width = w; canvas.height = 1;
      ctx.drawImage(video, 0, h >> 1, w, 1, 0, 0, w, 1);
      const row = ctx.getImageData(0, 0, w, 1).data;
      const column = Math.floor(w / 32);
      let drawn = 0;
      for (let bit = 0; bit < 32; bit += 1) drawn = drawn * 2 + (row[(bit * column + (column >> 1)) * 4] > 128 ? 1 : 0);
      const delay = (now % 2 ** 32) - drawn;
      if (delay > -1000 && delay < 60000) out.push(delay);
    }
    if (performance.now() < end) video.requestVideoFrameCallback(onFrame); else resolve(out);
  };
  video.requestVideoFrameCallback(onFrame);
})`;

function sampleLatency(page: Page, ms: number): Promise<number[]> {
  return page.evaluate<number[]>(`(${SAMPLE_LATENCY})(${ms})`);
}

async function measureLive(): Promise<LiveFigures> {
  const dir = tempDir('premises-bench-web-');
  const rtsp = await RtspServer.start({ clock: 'clock:640x360@15' });
  let premises: PremisesProcess | undefined;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const config = await writeConfig(dir.path, [{ id: 'clock', rtsp: rtsp.url('clock') }]);
    const origin = `http://127.0.0.1:${config.port}`;
    premises = await PremisesProcess.startRecording(config.path, config.port);
    const link = runCli(['setup-link', '--config', config.path]);
    const token = /token=([A-Za-z0-9_-]+)/.exec(link.stdout)?.[1] as string;
    const owner = new DashboardClient(origin);
    await owner.session();
    const setup = await owner.request('POST', '/api/setup', { token, username: 'owner', password: 'bench owner passphrase', businessConfirmed: true });
    if (setup.status !== 201) throw new Error(`setup failed: ${JSON.stringify(setup.body)}`);
    if (!owner.cookies.has('premises_session')) await owner.login('owner', 'bench owner passphrase');
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await context.addCookies([{ name: 'premises_session', value: owner.cookies.get('premises_session') as string, url: origin }]);
    const page = await context.newPage();
    await page.goto(`${origin}/#/cameras`);
    const mseH264 = (await page.evaluate(`typeof MediaSource === 'function' && MediaSource.isTypeSupported('video/mp4; codecs="avc1.42c01e"')`)) === true;
    const liveDir = join(dir.path, 'data', 'tmp', 'live');
    const coldMs: number[] = [];
    const warmMs: number[] = [];
    const coldHeaderMs: number[] = [];
    const coldFrameMs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      // Cold: the previous stream has outlived its linger and stopped; ffmpeg must connect to the camera again.
      await page.evaluate("location.hash = '#/cameras'");
      await waitUntil(() => ffmpegProcessesMentioning(liveDir).length === 0, 20_000, 'the live stream to stop');
      coldMs.push(await firstFrame(page));
      coldHeaderMs.push(lastSteps.get('header') ?? NaN);
      coldFrameMs.push(lastSteps.get('frame') ?? NaN);
      // Warm: a reload while the stream lingers.
      warmMs.push(await firstFrame(page));
      log(`first frame ${i + 1}/${RUNS}: cold ${coldMs.at(-1)} ms, warm ${warmMs.at(-1)} ms`);
    }
    const ffmpegFirstFragmentMs: number[] = [];
    for (let i = 0; i < 5; i++) ffmpegFirstFragmentMs.push(await ffmpegFirstFragment(rtsp.url('clock'), join(dir.path, `hls-${i}`)));
    log(`ffmpeg alone, spawn to first fragment: ${ffmpegFirstFragmentMs.join(', ')} ms`);
    await firstFrame(page);
    await sleepMs(2_000); // let the player settle at the live edge
    const latencyMs = await sampleLatency(page, 15_000);
    log(`latency: ${latencyMs.length} frames, median ${median(latencyMs)} ms`);
    await context.close();
    return { mseH264, coldHeaderMs, coldFrameMs, ffmpegFirstFragmentMs, coldMs, warmMs, latencyMs };
  } finally {
    await browser.close();
    await premises?.stop();
    await rtsp.stop();
    dir.remove();
  }
}

/** Spawn the hub's live ffmpeg (same arguments, same spawner) and time its first moof on stdout. */
async function ffmpegFirstFragment(url: string, hlsDir: string): Promise<number> {
  mkdirSync(hlsDir, { recursive: true });
  const t0 = performance.now();
  const proc = ffmpegMediaSpawner().spawn(buildLiveArgs({ inputUrl: url, rtspTimeoutMs: 5000, hlsDir, fastStart: true }));
  const assembler = new FragmentAssembler();
  const ms = await new Promise<number>((resolve, reject) => {
    let done = false;
    proc.onData((chunk) => {
      if (!done && assembler.push(chunk).some((e) => e.kind === 'fragment')) {
        done = true;
        resolve(performance.now() - t0);
      }
    });
    proc.onClose(() => {
      if (!done) reject(new Error('the live ffmpeg exited before its first fragment'));
    });
  });
  const exited = new Promise<void>((resolve) => proc.onClose(() => resolve()));
  proc.kill('SIGKILL');
  await exited;
  return ms;
}

// ---------------------------------------------------------------- playback start (added by the lead)

/**
 * Playback start: from a click on the playback timeline to the first frame of
 * recorded footage shown (target ≤ 1 s), through the real page — the viewing
 * session, the segment list, the Range requests of the segment file, the
 * video element's decode. Ten clicks at different points of the last minute
 * recorded; the reason is asked once per tab, so only the first click includes
 * the dialog (answered by the bench, not counted: playingAfterMs starts at the
 * click on "Start viewing" when the dialog shows).
 */
async function measurePlaybackStart(): Promise<number[] | undefined> {
  const dir = tempDir('premises-bench-playback-');
  const rtsp = await RtspServer.start({ door: 'live:640x360@15' });
  let premises: PremisesProcess | undefined;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const config = await writeConfig(dir.path, [{ id: 'door', rtsp: rtsp.url('door') }]);
    const origin = `http://127.0.0.1:${config.port}`;
    premises = await PremisesProcess.startRecording(config.path, config.port);
    await sleepMs(20_000); // some footage to click on
    const owner = await setupOwner(premises, origin, 'bench owner passphrase');
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await context.addCookies([{ name: 'premises_session', value: owner.cookies.get('premises_session') as string, url: origin }]);
    const page = await context.newPage();
    await page.goto(`${origin}/#/cameras`);
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const played = await playbackInBrowser(page, 'door', { secondsBeforeEnd: 4 + i, reason: 'other', reasonText: 'benchmark' });
      if (played.playingAfterMs >= 0) samples.push(played.playingAfterMs);
      log(`playback start ${i + 1}/${RUNS}: ${played.playingAfterMs} ms`);
      await page.goto(`${origin}/#/cameras`);
    }
    await context.close();
    return samples;
  } finally {
    await browser.close();
    await premises?.stop();
    await rtsp.stop();
    dir.remove();
  }
}

// ---------------------------------------------------------------- timeline API

const DAY = 86_400_000;
const SEG_MS = 10_000;

function fillIndex(db: Db, camera: string, from: number, days: number): number {
  db.prepare("INSERT INTO cameras (id, name, origin, created_at) VALUES (?, ?, 'config', ?)").run(camera, camera, from);
  const insertRun = db.prepare('INSERT INTO runs (camera_id, started_at) VALUES (?, ?)');
  const insert = db.prepare('INSERT INTO segments (camera_id, run_id, start_ms, end_ms, bytes, sha256, path) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const layout = new DataLayout('/unused');
  let rows = 0;
  const perDay = DAY / SEG_MS;
  for (let day = 0; day < days; day++) {
    db.transaction(() => {
      let run = Number(insertRun.run(camera, from + day * DAY).lastInsertRowid);
      for (let i = 0; i < perDay; i++) {
        const start = from + day * DAY + i * SEG_MS;
        if (i > 0 && i % 997 === 0) {
          run = Number(insertRun.run(camera, start).lastInsertRowid);
          continue; // a gap now and then, so the timeline has ranges to split
        }
        insert.run(camera, run, start, start + SEG_MS, 5_000_000, createHash('sha256').update(`${day}:${i}`).digest('hex'), layout.segmentRelPath(camera, start));
        rows += 1;
      }
    })();
  }
  return rows;
}

interface TimelineFigures {
  rows: number;
  samples: number[];
}

async function measureTimeline(): Promise<TimelineFigures> {
  const dir = tempDir('premises-bench-timeline-');
  try {
    const layout = new DataLayout(join(dir.path, 'data'));
    const db = openDb(join(dir.path, 'index.db'));
    const clock = systemClock;
    const audit = new AuditLog(db, clock);
    const now = clock.now();
    const from = now - 30 * DAY;
    log('filling a 30-day index for one camera…');
    const rows = fillIndex(db, 'cam', from, 30);
    const users = new UserStore(db, audit, clock);
    const user = users.create({ username: 'owner', passwordHash: 'not-used', role: 'owner' }, 'system');
    const { token } = new SessionStore(db, clock).create(user.id, '127.0.0.1');
    const { config } = parseConfig('cameras: []\n');
    if (!config) throw new Error('config');
    const recorder = { health: () => [], reevaluate: () => undefined, liveCamera: () => undefined } as unknown as Recorder;
    const app = createApp({
      recorder,
      alarms: new Alarms(db, audit, clock),
      clock,
      version: 'bench',
      db,
      audit,
      loaded: { config, path: join(dir.path, 'premises.yaml'), dataDir: layout.dataDir, text: '' },
      layout,
      log: silentLogger(),
      secure: false,
      tlsFingerprint: null,
    });
    const port = await freePort();
    const server = await listen(app, { host: '127.0.0.1', port });
    try {
      const samples: number[] = [];
      for (let i = 0; i < 220; i++) {
        // A day somewhere in the 30, as the playback page asks for it.
        const to = from + DAY + Math.floor(Math.random() * 29 * DAY);
        const t0 = performance.now();
        const res = await fetch(`http://127.0.0.1:${port}/api/cameras/cam/timeline?from=${new Date(to - DAY).toISOString()}&to=${new Date(to).toISOString()}`, {
          headers: { cookie: `premises_session=${token}` },
        });
        const body = (await res.json()) as { recorded?: unknown[] };
        const ms = performance.now() - t0;
        if (res.status !== 200 || !Array.isArray(body.recorded) || body.recorded.length === 0) throw new Error(`timeline answered ${res.status}`);
        if (i >= 20) samples.push(ms); // the first ones warm the caches
      }
      return { rows, samples };
    } finally {
      server.close();
      db.close();
    }
  } finally {
    dir.remove();
  }
}

// ---------------------------------------------------------------- report

const f0 = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(0));
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const verdict = (value: number, target: number) => (Number.isFinite(value) ? (value <= target ? 'met' : '**not met**') : '–');

async function main(): Promise<void> {
  const machine = machineInfo();
  const live = await measureLive();
  const playback = await measurePlaybackStart();
  const timeline = await measureTimeline();
  const cold = median(live.coldMs);
  const lat = median(live.latencyMs);
  const tl95 = pct(timeline.samples, 95);
  const section = [
    '<!-- bench:web:begin (generated by npm run bench:web) -->',
    '## bench:web',
    '',
    `Command: \`npm run bench:web\` (bench/web.ts), ${new Date().toISOString().slice(0, 10)}. Machine: ${machine.cores} × ${machine.cpuModel}, ${machine.memGiB} GiB, ${machine.os},`,
    `Node ${machine.node}, ${machine.ffmpeg}, GStreamer ${machine.gstreamer}, Chromium (Debian, headless, --disable-gpu) driven by playwright-core.`,
    `Browser MSE plays H.264: ${live.mseH264 ? 'yes' : 'NO'}.`,
    '',
    '| Figure | Result | Target | |',
    '|---|---|---|---|',
    `| Time to first live frame, cold (no live stream running; ffmpeg connects to the camera), median of ${live.coldMs.length} | ${f0(cold)} ms (min ${f0(Math.min(...live.coldMs))}, max ${f0(Math.max(...live.coldMs))}) | ≤ ${TARGETS.firstFrameMs} ms | ${verdict(cold, TARGETS.firstFrameMs)} |`,
    `| of which the camera and ffmpeg: spawn of the live ffmpeg to its first fragment (same arguments), median of ${live.ffmpegFirstFragmentMs.length} | ${f0(median(live.ffmpegFirstFragmentMs))} ms | | |`,
    `| of which, from the page's marks (median): WebSocket open to the stream header and init segment (ffmpeg connected) | ${f0(median(live.coldHeaderMs))} ms after the click; first frame presented ${f0(median(live.coldFrameMs))} ms | | |`,
    `| Time to first live frame, warm (stream lingering, page reopened), median of ${live.warmMs.length} | ${f0(median(live.warmMs))} ms (max ${f0(Math.max(...live.warmMs))}) | ≤ ${TARGETS.firstFrameMs} ms | ${verdict(median(live.warmMs), TARGETS.firstFrameMs)} |`,
    `| Live latency, clock drawn in the source vs the browser's clock at frame presentation, ${live.latencyMs.length} frames | median ${f0(lat)} ms, p95 ${f0(pct(live.latencyMs, 95))} ms | ≤ ${TARGETS.latencyMs} ms | ${verdict(lat, TARGETS.latencyMs)} |`,
    `| Playback start after a timeline click (to the picture's time moving on, polled every 50 ms), median of ${playback?.length ?? 0} | ${playback ? `median ${f0(median(playback))} ms (max ${f0(Math.max(...playback))})` : 'not measured'} | ≤ ${TARGETS.playbackStartMs} ms | ${playback ? verdict(median(playback), TARGETS.playbackStartMs) : '–'} |`,
    `| GET /api/cameras/:id/timeline, one day out of a 30-day index (${timeline.rows.toLocaleString('en')} segments), over HTTP with a session, ${timeline.samples.length} requests | p50 ${f1(pct(timeline.samples, 50))} ms, p95 ${f1(tl95)} ms | p95 ≤ ${TARGETS.timelineP95Ms} ms | ${verdict(tl95, TARGETS.timelineP95Ms)} |`,
    '',
    'The source is the GStreamer test server\'s `clock:640x360@15` mount (x264 ultrafast/zerolatency, 1 s GOP). Latency includes the',
    'source\'s own encode and RTP packing, ffmpeg\'s stream copy into a fragment per frame, the WebSocket, MSE decode and presentation;',
    'a real camera adds its sensor and encoder. Cold first frame includes the RTSP handshake and waiting for the next keyframe (≤ 1 GOP);',
    'the GStreamer test server builds a new encoding pipeline for each client, which a real camera does not (its encoder runs all the time),',
    'but a real camera joined mid-GOP makes ffmpeg wait for its next keyframe (up to its GOP length, often 1–4 s).',
    '<!-- bench:web:end -->',
  ].join('\n');
  process.stdout.write(`${section}\n`);
  if (!values['no-docs']) {
    const existing = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '# Benchmarks\n';
    const begin = existing.indexOf('<!-- bench:web:begin');
    const end = existing.indexOf('<!-- bench:web:end -->');
    const updated = begin >= 0 && end > begin ? existing.slice(0, begin) + section + existing.slice(end + '<!-- bench:web:end -->'.length) : `${existing.trimEnd()}\n\n${section}\n`;
    writeFileSync(DOC, updated);
  }
}

await main();
