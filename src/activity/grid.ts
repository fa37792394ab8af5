import { rasterizePolygons, type Point } from '../recorder/mask.js';

/**
 * The activity measure, pure. Each sampled frame is a small grey picture (SAMPLE_WIDTH × SAMPLE_HEIGHT, scaled
 * down by ffmpeg, which averages away sensor noise); the picture is cut into GRID_COLS × GRID_ROWS cells, and a
 * cell "changed" when the mean absolute difference of its pixels from the previous sample exceeds a threshold.
 * A sample is then 144 bits: where in the picture something changed. No picture is kept, only those bits.
 */
export const SAMPLE_WIDTH = 64;
export const SAMPLE_HEIGHT = 36;
export const GRID_COLS = 16;
export const GRID_ROWS = 9;
export const CELLS = GRID_COLS * GRID_ROWS;
export const BITMAP_BYTES = Math.ceil(CELLS / 8);
export const SAMPLE_BYTES = SAMPLE_WIDTH * SAMPLE_HEIGHT;
const CELL_W = SAMPLE_WIDTH / GRID_COLS;
const CELL_H = SAMPLE_HEIGHT / GRID_ROWS;

/**
 * Mean absolute difference (0..255) a cell must exceed to count as changed. Compression noise on a still scene
 * stays under ~3 at this scale; a person crossing a cell moves it by tens (docs/activity.md).
 */
export const CHANGE_THRESHOLD = 10;

export type Bitmap = Uint8Array;

export function emptyBitmap(): Bitmap {
  return new Uint8Array(BITMAP_BYTES);
}

export function setCell(bitmap: Bitmap, cell: number): void {
  bitmap[cell >> 3] = (bitmap[cell >> 3] as number) | (1 << (cell & 7));
}

export function hasCell(bitmap: Bitmap, cell: number): boolean {
  return (((bitmap[cell >> 3] as number) >> (cell & 7)) & 1) === 1;
}

export function countCells(bitmap: Bitmap): number {
  let n = 0;
  for (const byte of bitmap) {
    let b = byte;
    while (b) {
      b &= b - 1;
      n += 1;
    }
  }
  return n;
}

export function intersects(a: Bitmap, b: Bitmap): boolean {
  for (let i = 0; i < BITMAP_BYTES; i += 1) if (((a[i] as number) & (b[i] as number)) !== 0) return true;
  return false;
}

/** Cells where `current` differs from `previous`, ignoring `excluded` cells (privacy masks). */
export function changedCells(previous: Uint8Array, current: Uint8Array, excluded: Bitmap, threshold = CHANGE_THRESHOLD): Bitmap {
  if (previous.length !== SAMPLE_BYTES || current.length !== SAMPLE_BYTES) throw new Error(`a sample is ${SAMPLE_BYTES} bytes`);
  const out = emptyBitmap();
  const limit = threshold * CELL_W * CELL_H;
  for (let row = 0; row < GRID_ROWS; row += 1) {
    for (let col = 0; col < GRID_COLS; col += 1) {
      const cell = row * GRID_COLS + col;
      if (hasCell(excluded, cell)) continue;
      let sum = 0;
      for (let y = row * CELL_H; y < (row + 1) * CELL_H; y += 1) {
        const base = y * SAMPLE_WIDTH + col * CELL_W;
        for (let x = 0; x < CELL_W; x += 1) sum += Math.abs((current[base + x] as number) - (previous[base + x] as number));
      }
      if (sum > limit) setCell(out, cell);
    }
  }
  return out;
}

/** Cells touched by any privacy mask: they never count, whoever blacks the mask out. */
export function maskedCells(polygons: readonly (readonly Point[])[]): Bitmap {
  const out = emptyBitmap();
  if (polygons.length === 0) return out;
  const scale = 10;
  const width = GRID_COLS * scale;
  const coverage = rasterizePolygons(polygons, width, GRID_ROWS * scale);
  for (let i = 0; i < coverage.length; i += 1) {
    if (coverage[i] === 0) continue;
    const x = i % width;
    const y = Math.floor(i / width);
    setCell(out, Math.floor(y / scale) * GRID_COLS + Math.floor(x / scale));
  }
  return out;
}

/** A box drawn on the picture, in fractions of the image (0..1, origin top left). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Cells the box overlaps (at least partly): a search asks "did anything change here". */
export function boxCells(box: Box): Bitmap {
  const out = emptyBitmap();
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  const x0 = clamp(box.x);
  const y0 = clamp(box.y);
  const x1 = clamp(box.x + box.width);
  const y1 = clamp(box.y + box.height);
  if (x1 <= x0 || y1 <= y0) return out;
  const c0 = Math.floor(x0 * GRID_COLS);
  const c1 = Math.min(GRID_COLS - 1, Math.ceil(x1 * GRID_COLS) - 1);
  const r0 = Math.floor(y0 * GRID_ROWS);
  const r1 = Math.min(GRID_ROWS - 1, Math.ceil(y1 * GRID_ROWS) - 1);
  for (let r = r0; r <= r1; r += 1) for (let c = c0; c <= c1; c += 1) setCell(out, r * GRID_COLS + c);
  return out;
}

/** Changed cells of the sample at `cellsAt` in `blob` that are also in `region`. */
export function cellsIn(blob: Uint8Array, cellsAt: number, region: Bitmap): number {
  let n = 0;
  for (let i = 0; i < BITMAP_BYTES; i += 1) {
    let b = (blob[cellsAt + i] as number) & (region[i] as number);
    while (b) {
      b &= b - 1;
      n += 1;
    }
  }
  return n;
}
