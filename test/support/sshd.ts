import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync, readFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Debian's real OpenSSH server for transfer tests: a fresh ed25519 host key
 * and client key in a temp dir, key-only login as the current (root) user,
 * the internal SFTP subsystem, run in the foreground (-D) inside a network
 * namespace the test made. Its pid is ours: stop() kills exactly it.
 */
export interface SshServer {
  address: string;
  port: number;
  user: string;
  /** The client's private key (for the policy's --key-file). */
  clientKey: string;
  /** The host key's fingerprint as `ssh-keygen -lf` prints it. */
  hostKeyFingerprint: string;
  /** Where uploads land (the policy's remote path). */
  inbox: string;
  stop(): Promise<void>;
}

function keygen(file: string): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'premises-test', '-f', file], { stdio: 'ignore' });
}

export function fingerprintOf(pubFile: string): string {
  const out = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', pubFile], { encoding: 'utf8' });
  const fp = /(SHA256:[A-Za-z0-9+/]{43})/.exec(out)?.[1];
  if (!fp) throw new Error(`ssh-keygen printed no fingerprint: ${out}`);
  return fp;
}

export async function startSshd(dir: string, netns: string, address: string, port = 22): Promise<SshServer> {
  mkdirSync(dir, { recursive: true });
  // sshd refuses to start without its privilege separation directory (Debian creates it at boot via systemd-tmpfiles).
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const hostKey = join(dir, 'host_ed25519');
  const clientKey = join(dir, 'client_ed25519');
  keygen(hostKey);
  keygen(clientKey);
  const authorized = join(dir, 'authorized_keys');
  writeFileSync(authorized, readFileSync(`${clientKey}.pub`));
  chmodSync(authorized, 0o600);
  const inbox = join(dir, 'inbox');
  mkdirSync(inbox, { mode: 0o700 });
  const user = execFileSync('id', ['-un'], { encoding: 'utf8' }).trim();
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      `ListenAddress ${address}`,
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${authorized}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'PermitRootLogin prohibit-password',
      `AllowUsers ${user}`,
      'UsePAM no',
      'StrictModes no',
      'Subsystem sftp internal-sftp',
      'LogLevel VERBOSE',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn('ip', ['netns', 'exec', netns, '/usr/sbin/sshd', '-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-8000)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sshd did not start within 10 s: ${log}`)), 10_000);
    const check = () => {
      if (/Server listening on/.test(log)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stderr?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sshd exited with ${code}: ${log}`));
    });
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    address,
    port,
    user,
    clientKey,
    hostKeyFingerprint: fingerprintOf(`${hostKey}.pub`),
    inbox,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
