import { z } from 'zod';
import { optionalText, text } from './common.js';

/** Staff notices and the privacy impact assessment (src/api/routes/staff-dpia.ts). */

/** `["kitchen","cash"]` or `"kitchen,cash"`: the areas someone works in; which areas exist is the store's to say. */
const areaList = z
  .union([z.string().max(200), z.array(z.string().max(40)).max(16)], { errorMap: () => ({ message: 'must be a list of areas' }) })
  .transform((v) => (typeof v === 'string' ? v.split(',') : v).map((a) => a.trim()).filter(Boolean));

export const NewStaffBody = z.object({
  name: text(100),
  role: text(100),
  areas: areaList,
  language: optionalText(10),
});
export type NewStaffBody = z.input<typeof NewStaffBody>;

/** The version printed at the foot of the signed notice and the day it was signed. */
export const StaffAckBody = z.object({
  version: text(64),
  signed: text(10).refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v), { message: 'must be a date like 2026-11-26' }),
});
export type StaffAckBody = z.input<typeof StaffAckBody>;

/** An empty answer clears it. */
export const DpiaAnswerBody = z.object({
  answer: z.preprocess((v) => (v === null ? '' : v), z.string({ invalid_type_error: 'must be text' }).max(10_000, 'is too long (10000 characters at most)').default('')),
});
export type DpiaAnswerBody = z.input<typeof DpiaAnswerBody>;
