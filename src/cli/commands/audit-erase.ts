import { eraseDetails } from '../../audit/erasure.js';
import { cliActor } from '../../audit/log.js';
import { parse, requireString, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { openContext } from '../../daemon/context.js';

export const auditErase: Command = {
  name: 'audit erase',
  summary: "Erase the personal data in one audit entry's details (lawful request); the chain still verifies",
  usage: 'audit erase SEQ --reason TEXT [--config FILE]',
  async run(argv, io) {
    const { values, positionals } = parse(argv, { config: { type: 'string' }, reason: { type: 'string' } }, true);
    const seq = Number(positionals[0]);
    if (positionals.length !== 1 || !Number.isInteger(seq) || seq < 1) throw new UsageError('give one entry number (SEQ)');
    const reason = requireString(values.reason, '--reason TEXT');
    const ctx = openContext(values.config, { env: io.env });
    try {
      eraseDetails(ctx.db, ctx.audit, seq, cliActor(), reason, ctx.clock.now());
      io.out(`details of audit entry ${seq} erased; the erasure is logged`);
      return Promise.resolve(0);
    } finally {
      ctx.close();
    }
  },
};
