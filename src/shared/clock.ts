/**
 * Time is injected everywhere so supervision, schedules and retention can be
 * tested in milliseconds with a fake clock, and so tests never touch the
 * machine's clock.
 *
 * Two clocks on purpose: the wall clock names footage (UTC), the monotonic
 * clock drives watchdogs and backoff, which must not jump when NTP or a user
 * moves the wall clock.
 */
export interface Timer {
  cancel(): void;
}

export interface Clock {
  /** Wall-clock time, UTC milliseconds since the epoch. */
  now(): number;
  /** Monotonic milliseconds; only differences are meaningful. */
  monotonic(): number;
  setTimeout(fn: () => void, ms: number): Timer;
  /** `fn` every `ms` (first call after `ms`) until cancelled. */
  setInterval(fn: () => void, ms: number): Timer;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimeout(fn, ms) {
    const handle = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(handle) };
  },
  setInterval(fn, ms) {
    const handle = setInterval(fn, ms);
    return { cancel: () => clearInterval(handle) };
  },
};

/** A wall clock shifted by a fixed offset; used to simulate a clock fault in integration tests. */
export function offsetClock(offsetMs: number, base: Clock = systemClock): Clock {
  return { ...base, now: () => base.now() + offsetMs };
}

export function sleep(ms: number, clock: Clock = systemClock): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
}

interface PendingTimer {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/** Deterministic clock for unit tests: time moves only when `advance` is called. */
export class FakeClock implements Clock {
  private wall: number;
  private mono = 0;
  private seq = 0;
  private timers: PendingTimer[] = [];

  constructor(startWallMs = Date.UTC(2026, 0, 1)) {
    this.wall = startWallMs;
  }

  now(): number {
    return this.wall;
  }

  monotonic(): number {
    return this.mono;
  }

  setTimeout(fn: () => void, ms: number): Timer {
    const timer: PendingTimer = { at: this.mono + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => (timer.cancelled = true) };
  }

  setInterval(fn: () => void, ms: number): Timer {
    // At least 1 ms apart, so advance() always ends.
    const period = Math.max(1, ms);
    let cancelled = false;
    let next: Timer;
    const tick = () => {
      if (cancelled) return;
      next = this.setTimeout(tick, period);
      fn();
    };
    next = this.setTimeout(tick, period);
    return {
      cancel: () => {
        cancelled = true;
        next.cancel();
      },
    };
  }

  /** Move both clocks forward, firing due timers in order. */
  advance(ms: number): void {
    const target = this.mono + ms;
    for (;;) {
      const due = this.timers
        .filter((t) => !t.cancelled && t.at <= target)
        .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.wall += due.at - this.mono;
      this.mono = due.at;
      due.cancelled = true;
      due.fn();
    }
    this.wall += target - this.mono;
    this.mono = target;
    this.timers = this.timers.filter((t) => !t.cancelled);
  }

  /** Move only the wall clock, as NTP or a user would. */
  jumpWall(ms: number): void {
    this.wall += ms;
  }
}
