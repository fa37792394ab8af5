import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AuditCheckpoints, storedCheckpoints } from '../../audit/checkpoints.js';
import { readCheckpointDir, verifyAudit, type SourcedCheckpoint } from '../../audit/verify.js';
import { formatFingerprint, normalizeFingerprint, PRIVATE_KEY_FILE, SigningKey } from '../../keys/signing.js';
import { parse } from '../args.js';
import type { Command } from '../command.js';
import { openContext } from '../../daemon/context.js';

export const auditVerify: Command = {
  name: 'audit verify',
  summary: 'Check the audit log hash chain and its signed checkpoints',
  usage: 'audit verify [--checkpoints DIR] [--fingerprint FP] [--config FILE]',
  async run(argv, io) {
    const { values } = parse(argv, { config: { type: 'string' }, checkpoints: { type: 'string' }, fingerprint: { type: 'string' } });
    const pinned = values.fingerprint ? normalizeFingerprint(values.fingerprint) : undefined;
    const outside = values.checkpoints ? readCheckpointDir(values.checkpoints) : [];
    const ctx = openContext(values.config, { env: io.env });
    try {
      let pin = pinned;
      let pinSource = 'given with --fingerprint';
      if (!pin && existsSync(join(ctx.layout.keysDir, PRIVATE_KEY_FILE))) {
        // Without a pin only the local key can be trusted, which an intruder could have replaced.
        pin = SigningKey.load(ctx.layout.keysDir).fingerprint();
        pinSource = 'the local key; pass --fingerprint with the one you wrote down to rule out a replaced key';
      }
      const stored = storedCheckpoints(ctx.db);
      const checkpoints: SourcedCheckpoint[] = [...stored.map((c) => ({ ...c, source: 'index' })), ...outside];
      const options: Parameters<typeof verifyAudit>[1] = { checkpoints };
      if (pin) options.pinnedFingerprint = pin;
      const result = verifyAudit(ctx.db, options);
      const keyLine = pin ? `key ${formatFingerprint(pin)} (${pinSource})` : 'no key pinned: checkpoints checked only against the keys they carry';
      if (result.ok) {
        io.out(
          `audit log intact: ${result.entries} entr${result.entries === 1 ? 'y' : 'ies'}, head ${result.headHash}\n` +
            `${result.checkpointsChecked} checkpoint(s) checked: ${stored.length} in the index, ` +
            `${values.checkpoints ? `${outside.length} from ${values.checkpoints}` : 'no outside copy given (--checkpoints DIR)'}\n${keyLine}`,
        );
        return Promise.resolve(0);
      }
      const [first] = result.problems;
      io.err(
        [
          `audit log NOT intact: first bad entry ${first?.seq ?? '(checkpoint)'}: ${first?.kind}: ${first?.message}`,
          ...result.problems.slice(1, 50).map((p) => `  also entry ${p.seq ?? '(checkpoint)'}: ${p.kind}: ${p.message}`),
          result.problems.length > 50 ? `  … and ${result.problems.length - 50} more` : '',
          keyLine,
        ]
          .filter(Boolean)
          .join('\n'),
      );
      return Promise.resolve(1);
    } finally {
      ctx.close();
    }
  },
};

/** `premises audit checkpoint`: sign the current head now. */
export const auditCheckpoint: Command = {
  name: 'audit checkpoint',
  summary: 'Sign a checkpoint of the audit log now',
  usage: 'audit checkpoint [--config FILE]',
  async run(argv, io) {
    const { values } = parse(argv, { config: { type: 'string' } });
    const ctx = openContext(values.config, { env: io.env });
    try {
      const key = SigningKey.loadOrCreate(ctx.layout.keysDir);
      const cp = new AuditCheckpoints(ctx.db, key, ctx.clock).create();
      io.out(`checkpoint ${cp.id}: ${cp.size} entries, head ${cp.head_hash}\nkey ${formatFingerprint(cp.key_fingerprint)}`);
      return Promise.resolve(0);
    } finally {
      ctx.close();
    }
  },
};
