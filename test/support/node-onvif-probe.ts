import { createRequire } from 'node:module';

/**
 * node-onvif's own discovery, run inside a test namespace to document its
 * defects next to ours: prints `{"devices":N}` or `{"error":"..."}`.
 */
const require = createRequire(import.meta.url);
const onvif = require('node-onvif') as { startProbe(): Promise<unknown[]> };
try {
  const list = await onvif.startProbe();
  process.stdout.write(`${JSON.stringify({ devices: list.length })}\n`);
} catch (err) {
  process.stdout.write(`${JSON.stringify({ error: err instanceof Error ? err.message : 'unknown' })}\n`);
}
