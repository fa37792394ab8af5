import type { Command } from './command.js';
import { auditCheckpoints } from './commands/audit-checkpoints.js';
import { auditErase } from './commands/audit-erase.js';
import { auditCheckpoint, auditVerify } from './commands/audit-verify.js';
import { configValidate } from './commands/config-validate.js';
import { holdAdd, holdList, holdRelease } from './commands/hold.js';
import { retentionCertificate } from './commands/retention-certificate.js';
import { retentionRun } from './commands/retention-run.js';
import { backup, restore } from './commands/backup.js';
import { keysFingerprint } from './commands/keys-fingerprint.js';
import { exportCreate, exportList, exportSweep, exportVerify } from './commands/export.js';
import { requestAdd, requestCheck, requestClose, requestExtend, requestList } from './commands/request.js';

/** Every CLI command, in the order `premises --help` lists them. */
export const COMMANDS: readonly Command[] = [configValidate, auditVerify, auditCheckpoint, auditCheckpoints, auditErase, keysFingerprint, holdAdd, holdList, holdRelease, retentionRun, retentionCertificate, backup, restore, exportCreate, exportVerify, exportList, exportSweep, requestAdd, requestList, requestExtend, requestClose, requestCheck];
