import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Db } from '../../src/db/open.js';
import type { DataLayout } from '../../src/shared/data-layout.js';

/** Frame rate and GOP of the test footage: a keyframe every 0.8 s. */
export const FPS = 25;
export const GOP_FRAMES = 20;
export const GOP_SECONDS = GOP_FRAMES / FPS;

export interface RecordedSegment {
  id: number;
  runId: number;
  startMs: number;
  endMs: number;
  path: string;
}

/**
 * A real recording run without a recorder: ffmpeg encodes a lavfi test
 * pattern and cuts it like the recorder does (fragmented MP4 segments, H.264,
 * fixed GOP), then each file goes to its UTC-named place and gets its row with
 * true size and sha256. Segment times follow the media durations back to back.
 */
export function addRecordedRun(
  db: Db,
  layout: DataLayout,
  cameraId: string,
  opts: {
    startMs: number;
    seconds: number;
    segmentSeconds?: number;
    /** A lavfi source graph instead of the test pattern. */
    source?: string;
    /** An H.264 MP4 cut into segments by stream copy instead (no encoding: its own GOP decides where segments end). */
    file?: string;
  },
): RecordedSegment[] {
  const staging = mkdtempSync(join(tmpdir(), 'premises-footage-'));
  try {
    const encode = [
      '-f', 'lavfi', '-i', opts.source ?? `testsrc=size=320x240:rate=${FPS}`, '-t', String(opts.seconds),
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-bf', '0',
      '-g', String(GOP_FRAMES), '-keyint_min', String(GOP_FRAMES), '-sc_threshold', '0',
    ];
    execFileSync('ffmpeg', [
      '-nostdin', '-loglevel', 'error',
      ...(opts.file ? ['-i', opts.file, '-t', String(opts.seconds), '-map', '0:v:0', '-c', 'copy'] : encode),
      '-f', 'segment', '-segment_time', String(opts.segmentSeconds ?? 4), '-reset_timestamps', '1', '-segment_format', 'mp4',
      '-segment_format_options', 'movflags=+frag_keyframe+empty_moov+default_base_moof',
      join(staging, 'seg_%06d.mp4'),
    ]);
    db.prepare("INSERT OR IGNORE INTO cameras (id, name, origin, created_at) VALUES (?, ?, 'config', ?)").run(cameraId, cameraId, opts.startMs);
    const runId = Number(db.prepare('INSERT INTO runs (camera_id, started_at) VALUES (?, ?)').run(cameraId, opts.startMs).lastInsertRowid);
    const insert = db.prepare('INSERT INTO segments (camera_id, run_id, start_ms, end_ms, bytes, sha256, path) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const out: RecordedSegment[] = [];
    let start = opts.startMs;
    for (const name of readdirSync(staging).sort()) {
      const file = join(staging, name);
      const durationMs = Math.round(mediaSeconds(file) * 1000);
      const rel = layout.segmentRelPath(cameraId, start);
      const abs = layout.absolute(rel);
      mkdirSync(dirname(abs), { recursive: true });
      renameSync(file, abs);
      const data = readFileSync(abs);
      const sha = createHash('sha256').update(data).digest('hex');
      const id = Number(insert.run(cameraId, runId, start, start + durationMs, data.length, sha, rel).lastInsertRowid);
      out.push({ id, runId, startMs: start, endMs: start + durationMs, path: rel });
      start += durationMs;
    }
    db.prepare('UPDATE runs SET ended_at = ?, end_reason = ? WHERE id = ?').run(start, 'test', runId);
    return out;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

export function mediaSeconds(file: string): number {
  return Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { encoding: 'utf8' }).trim());
}

/** Everything ffprobe (reading the container) and ffmpeg (decoding every frame) complain about; '' means clean. */
export function mediaErrors(file: string): string {
  const probe = spawnSync('ffprobe', ['-v', 'error', '-show_format', '-show_streams', file], { encoding: 'utf8' });
  const decode = spawnSync('ffmpeg', ['-nostdin', '-v', 'error', '-i', file, '-f', 'null', '-'], { encoding: 'utf8' });
  const problems = [probe.stderr.trim(), decode.stderr.trim()].filter(Boolean);
  if (probe.status !== 0) problems.push(`ffprobe exit ${probe.status}`);
  if (decode.status !== 0) problems.push(`ffmpeg exit ${decode.status}`);
  return problems.join('\n');
}
