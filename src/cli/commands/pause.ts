import { isKnownCamera } from '../../cameras/registry.js';
import { cliActor } from '../../audit/log.js';
import { PauseStore } from '../../policy/consent/pause.js';
import { parseDuration } from '../../shared/duration.js';
import { PremisesError } from '../../shared/errors.js';
import { parse, requireString, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { openContext, type AppContext } from '../../daemon/context.js';

function oneCamera(ctx: AppContext, positionals: string[]): string {
  if (positionals.length !== 1) throw new UsageError('give exactly one CAMERA id');
  const camera = positionals[0] as string;
  if (!isKnownCamera(ctx.loaded.config, ctx.db, camera)) throw new PremisesError('NotFound', `no camera '${camera}' in ${ctx.loaded.path} or the index`);
  return camera;
}

export const pause: Command = {
  name: 'pause',
  summary: 'Privacy pause: stop a camera recording and streaming now (logged), until resumed or for a while',
  usage: 'pause CAMERA --reason TEXT [--for 30m] [--config FILE]',
  async run(argv, io) {
    const { values, positionals } = parse(argv, { reason: { type: 'string' }, for: { type: 'string' }, config: { type: 'string' } }, true);
    const reason = requireString(values.reason, '--reason TEXT');
    let forMs: number | undefined;
    if (values.for !== undefined) {
      forMs = parseDuration(values.for);
      if (forMs === undefined || forMs <= 0) throw new UsageError(`--for "${values.for}" is not a duration; write it like 30m or 2h`);
    }
    const ctx = openContext(values.config, { env: io.env });
    try {
      const camera = oneCamera(ctx, positionals);
      const p = new PauseStore(ctx.db, ctx.audit, ctx.clock).pause(camera, reason, forMs === undefined ? undefined : { forMs }, cliActor());
      io.out(
        `camera '${camera}' paused ${p.until === undefined ? 'until premises resume' : `until ${new Date(p.until).toISOString()}`}; ` +
          'a running recorder stops writing within 5 s',
      );
      return Promise.resolve(0);
    } finally {
      ctx.close();
    }
  },
};

export const resume: Command = {
  name: 'resume',
  summary: 'End a privacy pause (logged)',
  usage: 'resume CAMERA [--config FILE]',
  async run(argv, io) {
    const { values, positionals } = parse(argv, { config: { type: 'string' } }, true);
    const ctx = openContext(values.config, { env: io.env });
    try {
      const camera = oneCamera(ctx, positionals);
      new PauseStore(ctx.db, ctx.audit, ctx.clock).resume(camera, cliActor());
      io.out(`camera '${camera}' resumed; a running recorder starts again if its gates and schedule allow`);
      return Promise.resolve(0);
    } finally {
      ctx.close();
    }
  },
};
