import { iso } from '../../shared/iso.js';
import { updateReview, type RedactionDeps } from './job.js';
import { addBox, pickRequester, removeBox, setRole, type TrackRole } from './review.js';
import type { Box } from './track.js';

/**
 * The reviewer's corrections, each with the audit details it is recorded
 * with: one copy for `premises redact` and the dashboard's /api/redactions.
 */
type ReviewDeps = Pick<RedactionDeps, 'db' | 'layout' | 'audit' | 'actor'>;

/** "This is the requester": the face whose box holds (x, y) at `atMs`; returns its track. */
export function pickRequesterAt(deps: ReviewDeps, id: string, camera: string, atMs: number, x: number, y: number): number {
  return updateReview(deps, id, (s) => pickRequester(s, camera, atMs, x, y), { pick: { camera, at: iso(atMs), x, y } });
}

export function markTrack(deps: ReviewDeps, id: string, track: number, role: TrackRole): void {
  updateReview(deps, id, (s) => setRole(s, track, role), { track, role });
}

/** A face the detector missed, blurred from `fromMs` to `toMs`; returns the new track. */
export function addReviewerBox(deps: ReviewDeps, id: string, camera: string, fromMs: number, toMs: number, box: Box): number {
  return updateReview(deps, id, (s) => addBox(s, camera, fromMs, toMs, box), { add: { camera, from: iso(fromMs), to: iso(toMs), ...box } });
}

export function removeReviewBox(deps: ReviewDeps, id: string, track: number): void {
  updateReview(deps, id, (s) => removeBox(s, track), { remove: track });
}
