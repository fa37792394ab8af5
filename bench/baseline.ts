import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { FRAGMENT_WRITE_ARGS } from '../src/recorder/ffmpeg-args.js';

/**
 * The baseline: N bare ffmpeg processes recording the same streams with the
 * same segment options Premises uses (src/recorder/ffmpeg-args.ts), and
 * nothing else: no -progress pipe, no socket timeout, no supervisor, no
 * fsync, hashing or index. What Premises costs is measured against this.
 */
export function bareRecordArgs(url: string, outDir: string, segmentSeconds: number, writeArgs: readonly string[] = FRAGMENT_WRITE_ARGS): string[] {
  return [
    '-nostdin',
    '-hide_banner',
    '-loglevel', 'warning',
    '-rtsp_transport', 'tcp',
    '-i', url,
    '-map', '0:v:0',
    '-an',
    '-c', 'copy',
    '-f', 'segment',
    '-segment_time', String(segmentSeconds),
    '-segment_format', 'mp4',
    ...writeArgs,
    '-reset_timestamps', '1',
    // The closed-segment list on stdout, as Premises reads it: the benchmark notes when each segment closed.
    '-segment_list', 'pipe:1',
    '-segment_list_type', 'csv',
    '-segment_list_flags', '+live',
    join(outDir, 'seg_%06d.mp4'),
  ];
}

export interface ClosedSegment {
  file: string;
  startSeconds: number;
  endSeconds: number;
  closeWallMs: number;
}

interface Bare {
  id: string;
  child: ChildProcess;
  segments: ClosedSegment[];
  stderr: string[];
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; atMs: number }>;
  exitedAtMs: number | undefined;
}

const SETPRIV = '/usr/bin/setpriv';

export class BareRecorders {
  private readonly recorders: Bare[] = [];
  private stopRequestedAtMs: number | undefined;

  static start(streams: { id: string; url: string }[], rootDir: string, segmentSeconds: number, writeArgs?: readonly string[]): BareRecorders {
    const group = new BareRecorders();
    for (const { id, url } of streams) {
      const outDir = join(rootDir, id);
      mkdirSync(outDir, { recursive: true });
      const args = bareRecordArgs(url, outDir, segmentSeconds, writeArgs);
      // Same as Premises: the kernel kills ffmpeg if the benchmark dies, so no recorder outlives it.
      const [command, fullArgs] = existsSync(SETPRIV) ? [SETPRIV, ['--pdeathsig', 'KILL', '--', 'ffmpeg', ...args]] : ['ffmpeg', args];
      const child = spawn(command, fullArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
      const bare: Bare = {
        id,
        child,
        segments: [],
        stderr: [],
        exitedAtMs: undefined,
        exit: new Promise((resolve) =>
          child.once('close', (code, signal) => {
            const atMs = Date.now();
            bare.exitedAtMs = atMs;
            resolve({ code, signal, atMs });
          }),
        ),
      };
      createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => {
        const match = /^"?(.*?)"?,(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)\s*$/.exec(line.trim());
        if (match) bare.segments.push({ file: match[1] as string, startSeconds: Number(match[2]), endSeconds: Number(match[3]), closeWallMs: Date.now() });
      });
      createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', (line) => {
        bare.stderr.push(line);
        if (bare.stderr.length > 50) bare.stderr.shift();
      });
      group.recorders.push(bare);
    }
    return group;
  }

  pids(): number[] {
    return this.recorders.flatMap((r) => (r.child.pid !== undefined && r.exitedAtMs === undefined ? [r.child.pid] : []));
  }

  /** Wait until every recorder has closed a segment (or died, or the time is up); returns how many are recording. */
  async waitForFirstSegments(timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    const ready = () => this.recorders.filter((r) => r.segments.length > 0).length;
    while (Date.now() < deadline) {
      if (this.recorders.every((r) => r.segments.length > 0 || r.exitedAtMs !== undefined)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    return ready();
  }

  /** Stop as Premises does: SIGINT (ffmpeg finalises the open segment), SIGKILL after the grace. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopRequestedAtMs ??= Date.now();
    await Promise.all(
      this.recorders.map(async (r) => {
        if (r.exitedAtMs !== undefined) return;
        r.child.kill('SIGINT');
        const timer = setTimeout(() => r.child.kill('SIGKILL'), graceMs);
        await r.exit;
        clearTimeout(timer);
      }),
    );
  }

  /** Synchronous last resort (process exit): kill whatever still runs. */
  killAll(): void {
    for (const r of this.recorders) if (r.exitedAtMs === undefined) r.child.kill('SIGKILL');
  }

  results(): { id: string; segments: ClosedSegment[]; exitedEarlyAtMs: number | undefined; stderrTail: string[] }[] {
    return this.recorders.map((r) => ({
      id: r.id,
      segments: r.segments,
      exitedEarlyAtMs: r.exitedAtMs !== undefined && (this.stopRequestedAtMs === undefined || r.exitedAtMs < this.stopRequestedAtMs) ? r.exitedAtMs : undefined,
      stderrTail: r.stderr.slice(-5),
    }));
  }
}
