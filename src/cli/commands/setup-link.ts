import { issueSetupLink } from '../../api/first-run.js';
import { baseUrl, isLoopback } from '../../api/net.js';
import { PremisesError } from '../../shared/errors.js';
import { parse } from '../args.js';
import type { Command } from '../command.js';
import { openContext } from '../../daemon/context.js';

export const setupLink: Command = {
  name: 'setup-link',
  summary: 'Print a fresh one-time link (valid 1 hour) to create the owner account; earlier links stop working',
  usage: 'setup-link [--config FILE]',
  async run(argv, io) {
    const { values } = parse(argv, { config: { type: 'string' } });
    const ctx = openContext(values.config, { env: io.env });
    try {
      const { host, port } = ctx.loaded.config.listen;
      const link = issueSetupLink({ db: ctx.db, audit: ctx.audit, clock: ctx.clock, dataDir: ctx.layout.dataDir }, baseUrl(host, port, !isLoopback(host)));
      if (!link) throw new PremisesError('FailedPrecondition', 'an owner account exists already: log in on the dashboard (setup runs only once)');
      io.out(link.url);
      io.out(`valid until ${new Date(link.expiresAt).toISOString()}; also written to ${link.file} (readable by this user only)`);
      return Promise.resolve(0);
    } finally {
      ctx.close();
    }
  },
};
