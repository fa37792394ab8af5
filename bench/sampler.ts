import { allProcesses, descendantsOf, readMem, readSystemCpu, ticksPerSecond, uptimeTicks, type ProcStat } from './proc.js';
import { cpuPercent, max, median, tickDelta, withTicks, type TickEntry } from './stats.js';

/**
 * Samples groups of processes from /proc at a fixed interval over a
 * measurement window and summarises each group: CPU (% of one core, over the
 * whole window and the median of the intervals) and memory (sums over the
 * group's processes, median and maximum of the samples).
 */
export type GroupSelector = (processes: Map<number, ProcStat>) => ProcStat[];

interface GroupSample {
  entries: (TickEntry & { userTicks: number })[];
  rssKb: number;
  anonKb: number;
  pssKb: number;
  count: number;
}

interface Sample {
  wallMs: number;
  uptimeTicks: number;
  system: { busy: number; total: number };
  groups: Record<string, GroupSample>;
}

export interface GroupSummary {
  /** CPU over the whole window, % of one core. */
  cpuPct: number;
  /** Median of the per-interval CPU figures, % of one core. */
  cpuPctMedian: number;
  /** The user-space part of cpuPct; the rest is kernel time (system calls, fsync writeback, copies). */
  userPct: number;
  rssMbMedian: number;
  rssMbMax: number;
  /** Anonymous (private heap/stack) memory: what the group really adds, libraries aside. */
  anonMbMedian: number;
  pssMbMedian: number;
  pssMbMax: number;
  processesMedian: number;
}

export interface WindowSummary {
  startMs: number;
  endMs: number;
  samples: number;
  /** Whole machine, busy % of all cores together (100 % = every core busy). */
  systemBusyPct: number;
  groups: Record<string, GroupSummary>;
}

export class Sampler {
  private readonly samples: Sample[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly groups: Record<string, GroupSelector>,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.take();
    this.timer = setInterval(() => this.take(), this.intervalMs);
  }

  stop(): WindowSummary {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.take();
    return this.summarise();
  }

  private take(): void {
    const processes = allProcesses();
    const groups: Record<string, GroupSample> = {};
    for (const [name, select] of Object.entries(this.groups)) {
      const members = select(processes);
      const sample: GroupSample = { entries: [], rssKb: 0, anonKb: 0, pssKb: 0, count: members.length };
      for (const p of members) {
        sample.entries.push({ key: `${p.pid}:${p.startTicks}`, ticks: p.cpuTicks, userTicks: p.userTicks, startTicks: p.startTicks });
        const mem = readMem(p.pid);
        if (!mem) continue;
        sample.rssKb += mem.rssKb;
        sample.anonKb += mem.anonKb;
        sample.pssKb += mem.pssKb;
      }
      groups[name] = sample;
    }
    this.samples.push({ wallMs: Date.now(), uptimeTicks: uptimeTicks(), system: readSystemCpu(), groups });
  }

  private summarise(): WindowSummary {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last) throw new Error('no samples taken');
    const tps = ticksPerSecond();
    const wallMs = last.wallMs - first.wallMs;
    const mb = (kb: number) => kb / 1024;
    const groups: Record<string, GroupSummary> = {};
    for (const name of Object.keys(this.groups)) {
      let totalTicks = 0;
      let userTicks = 0;
      const intervalPcts: number[] = [];
      for (let i = 1; i < this.samples.length; i += 1) {
        const prev = this.samples[i - 1] as Sample;
        const cur = this.samples[i] as Sample;
        const ticks = tickDelta(prev.groups[name]?.entries ?? [], cur.groups[name]?.entries ?? [], prev.uptimeTicks);
        totalTicks += ticks;
        const user = (g: GroupSample | undefined) => withTicks(g?.entries ?? [], (e) => e.userTicks);
        userTicks += tickDelta(user(prev.groups[name]), user(cur.groups[name]), prev.uptimeTicks);
        intervalPcts.push(cpuPercent(ticks, tps, cur.wallMs - prev.wallMs));
      }
      const series = this.samples.map((s) => s.groups[name] as GroupSample);
      groups[name] = {
        cpuPct: cpuPercent(totalTicks, tps, wallMs),
        cpuPctMedian: median(intervalPcts),
        userPct: cpuPercent(userTicks, tps, wallMs),
        rssMbMedian: mb(median(series.map((s) => s.rssKb))),
        rssMbMax: mb(max(series.map((s) => s.rssKb))),
        anonMbMedian: mb(median(series.map((s) => s.anonKb))),
        pssMbMedian: mb(median(series.map((s) => s.pssKb))),
        pssMbMax: mb(max(series.map((s) => s.pssKb))),
        processesMedian: median(series.map((s) => s.count)),
      };
    }
    const busy = last.system.busy - first.system.busy;
    const total = last.system.total - first.system.total;
    return {
      startMs: first.wallMs,
      endMs: last.wallMs,
      samples: this.samples.length,
      systemBusyPct: total > 0 ? (busy / total) * 100 : Number.NaN,
      groups,
    };
  }
}

/** Selectors for the groups the benchmark reports. */
export const select = {
  pids:
    (pids: () => readonly number[]): GroupSelector =>
    (processes) =>
      pids().flatMap((pid) => {
        const p = processes.get(pid);
        return p ? [p] : [];
      }),
  /** Descendants of `root` whose command name passes `filter`. */
  descendants:
    (root: () => number | undefined, filter: (p: ProcStat) => boolean): GroupSelector =>
    (processes) => {
      const pid = root();
      if (pid === undefined) return [];
      return descendantsOf(pid, processes).filter(filter);
    },
};

