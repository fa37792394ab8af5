import { checkCertificate } from '../../policy/retention/certificates.js';
import { parse, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { openContext } from '../../daemon/context.js';

export const retentionCertificate: Command = {
  name: 'retention certificate',
  summary: 'Check a deletion certificate against the sweep record in the audit log',
  usage: 'retention certificate ID [--config FILE]',
  run(argv, io) {
    const { values, positionals } = parse(argv, { config: { type: 'string' } }, true);
    const id = Number(positionals[0]);
    if (positionals.length !== 1 || !Number.isInteger(id) || id < 1) throw new UsageError('give one certificate ID');
    const ctx = openContext(values.config, { env: io.env });
    try {
      const c = checkCertificate(ctx.db, id);
      const head = `certificate ${c.id} (${new Date(c.at).toISOString()}): ${c.count} segment(s), ${(c.bytes / 1e6).toFixed(1)} MB, cameras ${c.cameras.join(', ') || '-'}`;
      if (c.ok) {
        io.out(`${head}\ncomplete: its list hash ${c.recomputed} matches audit entry ${c.auditSeq}`);
        return Promise.resolve(0);
      }
      io.err(`${head}\nNOT VALID: ${c.problem}`);
      return Promise.resolve(1);
    } finally {
      ctx.close();
    }
  },
};
