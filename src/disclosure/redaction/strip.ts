import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DataLayout } from '../../shared/data-layout.js';
import { iso } from '../../shared/iso.js';
import { jobDir, loadReview } from './job.js';
import { stripBoxes, type TrackRole } from './review.js';

const execFileAsync = promisify(execFile);

/**
 * The review strip as pictures: each review frame with its boxes drawn,
 * green for the requester, red for a face that will be blurred, grey for a
 * box the reviewer said is not a face. File names carry the camera, the UTC
 * time and, in the listing, every box's track number and clip pixels, which
 * is what `redact pick`, `mark` and `box` take.
 */
const COLOUR: Record<TrackRole, string> = { requester: 'green', bystander: 'red', 'not-a-face': 'gray' };

export interface StripFrame {
  camera: string;
  at: string;
  atMs: number;
  image: string;
  boxes: { track: number; role: TrackRole; box: { x: number; y: number; w: number; h: number } }[];
}

export function stripFrames(layout: DataLayout, id: string): StripFrame[] {
  const state = loadReview(layout, id);
  return state.clips.flatMap((clip) =>
    clip.strip.map((s) => ({ camera: clip.camera, at: iso(clip.startMs + s.tMs), atMs: clip.startMs + s.tMs, image: join(jobDir(layout, id), s.file), boxes: stripBoxes(state, clip, s.tMs) })),
  );
}

/** Write the strip with boxes drawn into `outDir`; returns the files written. */
export async function writeStrip(layout: DataLayout, id: string, outDir: string, ffmpeg = 'ffmpeg'): Promise<string[]> {
  const state = loadReview(layout, id);
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  for (const clip of state.clips) {
    const sx = clip.detectWidth / clip.width;
    const sy = clip.detectHeight / clip.height;
    for (const s of clip.strip) {
      const boxes = stripBoxes(state, clip, s.tMs);
      const draw = boxes.map(
        (b) => `drawbox=x=${Math.round(b.box.x * sx)}:y=${Math.round(b.box.y * sy)}:w=${Math.max(2, Math.round(b.box.w * sx))}:h=${Math.max(2, Math.round(b.box.h * sy))}:color=${COLOUR[b.role]}:t=2`,
      );
      const out = join(outDir, `${clip.camera}-${iso(clip.startMs + s.tMs).replace(/[-:]/g, '')}.jpg`);
      await execFileAsync(ffmpeg, ['-nostdin', '-v', 'error', '-i', join(jobDir(layout, id), s.file), '-vf', draw.length ? draw.join(',') : 'null', '-q:v', '4', '-y', out]);
      written.push(out);
    }
  }
  return written;
}
