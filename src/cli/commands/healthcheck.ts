import { probeHealth, pinnedFingerprint, probeTarget } from '../../api/health-probe.js';
import { configPathFrom, loadConfig } from '../../config/load.js';
import { parse } from '../args.js';
import type { Command } from '../command.js';

/**
 * For container and service health checks: exit 0 when the running daemon
 * answers /api/health on its configured address. A degraded report (a camera
 * not recording) still exits 0 — restarting the recorder does not fix a
 * camera, and the dashboard and alarms already say what is wrong — unless
 * --strict is given.
 */
export const healthcheck: Command = {
  name: 'healthcheck',
  summary: 'Exit 0 when the running Premises answers /api/health on its listen address (for Docker/Podman health checks)',
  usage: 'healthcheck [--config FILE] [--strict] [--timeout SECONDS]',
  async run(argv, io) {
    const { values } = parse(argv, { config: { type: 'string' }, strict: { type: 'boolean' }, timeout: { type: 'string' } });
    const loaded = loadConfig(configPathFrom(values.config, io.env));
    const { host, port } = loaded.config.listen;
    const target = probeTarget(host, port);
    const seconds = values.timeout === undefined ? 5 : Number(values.timeout);
    const timeoutMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 5000;
    try {
      const fingerprint = target.secure ? pinnedFingerprint(loaded.dataDir) : undefined;
      const result = await probeHealth(target, fingerprint, timeoutMs);
      io.out(`${result.status}: ${result.recording} of ${result.cameras} camera(s) recording`);
      return values.strict && result.status !== 'ok' ? 1 : 0;
    } catch (err) {
      io.err(`unhealthy: ${(err as Error).message}`);
      return 1;
    }
  },
};
