import { readFileSync } from 'node:fs';

/**
 * ffmpeg takes a camera's credentials only inside its RTSP URL, so they sit in ffmpeg's command line, and
 * /proc/PID/cmdline is readable by every local user unless /proc is mounted with hidepid. The systemd unit
 * (ProtectProc=invisible) and the container (its own PID namespace) hide it; a plain `premises start` on a
 * shared machine does not, and the owner should be told (docs/security.md).
 */
export function procHidesOtherUsersProcesses(mountinfo: string): boolean {
  for (const line of mountinfo.split('\n')) {
    const [mount, filesystem] = line.split(' - ');
    if (!mount || !filesystem) continue;
    if (mount.split(' ')[4] !== '/proc') continue;
    const [type, , superOptions = ''] = filesystem.split(' ');
    if (type !== 'proc') continue;
    const hidepid = superOptions.split(',').find((o) => o.startsWith('hidepid='))?.slice('hidepid='.length);
    // 1/noaccess: other users' /proc/PID is unreadable; 2/invisible: it is not even listed. 0/off: readable.
    return hidepid === '1' || hidepid === '2' || hidepid === 'noaccess' || hidepid === 'invisible';
  }
  return false;
}

/** The warning to print, or null when other users cannot read ffmpeg's command line (or no camera has a password). */
export function argvExposureWarning(anyCameraHasPassword: boolean, mountinfoPath = '/proc/self/mountinfo'): string | null {
  if (!anyCameraHasPassword) return null;
  let mountinfo = '';
  try {
    mountinfo = readFileSync(mountinfoPath, 'utf8');
  } catch {
    return null; // not Linux /proc: nothing we can say
  }
  if (procHidesOtherUsersProcesses(mountinfo)) return null;
  return (
    'camera passwords reach ffmpeg inside its command line, which other users of this machine can read (ps). ' +
    'Run Premises as its own service user with the unit in deploy/systemd (ProtectProc=invisible) or in its container (docs/security.md).'
  );
}
