import { listCameras } from '../../cameras/registry.js';
import { startDaemon } from '../../daemon/daemon.js';
import { argvExposureWarning } from '../../recorder/argv-exposure.js';
import { parse } from '../args.js';
import type { Command } from '../command.js';
import { openContext } from '../context.js';

export const start: Command = {
  name: 'start',
  summary: 'Record every configured camera and serve the status page',
  usage: 'start [--config FILE]',
  async run(argv, io) {
    const { values } = parse(argv, { config: { type: 'string' } });
    const ctx = openContext(values.config, { env: io.env });
    let daemon;
    try {
      daemon = await startDaemon(ctx, { env: io.env });
    } catch (err) {
      ctx.close();
      throw err;
    }
    // Count what the recorder knows (configured and added from the dashboard or `premises camera add`),
    // not only the YAML's cameras: an install whose cameras were all added at run time has none in its YAML.
    io.out(runningLine(daemon.recorder.health().length, ctx.loaded.path, ctx.layout.dataDir));
    for (const camera of daemon.recorder.health()) {
      for (const hold of camera.holds) io.out(`  camera ${camera.cameraId} does not record: ${hold.message}. To fix: ${hold.fix}`);
    }
    const anyPassword = ctx.loaded.config.cameras.some((c) => c.password_file ?? c.password_env ?? c.onvif?.password_file ?? c.onvif?.password_env) || listCameras(ctx.db).some((c) => c.hasCredentials);
    const exposure = argvExposureWarning(anyPassword);
    if (exposure) io.out(`Note: ${exposure}`);
    io.out(`Signing key fingerprint (write it down; it proves audit checkpoints and exports are genuine):\n  ${daemon.fingerprint}`);
    if (daemon.tlsFingerprint) io.out(`HTTPS certificate fingerprint (SHA-256), check it in your browser: ${daemon.tlsFingerprint}`);
    if (daemon.setupLink) {
      io.out(`No owner account yet. Create it within one hour at: ${daemon.setupLink.url}`);
      io.out(`  (also in ${daemon.setupLink.file}; "premises setup-link" prints a fresh one)`);
    }
    io.out(`Open ${daemon.url} to see what is recording. Stop with Ctrl+C.`);
    await new Promise<void>((resolve) => {
      const onSignal = (signal: NodeJS.Signals) => {
        ctx.log.info({ signal }, 'stopping: finalising open segments');
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        resolve();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    });
    await daemon.stop();
    ctx.close();
    io.out('Premises stopped; all open segments were saved.');
    return 0;
  },
};

export function runningLine(cameras: number, configPath: string, dataDir: string): string {
  return `Premises is running: ${cameras} camera${cameras === 1 ? '' : 's'}, configuration ${configPath}, data in ${dataDir}`;
}
