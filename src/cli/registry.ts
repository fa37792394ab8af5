import type { Command } from './command.js';
import { check } from './commands/check.js';
import { configValidate } from './commands/config-validate.js';
import { pause, resume } from './commands/pause.js';
import { report } from './commands/report.js';
import { signage, signageConfirm } from './commands/signage.js';
import { start } from './commands/start.js';

/** Every CLI command, in the order `premises --help` lists them. */
export const COMMANDS: readonly Command[] = [start, check, configValidate, signage, signageConfirm, report, pause, resume];
