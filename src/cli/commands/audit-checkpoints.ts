import { resolve } from 'node:path';
import { AuditCheckpoints } from '../../audit/checkpoints.js';
import { writeCheckpointFile } from '../../audit/export.js';
import { cliActor } from '../../audit/log.js';
import { formatFingerprint, SigningKey } from '../../keys/signing.js';
import { parse, requireString } from '../args.js';
import type { Command } from '../command.js';
import { openContext } from '../../daemon/context.js';

export const auditCheckpoints: Command = {
  name: 'audit checkpoints',
  summary: 'Write the signed audit checkpoints (no personal data) to a directory kept elsewhere',
  usage: 'audit checkpoints --out DIR [--config FILE]',
  async run(argv, io) {
    const { values } = parse(argv, { config: { type: 'string' }, out: { type: 'string' } });
    const out = resolve(requireString(values.out, '--out DIR'));
    const ctx = openContext(values.config, { env: io.env });
    try {
      const key = SigningKey.loadOrCreate(ctx.layout.keysDir);
      const checkpoints = new AuditCheckpoints(ctx.db, key, ctx.clock);
      // Sign the head first so the copy covers everything up to this moment.
      ctx.audit.append({ actor: cliActor(), action: 'audit.checkpoints_exported', subject: 'audit', details: { out } });
      checkpoints.create();
      const path = writeCheckpointFile(out, checkpoints.all(), key.fingerprint(), ctx.clock.now());
      io.out(`wrote ${path}\nkey fingerprint ${formatFingerprint(key.fingerprint())} (compare with the one you wrote down)`);
      return Promise.resolve(0);
    } finally {
      ctx.close();
    }
  },
};
