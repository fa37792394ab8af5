import type { Command } from './command.js';
import { cameraAdd } from './commands/camera-add.js';
import { cameraList } from './commands/camera-list.js';
import { cameraRemove } from './commands/camera-remove.js';
import { cameraScope } from './commands/camera-scope.js';
import { check } from './commands/check.js';
import { configValidate } from './commands/config-validate.js';
import { discoverCommand } from './commands/discover.js';
import { pause, resume } from './commands/pause.js';
import { report } from './commands/report.js';
import { signage, signageConfirm } from './commands/signage.js';
import { start } from './commands/start.js';

/** Every CLI command, in the order `premises --help` lists them. */
export const COMMANDS: readonly Command[] = [
  start,
  check,
  configValidate,
  discoverCommand,
  cameraAdd,
  cameraList,
  cameraRemove,
  cameraScope,
  signage,
  signageConfirm,
  report,
  pause,
  resume,
];
