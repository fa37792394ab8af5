import { readFileSync, realpathSync } from 'node:fs';
import { normalize } from 'node:path';

/**
 * Is a folder the mount point of a drive? Read from /proc/self/mountinfo, so
 * it is the answer for this process's own mount namespace (a test can mount
 * a tmpfs in a namespace of its own and run Premises inside it).
 */

/** Mount points in mountinfo text (field 5, with the kernel's octal escapes undone). Pure. */
export function mountPoints(mountinfo: string): string[] {
  const out: string[] = [];
  for (const line of mountinfo.split('\n')) {
    const fields = line.split(' ');
    if (fields.length < 5) continue;
    out.push(fields[4]!.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8))));
  }
  return out;
}

/** True when `path` (resolved through symlinks) is a mount point other than /. */
export function isRemovableMount(path: string, mountinfo?: string): boolean {
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return false;
  }
  real = normalize(real);
  if (real === '/') return false;
  return mountPoints(mountinfo ?? readFileSync('/proc/self/mountinfo', 'utf8')).includes(real);
}
