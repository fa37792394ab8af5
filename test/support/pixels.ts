import { spawnSync } from 'node:child_process';

/** A region in fractions of the frame. */
export interface Region {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Decode one frame at `atSeconds` and return the luma of `region` (one byte per pixel), using ffmpeg itself. */
export function lumaOf(file: string, atSeconds: number, region: Region): Uint8Array {
  const crop = `crop=iw*${region.w}:ih*${region.h}:iw*${region.x}:ih*${region.y}`;
  const result = spawnSync('ffmpeg', ['-v', 'error', '-ss', String(atSeconds), '-i', file, '-frames:v', '1', '-vf', `${crop},format=gray`, '-f', 'rawvideo', 'pipe:1'], {
    maxBuffer: 64 << 20,
  });
  if (result.status !== 0 || result.stdout.length === 0) throw new Error(`ffmpeg could not decode ${file} at ${atSeconds}s: ${result.stderr.toString()}`);
  return new Uint8Array(result.stdout);
}

// The statistics live in src so the camera-mask check uses the same ones.
export { maxOf, meanAbsDiff, meanOf } from '../../src/recorder/pixels.js';

/** The luma of `region` in a still image (a JPEG snapshot): like lumaOf, without seeking, which a single image does not survive. */
export function lumaOfImage(file: string, region: Region): Uint8Array {
  const crop = `crop=iw*${region.w}:ih*${region.h}:iw*${region.x}:ih*${region.y}`;
  const result = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-frames:v', '1', '-vf', `${crop},format=gray`, '-f', 'rawvideo', 'pipe:1'], { maxBuffer: 64 << 20 });
  if (result.status !== 0 || result.stdout.length === 0) throw new Error(`ffmpeg could not decode ${file}: ${result.stderr.toString()}`);
  return new Uint8Array(result.stdout);
}
