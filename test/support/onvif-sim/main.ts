import { startSim, type SimConfig } from './sim.js';

/**
 * Standalone simulator: `node dist/test/support/onvif-sim/main.js '<json SimConfig>'`.
 * Prints one line `READY {"port":..,"xaddr":".."}` when listening, then serves
 * until SIGTERM. Run it with `ip netns exec NS node ...` to put it on a test network.
 */
const config = JSON.parse(process.argv[2] ?? '{}') as SimConfig;
const sim = await startSim(config);
process.stdout.write(`READY ${JSON.stringify({ port: sim.port, xaddr: sim.xaddr })}\n`);
const stop = () => {
  void sim.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// Tests read counters (e.g. whether Basic credentials were ever seen) on demand.
process.on('SIGUSR2', () => process.stdout.write(`STATS ${JSON.stringify(sim.stats)}\n`));
