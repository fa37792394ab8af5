/**
 * Which files an export makes, from which segments, and where the footage has
 * holes. Pure: rows in, plan out (docs/exports.md, "Cutting").
 *
 * One output file per camera per continuous stretch of one run. A new file
 * starts when the run changes or when two consecutive segments of a run are
 * further apart than GAP_TOLERANCE_MS (a segment lost or deleted inside a
 * run): joining across a hole would make the file's clock lie.
 */
export const GAP_TOLERANCE_MS = 250;

export interface SourceSegment {
  id: number;
  cameraId: string;
  runId: number;
  startMs: number;
  endMs: number;
  bytes: number;
  sha256: string;
  /** Relative to the recordings root. */
  path: string;
}

export interface PlannedPiece {
  cameraId: string;
  runId: number;
  segments: SourceSegment[];
  /** The part of the range this piece covers (before keyframe alignment). */
  clipFromMs: number;
  clipToMs: number;
}

export interface FootageGap {
  cameraId: string;
  fromMs: number;
  toMs: number;
}

export interface ExportPlan {
  pieces: PlannedPiece[];
  gaps: FootageGap[];
}

/** `segments` may hold rows of any camera and time; only those overlapping [fromMs, toMs) of `cameras` are used. */
export function planExport(segments: readonly SourceSegment[], cameras: readonly string[], fromMs: number, toMs: number): ExportPlan {
  if (!(toMs > fromMs)) throw new RangeError('the range must end after it starts');
  const pieces: PlannedPiece[] = [];
  const gaps: FootageGap[] = [];
  for (const cameraId of cameras) {
    const mine = segments
      .filter((s) => s.cameraId === cameraId && s.endMs > fromMs && s.startMs < toMs)
      .sort((a, b) => a.startMs - b.startMs || a.id - b.id);
    // Per run first: runs of one camera can overlap in time (a clock step), and
    // interleaving their segments must not split either of them.
    const groups: SourceSegment[][] = [];
    for (const runId of [...new Set(mine.map((s) => s.runId))]) {
      for (const seg of mine.filter((s) => s.runId === runId)) {
        const current = groups.at(-1);
        const last = current?.at(-1);
        if (current && last && last.runId === seg.runId && seg.startMs <= last.endMs + GAP_TOLERANCE_MS) current.push(seg);
        else groups.push([seg]);
      }
    }
    groups.sort((a, b) => a[0]!.startMs - b[0]!.startMs || a[0]!.id - b[0]!.id);
    let cursor = fromMs;
    for (const group of groups) {
      const first = group[0]!;
      const last = group.at(-1)!;
      const clipFromMs = Math.max(fromMs, first.startMs);
      const clipToMs = Math.min(toMs, last.endMs);
      if (clipFromMs > cursor) gaps.push({ cameraId, fromMs: cursor, toMs: clipFromMs });
      cursor = Math.max(cursor, clipToMs);
      pieces.push({ cameraId, runId: first.runId, segments: group, clipFromMs, clipToMs });
    }
    if (cursor < toMs) gaps.push({ cameraId, fromMs: cursor, toMs });
  }
  return { pieces, gaps };
}

/**
 * Several ranges, each of one camera (an incident case): ranges of a camera
 * that overlap or touch are joined first, so no footage is cut twice; then
 * each is planned as above. Pieces and gaps come per camera, in time order.
 */
export function planRanges(segments: readonly SourceSegment[], ranges: readonly { camera: string; fromMs: number; toMs: number }[]): ExportPlan {
  const plan: ExportPlan = { pieces: [], gaps: [] };
  for (const camera of [...new Set(ranges.map((r) => r.camera))]) {
    const merged: { fromMs: number; toMs: number }[] = [];
    for (const r of ranges.filter((x) => x.camera === camera).sort((a, b) => a.fromMs - b.fromMs)) {
      const last = merged.at(-1);
      if (last && r.fromMs <= last.toMs) last.toMs = Math.max(last.toMs, r.toMs);
      else merged.push({ fromMs: r.fromMs, toMs: r.toMs });
    }
    for (const m of merged) {
      const part = planExport(segments, [camera], m.fromMs, m.toMs);
      plan.pieces.push(...part.pieces);
      plan.gaps.push(...part.gaps);
    }
  }
  return plan;
}

/**
 * The keyframe to start from: the last one at or before `offsetMs` into the
 * segment. Stream copy can only start on a keyframe; starting earlier keeps
 * the requested moment in the file. Segments start on a keyframe, so 0 is the
 * fallback.
 */
export function keyframeAtOrBefore(keyframesMs: readonly number[], offsetMs: number): number {
  let best = 0;
  for (const k of keyframesMs) if (k <= offsetMs && k > best) best = k;
  return best;
}

/** `cam1-20261126T120000.000Z.mp4`: camera and UTC start, so a file explains itself when copied alone. */
export function pieceFileName(cameraId: string, startMs: number): string {
  const iso = new Date(startMs).toISOString();
  return `${cameraId}-${iso.slice(0, 10).replaceAll('-', '')}T${iso.slice(11, 23).replaceAll(':', '')}Z.mp4`;
}
