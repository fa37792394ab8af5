/**
 * Measures the longest time the event loop was blocked by this process's own
 * work while `fn` ran: a 5 ms interval records how late each tick fired (and
 * the gap up to the end, so a block at the very end counts too). A late tick
 * counts only as long as the process was actually using the CPU meanwhile:
 * on a loaded 2-core machine the scheduler can leave the whole process
 * waiting, which is not the code under test blocking its loop.
 */
export async function withLagMonitor<T>(fn: () => Promise<T>): Promise<{ value?: T; error?: unknown; maxLagMs: number; elapsedMs: number }> {
  let maxLagMs = 0;
  let last = performance.now();
  const cpuMs = () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  };
  let lastCpu = cpuMs();
  const tick = () => {
    const now = performance.now();
    const cpu = cpuMs();
    maxLagMs = Math.max(maxLagMs, Math.min(now - last - 5, cpu - lastCpu));
    last = now;
    lastCpu = cpu;
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
