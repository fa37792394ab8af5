import type { RecorderProcess, Spawner } from '../../src/recorder/spawner.js';
import type { RunSink } from '../../src/recorder/supervisor.js';

/** Fakes for unit tests of supervision logic: a scripted ffmpeg, a spawner that records, a sink in memory. */
/** A scripted ffmpeg: the test decides what it prints and when it exits. */
export class FakeProcess implements RecorderProcess {
  readonly pid = 4242;
  readonly signals: NodeJS.Signals[] = [];
  private stdout: ((line: string) => void)[] = [];
  private progress: ((line: string) => void)[] = [];
  private stderr: ((line: string) => void)[] = [];
  private close: ((code: number | null, signal: NodeJS.Signals | null) => void)[] = [];
  exitOnSigint = true;

  onStdoutLine(fn: (line: string) => void) {
    this.stdout.push(fn);
  }
  onProgressLine(fn: (line: string) => void) {
    this.progress.push(fn);
  }
  onStderrLine(fn: (line: string) => void) {
    this.stderr.push(fn);
  }
  onClose(fn: (code: number | null, signal: NodeJS.Signals | null) => void) {
    this.close.push(fn);
  }
  kill(signal: NodeJS.Signals) {
    this.signals.push(signal);
    if (signal === 'SIGKILL' || (signal === 'SIGINT' && this.exitOnSigint)) this.exit(signal === 'SIGKILL' ? null : 255, signal === 'SIGKILL' ? 'SIGKILL' : null);
  }
  segment(name: string, start: number, end: number) {
    for (const fn of this.stdout) fn(`${name},${start},${end}`);
  }
  tick(outTimeUs: number) {
    for (const fn of this.progress) {
      fn(`out_time_us=${outTimeUs}`);
      fn('total_size=N/A');
      fn('progress=continue');
    }
  }
  err(line: string) {
    for (const fn of this.stderr) fn(line);
  }
  exit(code: number | null, signal: NodeJS.Signals | null = null) {
    for (const fn of this.close.splice(0)) fn(code, signal);
  }
}

export class FakeSpawner implements Spawner {
  readonly processes: FakeProcess[] = [];
  readonly argv: (readonly string[])[] = [];
  spawn(args: readonly string[]) {
    const p = new FakeProcess();
    this.processes.push(p);
    this.argv.push(args);
    return p;
  }
  get last(): FakeProcess {
    return this.processes.at(-1) as FakeProcess;
  }
}

export class FakeSink implements RunSink {
  runs: { id: number; endedReason?: string }[] = [];
  segments: { runId: number; file: string }[] = [];
  beginRun() {
    const id = this.runs.length + 1;
    this.runs.push({ id });
    return { runId: id, stagingDir: `/staging/${id}` };
  }
  segmentClosed(runId: number, segment: { file: string }) {
    this.segments.push({ runId, file: segment.file });
    return Promise.resolve(1_000_000);
  }
  endRun(runId: number, _at: number, reason: string) {
    const run = this.runs.find((r) => r.id === runId);
    if (run) run.endedReason = reason;
    return Promise.resolve();
  }
}

