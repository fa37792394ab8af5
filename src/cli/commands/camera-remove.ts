import { cliActor } from '../../audit/log.js';
import { removeCamera } from '../../cameras/registry.js';
import { parse, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { openContext } from '../../daemon/context.js';

export const cameraRemove: Command = {
  name: 'camera remove',
  summary: 'Remove a camera added at run time (its footage stays until retention removes it)',
  usage: 'camera remove ID [--config FILE]',
  run(argv, io) {
    const { values, positionals } = parse(argv, { config: { type: 'string' } }, true);
    if (positionals.length !== 1) throw new UsageError('give exactly one camera ID');
    const id = positionals[0] as string;
    const ctx = openContext(values.config, { env: io.env });
    try {
      removeCamera(ctx, id, cliActor());
      io.out(`Removed camera ${id}; its stored credentials are deleted.`);
      return Promise.resolve(0);
    } finally {
      ctx.close();
    }
  },
};
