import { z } from 'zod';

/**
 * Building blocks of the request schemas. Every file of src/api/contracts
 * imports zod and its siblings only, so the dashboard (web/) can import the
 * types without pulling in the server. Messages are predicates ("is
 * required", "must be text"): the validator puts the field's path before them.
 */

/** Absent, null and '' all count as not given, as the dashboard's empty inputs send them. */
const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

const string = (max: number) => z.string({ required_error: 'is required', invalid_type_error: 'must be text' }).max(max, `is too long (${max} characters at most)`);

export const text = (max: number) => z.preprocess(blankToUndefined, string(max));

/** The blank check comes first: zod's optional() alone would let '' through to the required check. */
export const optionalText = (max: number) => z.preprocess(blankToUndefined, string(max).optional());

/** Text that may be blank (the domain names it as missing, with its own message). */
export const anyText = (max: number) =>
  z.preprocess((v) => (v === null ? undefined : v), z.string({ invalid_type_error: 'must be text' }).max(max, `is too long (${max} characters at most)`).default(''));

const ISO_HINT = 'a date and time like 2026-11-26T14:30:00Z';

/** A date and time (ISO 8601), as milliseconds since the epoch. */
const isoString = z
  .string({ required_error: `is required: ${ISO_HINT}`, invalid_type_error: `must be ${ISO_HINT}` })
  .max(40, `must be ${ISO_HINT}`)
  .refine((v) => /^\d{4}-\d{2}-\d{2}/.test(v) && Number.isFinite(Date.parse(v)), { message: `must be ${ISO_HINT}` })
  .transform((v) => Date.parse(v));

export const isoTime = z.preprocess(blankToUndefined, isoString);

export const optionalIsoTime = z.preprocess(blankToUndefined, isoString.optional());

/** `["a","b"]` or `"a,b"`: camera ids, trimmed, without repeats. */
export const cameraIdList = z
  .union([z.string().max(4000), z.array(z.string().max(64)).max(64)], { errorMap: () => ({ message: 'must be a list of camera ids' }) })
  .transform((v) => [...new Set((typeof v === 'string' ? v.split(',') : v).map((c) => c.trim()).filter(Boolean))]);

/** `true` only when the JSON says true; anything else is false (checkboxes). */
export const flag = z.unknown().transform((v) => v === true);
