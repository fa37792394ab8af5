import { listCameras } from '../../cameras/registry.js';
import { parse } from '../args.js';
import type { Command } from '../command.js';
import { openContext } from '../../daemon/context.js';

export const cameraList: Command = {
  name: 'camera list',
  summary: 'List cameras (from the configuration and the index); never shows credentials',
  usage: 'camera list [--json] [--config FILE]',
  run(argv, io) {
    const { values } = parse(argv, { config: { type: 'string' }, json: { type: 'boolean' } });
    const ctx = openContext(values.config, { env: io.env });
    try {
      const cameras = listCameras(ctx.db);
      if (values.json) {
        io.out(JSON.stringify(cameras, null, 2));
        return Promise.resolve(0);
      }
      if (cameras.length === 0) io.out('No cameras.');
      for (const c of cameras) {
        const flags = [c.onvif?.h265Only ? 'H.265 only: many browsers cannot play it' : '', c.onvif?.clockSkewed ? `camera clock off by ${Math.round((c.onvif.clockOffsetMs ?? 0) / 1000)} s` : '']
          .filter(Boolean)
          .join('; ');
        io.out(`${c.id}  ${c.origin}  ${c.name}  ${c.rtspUrl ?? '(stream asked from the camera at start)'}${flags ? `  [${flags}]` : ''}`);
      }
      return Promise.resolve(0);
    } finally {
      ctx.close();
    }
  },
};
