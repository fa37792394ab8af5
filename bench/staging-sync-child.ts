import { StagingSync } from '../src/recorder/staging-sync.js';

/**
 * Premises' per-camera staging sync (src/recorder/staging-sync.ts), alone in
 * its own Node process, so the write-policy benchmark can measure what it
 * costs: `node staging-sync-child.js DIR...` watches each folder and ticks it
 * once a second, as the supervisor does (watch + each ffmpeg progress
 * report), and prints the running count of fsyncs once a second.
 */
const syncs = process.argv.slice(2).map((dir) => new StagingSync(dir).watch());
const timer = setInterval(() => {
  for (const s of syncs) void s.tick();
  process.stdout.write(`${syncs.reduce((sum, s) => sum + s.syncs, 0)}\n`);
}, 1_000);
process.on('SIGTERM', () => {
  clearInterval(timer);
  process.exit(0);
});
