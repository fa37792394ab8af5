import { z } from 'zod';
import { anyText, cameraIdList, flag, isoTime, optionalIsoTime, optionalText, text } from './common.js';

/** Automatic bystander redaction from the dashboard (src/api/routes/redactions.ts, docs/redaction.md). */

const wholeNumber = (what: string) =>
  z.number({ required_error: 'is required', invalid_type_error: `must be ${what}` }).int(`must be ${what}`).min(0, `must be ${what}`).max(100_000, `must be ${what}`);

export const TRACK_ROLE_NAMES = ['requester', 'bystander', 'not-a-face'] as const;

/**
 * An access request's footage, analysed for faces. Cameras and times default
 * to the request's own; the requester's name to the request's requester.
 */
export const StartRedactionBody = z.object({
  request: z.number({ required_error: 'is required: the access request', invalid_type_error: 'must be the number of an access request' }).int('must be a whole number').positive('must be a whole number'),
  cameras: z.preprocess((v) => (v === '' || v === null ? undefined : v), cameraIdList.optional()),
  from: optionalIsoTime,
  to: optionalIsoTime,
  reason: optionalText(2000),
  requestedBy: optionalText(2000),
  legalBasis: anyText(2000),
  keep: optionalText(20),
});
export type StartRedactionBody = z.input<typeof StartRedactionBody>;

/** A click on a review frame: the point in pixels of the recorded picture. */
export const PickRequesterBody = z.object({ camera: text(64), at: isoTime, x: wholeNumber('a whole number of pixels'), y: wholeNumber('a whole number of pixels') });
export type PickRequesterBody = z.input<typeof PickRequesterBody>;

export const MarkTrackBody = z.object({
  track: wholeNumber('a track number'),
  role: z.enum(TRACK_ROLE_NAMES, { errorMap: () => ({ message: `must be one of ${TRACK_ROLE_NAMES.join(', ')}` }) }),
});
export type MarkTrackBody = z.input<typeof MarkTrackBody>;

export const AddBoxBody = z.object({
  camera: text(64),
  from: isoTime,
  to: isoTime,
  x: wholeNumber('a whole number of pixels'),
  y: wholeNumber('a whole number of pixels'),
  w: wholeNumber('a whole number of pixels'),
  h: wholeNumber('a whole number of pixels'),
});
export type AddBoxBody = z.input<typeof AddBoxBody>;

export const RemoveBoxBody = z.object({ track: wholeNumber('a track number') });
export type RemoveBoxBody = z.input<typeof RemoveBoxBody>;

/** `allBlurred`: publish without a requester, every face blurred (the requester may not show their face). */
export const PublishRedactionBody = z.object({ allBlurred: flag });
export type PublishRedactionBody = z.input<typeof PublishRedactionBody>;

export const DiscardRedactionBody = z.object({ reason: text(2000) });
export type DiscardRedactionBody = z.input<typeof DiscardRedactionBody>;

export type RedactionState = 'analysing' | 'review' | 'publishing' | 'published' | 'discarded' | 'failed';
export type TrackRoleName = (typeof TRACK_ROLE_NAMES)[number];

export interface RedactionJobView {
  id: string;
  state: RedactionState;
  request: number | null;
  cameras: string[];
  from: string;
  to: string;
  createdBy: string;
  createdAt: string;
  reviewer: string | null;
  exportId: string | null;
  error: string | null;
  summary: { clips: number; tracks: number; persons?: number; requester: number; blurred: number; notAFace: number; addedByReviewer: number } | null;
}

export interface RedactionFrameView {
  index: number;
  camera: string;
  at: string;
  width: number;
  height: number;
  image: string;
  /** `kind`: a face, or a whole person (whose "not-a-face" role means "not a person"). */
  boxes: { track: number; role: TrackRoleName; kind: 'face' | 'person'; box: { x: number; y: number; w: number; h: number } }[];
}

/** `GET /api/redactions/:id`: the job, its review frames and the tracks the reviewer drew (empty outside review). */
export interface RedactionReviewView {
  redaction: RedactionJobView;
  frames: RedactionFrameView[];
  addedTracks: number[];
}
