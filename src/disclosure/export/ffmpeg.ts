import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { PremisesError } from '../../shared/errors.js';
import { redactSecrets } from '../../shared/redact.js';

const execFileAsync = promisify(execFile);

/**
 * The ffmpeg side of an export: find keyframes, then join segments by stream
 * copy with the concat demuxer. Argument building is pure (tested without
 * ffmpeg); running is a thin layer.
 */
export interface ConcatEntry {
  /** Absolute path of a source segment. */
  file: string;
  /** Seconds, in the file's own timestamps: start here (a keyframe). */
  inpoint?: number;
  /** Seconds, in the file's own timestamps: stop here. */
  outpoint?: number;
}

function quote(path: string): string {
  // ffconcat quoting: inside '…', a quote is written '\''
  return `'${path.replaceAll("'", "'\\''")}'`;
}

/** The ffconcat script for one output file. */
export function concatScript(entries: readonly ConcatEntry[]): string {
  const lines = ['ffconcat version 1.0'];
  for (const e of entries) {
    if (/[\n\r]/.test(e.file)) throw new Error(`segment path contains a line break: ${JSON.stringify(e.file)}`);
    lines.push(`file ${quote(e.file)}`);
    // The concat demuxer runs avformat_find_stream_info on every file it
    // opens, and for H.264 that decodes frames (up to 7, to guess the decode
    // delay) just to learn the pixel format: ~6 ms per 10 s segment, 2/3 of
    // the whole remux (bench:export, perf). Stream copy needs neither:
    // probesize 32 stops reading after the first packet and an empty decoder
    // whitelist stops the decoding. The output bytes are identical (checked
    // with cmp on both container kinds). The ffmpeg CLI's own decoder (used
    // when redacting) is not affected: the whitelist is this file's only.
    lines.push('option probesize 32');
    lines.push(`option codec_whitelist ${NO_DECODER}`);
    if (e.inpoint !== undefined && e.inpoint > 0) lines.push(`inpoint ${e.inpoint.toFixed(6)}`);
    if (e.outpoint !== undefined) lines.push(`outpoint ${e.outpoint.toFixed(6)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A decoder name that does not exist: find_stream_info then opens none. */
const NO_DECODER = 'none';
/** What ffmpeg logs (at error level) for each file because of NO_DECODER: expected, not a failure. */
const WHITELIST_NOISE = /Codec \(\w+\) not on whitelist|Last message repeated \d+ times/;

export const STREAM_COPY = ['-map', '0', '-c', 'copy'] as const;

/**
 * Fragmented MP4 (an empty moov, then one moof+mdat per GOP, an mfra index at
 * the end): the file is written front to back in one pass, so Node can hash
 * it while ffmpeg writes it. A plain MP4 either has its
 * index at the end (the muxer seeks back to patch the mdat size) or, with
 * +faststart, is rewritten a second time to move the index to the front; both
 * need the file hashed again afterwards. Player support: docs/exports.md.
 */
export const FRAGMENTED_MP4 = ['-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-f', 'mp4'] as const;

/** ffmpeg's -progress goes to this descriptor (stdout is not used). */
export const PROGRESS_FD = 3;

/**
 * The output is a file ffmpeg may not seek in: `-seekable 0` makes the file
 * protocol a stream (the muxer then never goes back over bytes it has
 * written, as on a pipe), `-truncate 0 -y` open the empty file we created.
 * Unlike a real pipe (32 KiB writes) the file protocol writes in 256 KiB
 * blocks: a third less system time for the hour (bench:export).
 */
export function concatArgs(scriptPath: string, outPath: string, codec: readonly string[] = STREAM_COPY): string[] {
  return [
    '-nostdin', '-hide_banner', '-loglevel', 'error',
    '-f', 'concat', '-safe', '0', '-i', scriptPath,
    ...codec,
    ...FRAGMENTED_MP4,
    '-progress', `pipe:${PROGRESS_FD}`, '-nostats',
    '-seekable', '0', '-truncate', '0', '-y', `file:${outPath}`,
  ];
}

export interface KeyframeInfo {
  /** Timestamp of the first packet (seconds, the file's own clock). */
  firstPts: number;
  /** Keyframe timestamps (seconds, the file's own clock), ascending. */
  keyframes: number[];
}

/** Reads packet flags only (no decoding), so it costs about as much as reading the file. */
export async function probeKeyframes(file: string, ffprobe = 'ffprobe'): Promise<KeyframeInfo> {
  const { stdout } = await execFileAsync(
    ffprobe,
    ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0', file],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  let firstPts = Infinity;
  const keyframes: number[] = [];
  for (const line of stdout.split('\n')) {
    const [pts, flags] = line.trim().split(',');
    const t = Number(pts);
    if (!pts || !Number.isFinite(t)) continue;
    firstPts = Math.min(firstPts, t);
    if (flags?.includes('K')) keyframes.push(t);
  }
  if (!Number.isFinite(firstPts)) throw new PremisesError('DataLoss', `no video packets in ${file}`);
  keyframes.sort((a, b) => a - b);
  return { firstPts, keyframes };
}

export async function probeDurationSeconds(file: string, ffprobe = 'ffprobe'): Promise<number> {
  const { stdout } = await execFileAsync(ffprobe, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]);
  const d = Number(stdout.trim());
  if (!Number.isFinite(d)) throw new PremisesError('DataLoss', `cannot read the duration of ${file}`);
  return d;
}

/**
 * Run the concat. ffmpeg writes the output as a stream (concatArgs): front
 * to back, never seeking back. That lets us hash the file while it grows,
 * reading just behind ffmpeg, so the file is never read back afterwards.
 * `onProgress` gets seconds of video and bytes hashed so far. Rejects with
 * ffmpeg's last error lines; `signal` stops ffmpeg.
 */
export async function runConcat(
  scriptPath: string,
  outPath: string,
  onProgress: (seconds: number, bytes: number) => void,
  options: { ffmpeg?: string; codec?: readonly string[]; signal?: AbortSignal } = {},
): Promise<{ sha256: string; bytes: number }> {
  if (options.signal?.aborted) throw new PremisesError('Internal', 'export stopped');
  closeSync(openSync(outPath, 'wx', 0o644)); // a fresh, empty file: ffmpeg opens it without truncating, we follow it
  const child = spawn(options.ffmpeg ?? 'ffmpeg', concatArgs(scriptPath, outPath, options.codec), { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const onAbort = () => child.kill('SIGKILL');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const errLines: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (l) => {
    if (WHITELIST_NOISE.test(l)) return;
    errLines.push(l);
    if (errLines.length > 20) errLines.shift();
  });
  let seconds = 0;
  let hashed = 0;
  createInterface({ input: child.stdio[PROGRESS_FD] as Readable }).on('line', (l) => {
    const m = /^out_time_us=(\d+)$/.exec(l);
    if (m) {
      seconds = Number(m[1]) / 1e6;
      onProgress(seconds, hashed);
    }
  });
  let exited = false;
  let wake: (() => void) | undefined;
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
    child.once('error', (error) => {
      exited = true;
      wake?.();
      resolve({ code: null, signal: null, error });
    });
    child.once('close', (code, signal) => {
      exited = true;
      wake?.();
      resolve({ code, signal });
    });
  });

  const hash = createHash('sha256');
  const reader = await open(outPath, 'r');
  const buffer = Buffer.allocUnsafe(FOLLOW_CHUNK);
  try {
    // Follow the file: hash what is there, wait a little when we catch up, finish once ffmpeg has exited and EOF is reached.
    for (;;) {
      const finished = exited;
      const { bytesRead } = await reader.read(buffer, 0, FOLLOW_CHUNK, hashed);
      if (bytesRead > 0) {
        hash.update(buffer.subarray(0, bytesRead));
        hashed += bytesRead;
        continue;
      }
      if (finished) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, FOLLOW_WAIT_MS);
      });
      wake = undefined;
    }
    const result = await closed;
    options.signal?.removeEventListener('abort', onAbort);
    if (result.error) throw new PremisesError('Unavailable', `cannot run ffmpeg: ${result.error.message}`);
    if (options.signal?.aborted) throw new PremisesError('Internal', 'export stopped');
    if (result.code !== 0) throw new PremisesError('Internal', `ffmpeg failed (${result.signal ?? `exit ${result.code}`}): ${redactSecrets(errLines.join(' | '))}`);
    await reader.sync();
    const size = (await reader.stat()).size;
    if (size !== hashed) throw new PremisesError('Internal', `the export file changed while it was hashed (${size} bytes, ${hashed} hashed)`);
    onProgress(seconds, hashed);
    return { sha256: hash.digest('hex'), bytes: hashed };
  } finally {
    await reader.close();
    if (!exited) child.kill('SIGKILL');
  }
}

/**
 * ffmpeg ignores SIGPIPE and would finish an hour-long export after Premises
 * has stopped (seen: it wrote the whole file with its parent gone). Stop the
 * ones still running when this process exits; their working folder is swept.
 */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

const FOLLOW_CHUNK = 4 << 20;
const FOLLOW_WAIT_MS = 20;
