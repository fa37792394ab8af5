import { z } from 'zod';
import { cameraIdList, isoTime, optionalIsoTime, optionalText, text } from './common.js';

/** Holds and access requests (src/api/routes/holds.ts, requests.ts). */

/** `cameras: ["a","b"]` or `camera: "a"`: at least one camera, at most 64. */
const cameraFields = {
  cameras: cameraIdList.optional(),
  camera: cameraIdList.optional(),
};
const withCameras = <T extends { cameras?: string[] | undefined; camera?: string[] | undefined }>(b: T, ctx: z.RefinementCtx) => {
  const ids = b.cameras ?? b.camera ?? [];
  if (ids.length === 0) ctx.addIssue({ code: 'custom', path: ['cameras'], message: 'must name at least one camera' });
  if (ids.length > 64) ctx.addIssue({ code: 'custom', path: ['cameras'], message: 'names too many cameras (64 at most)' });
  const { camera: _camera, ...rest } = b;
  return { ...rest, cameras: ids };
};

export const NewHoldBody = z
  .object({
    ...cameraFields,
    from: isoTime,
    to: isoTime,
    kind: optionalText(40),
    reason: text(1000),
    review: optionalIsoTime,
    decided: optionalIsoTime,
  })
  .transform(withCameras);
export type NewHoldBody = z.input<typeof NewHoldBody>;

export const ReleaseHoldBody = z.object({ reason: text(1000) });
export type ReleaseHoldBody = z.input<typeof ReleaseHoldBody>;

const day = (example: string) => text(10).refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v), { message: `must be a date like ${example}` });

export const NewAccessRequestBody = z
  .object({
    ...cameraFields,
    received: day('2026-11-26'),
    due: optionalText(10).refine((v) => v === undefined || /^\d{4}-\d{2}-\d{2}$/.test(v), { message: 'must be a date like 2026-12-24' }),
    requester: text(500),
    identity: text(1000),
    from: isoTime,
    to: isoTime,
    description: text(2000),
    /** The requester's language, one of the site's (checked by the route); the site's main one when absent. */
    language: optionalText(16),
  })
  .transform(withCameras);
export type NewAccessRequestBody = z.input<typeof NewAccessRequestBody>;

export const ExtendRequestBody = z.object({ reason: text(1000) });
export type ExtendRequestBody = z.input<typeof ExtendRequestBody>;

export const RequestLanguageBody = z.object({ language: text(16) });
export type RequestLanguageBody = z.input<typeof RequestLanguageBody>;

export const CloseRequestBody = z.object({ outcome: text(2000) });
export type CloseRequestBody = z.input<typeof CloseRequestBody>;
