import { dieWithParent } from '../shared/die-with-parent.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/**
 * The one place recorder processes are started. Tests replace it with a fake
 * to drive the supervisor in milliseconds.
 *
 * Why not fluent-ffmpeg here (docs/ffmpeg.md): it kills with SIGKILL by
 * default (the open segment is left unfinished), reports a lost camera as
 * `end` and a clean SIGINT as an error, probes ffmpeg before every start,
 * cannot pass -nostdin or an extra pipe for -progress, and cannot make the
 * child die with its parent.
 */
export interface RecorderProcess {
  readonly pid: number | undefined;
  onStdoutLine(fn: (line: string) => void): void;
  onProgressLine(fn: (line: string) => void): void;
  onStderrLine(fn: (line: string) => void): void;
  /** Called once, after the process exited and its output was read to the end. */
  onClose(fn: (code: number | null, signal: NodeJS.Signals | null) => void): void;
  kill(signal: NodeJS.Signals): void;
}

export interface Spawner {
  spawn(args: readonly string[]): RecorderProcess;
}

export const PROGRESS_FD = 3;

/** The command line that runs ffmpeg so that it dies with Premises (shared/die-with-parent.ts). */
export function ffmpegCommand(ffmpegPath: string, args: readonly string[]): [string, string[]] {
  return dieWithParent(ffmpegPath, args);
}

/**
 * Spawns ffmpeg so that it dies with Premises: `setpriv --pdeathsig KILL`
 * asks the kernel to SIGKILL the child when its parent dies, even by SIGKILL,
 * so no orphan keeps writing into the recordings.
 */
export function ffmpegSpawner(ffmpegPath = 'ffmpeg'): Spawner {
  return {
    spawn(args) {
      const [command, fullArgs] = ffmpegCommand(ffmpegPath, args);
      const child = spawn(command, fullArgs, { stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
      const lines = (stream: Readable | null | undefined, fn: (line: string) => void) => {
        if (!stream) return;
        createInterface({ input: stream, crlfDelay: Infinity }).on('line', fn);
      };
      const progress = child.stdio[PROGRESS_FD] as Readable | undefined;
      return {
        pid: child.pid,
        onStdoutLine: (fn) => lines(child.stdout, fn),
        onProgressLine: (fn) => lines(progress, fn),
        onStderrLine: (fn) => lines(child.stderr, fn),
        ...exitControls(child),
      };
    },
  };
}

/**
 * An ffmpeg whose stdout is media (live view, snapshots), not lines: bytes
 * are handed over as they arrive. Same process rules as the recorder's.
 */
export interface MediaProcess {
  readonly pid: number | undefined;
  onData(fn: (chunk: Buffer) => void): void;
  onStderrLine(fn: (line: string) => void): void;
  /** Called once, after the process exited and its output was read to the end. */
  onClose(fn: (code: number | null, signal: NodeJS.Signals | null) => void): void;
  kill(signal: NodeJS.Signals): void;
}

export interface MediaSpawner {
  /** `stdin`: bytes written to ffmpeg's standard input (then closed); without it stdin is closed from the start. */
  spawn(args: readonly string[], stdin?: Buffer): MediaProcess;
}

export function ffmpegMediaSpawner(ffmpegPath = 'ffmpeg'): MediaSpawner {
  return {
    spawn(args, stdin) {
      const [command, fullArgs] = ffmpegCommand(ffmpegPath, args);
      const child = spawn(command, fullArgs, { stdio: [stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
      if (stdin && child.stdin) {
        // ffmpeg may stop reading early (it has its frame): a broken pipe then is expected, not an error.
        child.stdin.on('error', () => undefined);
        child.stdin.end(stdin);
      }
      return {
        pid: child.pid,
        onData: (fn) => child.stdout?.on('data', fn),
        onStderrLine: (fn) => {
          if (child.stderr) createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', fn);
        },
        ...exitControls(child),
      };
    },
  };
}

/** onClose (called once, also when the spawn itself failed) and a kill that ignores a process already gone. */
function exitControls(child: ChildProcess): Pick<MediaProcess, 'onClose' | 'kill'> {
  return {
    onClose: (fn) => {
      let called = false;
      const once = (code: number | null, signal: NodeJS.Signals | null) => {
        if (called) return;
        called = true;
        fn(code, signal);
      };
      child.once('close', once);
      // A spawn failure (ffmpeg missing) arrives as 'error' and may not be followed by 'close'.
      child.once('error', () => once(null, null));
    },
    kill: (signal) => {
      try {
        child.kill(signal);
      } catch {
        // already gone
      }
    },
  };
}
