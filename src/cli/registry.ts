import type { Command } from './command.js';
import { cameraAdd } from './commands/camera-add.js';
import { cameraList } from './commands/camera-list.js';
import { cameraRemove } from './commands/camera-remove.js';
import { configValidate } from './commands/config-validate.js';
import { discoverCommand } from './commands/discover.js';

/** Every CLI command, in the order `premises --help` lists them. */
export const COMMANDS: readonly Command[] = [configValidate, discoverCommand, cameraAdd, cameraList, cameraRemove];
