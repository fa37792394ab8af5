import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SimConfig } from './sim.js';

const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));

export interface SimProcess {
  pid: number;
  port: number;
  xaddr: string;
  stats(): Promise<{ soapRequests: number; probes: number; basicSeen: number; digestOk: number; masks: number; masksCreated: number }>;
  stop(): Promise<void>;
}

/** Start the simulator as its own process (optionally inside a network namespace). */
export function spawnSim(config: SimConfig, netns?: string): Promise<SimProcess> {
  const child: ChildProcess = netns
    ? spawn('ip', ['netns', 'exec', netns, process.execPath, MAIN, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, [MAIN, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let buffer = '';
  let stderr = '';
  const waiters: ((line: string) => void)[] = [];
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout?.on('data', (d: Buffer) => {
    buffer += d.toString();
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      for (const w of waiters.splice(0)) w(line);
    }
  });
  const nextLine = (prefix: string, timeoutMs = 10_000) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`simulator did not print ${prefix} (stderr: ${stderr})`)), timeoutMs);
      const wait = (line: string) => {
        if (line.startsWith(prefix)) {
          clearTimeout(timer);
          resolve(line.slice(prefix.length));
        } else waiters.push(wait);
      };
      waiters.push(wait);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`simulator exited with ${code}: ${stderr}`));
      });
    });
  return nextLine('READY ').then((json) => {
    const { port, xaddr } = JSON.parse(json) as { port: number; xaddr: string };
    const exited = new Promise<void>((resolve) => {
      if (child.exitCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    return {
      pid: child.pid as number,
      port,
      xaddr,
      async stats() {
        const line = nextLine('STATS ');
        child.kill('SIGUSR2');
        return JSON.parse(await line) as Awaited<ReturnType<SimProcess['stats']>>;
      },
      async stop() {
        if (child.exitCode === null) child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
        await exited;
        clearTimeout(timer);
      },
    };
  });
}
