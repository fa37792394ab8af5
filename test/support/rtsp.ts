import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/**
 * Runs GStreamer's RTSP server (a real server nobody here wrote) as a child
 * process for tests, the demo and benchmarks.
 */
const SCRIPT = fileURLToPath(new URL('../../../test/support/rtsp_server.py', import.meta.url));

export type SourceSpec =
  | `file:${string}`
  | `live:${number}x${number}@${number}`
  | `live-audio:${number}x${number}@${number}`
  | `bars:${number}x${number}@${number}`
  | `demo:${number}x${number}@${number}`
  | `clock:${number}x${number}@${number}`
  | `hevc:${number}x${number}@${number}`;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export class RtspServer {
  private child: ChildProcess | undefined;
  private clientCount = 0;

  private constructor(
    readonly port: number,
    private readonly mounts: Record<string, SourceSpec>,
    private readonly netns: string | undefined,
    private readonly address = '127.0.0.1',
  ) {}

  /** Start a server; inside `netns` when given (a fresh namespace has every port free, so pass one). */
  static async start(mounts: Record<string, SourceSpec>, port?: number, netns?: string, address?: string): Promise<RtspServer> {
    const server = new RtspServer(port ?? (await freePort()), mounts, netns, address);
    await server.launch();
    return server;
  }

  url(mount: string): string {
    return `rtsp://${this.address}:${this.port}/${mount}`;
  }

  /** RTSP client connections the server has accepted since it started (the server prints one line per client). */
  get connections(): number {
    return this.clientCount;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  private async launch(): Promise<void> {
    const args = [SCRIPT, '--port', String(this.port), '--address', this.address, ...Object.entries(this.mounts).map(([m, s]) => `${m}=${s}`)];
    // `ip netns exec` execs the command, so the child's pid is the server's own.
    const child = this.netns
      ? spawn('ip', ['netns', 'exec', this.netns, '/usr/bin/python3', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn('/usr/bin/python3', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const lines = stdout.split('\n');
      stdout = lines.pop() ?? '';
      this.clientCount += lines.filter((l) => l.trim() === 'CLIENT').length;
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`RTSP server did not start within 15 s: ${stderr}`)), 15_000);
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('READY')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`RTSP server exited with ${code}: ${stderr}`));
      });
    });
  }

  /** Kill the server abruptly (a camera losing power). */
  async kill(): Promise<void> {
    await this.signalAndWait('SIGKILL');
  }

  /** Bring the server back on the same port (the camera reboots). */
  async restart(): Promise<void> {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) await this.kill();
    await this.launch();
  }

  /** Freeze the server with SIGSTOP: process and TCP alive, no data (a hung camera). */
  freeze(): void {
    this.child?.kill('SIGSTOP');
  }

  thaw(): void {
    this.child?.kill('SIGCONT');
  }

  async stop(): Promise<void> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.thaw();
    await this.signalAndWait('SIGTERM', 5_000);
  }

  private async signalAndWait(signal: NodeJS.Signals, killAfterMs = 0): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    if (killAfterMs > 0) {
      const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      await exited;
      clearTimeout(timer);
    } else {
      await exited;
    }
  }
}
