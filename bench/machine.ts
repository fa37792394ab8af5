import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';

/** What the figures were measured on, for docs/benchmarks.md. */
export interface MachineInfo {
  cores: number;
  cpuModel: string;
  memGiB: number;
  os: string;
  kernel: string;
  node: string;
  ffmpeg: string;
  gstreamer: string;
}

function firstLine(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0]?.trim() ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function machineInfo(): MachineInfo {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
  let os = 'unknown';
  try {
    os = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? 'unknown';
  } catch {
    // no os-release
  }
  const gst = firstLine('/usr/bin/python3', [
    '-c',
    "import gi; gi.require_version('Gst', '1.0'); from gi.repository import Gst; Gst.init(None); print(Gst.version_string())",
  ]);
  return {
    cores: cpus().length,
    cpuModel: model,
    memGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os,
    kernel: release(),
    node: process.version,
    ffmpeg: firstLine('ffmpeg', ['-hide_banner', '-version']).replace(/ Copyright.*$/, ''),
    gstreamer: gst.replace(/^GStreamer\s+/, ''),
  };
}

/**
 * The synthetic camera: 1080p15 H.264 at ~4 Mbit/s with a fixed 2 s GOP (so
 * 10 s segments are even), encoded once (the field-notes line) and cached.
 * The RTSP server replays it without re-encoding, once per client, so it
 * must outlast the start-up, the window and the stop.
 */
export function ensureSourceClip(cacheDir: string, seconds: number, log: (line: string) => void): string {
  const path = join(cacheDir, `cam-1080p15-4M-${seconds}s.mp4`);
  if (existsSync(path)) return path;
  mkdirSync(cacheDir, { recursive: true }); // a fresh clone has no cache yet
  const partial = `${path}.partial.mp4`;
  log(`encoding the ${seconds} s source clip once (cached at ${path})`);
  const result = spawnSync(
    'ffmpeg',
    [
      '-nostdin', '-hide_banner', '-loglevel', 'error', '-y',
      '-f', 'lavfi', '-i', 'testsrc2=size=1920x1080:rate=15',
      '-t', String(seconds),
      '-c:v', 'libx264', '-preset', 'veryfast', '-bf', '0', '-g', '30', '-keyint_min', '30', '-sc_threshold', '0',
      '-b:v', '4M', '-maxrate', '4M', '-bufsize', '8M',
      '-movflags', '+faststart',
      partial,
    ],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) {
    rmSync(partial, { force: true });
    throw new Error(`cannot encode the source clip: ${result.stderr}`);
  }
  renameSync(partial, path);
  return path;
}
