/**
 * Measures the longest time the event loop was blocked while `fn` ran: a
 * 5 ms interval that records how late each tick fired.
 */
export async function withLagMonitor<T>(fn: () => Promise<T>): Promise<{ value?: T; error?: unknown; maxLagMs: number; elapsedMs: number }> {
  let maxLagMs = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    maxLagMs = Math.max(maxLagMs, now - last - 5);
    last = now;
  }, 5);
  const start = performance.now();
  try {
    const value = await fn();
    return { value, maxLagMs, elapsedMs: performance.now() - start };
  } catch (error) {
    return { error, maxLagMs, elapsedMs: performance.now() - start };
  } finally {
    clearInterval(timer);
    const now = performance.now();
    maxLagMs = Math.max(maxLagMs, now - last - 5);
  }
}

/** Own property names of Object.prototype: a pollution shows up as a new name. */
export function prototypeKeys(): string[] {
  return Object.getOwnPropertyNames(Object.prototype).sort();
}
