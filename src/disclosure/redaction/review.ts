import { PremisesError } from '../../shared/errors.js';
import { iso } from '../../shared/iso.js';
import type { ClipAnalysis } from './analyse.js';
import { boxAt, kindOf, trackAt, type Box, type Track, type TrackKind } from './track.js';

/**
 * What the detection found and what the reviewer decided (pure). Every track
 * is blurred unless the reviewer marks it as the requester or as not a face:
 * when in doubt, a face stays hidden. Times in the API are UTC ms; inside a
 * clip they are ms from its first frame.
 *
 * Person tracks (whole bodies) follow the faces they hold: a person whose box
 * holds the requester's face is the requester's body, and a face inside the
 * box of a person marked as the requester is the requester's face. Only a
 * role the reviewer set counts for that (no chains), and a role the reviewer
 * set on the track itself always wins. "not-a-face" on a person track means
 * "not a person": a false detection, left unblurred.
 */
export type TrackRole = 'requester' | 'bystander' | 'not-a-face';
export const TRACK_ROLES: readonly TrackRole[] = ['requester', 'bystander', 'not-a-face'];

export interface ReviewClip extends Omit<ClipAnalysis, 'strip'> {
  camera: string;
  /** UTC ms of the clip's first frame. */
  startMs: number;
  endMs: number;
  /** File name of the cut clip inside the job folder. */
  file: string;
  strip: { tMs: number; file: string }[];
}

export interface ReviewState {
  clips: ReviewClip[];
  roles: Record<string, TrackRole>;
  /** Track ids drawn by the reviewer (a missed face). */
  manual: number[];
  nextTrackId: number;
}

export function newReview(clips: ReviewClip[]): ReviewState {
  const ids = clips.flatMap((c) => c.tracks.map((t) => t.id));
  return { clips, roles: {}, manual: [], nextTrackId: ids.length ? Math.max(...ids) + 1 : 1 };
}

export function roleOf(state: ReviewState, trackId: number): TrackRole {
  const set = state.roles[String(trackId)];
  if (set) return set;
  for (const clip of state.clips) {
    const track = clip.tracks.find((t) => t.id === trackId);
    if (track) return followsRequester(state, clip, track) ? 'requester' : 'bystander';
  }
  return 'bystander';
}

/** A face's share of its area inside a person box, above which it is that person's face. */
const FACE_INSIDE = 0.6;

/**
 * True when `track` has no role of its own and is the other half of a track
 * the reviewer marked as the requester: a person holding that face, or a face
 * inside that person, at half or more of the moments both are seen.
 */
function followsRequester(state: ReviewState, clip: ReviewClip, track: Track): boolean {
  const kind = kindOf(track);
  for (const other of clip.tracks) {
    if (other === track || kindOf(other) === kind || state.roles[String(other.id)] !== 'requester') continue;
    const [person, face] = kind === 'person' ? [track, other] : [other, track];
    if (holds(person, face, clip.sampleMs)) return true;
  }
  return false;
}

function holds(person: Track, face: Track, holdMs: number): boolean {
  let both = 0;
  let inside = 0;
  for (const tMs of [...person.points, ...face.points].map((p) => p.tMs)) {
    const p = boxAt(person, tMs, holdMs);
    const f = boxAt(face, tMs, holdMs);
    if (!p || !f) continue;
    both++;
    const ix = Math.max(0, Math.min(p.x + p.w, f.x + f.w) - Math.max(p.x, f.x));
    const iy = Math.max(0, Math.min(p.y + p.h, f.y + f.h) - Math.max(p.y, f.y));
    if (ix * iy >= FACE_INSIDE * f.w * f.h) inside++;
  }
  return both > 0 && inside * 2 >= both;
}

function clipAt(state: ReviewState, camera: string, atMs: number): ReviewClip {
  const clip = state.clips.find((c) => c.camera === camera && atMs >= c.startMs && atMs <= c.endMs);
  if (!clip) throw new PremisesError('NotFound', `no clip of camera "${camera}" at ${iso(atMs)} in this redaction`);
  return clip;
}

function findTrack(state: ReviewState, trackId: number): { clip: ReviewClip; track: Track } {
  for (const clip of state.clips) {
    const track = clip.tracks.find((t) => t.id === trackId);
    if (track) return { clip, track };
  }
  throw new PremisesError('NotFound', `no track ${trackId} in this redaction`);
}

/** "This is the requester": the track whose box holds the point clicked at that time (picture pixels of the clip). */
export function pickRequester(state: ReviewState, camera: string, atMs: number, x: number, y: number): number {
  const clip = clipAt(state, camera, atMs);
  const track = trackAt(clip.tracks, atMs - clip.startMs, x, y, clip.sampleMs);
  if (!track) {
    throw new PremisesError('NotFound', `no face or person was found at (${x}, ${y}) at ${iso(atMs)}: click inside a box of the review strip, or choose another frame`);
  }
  state.roles[String(track.id)] = 'requester';
  return track.id;
}

export function setRole(state: ReviewState, trackId: number, role: TrackRole): void {
  findTrack(state, trackId);
  state.roles[String(trackId)] = role;
}

/** A face the detector missed: a fixed box from `fromMs` to `toMs`, blurred. */
export function addBox(state: ReviewState, camera: string, fromMs: number, toMs: number, box: Box): number {
  if (!(toMs > fromMs)) throw new PremisesError('InvalidArgument', 'the box must end after it starts');
  if (!(box.w > 0 && box.h > 0)) throw new PremisesError('InvalidArgument', 'the box is empty');
  const clip = clipAt(state, camera, fromMs);
  if (box.x < 0 || box.y < 0 || box.x + box.w > clip.width || box.y + box.h > clip.height) {
    throw new PremisesError('InvalidArgument', `the box must lie inside the ${clip.width}×${clip.height} picture`);
  }
  const id = state.nextTrackId++;
  const from = fromMs - clip.startMs;
  const to = Math.min(toMs, clip.endMs) - clip.startMs;
  clip.tracks.push({ id, points: [{ tMs: from, box }, { tMs: to, box }] });
  state.manual.push(id);
  state.roles[String(id)] = 'bystander';
  return id;
}

/** Remove a box: one the reviewer drew is deleted; a detected one is marked "not a face" (kept in the count). */
export function removeBox(state: ReviewState, trackId: number): void {
  const { clip } = findTrack(state, trackId);
  if (state.manual.includes(trackId)) {
    clip.tracks = clip.tracks.filter((t) => t.id !== trackId);
    state.manual = state.manual.filter((id) => id !== trackId);
    delete state.roles[String(trackId)];
  } else {
    state.roles[String(trackId)] = 'not-a-face';
  }
}

/** The tracks of a clip to blur. */
export function hiddenTracks(state: ReviewState, clip: ReviewClip): Track[] {
  return clip.tracks.filter((t) => roleOf(state, t.id) === 'bystander');
}

export function counts(state: ReviewState): { clips: number; tracks: number; persons: number; requester: number; blurred: number; notAFace: number; addedByReviewer: number } {
  const all = state.clips.flatMap((c) => c.tracks);
  const roles = all.map((t) => roleOf(state, t.id));
  const n = (role: TrackRole) => roles.filter((r) => r === role).length;
  return {
    clips: state.clips.length,
    tracks: all.length,
    persons: all.filter((t) => kindOf(t) === 'person').length,
    requester: n('requester'),
    blurred: n('bystander'),
    notAFace: n('not-a-face'),
    addedByReviewer: state.manual.length,
  };
}

/** For the review strip: each box at a strip frame with its track, role and kind (clip pixels). */
export function stripBoxes(state: ReviewState, clip: ReviewClip, tMs: number): { track: number; role: TrackRole; kind: TrackKind; box: Box }[] {
  const out: { track: number; role: TrackRole; kind: TrackKind; box: Box }[] = [];
  for (const t of clip.tracks) {
    const box = boxAt(t, tMs, clip.sampleMs);
    if (box) out.push({ track: t.id, role: roleOf(state, t.id), kind: kindOf(t), box: { x: Math.round(box.x), y: Math.round(box.y), w: Math.round(box.w), h: Math.round(box.h) } });
  }
  return out;
}
