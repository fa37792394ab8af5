/**
 * Restart delays for a lost camera: exponential with full jitter between
 * half and all of the step, so many cameras behind one failed switch do not
 * reconnect in lock-step. Reset after a healthy period.
 */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  healthyResetMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 30_000, healthyResetMs: 60_000 };

export class Backoff {
  private attempt = 0;

  constructor(
    private readonly policy: BackoffPolicy = DEFAULT_BACKOFF,
    private readonly random: () => number = Math.random,
  ) {}

  /** Delay before the next attempt; grows with each call until reset. */
  next(): number {
    const step = Math.min(this.policy.maxMs, this.policy.initialMs * 2 ** this.attempt);
    this.attempt += 1;
    return Math.round(step / 2 + (this.random() * step) / 2);
  }

  /** Call with how long the last attempt stayed healthy. */
  recordHealthy(healthyMs: number): void {
    if (healthyMs >= this.policy.healthyResetMs) this.attempt = 0;
  }

  get attempts(): number {
    return this.attempt;
  }
}
