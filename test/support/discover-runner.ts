import { discover, type DiscoverOptions } from '../../src/cameras/onvif/discovery.js';
import { prototypeKeys, withLagMonitor } from './lag.js';

/**
 * Runs our discovery in this process (started inside a test namespace with
 * `ip netns exec`) and prints one JSON line: the result, the worst event-loop
 * lag and whether Object.prototype stayed untouched.
 */
const options = JSON.parse(process.argv[2] ?? '{}') as DiscoverOptions;
const before = prototypeKeys().join(',');
const run = await withLagMonitor(() => discover(options));
const after = prototypeKeys().join(',');
process.stdout.write(
  `${JSON.stringify({
    result: run.value,
    error: run.error instanceof Error ? run.error.message : undefined,
    maxLagMs: run.maxLagMs,
    elapsedMs: run.elapsedMs,
    prototypeUntouched: before === after && ({} as Record<string, unknown>)['polluted'] === undefined,
  })}\n`,
);
