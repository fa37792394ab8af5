import { parseArgs, type ParseArgsConfig } from 'node:util';
import { PremisesError } from '../shared/errors.js';

/** A usage error: the CLI prints it with the command's usage and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

export function parse<O extends Options>(argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export function requireString(value: string | boolean | undefined | (string | boolean)[], flag: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new UsageError(`missing ${flag}`);
  return value;
}

export function parseIsoTime(value: string, flag: string): number {
  const ms = Date.parse(value);
  if (!Number.isFinite(ms) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    throw new PremisesError('InvalidArgument', `${flag}: "${value}" is not a date/time; write it like 2026-11-26T14:30:00Z`);
  }
  return ms;
}

/** `--camera ID[,ID]`: one or more camera ids, comma-separated. */
export function cameraList(value: string | boolean | undefined | (string | boolean)[]): string[] {
  const cameras = requireString(value, '--camera ID[,ID]')
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  if (cameras.length === 0) throw new UsageError('missing --camera ID[,ID]');
  return cameras;
}
