/**
 * What masking a camera in Premises costs (decode + overlay + x264): the
 * figures measured per stream by `npm run bench:mask` (bench/mask-cost.ts,
 * written to docs/benchmarks.md), in % of one core, at 15 fps. Re-run the
 * bench on new hardware or ffmpeg and update these two numbers with it.
 */
export const MASK_COST_1080P15 = 37.1;
export const MASK_COST_360P15 = 6.6;

const RATE_1080P15 = 1920 * 1080 * 15;
const RATE_360P15 = 640 * 360 * 15;
// A line through the two measurements in pixels per second: a fixed part (RTSP, muxing, the process)
// plus a part that grows with every decoded and encoded pixel.
const PER_PIXEL_PER_SECOND = (MASK_COST_1080P15 - MASK_COST_360P15) / (RATE_1080P15 - RATE_360P15);
const FIXED = MASK_COST_360P15 - PER_PIXEL_PER_SECOND * RATE_360P15;
const ASSUMED = { width: 1920, height: 1080, fps: 15 };

export interface StreamShape {
  width?: number | null;
  height?: number | null;
  fps?: number | null;
}

export interface MaskCost {
  width: number;
  height: number;
  fps: number;
  /** Expected CPU of the masked recording, % of one core. */
  percentOfCore: number;
  /** Resolution or frame rate unknown: 1080p / 15 fps was assumed for what is missing. */
  assumed: boolean;
}

const known = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

export function estimateMaskCost(shape: StreamShape): MaskCost {
  const sized = known(shape.width) && known(shape.height);
  const width = sized ? (shape.width as number) : ASSUMED.width;
  const height = sized ? (shape.height as number) : ASSUMED.height;
  const fps = known(shape.fps) ? Math.min(shape.fps, 120) : ASSUMED.fps;
  const percent = FIXED + PER_PIXEL_PER_SECOND * width * height * fps;
  return { width, height, fps, percentOfCore: Math.round(percent * 10) / 10, assumed: !sized || !known(shape.fps) };
}

/** "about 37 % of one core (0.4 of 2 cores in use by masking)": the sentence the dashboard shows before Save. */
export function costSentence(cost: MaskCost, inUsePercent: number, cores: number): string {
  const inUse = Math.round(inUsePercent / 10) / 10;
  return `Masking this camera in Premises will use about ${Math.round(cost.percentOfCore)} % of one core (${inUse} of ${cores} cores in use by masking now)`;
}
