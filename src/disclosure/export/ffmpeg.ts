import { execFile, spawn } from 'node:child_process';
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
    // The concat demuxer probes every file it opens; the MP4 header already has
    // what stream copy needs, and a full probe (decoding frames) per 10 s
    // segment made it 3× slower (bench:export). Output packets are identical.
    lines.push('option probesize 32');
    if (e.inpoint !== undefined && e.inpoint > 0) lines.push(`inpoint ${e.inpoint.toFixed(6)}`);
    if (e.outpoint !== undefined) lines.push(`outpoint ${e.outpoint.toFixed(6)}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Stream copy into a plain (not fragmented) MP4 with the index at the front
 * (+faststart): plays in browsers, VLC and QuickTime and starts without
 * reading the whole file.
 */
export const STREAM_COPY = ['-map', '0', '-c', 'copy'] as const;

export function concatArgs(scriptPath: string, outPath: string, codec: readonly string[] = STREAM_COPY): string[] {
  return [
    '-nostdin', '-hide_banner', '-loglevel', 'error',
    '-f', 'concat', '-safe', '0', '-i', scriptPath,
    ...codec,
    '-movflags', '+faststart',
    '-progress', 'pipe:1', '-nostats',
    '-f', 'mp4', outPath,
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

/** Run the concat; `onProgress` gets seconds written so far. Rejects with ffmpeg's last error lines. */
export function runConcat(
  scriptPath: string,
  outPath: string,
  onProgress: (seconds: number) => void,
  options: { ffmpeg?: string; codec?: readonly string[] } = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.ffmpeg ?? 'ffmpeg', concatArgs(scriptPath, outPath, options.codec), { stdio: ['ignore', 'pipe', 'pipe'] });
    const errLines: string[] = [];
    createInterface({ input: child.stderr }).on('line', (l) => {
      errLines.push(l);
      if (errLines.length > 20) errLines.shift();
    });
    createInterface({ input: child.stdout }).on('line', (l) => {
      const m = /^out_time_us=(\d+)$/.exec(l);
      if (m) onProgress(Number(m[1]) / 1e6);
    });
    child.on('error', (err) => reject(new PremisesError('Unavailable', `cannot run ffmpeg: ${err.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new PremisesError('Internal', `ffmpeg failed (${signal ?? `exit ${code}`}): ${redactSecrets(errLines.join(' | '))}`));
    });
  });
}
