import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { freePort } from './rtsp.js';

/** Runs the real `premises` CLI as a child process against a temporary data directory. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CLI = join(REPO_ROOT, 'bin', 'premises.js');

export function tempDir(prefix = 'premises-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface CameraSpec {
  id: string;
  rtsp: string;
  audio?: boolean;
  /** Extra YAML lines under the camera (indented by the caller's intent: written at 4 spaces). */
  extra?: string[];
  /** Leave out the consent keys (purpose, area, signage) to exercise the gates. */
  bare?: boolean;
  /** Area type; default entrance. */
  area?: string;
}

/** What a camera needs before it may record (consent gates, docs/consent.md). */
const consentLines = (area: string) => [
  '    purposes: ["Investigate theft and break-ins at the test door"]',
  `    area: ${area}`,
  '    signage: { location: Test door, date: "2026-11-26", confirmedBy: Test owner }',
];

export const BUSINESS_LINES = [
  'business:',
  '  name: Test Bistro',
  '  address: 1 Test Street, Vancouver BC',
  '  contact: { name: Test manager, email: manager@test.example }',
];

export async function writeConfig(
  dir: string,
  cameras: CameraSpec[],
  extra: { segment?: string; rtspTimeout?: string; downAlarm?: string; noBusiness?: boolean; top?: string[] } = {},
): Promise<{ path: string; port: number }> {
  const port = await freePort();
  const lines = [
    'dataDir: ./data',
    ...(extra.noBusiness ? [] : BUSINESS_LINES),
    ...(extra.top ?? []),
    `listen: { host: 127.0.0.1, port: ${port} }`,
    'recording:',
    `  segmentDuration: ${extra.segment ?? '2s'}`,
    `  rtspTimeout: ${extra.rtspTimeout ?? '2s'}`,
    `  cameraDownAlarmAfter: ${extra.downAlarm ?? '1m'}`,
    '  stopGrace: 5s',
    'cameras:',
    ...cameras.flatMap((c) => [
      `  - id: ${c.id}`,
      `    rtsp: ${c.rtsp}`,
      ...(c.audio ? ['    audio: true'] : []),
      ...(c.bare ? [] : consentLines(c.area ?? 'entrance')),
      ...(c.extra ?? []),
    ]),
  ];
  const path = join(dir, 'premises.yaml');
  writeFileSync(path, lines.join('\n') + '\n');
  return { path, port };
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export class PremisesProcess {
  readonly output: string[] = [];
  private exitPromise: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
  ) {
    const collect = (chunk: Buffer) => this.output.push(chunk.toString());
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.exitPromise = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Start `premises start`; inside `netns` when given (its API is then reachable only from that namespace). */
  static start(configPath: string, port: number, env: NodeJS.ProcessEnv = {}, netns?: string): PremisesProcess {
    const argv = [process.execPath, CLI, 'start', '--config', configPath];
    const [command, args] = netns ? ['ip', ['netns', 'exec', netns, ...argv]] : [argv[0] as string, argv.slice(1)];
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PREMISES_LOG_LEVEL: 'info', ...env } });
    return new PremisesProcess(child, port);
  }

  /** Start and wait until every camera has closed its first segment. */
  static async startRecording(configPath: string, port: number): Promise<PremisesProcess> {
    const premises = PremisesProcess.start(configPath, port);
    await premises.waitFor((h) => h.cameras.length > 0 && h.cameras.every((c) => c.lastSegmentAt != null), 30_000, 'the first segment of every camera');
    return premises;
  }

  /** Wait until the process has printed something matching `pattern`. */
  async waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const m = this.output.join('').match(pattern);
      if (m) return m;
      if (this.child.exitCode !== null) break;
      await sleepMs(100);
    }
    throw new Error(`no ${pattern} in the output:\n${this.output.join('')}`);
  }

  get pid(): number {
    return this.child.pid as number;
  }

  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    return this.exitPromise;
  }

  async health(): Promise<HealthBody> {
    const res = await fetch(`http://127.0.0.1:${this.port}/api/health`);
    return (await res.json()) as HealthBody;
  }

  /** Wait until `predicate(health)` holds, polling; fails with the last health and the log. */
  async waitFor(predicate: (h: HealthBody) => boolean, timeoutMs: number, what: string): Promise<HealthBody> {
    const deadline = Date.now() + timeoutMs;
    let last: HealthBody | undefined;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`premises exited early while waiting for ${what}:\n${this.output.join('')}`);
      try {
        last = await this.health();
        if (predicate(last)) return last;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last health: ${JSON.stringify(last)}\n${this.output.join('').slice(-4000)}`);
  }

  async stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    return this.exitPromise;
  }

  async kill9(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exitPromise;
  }
}

export interface HealthBody {
  status: string;
  cameras: {
    id: string;
    state: string;
    recording: boolean;
    lastSegmentAt: string | null;
    restarts: number;
    lastExit: { reason: string } | null;
    notRecordingReason: string | null;
    bitrateBps: number | null;
    holds: { code: string; message: string; fix: string }[];
    masking?: { method: 'camera' | 'premises'; verifiedAt: string | null; reason: string | null } | null;
  }[];
  alarms: { kind: string; subject: string; message: string }[];
}

/** PIDs of live ffmpeg processes whose command line mentions `needle` (our temp dir), found through /proc. */
export function ffmpegProcessesMentioning(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (state === 'Z') continue;
      if (cmdline.some((a) => a.endsWith('ffmpeg')) && cmdline.some((a) => a.includes(needle))) pids.push(Number(entry));
    } catch {
      // process ended while we looked
    }
  }
  return pids;
}

/** A row of the segments table, as the tests read it from the real index. */
export type { SegmentRow as SegmentRecord } from '../../src/segments/store.js';

export function readIndex<T>(dataDir: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(join(dataDir, 'index.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

export function ffprobeDuration(file: string): number {
  const result = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ffprobe failed on ${file}: ${result.stderr}`);
  return Number(result.stdout.trim());
}

export function ffprobeStreams(file: string): string[] {
  const result = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type', '-of', 'csv=p=0', file], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ffprobe failed on ${file}: ${result.stderr}`);
  return result.stdout.trim().split('\n').filter(Boolean);
}

export const sleepMs = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
