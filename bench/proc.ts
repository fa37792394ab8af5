import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * Reads what the kernel says a process costs, from /proc: CPU ticks
 * (utime + stime of all its threads) and memory (RSS, its anonymous part,
 * and PSS, which shares the libraries fairly between the processes mapping
 * them). Nothing here is estimated; it is what `top` would read.
 */
export interface ProcStat {
  pid: number;
  ppid: number;
  comm: string;
  state: string;
  /** utime + stime, in clock ticks. */
  cpuTicks: number;
  /** utime alone: the rest of cpuTicks is time in the kernel on the process's behalf (syscalls, fsync writeback, page copies). */
  userTicks: number;
  /** Start time after boot, in clock ticks: with the pid it names one process, even if the pid is reused. */
  startTicks: number;
}

export interface ProcMem {
  rssKb: number;
  anonKb: number;
  pssKb: number;
}

let clockTicks: number | undefined;

/** Clock ticks per second (USER_HZ), almost always 100. */
export function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
      clockTicks = Number.isFinite(value) && value > 0 ? value : 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** Parse /proc/<pid>/stat. The command name may contain spaces and parentheses, so split at the last ')'. */
export function parseProcStat(pid: number, text: string): ProcStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const rest = text.slice(close + 2).trim().split(/\s+/);
  // rest[0] is field 3 (state) of proc(5); field k is rest[k - 3].
  const field = (k: number) => Number(rest[k - 3]);
  const utime = field(14);
  const stime = field(15);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
  return {
    pid,
    ppid: field(4),
    comm: text.slice(open + 1, close),
    state: rest[0] ?? '?',
    cpuTicks: utime + stime,
    userTicks: utime,
    startTicks: field(22),
  };
}

/** Parse the kB figures we need out of /proc/<pid>/status and /proc/<pid>/smaps_rollup. */
export function parseMem(status: string, smapsRollup: string): ProcMem {
  const kb = (text: string, key: string) => {
    const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
    return match ? Number(match[1]) : 0;
  };
  return { rssKb: kb(status, 'VmRSS'), anonKb: kb(status, 'RssAnon'), pssKb: kb(smapsRollup, 'Pss') };
}

export function readProcStat(pid: number): ProcStat | undefined {
  try {
    return parseProcStat(pid, readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined; // ended while we looked
  }
}

export function readMem(pid: number): ProcMem | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    let rollup = '';
    try {
      rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    } catch {
      // older kernels: PSS unknown, reported as 0
    }
    return parseMem(status, rollup);
  } catch {
    return undefined;
  }
}

/** Every live process, by pid. Zombies are left out: they no longer run or hold memory. */
export function allProcesses(): Map<number, ProcStat> {
  const result = new Map<number, ProcStat>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcStat(Number(entry));
    if (stat && stat.state !== 'Z') result.set(stat.pid, stat);
  }
  return result;
}

/** The processes below `root` (not `root` itself), found through their parent ids. */
export function descendantsOf(root: number, processes: Map<number, ProcStat>): ProcStat[] {
  const children = new Map<number, ProcStat[]>();
  for (const stat of processes.values()) {
    const list = children.get(stat.ppid) ?? [];
    list.push(stat);
    children.set(stat.ppid, list);
  }
  const found: ProcStat[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    for (const child of children.get(pid) ?? []) {
      found.push(child);
      queue.push(child.pid);
    }
  }
  return found;
}

/** Whole-machine CPU counters from /proc/stat: busy and total ticks over all cores. */
export function readSystemCpu(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user.
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = values;
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

export function uptimeTicks(): number {
  const seconds = Number(readFileSync('/proc/uptime', 'utf8').split(/\s+/)[0]);
  return Math.round(seconds * ticksPerSecond());
}
