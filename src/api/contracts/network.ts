import { z } from 'zod';

/** The camera network page (src/api/routes/network.ts): the ONVIF audit of one camera and its fixes. */

/** The same names as `premises network onvif-audit --fix` (src/containment/onvif-audit.ts FIX_IDS). */
export const ONVIF_FIXES = ['ntp', 'gateway', 'dynamic-dns', 'remote-discovery'] as const;
export type OnvifFixName = (typeof ONVIF_FIXES)[number];

/** One fix the owner confirmed, after the page showed what it changes. */
export const OnvifFixBody = z.object({
  fix: z.enum(ONVIF_FIXES, { errorMap: () => ({ message: `must be one of ${ONVIF_FIXES.join(', ')}` }) }),
  confirmed: z.literal(true, { errorMap: () => ({ message: 'must be true: the owner confirms the change to the camera first' }) }),
});
export type OnvifFixBody = z.input<typeof OnvifFixBody>;

export interface OnvifFindingView {
  setting: string;
  value: string;
  risk: string;
  fix: OnvifFixName | null;
}

/** The answer of both routes: what the camera said, and for a fix whether it took on a fresh reading. */
export interface OnvifCheckView {
  camera: string;
  premisesAddress: string | null;
  findings: OnvifFindingView[];
  unreadable: { operation: string; reason: string }[];
  changes: { fix: OnvifFixName; change: string }[];
  fixes: { fix: OnvifFixName; took: boolean; error: string | null }[];
  after: OnvifFindingView[] | null;
}
