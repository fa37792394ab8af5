/**
 * `npm run bench:grid [-- --seconds 30]`: the Grid page with 16 tiles against 1 tile, in one run, in Debian's
 * chromium (playwright-core, test/support/browser.ts) against a real `premises start` recording 16 cameras.
 *
 * Cameras: GStreamer's RTSP server replays files without re-encoding (as bench/record.ts does): every camera's
 * main stream is the recording benchmark's 1080p15 4 Mbit/s clip, its sub stream (`subRtsp`) a 640×360 15 fps
 * clip with a keyframe every second, ~600 kbit/s. The page plays what it plays for the owner: sub streams in the
 * 16-tile layout, the main stream when one camera fills the screen (the 1-tile layout, the baseline).
 *
 * For each layout: from the navigation, every tile's first presented frame (the player's own mark,
 * `data-first-frame-ms`, ms from the player's start), then `--seconds` of the browser's CPU (the chromium process
 * and all its descendants, /proc, bench/sampler.ts) with the frames each tile presented and dropped
 * (getVideoPlaybackQuality) to show that all tiles were playing.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { openBrowser, type BrowserFixture } from '../test/support/browser.js';
import { setupOwner } from '../test/support/playback.js';
import { PremisesProcess, sleepMs, tempDir, writeConfig } from '../test/support/premises.js';
import { RtspServer, type SourceSpec } from '../test/support/rtsp.js';
import { ensureSourceClip, machineInfo } from './machine.js';
import { descendantsOf } from './proc.js';
import { Sampler, type WindowSummary } from './sampler.js';
import { median } from './stats.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CACHE_DIR = join(REPO_ROOT, '.cache', 'bench');
const CAMERAS = 16;
const log = (line: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '30' } }, strict: true });
const SECONDS = Number(values.seconds);
if (!Number.isFinite(SECONDS) || SECONDS < 5 || SECONDS > 300) throw new Error(`--seconds expects 5 to 300, got ${values.seconds}`);

/** The sub stream: 640×360 15 fps, keyframe every second, encoded once and cached beside the main clip. */
function ensureSubClip(seconds: number): string {
  const path = join(CACHE_DIR, `cam-360p15-sub-${seconds}s.mp4`);
  if (existsSync(path)) return path;
  const partial = `${path}.partial.mp4`;
  log(`encoding the ${seconds} s sub-stream clip once (cached at ${path})`);
  const result = spawnSync('ffmpeg', [
    '-nostdin', '-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=15', '-t', String(seconds),
    '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'main', '-bf', '0', '-g', '15', '-keyint_min', '15', '-sc_threshold', '0',
    '-b:v', '600k', '-maxrate', '600k', '-bufsize', '1200k', '-movflags', '+faststart', partial,
  ], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`cannot encode the sub-stream clip: ${result.stderr}`);
  renameSync(partial, path);
  return path;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};

interface LayoutResult {
  layout: number;
  tiles: number;
  stream: string;
  firstFrameMs: number[];
  allTilesMs: number;
  window: WindowSummary;
  frames: { presented: number; dropped: number }[];
  load: string;
  /** Tiles still streaming at the window's end (a tile off screen stops). */
  streaming: number;
}

/** Frames presented and dropped so far, per tile (a string: the bench is compiled without the DOM types). */
const FRAMES = `[...document.querySelectorAll('.grid-tile video')].map((v) => { const q = v.getVideoPlaybackQuality(); return [q.totalVideoFrames, q.droppedVideoFrames]; })`;

async function measureLayout(page: Page, layout: number, others: () => number[]): Promise<LayoutResult> {
  await page.evaluate("location.hash = '#/cameras'");
  await page.getByRole('heading', { name: 'Cameras', exact: true }).waitFor();
  await page.evaluate(`localStorage.setItem('premises.grid.layout', '${layout}')`);
  const t0 = Date.now();
  await page.evaluate("location.hash = '#/grid'");
  const tiles = page.locator('.grid-tile');
  await tiles.first().waitFor();
  const count = await tiles.count();
  let allTilesMs = NaN;
  // Polled from here: waitForFunction compiles its predicate in the page, which the dashboard's CSP forbids.
  const deadline = Date.now() + 30_000;
  while (Number.isNaN(allTilesMs) && Date.now() < deadline) {
    if ((await page.locator('.grid-tile[data-first-frame-ms]').count()) === count) allTilesMs = Date.now() - t0;
    else await sleepMs(50);
  }
  if (Number.isNaN(allTilesMs)) log(`layout ${layout}: not every tile showed a frame within 30 s`);
  const firstFrameMs = (await page.evaluate<(string | null)[]>(`[...document.querySelectorAll('.grid-tile')].map((t) => t.getAttribute('data-first-frame-ms'))`))
    .filter((v): v is string => v !== null)
    .map(Number);
  const stream = (await page.evaluate<string[]>(`[...new Set([...document.querySelectorAll('.grid-tile')].map((t) => t.getAttribute('data-stream')))]`)).join(', ');
  log(`layout ${layout}: ${count} tiles (${stream}), first frames ${firstFrameMs.join(', ')} ms; all in ${allTilesMs} ms`);
  // Playwright gives no pid for a launched browser: the browser is everything this process started except the
  // daemon and the RTSP server (and what they started).
  const notBrowser = new Set<number>();
  const sampler = new Sampler(
    {
      browser: (all) => {
        notBrowser.clear();
        for (const root of others()) {
          notBrowser.add(root);
          for (const p of descendantsOf(root, all)) notBrowser.add(p.pid);
        }
        return descendantsOf(process.pid, all).filter((p) => !notBrowser.has(p.pid));
      },
    },
    3_000,
  );
  const load = loadavg().map((v) => v.toFixed(2)).join(', ');
  const before = await page.evaluate<[number, number][]>(FRAMES);
  sampler.start();
  await sleepMs(SECONDS * 1000);
  const window = sampler.stop();
  const after = await page.evaluate<[number, number][]>(FRAMES);
  const frames = after.map(([p, d], i) => ({ presented: p - (before[i]?.[0] ?? 0), dropped: d - (before[i]?.[1] ?? 0) }));
  log(`layout ${layout}: browser = ${window.groups['browser']?.processesMedian ?? 0} processes (median of the samples)`);
  const streaming = await page.locator('.grid-tile[data-streaming="yes"]').count();
  if (streaming !== count) log(`layout ${layout}: only ${streaming} of ${count} tiles streaming at the window's end`);
  return { layout, tiles: count, stream, firstFrameMs, allTilesMs, window, frames, load, streaming };
}

function render(results: LayoutResult[], header: string[]): string {
  const lines = [
    ...header,
    '',
    `| layout | tiles (stream), streaming at the end | browser CPU, % of one core, over ${SECONDS} s (median of 3 s intervals) | browser PSS MB (all its processes), median | first frame per tile, median / p95 / max (ms) | all tiles showing, from the navigation (ms) | frames presented per tile per s, min / median | frames dropped (all tiles) | load average at the window's start | machine busy % of both cores |`,
    '|---:|---|---:|---:|---:|---:|---:|---:|---|---:|',
  ];
  for (const r of results) {
    const g = r.window.groups['browser'];
    const fps = r.frames.map((f) => f.presented / SECONDS);
    lines.push(
      `| ${r.layout} | ${r.tiles} (${r.stream}), ${r.streaming} | ${(g?.cpuPct ?? NaN).toFixed(1)} (${(g?.cpuPctMedian ?? NaN).toFixed(1)}) | ${(g?.pssMbMedian ?? NaN).toFixed(0)} | ${median(r.firstFrameMs).toFixed(0)} / ${pct(r.firstFrameMs, 95).toFixed(0)} / ${Math.max(...r.firstFrameMs).toFixed(0)} | ${r.allTilesMs} | ${Math.min(...fps).toFixed(1)} / ${median(fps).toFixed(1)} | ${r.frames.reduce((a, f) => a + f.dropped, 0)} | ${r.load} | ${r.window.systemBusyPct.toFixed(0)} |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  mkdirSync(CACHE_DIR, { recursive: true });
  const main = ensureSourceClip(CACHE_DIR, 210, log);
  const sub = ensureSubClip(180);
  const dir = tempDir('premises-bench-grid-');
  const ids = Array.from({ length: CAMERAS }, (_, i) => `cam${String(i + 1).padStart(2, '0')}`);
  const mounts: Record<string, SourceSpec> = {};
  for (const id of ids) {
    mounts[id] = `file:${main}`;
    mounts[`${id}sub`] = `file:${sub}`;
  }
  const rtsp = await RtspServer.start(mounts);
  let premises: PremisesProcess | undefined;
  let web: BrowserFixture | undefined;
  const kill = () => {
    premises?.child.kill('SIGKILL');
    if (rtsp.pid !== undefined) process.kill(rtsp.pid, 'SIGKILL');
  };
  process.once('SIGINT', () => (kill(), process.exit(130)));
  try {
    const config = await writeConfig(
      dir.path,
      ids.map((id) => ({ id, rtsp: rtsp.url(id), extra: [`    subRtsp: ${rtsp.url(`${id}sub`)}`] })),
      { segment: '10s', rtspTimeout: '5s', downAlarm: '2m' },
    );
    const origin = `http://127.0.0.1:${config.port}`;
    premises = PremisesProcess.start(config.path, config.port);
    const owner = await setupOwner(premises, origin, 'bench owner passphrase');
    await premises.waitFor((h) => h.cameras.length === CAMERAS && h.cameras.every((c) => c.lastSegmentAt !== null), 60_000, 'every camera to record');
    web = await openBrowser(dir.path, { origin, loggedInAs: owner, viewport: { width: 1920, height: 1080 } });
    await web.page.goto(`${origin}/#/cameras`);
    const m = machineInfo();
    const daemon = premises;
    const others = () => [daemon.pid, ...(rtsp.pid === undefined ? [] : [rtsp.pid])];
    const results = [await measureLayout(web.page, 1, others), await measureLayout(web.page, 16, others)];
    const version = web.browser.version();
    process.stdout.write(
      `${render(results, [
        `Command: \`npm run bench:grid${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\`, ${new Date().toISOString().slice(0, 16)}Z`,
        `Machine: ${m.cores} cores (${m.cpuModel}), ${m.memGiB} GiB RAM, ${m.os}; Node ${m.node}; ${m.ffmpeg}; ${m.gstreamer}; Chromium ${version} (Debian, headless, --disable-gpu), viewport 1920×1080`,
        `Premises records all ${CAMERAS} cameras meanwhile (10 s segments). Load average (1, 5, 15 min) at the start: ${loadavg().map((v) => v.toFixed(2)).join(', ')} (the machine is shared).`,
      ])}\n`,
    );
  } finally {
    await web?.close();
    await premises?.stop();
    await rtsp.stop();
    dir.remove();
  }
}

await main();
