/**
 * Faces followed across sampled frames (pure). Detection runs a few times a
 * second; a track joins detections whose boxes overlap from one sample to the
 * next (IoU, greedy, best pairs first), and a box for any frame time is
 * interpolated between the two samples around it. Times are milliseconds from
 * the start of the clip; boxes are pixels of the clip's own picture.
 */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Detection {
  box: Box;
  score: number;
}

export interface Sample {
  tMs: number;
  detections: Detection[];
}

export interface TrackPoint {
  tMs: number;
  box: Box;
}

export type TrackKind = 'face' | 'person';

export interface Track {
  id: number;
  points: TrackPoint[];
  /** Absent: a face (review files written before persons were detected have none). */
  kind?: 'person';
  /** How long the track is held before its first and after its last point; absent: the clip's face sample interval. */
  holdMs?: number;
}

export function kindOf(track: Track): TrackKind {
  return track.kind ?? 'face';
}

export interface TrackerOptions {
  /** Lowest overlap that continues a track. */
  minIou: number;
  /** A track not seen for longer than this ends (a face behind a pillar for a moment stays one track). */
  maxGapMs: number;
  /**
   * When set, a detection that does not overlap the track enough still
   * continues it if its centre moved at most this many track-box heights and
   * its size is within a factor of 2: persons are detected only a few times a
   * second, and someone walking across the picture moves more than their own
   * width in that time.
   */
  maxCentreShift?: number;
}
export const DEFAULT_TRACKER_OPTIONS: TrackerOptions = { minIou: 0.1, maxGapMs: 1000 };

export function iou(a: Box, b: Box): number {
  const ix = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
  const inter = ix * iy;
  return inter === 0 ? 0 : inter / (a.w * a.h + b.w * b.h - inter);
}

/** How well a detection continues a track: overlap pairs first (1 + IoU), then near enough centres (below 1); undefined = no link. */
function linkScore(last: Box, det: Box, options: TrackerOptions): number | undefined {
  const overlap = iou(last, det);
  if (overlap >= options.minIou) return 1 + overlap;
  if (options.maxCentreShift === undefined) return undefined;
  const shift = Math.hypot(last.x + last.w / 2 - (det.x + det.w / 2), last.y + last.h / 2 - (det.y + det.h / 2)) / Math.max(1, last.h);
  const sizeRatio = (det.w * det.h) / Math.max(1, last.w * last.h);
  if (shift > options.maxCentreShift || sizeRatio > 2 || sizeRatio < 0.5) return undefined;
  return 1 - shift / (options.maxCentreShift + 1e-9) / 2;
}

/** Samples in time order → tracks, numbered from `firstId`. */
export function buildTracks(samples: readonly Sample[], options: TrackerOptions = DEFAULT_TRACKER_OPTIONS, firstId = 1): Track[] {
  const tracks: Track[] = [];
  let open: Track[] = [];
  let nextId = firstId;
  for (const sample of [...samples].sort((a, b) => a.tMs - b.tMs)) {
    open = open.filter((t) => sample.tMs - t.points.at(-1)!.tMs <= options.maxGapMs);
    const pairs: { track: Track; det: number; overlap: number }[] = [];
    for (const track of open) {
      sample.detections.forEach((d, i) => {
        const overlap = linkScore(track.points.at(-1)!.box, d.box, options);
        if (overlap !== undefined) pairs.push({ track, det: i, overlap });
      });
    }
    pairs.sort((a, b) => b.overlap - a.overlap);
    const usedTracks = new Set<Track>();
    const usedDets = new Set<number>();
    for (const p of pairs) {
      if (usedTracks.has(p.track) || usedDets.has(p.det)) continue;
      usedTracks.add(p.track);
      usedDets.add(p.det);
      p.track.points.push({ tMs: sample.tMs, box: sample.detections[p.det]!.box });
    }
    sample.detections.forEach((d, i) => {
      if (usedDets.has(i)) return;
      const track: Track = { id: nextId++, points: [{ tMs: sample.tMs, box: d.box }] };
      tracks.push(track);
      open.push(track);
    });
  }
  return tracks;
}

function lerp(a: number, b: number, f: number): number {
  return a + (b - a) * f;
}

/**
 * The track's box at `tMs`, or undefined outside it. A track is held for
 * `holdMs` before its first and after its last point: a face is found only at
 * a sample, so it was probably already there between the previous sample and
 * this one.
 */
export function boxAt(track: Track, tMs: number, clipHoldMs: number): Box | undefined {
  const holdMs = track.holdMs ?? clipHoldMs;
  const pts = track.points;
  const first = pts[0]!;
  const last = pts.at(-1)!;
  if (tMs < first.tMs - holdMs || tMs > last.tMs + holdMs) return undefined;
  if (tMs <= first.tMs) return first.box;
  if (tMs >= last.tMs) return last.box;
  let i = 1;
  while (pts[i]!.tMs < tMs) i++;
  const a = pts[i - 1]!;
  const b = pts[i]!;
  const f = (tMs - a.tMs) / (b.tMs - a.tMs);
  return { x: lerp(a.box.x, b.box.x, f), y: lerp(a.box.y, b.box.y, f), w: lerp(a.box.w, b.box.w, f), h: lerp(a.box.h, b.box.h, f) };
}

/** A box grown by `fraction` of its size on every side (a face box is tight; hair and ears identify too), kept inside the picture. */
export function padBox(box: Box, fraction: number, width: number, height: number): Box {
  const x0 = Math.max(0, Math.floor(box.x - box.w * fraction));
  const y0 = Math.max(0, Math.floor(box.y - box.h * fraction));
  const x1 = Math.min(width, Math.ceil(box.x + box.w * (1 + fraction)));
  const y1 = Math.min(height, Math.ceil(box.y + box.h * (1 + fraction)));
  return { x: x0, y: y0, w: Math.max(0, x1 - x0), h: Math.max(0, y1 - y0) };
}

/** The track whose box contains the point at `tMs` (the smallest such box when several do), for "this is the requester". */
export function trackAt(tracks: readonly Track[], tMs: number, x: number, y: number, holdMs: number): Track | undefined {
  let best: { track: Track; area: number } | undefined;
  for (const track of tracks) {
    const b = boxAt(track, tMs, holdMs);
    if (!b || x < b.x || x > b.x + b.w || y < b.y || y > b.y + b.h) continue;
    const area = b.w * b.h;
    if (!best || area < best.area) best = { track, area };
  }
  return best?.track;
}

/** Boxes scaled from the detection picture to the clip's picture. */
export function scaleBox(box: Box, sx: number, sy: number): Box {
  return { x: box.x * sx, y: box.y * sy, w: box.w * sx, h: box.h * sy };
}
