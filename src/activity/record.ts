import { BITMAP_BYTES, countCells, type Bitmap } from './grid.js';

/**
 * How a segment's activity is stored: one row per segment (its samples with any change), so the activity of
 * footage is deleted with the footage (ON DELETE CASCADE) and kept while the footage is held.
 *
 * Blob format, version 1: a byte 1, then per changed sample 4 bytes of offset from the segment's start (ms,
 * unsigned little-endian) and BITMAP_BYTES bytes of changed cells. Samples without change are not stored.
 */
export interface Sample {
  offsetMs: number;
  cells: Bitmap;
}

const VERSION = 1;
const RECORD = 4 + BITMAP_BYTES;

export function encodeSamples(samples: readonly Sample[]): Buffer {
  const changed = samples.filter((s) => countCells(s.cells) > 0);
  const out = Buffer.alloc(1 + changed.length * RECORD);
  out[0] = VERSION;
  changed.forEach((s, i) => {
    const at = 1 + i * RECORD;
    out.writeUInt32LE(Math.max(0, Math.round(s.offsetMs)), at);
    out.set(s.cells, at + 4);
  });
  return out;
}

export function decodeSamples(blob: Uint8Array): Sample[] {
  if (blob.length === 0 || blob[0] !== VERSION || (blob.length - 1) % RECORD !== 0) throw new Error('not an activity record of version 1');
  const view = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  const out: Sample[] = [];
  for (let at = 1; at < blob.length; at += RECORD) out.push({ offsetMs: view.readUInt32LE(at), cells: blob.slice(at + 4, at + RECORD) });
  return out;
}

/**
 * Calls `visit(offsetMs, blob, cellsAt)` for each stored sample without copying: searches over a day of
 * many cameras read millions of samples, and allocating one array each dominated their time.
 */
export function forEachSample(blob: Uint8Array, visit: (offsetMs: number, blob: Uint8Array, cellsAt: number) => void): void {
  if (blob.length === 0 || blob[0] !== VERSION || (blob.length - 1) % RECORD !== 0) throw new Error('not an activity record of version 1');
  for (let at = 1; at < blob.length; at += RECORD) {
    const offsetMs = ((blob[at] as number) | ((blob[at + 1] as number) << 8) | ((blob[at + 2] as number) << 16)) + (blob[at + 3] as number) * 0x1000000;
    visit(offsetMs, blob, at + 4);
  }
}
