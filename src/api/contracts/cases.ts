import { z } from 'zod';
import { anyText, cameraIdList, isoTime, optionalText, text } from './common.js';

/** Incident cases (src/api/routes/cases.ts, docs/cases.md). */

export const NewCaseBody = z.object({
  name: text(200),
  reason: text(2000),
  kind: optionalText(20),
});
export type NewCaseBody = z.input<typeof NewCaseBody>;

export const CaseRangeBody = z.object({
  cameras: cameraIdList.refine((ids) => ids.length > 0, { message: 'must name at least one camera' }),
  from: isoTime,
  to: isoTime,
});
export type CaseRangeBody = z.input<typeof CaseRangeBody>;

/** Blank recipient or legal basis are named by the export planner, as for a single export. */
export const CaseExportBody = z.object({
  recipient: anyText(2000),
  legalBasis: anyText(2000),
  keep: optionalText(20),
});
export type CaseExportBody = z.input<typeof CaseExportBody>;

export const CloseCaseBody = z.object({ reason: text(1000) });
export type CloseCaseBody = z.input<typeof CloseCaseBody>;

export interface CaseView {
  id: number;
  name: string;
  reason: string;
  kind: string;
  openedBy: string;
  openedAt: string | null;
  closed: { at: string | null; by: string | null; reason: string | null } | null;
  ranges: { camera: string; from: string | null; to: string | null; hold: number; released: string | null }[];
  exports: { id: string; recipient: string; createdAt: string | null; expiresAt: string | null; removedAt: string | null }[];
}
