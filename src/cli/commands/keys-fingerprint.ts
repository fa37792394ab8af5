import { formatFingerprint, SigningKey } from '../../keys/signing.js';
import { parse } from '../args.js';
import type { Command } from '../command.js';
import { openContext } from '../../daemon/context.js';

export const keysFingerprint: Command = {
  name: 'keys fingerprint',
  summary: "Print the signing key's fingerprint (creating the key on first use); write it down and keep it elsewhere",
  usage: 'keys fingerprint [--config FILE]',
  async run(argv, io) {
    const { values } = parse(argv, { config: { type: 'string' } });
    const ctx = openContext(values.config, { env: io.env });
    try {
      const key = SigningKey.loadOrCreate(ctx.layout.keysDir);
      io.out(`signing key fingerprint (sha256 of the Ed25519 public key):\n${formatFingerprint(key.fingerprint())}`);
      return Promise.resolve(0);
    } finally {
      ctx.close();
    }
  },
};
