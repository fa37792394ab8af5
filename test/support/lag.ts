/**
 * Measures the longest time the event loop was blocked while `fn` ran: a
 * 5 ms interval that records how late each tick fired (and the gap up to the
 * end, so a block at the very end counts too).
 */
export async function withLagMonitor<T>(fn: () => Promise<T>): Promise<{ value?: T; error?: unknown; maxLagMs: number; elapsedMs: number }> {
  let maxLagMs = 0;
  let last = performance.now();
  const tick = () => {
    const now = performance.now();
    maxLagMs = Math.max(maxLagMs, now - last - 5);
    last = now;
  };
  const timer = setInterval(tick, 5);
  const start = performance.now();
  let value: T | undefined;
  let error: unknown;
  try {
    value = await fn();
  } catch (err) {
    error = err;
  }
  tick();
  clearInterval(timer);
  const elapsedMs = performance.now() - start;
  return error === undefined ? { value: value as T, maxLagMs, elapsedMs } : { error, maxLagMs, elapsedMs };
}

/** Own property names of Object.prototype: a pollution shows up as a new name. */
export function prototypeKeys(): string[] {
  return Object.getOwnPropertyNames(Object.prototype).sort();
}
