import { z } from 'zod';
import { anyText, cameraIdList, isoTime, optionalText } from './common.js';

/** Exports and viewing sessions (src/api/routes/exports.ts, playback.ts). */

/** Blank reason, requester or legal basis are named by the export planner, all at once. */
export const NewExportBody = z.object({
  cameras: cameraIdList.refine((ids) => ids.length > 0, { message: 'must name at least one camera' }),
  from: isoTime,
  to: isoTime,
  reason: anyText(2000),
  requestedBy: anyText(2000),
  legalBasis: anyText(2000),
  /** Rectangles `{camera, x, y, w, h, from?, to?, method?}`, checked by the same parser as `premises export --redact`. */
  redactions: z.array(z.record(z.string(), z.unknown()), { invalid_type_error: 'must be a list of rectangles' }).max(200).nullish(),
  keep: optionalText(20),
});
export type NewExportBody = z.input<typeof NewExportBody>;

/** The reason and its text are checked by checkStart (src/api/playback/sessions.ts), shared with its unit tests. */
export const StartPlaybackBody = z.object({
  from: isoTime,
  to: isoTime,
  reason: z.unknown(),
  reasonText: z.unknown(),
});
export type StartPlaybackBody = z.input<typeof StartPlaybackBody>;

export const SignConfirmBody = z.object({
  sha256: z.record(z.string(), z.unknown(), {
    required_error: 'must map each sign key to the hash of the version that was printed',
    invalid_type_error: 'must map each sign key to the hash of the version that was printed',
  }),
});
export type SignConfirmBody = z.input<typeof SignConfirmBody>;
