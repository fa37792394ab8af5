import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { PremisesError } from '../../shared/errors.js';
import { runChildInBackground } from '../../shared/priority.js';

const execFileAsync = promisify(execFile);

/**
 * Raw frames out of ffmpeg and back into it. A clip's frame times come from
 * its packets' presentation times (ffprobe reads them without decoding), so
 * the n-th frame decoded with `-fps_mode passthrough` has the n-th time here,
 * in analysis and in rendering alike.
 */
export interface ClipInfo {
  width: number;
  height: number;
  /** Presentation time of each frame, ms from the first, ascending. */
  frameMs: number[];
}

export async function probeClip(file: string, ffprobe = 'ffprobe'): Promise<ClipInfo> {
  const { stdout } = await execFileAsync(
    ffprobe,
    ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height:packet=pts_time', '-of', 'json', file],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const j = JSON.parse(stdout) as { streams?: { width?: number; height?: number }[]; packets?: { pts_time?: string }[] };
  const s = j.streams?.[0];
  if (!s?.width || !s.height) throw new PremisesError('Internal', `${file} has no video stream`);
  const pts = (j.packets ?? []).map((p) => Number(p.pts_time)).filter(Number.isFinite).sort((a, b) => a - b);
  if (pts.length === 0) throw new PremisesError('Internal', `${file} has no video frames`);
  return { width: s.width, height: s.height, frameMs: pts.map((p) => Math.round((p - pts[0]!) * 1000)) };
}

/** Frames per second of a clip (mean over its frames; CCTV streams are constant-rate). */
export function meanFps(info: ClipInfo): number {
  const n = info.frameMs.length;
  if (n < 2) return 15;
  return ((n - 1) * 1000) / (info.frameMs[n - 1]! - info.frameMs[0]!);
}

function stderrTail(child: ChildProcess): () => string {
  const lines: string[] = [];
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => {
    lines.push(...d.split('\n').filter(Boolean));
    if (lines.length > 8) lines.splice(0, lines.length - 8);
  });
  return () => lines.join(' | ');
}

function exited(child: ChildProcess, what: string, tail: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once('error', (err) => reject(new PremisesError('Internal', `${what} could not start: ${err.message}`)));
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new PremisesError('Internal', `${what} failed (${signal ?? `exit ${code}`}): ${tail()}`));
    });
  });
}

/**
 * Decode `file` and call `onFrame` with each raw frame (a reused buffer: copy
 * what must outlive the call). `filter` may drop frames (select) or scale.
 */
export async function readFrames(
  file: string,
  opts: { pixFmt: 'rgb24' | 'yuv420p'; width: number; height: number; filter?: string; ffmpeg?: string; signal?: AbortSignal },
  onFrame: (frame: Buffer, index: number) => Promise<void> | void,
): Promise<number> {
  const frameBytes = opts.pixFmt === 'rgb24' ? opts.width * opts.height * 3 : (opts.width * opts.height * 3) / 2;
  const args = ['-nostdin', '-v', 'error', '-i', file, '-map', '0:v:0', '-fps_mode', 'passthrough'];
  if (opts.filter) args.push('-vf', opts.filter);
  args.push('-f', 'rawvideo', '-pix_fmt', opts.pixFmt, 'pipe:1');
  const child = spawn(opts.ffmpeg ?? 'ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  // Redaction waits; recording does not (docs/redaction.md, "Beside the recorder").
  runChildInBackground(child.pid);
  const tail = stderrTail(child);
  const done = exited(child, 'ffmpeg (decoding for redaction)', tail);
  done.catch(() => undefined);
  const kill = () => child.kill('SIGKILL');
  opts.signal?.addEventListener('abort', kill, { once: true });
  const frame = Buffer.alloc(frameBytes);
  let filled = 0;
  let index = 0;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      let at = 0;
      while (at < chunk.length) {
        const n = Math.min(frameBytes - filled, chunk.length - at);
        chunk.copy(frame, filled, at, at + n);
        filled += n;
        at += n;
        if (filled === frameBytes) {
          await onFrame(frame, index++);
          filled = 0;
        }
      }
    }
    await done;
  } catch (err) {
    kill();
    throw err;
  } finally {
    opts.signal?.removeEventListener('abort', kill);
  }
  if (opts.signal?.aborted) throw new PremisesError('Unavailable', 'redaction stopped (Premises is shutting down); start it again');
  return index;
}

/** An ffmpeg that encodes raw yuv420p frames written to it into an H.264 MP4. */
export interface FrameWriter {
  write(frame: Buffer): Promise<void>;
  end(): Promise<void>;
  abort(): void;
}

export const ENCODE_ARGS = ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', 'yuv420p', '-movflags', '+faststart'] as const;

export function writeFrames(out: string, opts: { width: number; height: number; fps: number; ffmpeg?: string }): FrameWriter {
  const args = [
    '-nostdin',
    '-v',
    'error',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'yuv420p',
    '-s',
    `${opts.width}x${opts.height}`,
    '-framerate',
    opts.fps.toFixed(3),
    '-i',
    'pipe:0',
    ...ENCODE_ARGS,
    '-an',
    '-y',
    out,
  ];
  const child = spawn(opts.ffmpeg ?? 'ffmpeg', args, { stdio: ['pipe', 'ignore', 'pipe'] });
  runChildInBackground(child.pid);
  const tail = stderrTail(child);
  const done = exited(child, 'ffmpeg (encoding the redacted clip)', tail);
  done.catch(() => undefined);
  const stdin = child.stdin;
  stdin.on('error', () => undefined); // a dead encoder is reported by `done`
  return {
    async write(frame) {
      if (!stdin.write(frame)) await Promise.race([once(stdin, 'drain'), done]);
    },
    async end() {
      stdin.end();
      await done;
    },
    abort() {
      child.kill('SIGKILL');
    },
  };
}
