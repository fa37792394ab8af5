import { z } from 'zod';
import { isoTime } from './common.js';

/** The activity index (src/api/routes/activity.ts, docs/activity.md). */

const fraction = z.number({ invalid_type_error: 'must be a fraction of the picture, 0 to 1' }).min(0).max(1);

/** A box drawn on the picture, in fractions of its width and height (origin top left). */
export const SearchBox = z.object({ x: fraction, y: fraction, width: fraction, height: fraction });

export const ActivitySearchBody = z.object({ from: isoTime, to: isoTime, box: SearchBox });
export type ActivitySearchBody = z.input<typeof ActivitySearchBody>;

export interface ActivityMomentView {
  from: string;
  to: string;
  /** When the most cells of the box changed at once. */
  peak: string;
  peakCells: number;
}

export interface ActivitySearchAnswer {
  camera: string;
  moments: ActivityMomentView[];
}

export interface ActivityBucketView {
  start: string;
  changedSamples: number;
  cells: number;
}

export interface ActivityBarsAnswer {
  camera: string;
  bucketSeconds: number;
  buckets: ActivityBucketView[];
}
