import type { Command } from './command.js';
import { configValidate } from './commands/config-validate.js';

/** Every CLI command, in the order `premises --help` lists them. */
export const COMMANDS: readonly Command[] = [configValidate];
