import type { Clock, Timer } from '../shared/clock.js';
import { errorMessage, PremisesError } from '../shared/errors.js';

/**
 * One part of the running daemon (the lock, the recorder, the dashboard, a
 * periodic chore). `start` brings it up and may rely on every component
 * listed before it; `stop` undoes exactly that and must be safe to call once
 * after `start` resolved. The reason tells a component why it is stopped
 * (a recording run ends with it).
 */
export interface Component {
  readonly name: string;
  start(): Promise<void>;
  stop(reason: string): Promise<void>;
}

/** A component from plain functions; either may be synchronous, and one with nothing to undo needs no stop. */
export function component(
  name: string,
  parts: { start(): void | Promise<void>; stop?(reason: string): void | Promise<void> },
): Component {
  return {
    name,
    start: async () => {
      await parts.start();
    },
    stop: async (reason) => {
      await parts.stop?.(reason);
    },
  };
}

/**
 * A chore on the clock: `prepare` runs at start and returns the tick, which
 * runs every `everyMs` (and once at start with `runAtStart`). A failing tick
 * goes to `onError` and is tried again at the next one; stop cancels the timer.
 */
export function periodic(
  name: string,
  options: { clock: Clock; everyMs: number; runAtStart?: boolean; onError: (err: unknown) => void },
  prepare: () => () => void,
): Component {
  let timer: Timer | undefined;
  return component(name, {
    start() {
      const tick = prepare();
      const guarded = () => {
        try {
          tick();
        } catch (err) {
          options.onError(err);
        }
      };
      if (options.runAtStart) guarded();
      timer = options.clock.setInterval(guarded, options.everyMs);
    },
    stop() {
      timer?.cancel();
    },
  });
}

export const SHUTDOWN_REASON = 'Premises is shutting down';
export const STARTUP_FAILED_REASON = 'start-up failed';

export interface StopFailure {
  component: string;
  error: unknown;
}

/** Where the stack reports a component whose stop failed (the others still stop). */
export type StopFailureReporter = (failure: StopFailure) => void;

/**
 * Components on one stack: started in order, stopped in reverse. A failing
 * start stops what already started (in reverse) and rethrows, naming the
 * component; a failing stop is reported and contained, so everything below
 * it still stops (the instance lock last of all).
 */
export class ComponentStack {
  private readonly started: Component[] = [];
  private stopping: Promise<StopFailure[]> | undefined;

  constructor(private readonly onStopFailure: StopFailureReporter = () => {}) {}

  async start(components: readonly Component[]): Promise<void> {
    if (this.stopping) throw new Error('the component stack was already stopped');
    for (const component of components) {
      try {
        await component.start();
      } catch (err) {
        await this.stopStarted(STARTUP_FAILED_REASON);
        const known = err instanceof PremisesError ? err : undefined;
        throw new PremisesError(known?.kind ?? 'Internal', `cannot start the ${component.name}: ${errorMessage(err)}`, known?.details, { cause: err });
      }
      this.started.push(component);
    }
  }

  /** Stop everything that started, last first; resolves (never rejects) with the stops that failed. */
  stop(reason = SHUTDOWN_REASON): Promise<StopFailure[]> {
    this.stopping ??= this.stopStarted(reason);
    return this.stopping;
  }

  /** Names of the running components, in start order. */
  running(): string[] {
    return this.started.map((c) => c.name);
  }

  private async stopStarted(reason: string): Promise<StopFailure[]> {
    const failures: StopFailure[] = [];
    for (let component = this.started.pop(); component; component = this.started.pop()) {
      try {
        await component.stop(reason);
      } catch (error) {
        const failure = { component: component.name, error };
        failures.push(failure);
        this.onStopFailure(failure);
      }
    }
    return failures;
  }
}
