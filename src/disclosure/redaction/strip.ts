import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DataLayout } from '../../shared/data-layout.js';
import { PremisesError } from '../../shared/errors.js';
import { iso } from '../../shared/iso.js';
import { jobDir, loadReview } from './job.js';
import { stripBoxes, type ReviewClip, type ReviewState, type TrackRole } from './review.js';
import type { TrackKind } from './track.js';

const execFileAsync = promisify(execFile);

/**
 * The review strip as pictures: each review frame with its boxes drawn,
 * green for the requester, red for a face that will be blurred, grey for a
 * box the reviewer said is not a face; a whole person's box is drawn thinner
 * in a lighter colour of the same meaning (lime, orange, white), so a face
 * and the body around it can be told apart. File names carry the camera, the UTC
 * time and, in the listing, every box's track number and clip pixels, which
 * is what `redact pick`, `mark` and `box` take.
 */
const COLOUR: Record<TrackKind, Record<TrackRole, string>> = {
  face: { requester: 'green', bystander: 'red', 'not-a-face': 'gray' },
  person: { requester: 'lime', bystander: 'orange', 'not-a-face': 'white' },
};
const THICKNESS: Record<TrackKind, number> = { face: 2, person: 1 };

export interface StripFrame {
  camera: string;
  at: string;
  atMs: number;
  image: string;
  /** The recorded picture's size: boxes and `pick` points are in these pixels. */
  width: number;
  height: number;
  boxes: { track: number; role: TrackRole; kind: TrackKind; box: { x: number; y: number; w: number; h: number } }[];
}

export function stripFrames(layout: DataLayout, id: string): StripFrame[] {
  const state = loadReview(layout, id);
  return state.clips.flatMap((clip) =>
    clip.strip.map((s) => ({ camera: clip.camera, at: iso(clip.startMs + s.tMs), atMs: clip.startMs + s.tMs, image: join(jobDir(layout, id), s.file), width: clip.width, height: clip.height, boxes: stripBoxes(state, clip, s.tMs) })),
  );
}

function drawFilter(state: ReviewState, clip: ReviewClip, tMs: number): string {
  const sx = clip.detectWidth / clip.width;
  const sy = clip.detectHeight / clip.height;
  const draw = stripBoxes(state, clip, tMs).map(
    (b) => `drawbox=x=${Math.round(b.box.x * sx)}:y=${Math.round(b.box.y * sy)}:w=${Math.max(2, Math.round(b.box.w * sx))}:h=${Math.max(2, Math.round(b.box.h * sy))}:color=${COLOUR[b.kind][b.role]}:t=${THICKNESS[b.kind]}`,
  );
  return draw.length ? draw.join(',') : 'null';
}

/** Write the strip with boxes drawn into `outDir`; returns the files written. */
export async function writeStrip(layout: DataLayout, id: string, outDir: string, ffmpeg = 'ffmpeg'): Promise<string[]> {
  const state = loadReview(layout, id);
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  for (const clip of state.clips) {
    for (const s of clip.strip) {
      const out = join(outDir, `${clip.camera}-${iso(clip.startMs + s.tMs).replace(/[-:]/g, '')}.jpg`);
      await execFileAsync(ffmpeg, ['-nostdin', '-v', 'error', '-i', join(jobDir(layout, id), s.file), '-vf', drawFilter(state, clip, s.tMs), '-q:v', '4', '-y', out]);
      written.push(out);
    }
  }
  return written;
}

/**
 * Review frame `index` (the order of `stripFrames`) as a JPEG with its boxes
 * drawn, for the dashboard. Read from the job's own folder only and never
 * written anywhere: the picture goes to the answer, not to a file.
 */
export async function stripFrameJpeg(layout: DataLayout, id: string, index: number, ffmpeg = 'ffmpeg'): Promise<Buffer> {
  const state = loadReview(layout, id);
  const frames = state.clips.flatMap((clip) => clip.strip.map((s) => ({ clip, s })));
  const frame = Number.isSafeInteger(index) && index >= 0 ? frames[index] : undefined;
  if (!frame) throw new PremisesError('NotFound', `redaction ${id} has no review frame ${index} (it has ${frames.length})`);
  const { stdout } = await execFileAsync(
    ffmpeg,
    ['-nostdin', '-v', 'error', '-i', join(jobDir(layout, id), frame.s.file), '-vf', drawFilter(state, frame.clip, frame.s.tMs), '-q:v', '4', '-f', 'image2pipe', '-c:v', 'mjpeg', 'pipe:1'],
    { encoding: 'buffer', maxBuffer: 32 * 1024 * 1024 },
  );
  return stdout;
}
