import type { Box } from './track.js';

/**
 * Blurring rectangles of a raw yuv420p frame in place (pure). Three box-blur
 * passes each way approximate a Gaussian; the radius scales with the
 * rectangle (a fifth of its shorter side, at least 6 pixels), so a face is
 * reduced to a few soft blobs of skin and hair colour at any size — no eyes,
 * nose or mouth left to recognise. Measured against ffmpeg's own boxblur with
 * one overlay per box in docs/redaction.md. A face box is grown by a quarter
 * of its size on every side (hair, ears); a person box, already the whole
 * body, by 15 % (an arm swung out, a box a step behind between detections).
 */
export const BLUR = { method: 'box blur, 3 passes each way', radius: 'max(6, shorter side / 5)', padding: 0.25, personPadding: 0.15 } as const;

export function blurRadius(box: Box): number {
  return Math.max(6, Math.floor(Math.min(box.w, box.h) / 5));
}

/** Blur one plane's rectangle (plane = `stride`-wide bytes at `offset`). */
function blurPlane(frame: Buffer, offset: number, stride: number, x: number, y: number, w: number, h: number, radius: number, scratch: Uint8Array): void {
  if (w <= 1 || h <= 1) return;
  const r = Math.min(radius, Math.floor((Math.min(w, h) - 1) / 2));
  if (r < 1) return;
  const line = scratch.length >= Math.max(w, h) ? scratch : new Uint8Array(Math.max(w, h));
  for (let pass = 0; pass < 3; pass++) {
    for (let row = 0; row < h; row++) {
      const base = offset + (y + row) * stride + x;
      blurLine(frame, base, 1, w, r, line);
    }
    for (let col = 0; col < w; col++) {
      const base = offset + y * stride + x + col;
      blurLine(frame, base, stride, h, r, line);
    }
  }
}

/** Sliding-window mean over `n` samples `step` apart, edges clamped. */
function blurLine(buf: Buffer, base: number, step: number, n: number, r: number, line: Uint8Array): void {
  for (let i = 0; i < n; i++) line[i] = buf[base + i * step]!;
  const win = 2 * r + 1;
  let sum = line[0]! * (r + 1);
  for (let i = 1; i <= r; i++) sum += line[Math.min(i, n - 1)]!;
  for (let i = 0; i < n; i++) {
    buf[base + i * step] = Math.round(sum / win);
    sum += line[Math.min(i + r + 1, n - 1)]! - line[Math.max(i - r, 0)]!;
  }
}

/** Blur `boxes` (frame pixels, any values: clamped and aligned to the 2×2 chroma grid here) of a width×height yuv420p frame. */
export function blurBoxes(frame: Buffer, width: number, height: number, boxes: readonly Box[]): void {
  const scratch = new Uint8Array(Math.max(width, height));
  const lumaSize = width * height;
  const chromaW = width >> 1;
  const chromaH = height >> 1;
  for (const b of boxes) {
    const x0 = Math.max(0, Math.floor(b.x / 2) * 2);
    const y0 = Math.max(0, Math.floor(b.y / 2) * 2);
    const x1 = Math.min(width, Math.ceil((b.x + b.w) / 2) * 2);
    const y1 = Math.min(height, Math.ceil((b.y + b.h) / 2) * 2);
    if (x1 - x0 < 2 || y1 - y0 < 2) continue;
    const radius = blurRadius({ x: x0, y: y0, w: x1 - x0, h: y1 - y0 });
    blurPlane(frame, 0, width, x0, y0, x1 - x0, y1 - y0, radius, scratch);
    const cx = x0 >> 1;
    const cy = y0 >> 1;
    const cw = Math.min(chromaW - cx, (x1 - x0) >> 1);
    const ch = Math.min(chromaH - cy, (y1 - y0) >> 1);
    const cr = Math.max(1, radius >> 1);
    blurPlane(frame, lumaSize, chromaW, cx, cy, cw, ch, cr, scratch);
    blurPlane(frame, lumaSize + chromaW * chromaH, chromaW, cx, cy, cw, ch, cr, scratch);
  }
}
