/**
 * `npm run bench:activity -- --mask-keyframes`: what a keyframe every second costs a camera whose masks Premises
 * burns in (src/recorder/ffmpeg-args.ts), against one keyframe per 10 s segment as before. The same clip is
 * masked and encoded with Premises' own mask filter and encoder settings, once per keyframe interval, as fast as
 * it goes with `-threads 1` (so CPU seconds compare); CPU of each ffmpeg from this process's reaped children
 * (/proc/self/stat cutime + cstime), size of its output. Median of RUNS, the two variants alternating.
 */
import { spawn } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { maskFilterArgs } from '../src/recorder/ffmpeg-args.js';
import { maskImagePam } from '../src/recorder/mask.js';
import { ticksPerSecond } from './proc.js';
import { median } from './stats.js';

const RUNS = 3;
const SECONDS = 10;

function childrenCpuSeconds(): number {
  const text = readFileSync('/proc/self/stat', 'utf8');
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(rest[13]) + Number(rest[14])) / ticksPerSecond();
}

async function encode(clip: string, maskImage: string, keyframeSeconds: number, out: string): Promise<{ cpuSeconds: number; bytes: number }> {
  const before = childrenCpuSeconds();
  const child = spawn('ffmpeg', [
    '-nostdin', '-hide_banner', '-loglevel', 'error', '-y', '-i', clip,
    ...maskFilterArgs(maskImage),
    // An output limit: the looped mask image never ends, so an input limit on the clip alone would not stop it.
    '-t', String(SECONDS),
    '-threads', '1', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23',
    '-force_key_frames', `expr:gte(t,n_forced*${keyframeSeconds})`,
    '-f', 'mp4', out,
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  if (code !== 0) throw new Error(`ffmpeg failed on ${clip}: ${stderr.slice(-500)}`);
  return { cpuSeconds: childrenCpuSeconds() - before, bytes: statSync(out).size };
}

/** Rows for docs/benchmarks.md: per clip, CPU (% of one core per second of video) and bitrate at 10 s and 1 s. */
export async function maskKeyframeCost(clips: { label: string; path: string }[], workDir: string): Promise<string[]> {
  const maskImage = join(workDir, 'mask.pam');
  writeFileSync(maskImage, maskImagePam([[[0, 0], [0.3, 0], [0.3, 1], [0, 1]]]));
  const lines = [
    `| clip (${SECONDS} s, masked: a band of 30 % of the width) | keyframe every 10 s: CPU, bitrate | keyframe every 1 s: CPU, bitrate | ratio CPU, bitrate |`,
    '|---|---|---|---|',
  ];
  for (const clip of clips) {
    const cost: Record<number, { cpu: number[]; bytes: number[] }> = { 10: { cpu: [], bytes: [] }, 1: { cpu: [], bytes: [] } };
    for (let i = 0; i < RUNS; i += 1) {
      for (const k of [10, 1]) {
        const c = await encode(clip.path, maskImage, k, join(workDir, `out-${k}.mp4`));
        cost[k]?.cpu.push(c.cpuSeconds);
        cost[k]?.bytes.push(c.bytes);
      }
    }
    const cpu = (k: number) => median(cost[k]?.cpu ?? []);
    const kbit = (k: number) => (median(cost[k]?.bytes ?? []) * 8) / SECONDS / 1000;
    const cell = (k: number) => `${((cpu(k) / SECONDS) * 100).toFixed(1)} %, ${kbit(k).toFixed(0)} kbit/s`;
    lines.push(`| ${clip.label} | ${cell(10)} | ${cell(1)} | ${(cpu(1) / cpu(10)).toFixed(2)}×, ${(kbit(1) / kbit(10)).toFixed(2)}× |`);
  }
  return lines;
}
