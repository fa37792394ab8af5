import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatProblems, parseConfig } from '../../config/load.js';
import { allGateVerdicts, formatGateFailure } from '../../policy/consent/gates.js';
import { parse, UsageError } from '../args.js';
import type { Command } from '../command.js';

export const configValidate: Command = {
  name: 'config validate',
  summary: 'Check a configuration file and name every key that is wrong',
  usage: 'config validate FILE',
  async run(argv, io) {
    const { positionals } = parse(argv, {}, true);
    if (positionals.length !== 1) throw new UsageError('give exactly one FILE');
    const file = resolve(positionals[0] as string);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      io.err(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
      return 1;
    }
    const { config, problems } = parseConfig(text);
    if (!config) {
      io.err(formatProblems(file, problems));
      return 1;
    }
    io.out(`${file}: valid (${config.cameras.length} camera${config.cameras.length === 1 ? '' : 's'})`);
    // Consent gates are run-time checks: valid config, but these cameras will not record yet.
    for (const verdict of allGateVerdicts(config)) {
      for (const failure of verdict.failures) io.err(`${file}: warning: camera "${verdict.camera}" will not record: ${formatGateFailure(failure)}`);
    }
    return Promise.resolve(0);
  },
};
