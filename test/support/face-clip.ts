import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * A synthetic scene with three real faces moving across it. The faces are
 * cut from a photograph shipped inside the `@vladmandic/face-api` package
 * (demo/sample1.jpg, three people side by side; a test-only dependency: the
 * product's detector ships in `@vladmandic/human`, which has no clean sample
 * photos). Each face is a FACE_SIDE square that moves on a known straight
 * path, so the test knows where every face is in every frame.
 */
export const CLIP_W = 1280;
export const CLIP_H = 720;
export const FACE_SIDE = 220;

export interface MovingFace {
  name: string;
  /** Square crop of sample1.jpg (1920×1280) around the face. */
  crop: { x: number; y: number; side: number };
  /** Top-left corner at t seconds: x0 + vx·u, y0 + vy·u, where u goes 0 → 6 s and back (a clip of any length keeps the faces in view). */
  x0: number;
  y0: number;
  vx: number;
  vy: number;
}

export const FACES: readonly MovingFace[] = [
  { name: 'requester', crop: { x: 1338, y: 91, side: 500 }, x0: 60, y0: 60, vx: 120, vy: 0 },
  { name: 'bystander-1', crop: { x: 249, y: 220, side: 550 }, x0: 900, y0: 440, vx: -120, vy: 0 },
  { name: 'bystander-2', crop: { x: 665, y: 274, side: 550 }, x0: 1040, y0: 60, vx: 0, vy: 30 },
];

export function facePhoto(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(dirname(require.resolve('@vladmandic/face-api'))), 'demo', 'sample1.jpg');
}

const LEG_SECONDS = 6;
const pingPong = (t: number) => LEG_SECONDS - Math.abs((t % (2 * LEG_SECONDS)) - LEG_SECONDS);

/** The face's square at `t` seconds, in clip pixels. */
export function faceAt(face: MovingFace, t: number): { x: number; y: number; w: number; h: number } {
  const u = pingPong(t);
  return { x: Math.round(face.x0 + face.vx * u), y: Math.round(face.y0 + face.vy * u), w: FACE_SIDE, h: FACE_SIDE };
}

/** A lavfi graph (for test/support/footage.ts `source`) drawing the scene at `fps`. */
export function faceSceneSource(fps: number): string {
  const photo = facePhoto().replaceAll('\\', '\\\\').replaceAll(':', '\\:').replaceAll("'", "\\'");
  const parts = [`color=c=0x5a6470:s=${CLIP_W}x${CLIP_H}:r=${fps},format=yuv420p,noise=alls=6:allf=t[bg0]`];
  FACES.forEach((f, i) => {
    parts.push(`movie='${photo}',crop=${f.crop.side}:${f.crop.side}:${f.crop.x}:${f.crop.y},scale=${FACE_SIDE}:${FACE_SIDE},format=yuv420p[f${i}]`);
  });
  FACES.forEach((f, i) => {
    const u = `(${LEG_SECONDS}-abs(mod(t,${2 * LEG_SECONDS})-${LEG_SECONDS}))`;
    parts.push(`[bg${i}][f${i}]overlay=x='${f.x0}+${f.vx}*${u}':y='${f.y0}+${f.vy}*${u}':eof_action=repeat[bg${i + 1}]`);
  });
  // lavfi wants the last output unlabelled.
  return parts.join(';').replace(new RegExp(`\\[bg${FACES.length}\\]$`), '');
}

/** Every frame's luma (width×height bytes per frame), decoded by ffmpeg. */
export function decodeLuma(file: string): { frames: Uint8Array[]; width: number; height: number } {
  return decodeLumaSized(file, CLIP_W, CLIP_H);
}

/** Like decodeLuma, for any size; `every` > 1 keeps one frame in `every` (frame i of the result is frame i·every of the file). */
export function decodeLumaSized(file: string, width: number, height: number, every = 1): { frames: Uint8Array[]; width: number; height: number } {
  const select = every > 1 ? ['-vf', `select='not(mod(n\\,${every}))'`] : [];
  const r = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:v:0', '-fps_mode', 'passthrough', ...select, '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'], {
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0) throw new Error(`ffmpeg could not decode ${file}: ${r.stderr.toString()}`);
  const size = width * height;
  const frames: Uint8Array[] = [];
  for (let at = 0; at + size <= r.stdout.length; at += size) frames.push(new Uint8Array(r.stdout.buffer, r.stdout.byteOffset + at, size));
  return { frames, width, height };
}

/** Detail in a region: mean absolute difference between horizontally and vertically neighbouring pixels. */
export function detail(luma: Uint8Array, width: number, r: { x: number; y: number; w: number; h: number }): number {
  let sum = 0;
  let n = 0;
  for (let y = r.y; y < r.y + r.h - 1; y++) {
    for (let x = r.x; x < r.x + r.w - 1; x++) {
      const p = luma[y * width + x]!;
      sum += Math.abs(p - luma[y * width + x + 1]!) + Math.abs(p - luma[(y + 1) * width + x]!);
      n += 2;
    }
  }
  return sum / n;
}

export function meanAbsDiffRegion(a: Uint8Array, b: Uint8Array, width: number, r: { x: number; y: number; w: number; h: number }): number {
  let sum = 0;
  for (let y = r.y; y < r.y + r.h; y++) for (let x = r.x; x < r.x + r.w; x++) sum += Math.abs(a[y * width + x]! - b[y * width + x]!);
  return sum / (r.w * r.h);
}
