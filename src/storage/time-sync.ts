import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * The host clock's synchronisation state, read locally only: `timedatectl
 * show` when systemd answers, else the presence of systemd-timesyncd's
 * /run/systemd/timesync/synchronized flag, else "unknown". Never asks the
 * network (no NTP query of our own).
 */
export interface HostTimeState {
  synchronized: boolean | null;
  source: 'timedatectl' | 'timesyncd-flag' | 'unknown';
  /** What timedatectl says the time is (UTC ISO), when it answered. */
  reportedTime: string | null;
  detail: string;
}

/** Pure: the output of `timedatectl show -p NTPSynchronized -p TimeUSec`. */
export function parseTimedatectl(stdout: string): { synchronized: boolean | null; timeUSec: string | null } {
  const values = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) values.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  const ntp = values.get('NTPSynchronized');
  return { synchronized: ntp === 'yes' ? true : ntp === 'no' ? false : null, timeUSec: values.get('TimeUSec') || null };
}

export const TIMESYNC_FLAG = '/run/systemd/timesync/synchronized';

export function hostTimeState(options: { flagPath?: string; command?: string } = {}): Promise<HostTimeState> {
  const flag = options.flagPath ?? TIMESYNC_FLAG;
  const fallback = (why: string): HostTimeState =>
    existsSync(flag)
      ? { synchronized: true, source: 'timesyncd-flag', reportedTime: null, detail: `${flag} exists: systemd-timesyncd has synchronised the clock` }
      : { synchronized: null, source: 'unknown', reportedTime: null, detail: `cannot tell whether the clock is synchronised (${why}; no ${flag})` };
  return new Promise((resolve) => {
    execFile(options.command ?? 'timedatectl', ['show', '-p', 'NTPSynchronized', '-p', 'TimeUSec'], { timeout: 2_000, maxBuffer: 16_384 }, (err, stdout) => {
      if (err) {
        resolve(fallback((err as NodeJS.ErrnoException).code === 'ENOENT' ? 'timedatectl is not installed' : 'timedatectl did not answer'));
        return;
      }
      const parsed = parseTimedatectl(stdout);
      if (parsed.synchronized === null) {
        resolve(fallback('timedatectl gave no NTPSynchronized'));
        return;
      }
      const t = parsed.timeUSec ? Date.parse(parsed.timeUSec.replace(/^\w{3} /, '')) : NaN;
      resolve({
        synchronized: parsed.synchronized,
        source: 'timedatectl',
        reportedTime: Number.isFinite(t) ? new Date(t).toISOString() : null,
        detail: parsed.synchronized ? 'timedatectl: the system clock is synchronised (NTP)' : 'timedatectl: the system clock is NOT synchronised; footage times may drift',
      });
    });
  });
}
