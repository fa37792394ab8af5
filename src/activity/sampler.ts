import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { ffmpegCommand } from '../recorder/spawner.js';
import { PremisesError } from '../shared/errors.js';
import { SAMPLE_BYTES, SAMPLE_HEIGHT, SAMPLE_WIDTH } from './grid.js';

/**
 * Turns stored segments into small grey samples, one per keyframe. Only keyframes are decoded
 * (`-skip_frame nokey`): a keyframe needs no other frame, so the cost is a few milliseconds per keyframe
 * instead of decoding every frame (docs/activity.md has the measurements). The segments of one run are read in
 * one ffmpeg through the concat demuxer, so the process start is paid once per batch, not per segment.
 *
 * Where the time went (perf, docs/benchmarks.md): not in decoding the keyframes but in the concat demuxer
 * probing each file it opens: libavformat decodes up to 7 frames of every segment (keyframe and P-frames, at
 * full size) to guess the H.264 reorder delay, which the analysis never needs. A probe size of 32 bytes per file
 * stops the probe after the first frame; the output is byte for byte the same, at about half the CPU.
 */
export interface SampledFrame {
  /** Seconds from the start of the batch (the concat timeline: segments back to back). */
  ptsSeconds: number;
  pixels: Uint8Array;
}

export interface SampleBatchOptions {
  ffmpegPath?: string;
  /** A folder for the concat list (inside the data directory: paths never leave the box). */
  workDir: string;
  /** Give up after this long (a stuck decode must not stop the queue). */
  timeoutMs?: number;
  /**
   * Read only each segment's first keyframe (the index is behind: coarser samples, several times cheaper,
   * docs/activity.md "Backlog"). Segments start with a keyframe: the recorder cuts at keyframes.
   */
  firstKeyframeOnly?: boolean;
}

/** ffconcat quoting: the path sits in single quotes; a quote inside is closed, escaped and reopened. */
function ffconcatPath(path: string): string {
  return `'${path.replace(/'/g, "'\\''")}'`;
}

/**
 * Each file with its duration from the index: the concat demuxer then places file k at exactly the sum of the
 * durations before it, the same sum the indexer uses to tell which segment a frame came from.
 */
export function ffconcatList(files: readonly { path: string; durationMs: number }[], firstKeyframeOnly = false): string {
  const entry = (f: { path: string; durationMs: number }) =>
    [
      `file ${ffconcatPath(f.path)}`,
      // Probe only the first frame of each file (see above): the codec is known from the file's header.
      'option probesize 32',
      // The first packet has time 0 and is the keyframe; the demuxer ends the file at the next one.
      ...(firstKeyframeOnly ? ['outpoint 0.001'] : []),
      `duration ${(f.durationMs / 1000).toFixed(3)}`,
    ].join('\n');
  return `ffconcat version 1.0\n${files.map(entry).join('\n')}\n`;
}

export function sampleArgs(listFile: string): string[] {
  return [
    '-nostdin', '-hide_banner', '-loglevel', 'level+info', '-threads', '1',
    '-skip_frame', 'nokey',
    // auto_convert would rewrite every packet to Annex B for nothing: the decoder reads the files' own format.
    '-f', 'concat', '-safe', '0', '-auto_convert', '0', '-i', listFile,
    '-an', '-sn', '-dn',
    '-fps_mode', 'passthrough',
    // area scaling averages each cell's pixels; showinfo prints each output frame's time on stderr.
    '-vf', `scale=${SAMPLE_WIDTH}:${SAMPLE_HEIGHT}:flags=area,format=gray,showinfo`,
    '-f', 'rawvideo', 'pipe:1',
  ];
}

const PTS = /\bn:\s*\d+\s+pts:\s*-?\d+\s+pts_time:(-?[\d.]+)/;

export async function sampleSegments(files: readonly { path: string; durationMs: number }[], options: SampleBatchOptions): Promise<SampledFrame[]> {
  mkdirSync(options.workDir, { recursive: true });
  const listFile = join(options.workDir, `activity-${process.pid}-${Date.now()}.ffconcat`);
  writeFileSync(listFile, ffconcatList(files, options.firstKeyframeOnly ?? false), { mode: 0o600 });
  const [command, args] = ffmpegCommand(options.ffmpegPath ?? 'ffmpeg', sampleArgs(listFile));
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  // Activity is background work: recording and ingest come first when the machine is busy.
  if (child.pid !== undefined) {
    try {
      setPriority(child.pid, 10);
    } catch {
      // not permitted or already gone: it still works, at normal priority
    }
  }
  const chunks: Buffer[] = [];
  const times: number[] = [];
  let stderrTail = '';
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString();
    const lines = text.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const m = PTS.exec(line);
      if (m) times.push(Number(m[1]));
      else stderrTail = (stderrTail + line + '\n').slice(-2000);
    }
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (c, s) => resolve({ code: c, signal: s }));
  }).finally(() => {
    clearTimeout(timer);
    rmSync(listFile, { force: true });
  });
  if (code !== 0) {
    throw new PremisesError('DataLoss', `could not read the footage for the activity index (ffmpeg ${signal ?? `exit ${code}`}): ${stderrTail.trim().split('\n').slice(-3).join(' / ')}`);
  }
  const data = Buffer.concat(chunks);
  const frames = Math.floor(data.length / SAMPLE_BYTES);
  const out: SampledFrame[] = [];
  for (let i = 0; i < frames && i < times.length; i += 1) {
    out.push({ ptsSeconds: times[i] as number, pixels: data.subarray(i * SAMPLE_BYTES, (i + 1) * SAMPLE_BYTES) });
  }
  return out;
}
