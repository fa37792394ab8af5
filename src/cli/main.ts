import { edgeError } from '../shared/edge-errors.js';
import { errorMessage, EXIT_FAILURE, EXIT_USAGE, exitCodeOf } from '../shared/errors.js';
import { redactSecrets } from '../shared/redact.js';
import { UsageError } from './args.js';
import type { Command, CommandIo } from './command.js';
import { COMMANDS } from './registry.js';

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: premises <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Every command that reads the configuration takes --config FILE',
    '(default config/default.yaml, or the PREMISES_CONFIG environment variable).',
    'Exit codes: 0 success, 1 failure, 2 usage error, 3 the disk is full, 4 the disk refuses (read-only, I/O error, no permission).',
  ].join('\n');
}

function findCommand(argv: string[]): { command: Command; rest: string[] } | undefined {
  const two = `${argv[0] ?? ''} ${argv[1] ?? ''}`;
  const byTwo = COMMANDS.find((c) => c.name === two);
  if (byTwo) return { command: byTwo, rest: argv.slice(2) };
  const byOne = COMMANDS.find((c) => c.name === argv[0]);
  if (byOne) return { command: byOne, rest: argv.slice(1) };
  return undefined;
}

export async function main(argv: string[], io: CommandIo = defaultIo()): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.out(help());
    return argv.length === 0 ? EXIT_USAGE : 0;
  }
  const found = findCommand(argv);
  if (!found) {
    io.err(`premises: unknown command "${argv.join(' ')}"\n\n${help()}`);
    return EXIT_USAGE;
  }
  const { command, rest } = found;
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`Usage: premises ${command.usage}\n\n${command.summary}`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`premises ${command.name}: ${err.message}\nUsage: premises ${command.usage}`);
      return EXIT_USAGE;
    }
    const known = edgeError(err);
    if (known) {
      io.err(`premises ${command.name}: ${redactSecrets(known.message)}`);
      return exitCodeOf(known.kind);
    }
    io.err(`premises ${command.name}: unexpected error: ${redactSecrets(errorMessage(err))}`);
    if (process.env['PREMISES_DEBUG']) io.err(String((err as Error).stack));
    return EXIT_FAILURE;
  }
}

function defaultIo(): CommandIo {
  return {
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    stdin: process.stdin,
    env: process.env,
  };
}
