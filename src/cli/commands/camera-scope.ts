import { cliActor } from '../../audit/log.js';
import { getCameraScope, setCameraScope } from '../../cameras/scope.js';
import { parse, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { openContext } from '../../daemon/context.js';

export const cameraScope: Command = {
  name: 'camera scope',
  summary: 'Set the purposes, area and signage record of a camera added by discovery (what the consent gates check)',
  usage:
    'camera scope ID [--purpose TEXT]... [--area AREA] [--sign-location TEXT --sign-date YYYY-MM-DD --sign-confirmed-by NAME] ' +
    '[--dining-justification TEXT] [--enable | --disable] [--config FILE]',
  async run(argv, io) {
    const { values, positionals } = parse(
      argv,
      {
        config: { type: 'string' },
        purpose: { type: 'string', multiple: true },
        area: { type: 'string' },
        'sign-location': { type: 'string' },
        'sign-date': { type: 'string' },
        'sign-confirmed-by': { type: 'string' },
        'dining-justification': { type: 'string' },
        enable: { type: 'boolean' },
        disable: { type: 'boolean' },
      },
      true,
    );
    if (positionals.length !== 1) throw new UsageError('give exactly one camera ID');
    const id = positionals[0] as string;
    const changes: Record<string, unknown> = {};
    if (values.purpose) changes['purposes'] = values.purpose;
    if (values.area) changes['area'] = values.area;
    const sign = [values['sign-location'], values['sign-date'], values['sign-confirmed-by']];
    if (sign.some((v) => v !== undefined)) {
      if (sign.some((v) => v === undefined)) throw new UsageError('a signage record needs --sign-location, --sign-date and --sign-confirmed-by together');
      changes['signage'] = { location: sign[0], date: sign[1], confirmedBy: sign[2] };
    }
    if (values['dining-justification']) changes['diningJustification'] = values['dining-justification'];
    if (values.enable && values.disable) throw new UsageError('give --enable or --disable, not both');
    if (values.enable) changes['enabled'] = true;
    if (values.disable) changes['enabled'] = false;
    const ctx = openContext(values.config, { env: io.env });
    try {
      const scope = Object.keys(changes).length ? setCameraScope(ctx.db, ctx.audit, ctx.clock, id, changes, cliActor()) : getCameraScope(ctx.db, id);
      io.out(JSON.stringify({ camera: id, scope }, null, 2));
      return Promise.resolve(0);
    } finally {
      ctx.close();
    }
  },
};
