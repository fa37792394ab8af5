/**
 * A sweeper in its own process, for kill -9 tests: argv = CONFIG NOW_MS STEP.
 * It SIGKILLs itself when the sweep reaches STEP, as a power cut would.
 */
import { FakeClock } from '../../src/shared/clock.js';
import { rig } from './sweeper.js';

const [configPath, nowText, crashAt] = process.argv.slice(2);
if (!configPath || !nowText || !crashAt) throw new Error('usage: sweep-child CONFIG NOW_MS STEP');
const r = rig(configPath, new FakeClock(Number(nowText)), {
  step: (step) => {
    if (step === crashAt) process.kill(process.pid, 'SIGKILL');
  },
});
r.sweeper.sweep();
r.close();
process.stdout.write('finished without crashing\n');
