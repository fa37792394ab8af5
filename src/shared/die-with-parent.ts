import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const SETPRIV = '/usr/bin/setpriv';

let setprivUsable: boolean | undefined;

/**
 * Whether setpriv runs here, tried once. It can be installed and still fail
 * before running anything: util-linux 2.38's setpriv always calls capset(),
 * which the systemd unit's `SystemCallFilter=~@privileged` denies
 * ("setpriv: activate capabilities: Operation not permitted"). There systemd
 * itself kills whatever is left in the service's cgroup when Premises exits
 * (KillMode=mixed), so the child is started directly.
 */
function setprivUsableHere(): boolean {
  setprivUsable ??= existsSync(SETPRIV) && spawnSync(SETPRIV, ['--pdeathsig', 'KILL', '--', 'true'], { stdio: 'ignore', timeout: 10_000 }).status === 0;
  return setprivUsable;
}

/**
 * The command line that runs `command` under `setpriv --pdeathsig KILL`
 * where setpriv exists and works: the kernel SIGKILLs the child when Premises
 * dies, even by SIGKILL, so no orphan ffmpeg keeps writing into the
 * recordings and no orphan dnsmasq keeps serving the camera network.
 */
export function dieWithParent(command: string, args: readonly string[]): [string, string[]] {
  return setprivUsableHere() ? [SETPRIV, ['--pdeathsig', 'KILL', '--', command, ...args]] : [command, [...args]];
}
