/**
 * HTTP Range for one file (RFC 9110 §14). Browsers seeking in a <video> send
 * a single range; several ranges at once are allowed to be ignored, and we
 * answer them with the whole file. Pure.
 */
export type RangePlan = { kind: 'full' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' };

export function planRange(header: string | undefined, size: number): RangePlan {
  if (header === undefined) return { kind: 'full' };
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // Not a bytes range, or a list of ranges: ignore the header (allowed by the RFC).
  if (!m) return { kind: 'full' };
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return { kind: 'full' };
  if (a === '') {
    // Suffix: the last N bytes.
    const n = Number(b);
    if (n === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(a);
  if (!Number.isSafeInteger(start) || start >= size) return { kind: 'unsatisfiable' };
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  if (!Number.isSafeInteger(end) || end < start) return b !== '' && Number(b) < start ? { kind: 'full' } : { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end };
}
