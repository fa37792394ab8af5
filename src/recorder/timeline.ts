/**
 * Maps ffmpeg's stream-relative segment times to UTC wall time.
 *
 * The first segment of a run is anchored at the wall time its close was
 * reported; later segments follow on from the previous end, so a run has no
 * artificial gaps or overlaps. A camera's clock and ours drift apart slowly,
 * so each end is slewed toward the reported close time by at most 1 % of the
 * segment's length. Large jumps are not slewed: the supervisor ends the run.
 */
export const MAX_SLEW_FRACTION = 0.01;

export class SegmentTimeline {
  private lastEndMs: number | undefined;

  constructor(private readonly runStartMs: number) {}

  place(durationMs: number, closeWallMs: number): { startMs: number; endMs: number } {
    const duration = Math.max(0, Math.round(durationMs));
    const startMs = this.lastEndMs ?? Math.max(this.runStartMs, closeWallMs - duration);
    const unslewed = startMs + duration;
    const drift = closeWallMs - unslewed;
    const limit = Math.round(duration * MAX_SLEW_FRACTION);
    const endMs = Math.max(startMs, unslewed + Math.max(-limit, Math.min(limit, drift)));
    this.lastEndMs = endMs;
    return { startMs, endMs };
  }

  get endMs(): number | undefined {
    return this.lastEndMs;
  }
}
