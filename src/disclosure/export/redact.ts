import { PremisesError } from '../../shared/errors.js';

/**
 * Redaction: rectangles filled black or blurred over a time span, burned in
 * by re-encoding, so the unredacted pixels are never in the package. Pure:
 * parsing the CLI form and building the ffmpeg filter graph.
 */
export const REDACTION_METHODS = ['fill', 'blur'] as const;
export type RedactionMethod = (typeof REDACTION_METHODS)[number];

export interface Redaction {
  camera: string;
  /** Pixels of the recorded picture; x, y rounded down and w, h up to even numbers (4:2:0 chroma). */
  x: number;
  y: number;
  w: number;
  h: number;
  /** UTC ms; absent = the whole export. */
  fromMs?: number;
  toMs?: number;
  method: RedactionMethod;
}

/** `CAMERA,X,Y,W,H[,FROM,TO][,fill|blur]` — commas only, so ISO times need no quoting. */
export function parseRedaction(text: string): Redaction {
  const bad = (why: string) => new PremisesError('InvalidArgument', `--redact "${text}": ${why}; write CAMERA,X,Y,W,H[,FROM,TO][,fill|blur]`);
  const parts = text.split(',').map((p) => p.trim());
  let method: RedactionMethod = 'fill';
  const last = parts.at(-1);
  if (last === 'fill' || last === 'blur') {
    method = last;
    parts.pop();
  }
  if (parts.length !== 5 && parts.length !== 7) throw bad('wrong number of fields');
  const [camera, ...rest] = parts as [string, ...string[]];
  if (!camera) throw bad('no camera');
  const nums = rest.slice(0, 4).map((n) => (/^\d+$/.test(n) ? Number(n) : NaN));
  if (nums.some((n) => !Number.isSafeInteger(n))) throw bad('X, Y, W and H must be whole pixels');
  const [x0, y0, w0, h0] = nums as [number, number, number, number];
  if (w0 < 1 || h0 < 1) throw bad('the rectangle is empty');
  const x = x0 - (x0 % 2);
  const y = y0 - (y0 % 2);
  const r: Redaction = { camera, x, y, w: Math.max(2, roundUpEven(x0 + w0) - x), h: Math.max(2, roundUpEven(y0 + h0) - y), method };
  if (parts.length === 7) {
    const from = Date.parse(parts[5]!);
    const to = Date.parse(parts[6]!);
    if (!Number.isFinite(from) || !Number.isFinite(to)) throw bad('FROM and TO must be ISO times like 2026-11-26T14:30:00Z');
    if (!(to > from)) throw bad('TO must be later than FROM');
    r.fromMs = from;
    r.toMs = to;
  }
  return r;
}

function roundUpEven(n: number): number {
  return n + (n % 2);
}

/** Seconds with millisecond precision, for filter expressions. */
function sec(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/**
 * The redactions that touch a file starting at `fileStartMs` and ending at
 * `fileEndMs`, as a -filter_complex graph from [0:v] to [vout]; undefined when
 * none applies (the file can then be a stream copy).
 */
export function redactionGraph(redactions: readonly Redaction[], fileStartMs: number, fileEndMs: number): string | undefined {
  const applicable = redactions.filter((r) => r.fromMs === undefined || r.toMs === undefined || (r.toMs > fileStartMs && r.fromMs < fileEndMs));
  if (applicable.length === 0) return undefined;
  const steps: string[] = [];
  let input = '0:v';
  applicable.forEach((r, i) => {
    const out = i === applicable.length - 1 ? 'vout' : `v${i + 1}`;
    const enable =
      r.fromMs === undefined || r.toMs === undefined ? '' : `:enable='between(t,${sec(Math.max(0, r.fromMs - fileStartMs))},${sec(r.toMs - fileStartMs)})'`;
    switch (r.method) {
      case 'fill':
        steps.push(`[${input}]drawbox=x=${r.x}:y=${r.y}:w=${r.w}:h=${r.h}:color=black:t=fill${enable}[${out}]`);
        break;
      case 'blur': {
        // Chroma planes are half size: the radius must stay within a quarter of the rectangle.
        const radius = Math.max(1, Math.floor(Math.min(r.w, r.h) / 4));
        steps.push(
          `[${input}]split[m${i}][c${i}]`,
          `[c${i}]crop=${r.w}:${r.h}:${r.x}:${r.y},boxblur=luma_radius=${radius}:luma_power=3:chroma_radius=${radius}:chroma_power=3[b${i}]`,
          `[m${i}][b${i}]overlay=${r.x}:${r.y}${enable}[${out}]`,
        );
        break;
      }
    }
    input = out;
  });
  return steps.join(';');
}

/** Re-encoding arguments replacing `-map 0 -c copy` when a file is redacted. Audio is dropped: voices are not redacted. */
export function reencodeArgs(graph: string): string[] {
  return ['-filter_complex', graph, '-map', '[vout]', '-an', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', 'yuv420p'];
}
