import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FRAGMENT_WRITE_ARGS, SEGMENT_BUFFERED_WRITE_ARGS } from '../src/recorder/ffmpeg-args.js';
import { sleepMs, tempDir } from '../test/support/premises.js';
import { RtspServer, type SourceSpec } from '../test/support/rtsp.js';
import { BareRecorders } from './baseline.js';
import { Sampler, select, type WindowSummary } from './sampler.js';

/**
 * `npm run bench:record -- --write-policy [--n 64 --seconds 40]`
 *
 * What the write policy of invariant 4 costs (docs/design.md, docs/ffmpeg.md):
 * the same N streams recorded by N ffmpeg, first with the options used before
 * (fragments buffered until the segment closes, no sync of the open segment),
 * then with today's (each fragment written as it is made, and Premises' own
 * StagingSync fsyncing every open segment once a second, run in a separate
 * Node process so its CPU is its own). Both phases run in this one process,
 * one after the other, on the same clip and machine.
 */
const SYNC_CHILD = fileURLToPath(new URL('./staging-sync-child.js', import.meta.url));

export interface PolicyPhase {
  policy: 'buffered' | 'fragments+fsync';
  n: number;
  windowSeconds: number;
  recording: number;
  /** Bytes the segment files grew by during the window. */
  videoBytes: number;
  /** write_bytes (/proc/PID/io: bytes the process caused to be sent to storage) of ffmpeg, summed, over the window. */
  ffmpegWriteBytes: number;
  /** The same for the Node process that fsyncs (0 when there is none). */
  nodeWriteBytes: number;
  fsyncsPerSecond: number;
  ffmpegCpuPct: number;
  nodeCpuPct: number;
  systemBusyPct: number;
}

function ioWriteBytes(pid: number): number {
  try {
    const m = /^write_bytes:\s*(\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function treeBytes(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    total += st.isDirectory() ? treeBytes(path) : st.size;
  }
  return total;
}

export async function writePolicyPhase(
  policy: PolicyPhase['policy'],
  n: number,
  clip: string,
  windowSeconds: number,
  segmentSeconds: number,
  cleanups: Set<() => void>,
  log: (line: string) => void,
): Promise<PolicyPhase> {
  const ids = Array.from({ length: n }, (_, i) => `cam${String(i + 1).padStart(2, '0')}`);
  const mounts: Record<string, SourceSpec> = Object.fromEntries(ids.map((id) => [id, `file:${clip}`] as const));
  const server = await RtspServer.start(mounts);
  const killServer = () => {
    if (server.pid !== undefined) process.kill(server.pid, 'SIGKILL');
  };
  cleanups.add(killServer);
  const dir = tempDir('premises-bench-write-');
  const removeDir = () => dir.remove();
  cleanups.add(removeDir);
  const writeArgs = policy === 'buffered' ? SEGMENT_BUFFERED_WRITE_ARGS : FRAGMENT_WRITE_ARGS;
  const bare = BareRecorders.start(ids.map((id) => ({ id, url: server.url(id) })), dir.path, segmentSeconds, writeArgs);
  const killBare = () => bare.killAll();
  cleanups.add(killBare);
  let syncs = 0;
  const child = policy === 'fragments+fsync' ? spawn(process.execPath, [SYNC_CHILD, ...ids.map((id) => join(dir.path, id))], { stdio: ['ignore', 'pipe', 'inherit'] }) : undefined;
  child?.stdout?.on('data', (chunk: Buffer) => {
    const last = chunk.toString().trim().split('\n').at(-1);
    if (last) syncs = Number(last);
  });
  const killChild = () => child?.kill('SIGKILL');
  cleanups.add(killChild);
  try {
    const recording = await bare.waitForFirstSegments(60_000);
    log(`write policy ${policy}, N=${n}: ${recording}/${n} recording; measuring ${windowSeconds} s`);
    const nodePids = () => (child?.pid === undefined ? [] : [child.pid]);
    const sampler = new Sampler({ ffmpeg: select.pids(() => bare.pids()), node: select.pids(nodePids) }, 3_000);
    const ioSum = (pids: number[]) => pids.reduce((sum, pid) => sum + ioWriteBytes(pid), 0);
    const ffmpeg0 = ioSum(bare.pids());
    const node0 = ioSum(nodePids());
    const bytes0 = treeBytes(dir.path);
    const syncs0 = syncs;
    sampler.start();
    await sleepMs(windowSeconds * 1000);
    const window: WindowSummary = sampler.stop();
    const ffmpeg1 = ioSum(bare.pids());
    const node1 = ioSum(nodePids());
    const bytes1 = treeBytes(dir.path);
    const seconds = (window.endMs - window.startMs) / 1000;
    return {
      policy,
      n,
      windowSeconds: seconds,
      recording,
      videoBytes: bytes1 - bytes0,
      ffmpegWriteBytes: ffmpeg1 - ffmpeg0,
      nodeWriteBytes: node1 - node0,
      fsyncsPerSecond: (syncs - syncs0) / seconds,
      ffmpegCpuPct: window.groups.ffmpeg?.cpuPct ?? 0,
      nodeCpuPct: window.groups.node?.cpuPct ?? 0,
      systemBusyPct: window.systemBusyPct,
    };
  } finally {
    child?.kill('SIGTERM');
    cleanups.delete(killChild);
    await bare.stop();
    cleanups.delete(killBare);
    await server.stop();
    cleanups.delete(killServer);
    removeDir();
    cleanups.delete(removeDir);
    await sleepMs(3_000);
  }
}

export function renderWritePolicy(phases: readonly PolicyPhase[], context: { command: string; date: string; machine: string; load: string }): string {
  const mb = (b: number) => (b / 1e6).toFixed(1);
  const rows = phases.map((p) => {
    const amp = p.videoBytes > 0 ? (p.ffmpegWriteBytes + p.nodeWriteBytes) / p.videoBytes : NaN;
    return `| ${p.policy === 'buffered' ? 'before: fragments buffered until the segment closes, no sync of the open segment' : 'now: each fragment written as made (≤ 1 s) and fdatasync’d as it lands (src/recorder/staging-sync.ts)'} | ${p.recording}/${p.n} | ${mb(p.videoBytes)} | ${mb(p.ffmpegWriteBytes)} / ${mb(p.nodeWriteBytes)} | ${amp.toFixed(3)} | ${p.fsyncsPerSecond.toFixed(1)} | ${p.ffmpegCpuPct.toFixed(2)} (${(p.ffmpegCpuPct / p.n).toFixed(3)}) | ${p.nodeCpuPct.toFixed(2)} (${(p.nodeCpuPct / p.n).toFixed(3)}) | ${p.systemBusyPct.toFixed(0)} |`;
  });
  return [
    '## Write policy (invariant 4): results',
    '',
    `- Command: \`${context.command}\``,
    `- Date: ${context.date}`,
    `- Machine: ${context.machine}`,
    `- Load average when the run started: ${context.load} (the machine is shared)`,
    `- Each phase: ${phases[0]?.n ?? 0} streams of the benchmark clip (1080p15, ~4 Mbit/s, 2 s GOP) recorded by bare ffmpeg with 10 s segments over a ${Math.round(phases[0]?.windowSeconds ?? 0)} s window, the two phases one after the other in one process.`,
    '',
    'Write amplification = (write_bytes of ffmpeg + of the syncing Node process, from /proc/PID/io, over the window) ÷ (bytes the segment files grew by over the window). CPU: % of one core over the window, in brackets per stream.',
    '',
    '| write policy | recording | video MB | write_bytes MB ffmpeg / Node | write amplification | fsyncs per s | ffmpeg CPU (per stream) | Node CPU for the syncs (per stream) | machine busy % |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

const BEGIN = '<!-- bench:write-policy:begin (generated by `npm run bench:record -- --write-policy`; edits inside are overwritten) -->';
const END = '<!-- bench:write-policy:end -->';

/** Replace the write-policy section of the benchmarks document, or append it. */
export function spliceWritePolicy(existing: string, section: string): string {
  const begin = existing.indexOf('<!-- bench:write-policy:begin');
  const end = existing.indexOf(END);
  const block = `${BEGIN}\n${section}\n${END}`;
  if (begin >= 0 && end > begin) return existing.slice(0, begin) + block + existing.slice(end + END.length);
  return `${existing.trimEnd()}\n\n${block}\n`;
}
