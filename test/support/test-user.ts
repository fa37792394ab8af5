import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A throwaway unprivileged login user for rootless podman: its own home, and
 * subordinate uid/gid ranges (/etc/subuid, /etc/subgid) so podman can map the
 * image's users into a user namespace. Made and removed by the test that uses
 * it; needs root.
 */
export interface TestUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
  /** The first host uid of the user's subordinate range: container uid N (N ≥ 1) is host uid subuidStart + N - 1. */
  subuidStart: number;
}

const RANGE = 65536;

function ranges(file: string): { owner: string; start: number; count: number }[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .filter((f) => f.length === 3)
    .map(([owner, start, count]) => ({ owner: owner ?? '', start: Number(start), count: Number(count) }));
}

/**
 * podman's per-user settings: Debian 12's podman falls back to the vfs driver
 * for a rootless user (a full copy of the image per layer); the kernel's own
 * overlayfs works unprivileged since Linux 5.13. `runtime` is runc for the same
 * reason as the root tests (crun 1.8 refuses this machine's hybrid cgroups).
 */
const STORAGE_CONF = '[storage]\ndriver = "overlay"\n';
const CONTAINERS_CONF = '[containers]\ndefault_ulimits = ["nofile=16384:16384", "nproc=16384:16384"]\n[engine]\nruntime = "runc"\n';

export function makeTestUser(name: string): TestUser {
  execFileSync('useradd', ['--create-home', '--shell', '/bin/bash', '--user-group', name], { stdio: ['ignore', 'ignore', 'pipe'] });
  // useradd allocates subordinate ranges when login.defs says so; otherwise take the next free one.
  if (!ranges('/etc/subuid').some((r) => r.owner === name) || !ranges('/etc/subgid').some((r) => r.owner === name)) {
    const used = [...ranges('/etc/subuid'), ...ranges('/etc/subgid')];
    const start = Math.max(100_000, ...used.map((r) => r.start + r.count));
    const span = `${start}-${start + RANGE - 1}`;
    execFileSync('usermod', ['--add-subuids', span, '--add-subgids', span, name]);
  }
  const sub = ranges('/etc/subuid').find((r) => r.owner === name);
  if (!sub || sub.count < 1000) throw new Error(`${name} has no subordinate uid range of at least 1000 in /etc/subuid`);
  const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
  const home = join('/home', name);
  const conf = join(home, '.config', 'containers');
  mkdirSync(conf, { recursive: true });
  writeFileSync(join(conf, 'storage.conf'), STORAGE_CONF);
  writeFileSync(join(conf, 'containers.conf'), CONTAINERS_CONF);
  execFileSync('chown', ['-R', `${uid}:${gid}`, join(home, '.config')]);
  return { name, uid, gid, home, subuidStart: sub.start };
}

/** argv that runs a shell command as the user, in a login environment (HOME, PATH, no root variables). */
export const asUserArgv = (user: TestUser, script: string): [string, string[]] => ['runuser', ['-l', user.name, '-c', script]];

/**
 * Everything the user left: its containers, images and volumes, the processes
 * rootless podman keeps (the user namespace's pause process), the account, its
 * home and its subordinate ranges.
 */
export function removeTestUser(user: TestUser): void {
  try {
    execFileSync('runuser', ['-l', user.name, '-c', 'podman system reset --force'], { stdio: 'ignore', timeout: 120_000 });
  } catch {
    /* nothing to reset, or podman never ran for this user */
  }
  // Only this test's own user's processes, each by PID.
  let pids: number[] = [];
  try {
    pids = execFileSync('ps', ['-o', 'pid=', '-u', String(user.uid)], { encoding: 'utf8' }).split('\n').map(Number).filter((p) => p > 0);
  } catch {
    /* ps exits 1 when the user has no process left */
  }
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  try {
    execFileSync('userdel', ['--remove', user.name], { stdio: 'ignore' });
  } catch {
    /* userdel warns (exit 12) when there was no mail spool */
  }
  for (const file of ['/etc/subuid', '/etc/subgid']) {
    if (!existsSync(file)) continue;
    const lines = readFileSync(file, 'utf8').split('\n');
    const kept = lines.filter((l) => !l.startsWith(`${user.name}:`));
    if (kept.length !== lines.length) writeFileSync(file, kept.join('\n'));
  }
  rmSync(user.home, { recursive: true, force: true });
  rmSync(`/tmp/containers-user-${user.uid}`, { recursive: true, force: true });
  rmSync(`/tmp/podman-run-${user.uid}`, { recursive: true, force: true });
}
