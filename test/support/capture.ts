import { spawn, type ChildProcess } from 'node:child_process';

/**
 * tcpdump (Debian's) on one interface inside a namespace, one text line per
 * packet with link-level headers (-e) so ARP is recognisable, unbuffered.
 * Its pid is ours (`ip netns exec` execs it); stop() ends exactly it.
 */
export interface Capture {
  lines(): string[];
  stop(): Promise<void>;
}

export async function startCapture(netns: string, iface: string, filter: string[] = []): Promise<Capture> {
  const child: ChildProcess = spawn('ip', ['netns', 'exec', netns, 'tcpdump', '-i', iface, '-n', '-e', '-l', '--immediate-mode', '-s', '128', ...filter], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const packets: string[] = [];
  let partial = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => {
    partial += d.toString();
    const parts = partial.split('\n');
    partial = parts.pop() ?? '';
    packets.push(...parts.filter(Boolean));
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tcpdump did not start within 10 s: ${stderr}`)), 10_000);
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (/listening on/.test(stderr)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`tcpdump exited with ${code}: ${stderr}`));
    });
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    lines: () => [...packets],
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
