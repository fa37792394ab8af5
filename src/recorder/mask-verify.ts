import { spawn } from 'node:child_process';
import { redactSecrets } from '../shared/redact.js';
import { RTSP_PROTOCOL_WHITELIST } from './ffmpeg-args.js';
import { rasterizePolygons, type Point } from './mask.js';
import { maxOf } from './pixels.js';

/**
 * Did the camera's own masks take? A snapshot is decoded by ffmpeg to a small
 * gray picture and every pixel well inside each mask must be dark, while the
 * rest of the picture must not be dark everywhere (a black or covered camera
 * proves nothing). Anything else — a mask missing, mirrored, grey, blurred
 * rather than filled — fails, and Premises masks the camera itself.
 */
export const CHECK_WIDTH = 320;
export const CHECK_HEIGHT = 180;
/** Black after JPEG: a solid mask decodes to ~16 (limited-range black) with a little ringing. */
export const DARK_MAX = 48;
/** Something outside the masks must be brighter than this, or the check cannot tell a mask from a dark scene. */
export const LIT_MIN = 80;
/** Pixels this close to a mask edge are ignored (scaling and JPEG blocks blur the edge). */
const EDGE_PX = 3;

export type MaskCheck = { ok: true; maskedMax: number; openMax: number } | { ok: false; reason: string; maskedMax?: number; openMax?: number };

/** Coverage shrunk by `radius` pixels: a pixel stays only if its whole square neighbourhood has the same value. */
function erode(coverage: Uint8Array, width: number, height: number, value: number, radius: number): Uint8Array {
  const out = new Uint8Array(coverage.length);
  for (let y = radius; y < height - radius; y += 1) {
    for (let x = radius; x < width - radius; x += 1) {
      let keep = true;
      for (let dy = -radius; dy <= radius && keep; dy += 1) {
        for (let dx = -radius; dx <= radius; dx += 1) {
          if (coverage[(y + dy) * width + x + dx] !== value) {
            keep = false;
            break;
          }
        }
      }
      if (keep) out[y * width + x] = 1;
    }
  }
  return out;
}

/** Pure: judge a gray picture (width × height, one byte per pixel) against the polygons. */
export function checkMasksDark(gray: Uint8Array, polygons: readonly (readonly Point[])[], width = CHECK_WIDTH, height = CHECK_HEIGHT): MaskCheck {
  if (gray.length !== width * height) return { ok: false, reason: `the snapshot decoded to ${gray.length} bytes, expected ${width * height}` };
  const coverage = rasterizePolygons(polygons, width, height);
  const inside = erode(coverage, width, height, 255, EDGE_PX);
  const outside = erode(coverage, width, height, 0, EDGE_PX);
  const masked: number[] = [];
  const open: number[] = [];
  for (let i = 0; i < gray.length; i += 1) {
    if (inside[i]) masked.push(gray[i] as number);
    else if (outside[i]) open.push(gray[i] as number);
  }
  if (masked.length === 0) return { ok: false, reason: 'the masks are too thin to check on a snapshot' };
  const maskedMax = maxOf(masked);
  const openMax = open.length ? maxOf(open) : 0;
  if (maskedMax > DARK_MAX) {
    return { ok: false, reason: `the camera accepted the masks, but its snapshot still shows the masked area (brightness up to ${maskedMax}, black is ≤ ${DARK_MAX})`, maskedMax, openMax };
  }
  if (open.length > 0 && openMax < LIT_MIN) {
    return { ok: false, reason: 'the snapshot is dark everywhere, so it cannot show whether the masks took', maskedMax, openMax };
  }
  return { ok: true, maskedMax, openMax };
}

const SCALE_TO_CHECK = ['-frames:v', '1', '-vf', `scale=${CHECK_WIDTH}:${CHECK_HEIGHT}:flags=area,format=gray`, '-f', 'rawvideo', 'pipe:1'];

/** Decode one image (JPEG from a camera) to CHECK_WIDTH × CHECK_HEIGHT gray with ffmpeg, within a deadline. */
export function decodeGray(image: Buffer, timeoutMs = 10_000, ffmpegPath = 'ffmpeg'): Promise<Uint8Array> {
  // image2pipe with a whitelist of decoders a camera snapshot can be: nothing else gets parsed.
  return runDecoder(ffmpegPath, ['-f', 'image2pipe', '-codec_whitelist', 'mjpeg,png', '-i', 'pipe:0', ...SCALE_TO_CHECK], image, timeoutMs, 'the camera\'s snapshot', []);
}

/**
 * One frame of the camera's RTSP stream itself, the one the recorder would
 * stream-copy: a camera could mask its snapshot and not its encoder output.
 * `inputUrl` carries credentials; they are scrubbed from any error.
 */
export function decodeStreamFrame(inputUrl: string, secrets: readonly string[], timeoutMs = 15_000, ffmpegPath = 'ffmpeg'): Promise<Uint8Array> {
  const args = ['-rtsp_transport', 'tcp', '-timeout', '5000000', '-protocol_whitelist', RTSP_PROTOCOL_WHITELIST, '-i', inputUrl, '-map', '0:v:0', ...SCALE_TO_CHECK];
  return runDecoder(ffmpegPath, args, undefined, timeoutMs, 'the camera\'s stream', secrets);
}

function runDecoder(ffmpegPath: string, args: string[], input: Buffer | undefined, timeoutMs: number, what: string, secrets: readonly string[]): Promise<Uint8Array> {
  const expected = CHECK_WIDTH * CHECK_HEIGHT;
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath, ['-nostdin', '-hide_banner', '-loglevel', 'error', ...args], { stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    let settled = false;
    const done = (err: Error | undefined, value?: Uint8Array) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) {
        child.kill('SIGKILL');
        reject(err);
      } else resolve(value as Uint8Array);
    };
    const timer = setTimeout(() => done(new Error(`ffmpeg did not decode a picture from ${what} within ${timeoutMs / 1000} s`)), timeoutMs);
    child.stdout?.on('data', (c: Buffer) => {
      size += c.length;
      if (size > expected) done(new Error(`ffmpeg decoded more than one picture from ${what}`));
      else chunks.push(c);
    });
    child.stderr?.on('data', (c: Buffer) => {
      if (stderr.length < 2000) stderr += c.toString();
    });
    child.on('error', (err) => done(new Error(`cannot run ffmpeg to check ${what}: ${err.message}`)));
    child.on('close', (code) => {
      const out = Buffer.concat(chunks);
      const first = redactSecrets(stderr.split('\n')[0] ?? '', secrets).slice(0, 200);
      if (code !== 0 || out.length !== expected) done(new Error(`ffmpeg could not decode a picture from ${what} (${first || `exit ${code}`})`));
      else done(undefined, new Uint8Array(out));
    });
    if (input && child.stdin) {
      child.stdin.on('error', () => undefined);
      child.stdin.end(input);
    }
  });
}
