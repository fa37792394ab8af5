import type { Command } from './command.js';
import { auditCheckpoints } from './commands/audit-checkpoints.js';
import { auditErase } from './commands/audit-erase.js';
import { auditCheckpoint, auditVerify } from './commands/audit-verify.js';
import { backup, backupSend, restore } from './commands/backup.js';
import { cameraAdd } from './commands/camera-add.js';
import { cameraList } from './commands/camera-list.js';
import { cameraRemove } from './commands/camera-remove.js';
import { cameraScope } from './commands/camera-scope.js';
import { check } from './commands/check.js';
import { configValidate } from './commands/config-validate.js';
import { discoverCommand } from './commands/discover.js';
import { exportCreate, exportList, exportSweep, exportVerify } from './commands/export.js';
import { REDACT_COMMANDS } from './commands/redact.js';
import { healthcheck } from './commands/healthcheck.js';
import { holdAdd, holdList, holdRelease } from './commands/hold.js';
import { caseAdd, caseClose, caseExport, caseList, caseOpen, caseShow } from './commands/case.js';
import { keysFingerprint } from './commands/keys-fingerprint.js';
import { networkAudit, networkOnvifAudit, networkStatus } from './commands/network.js';
import { pause, resume } from './commands/pause.js';
import { report } from './commands/report.js';
import { staffAck, staffAdd, staffLeft, staffList, staffNoticeCommand } from './commands/staff.js';
import { dpiaAnswer, dpiaSave, dpiaShow } from './commands/dpia.js';
import { requestAdd, requestCheck, requestClose, requestExtend, requestList } from './commands/request.js';
import { requestLetter } from './commands/request-letter.js';
import { retentionCertificate } from './commands/retention-certificate.js';
import { retentionRun } from './commands/retention-run.js';
import { setupLink } from './commands/setup-link.js';
import { signage, signageConfirm } from './commands/signage.js';
import { start } from './commands/start.js';
import { transfer, transferApprove, transferList } from './commands/transfer.js';
import { transferPolicyAdd, transferPolicyList, transferPolicyRevoke } from './commands/transfer-policy.js';

/** Every CLI command, in the order `premises --help` lists them. */
export const COMMANDS: readonly Command[] = [
  start,
  check,
  healthcheck,
  configValidate,
  discoverCommand,
  cameraAdd,
  cameraList,
  cameraRemove,
  cameraScope,
  signage,
  signageConfirm,
  report,
  staffAdd,
  staffList,
  staffNoticeCommand,
  staffAck,
  staffLeft,
  dpiaShow,
  dpiaAnswer,
  dpiaSave,
  pause,
  resume,
  holdAdd,
  holdList,
  holdRelease,
  caseOpen,
  caseAdd,
  caseShow,
  caseList,
  caseExport,
  caseClose,
  retentionRun,
  retentionCertificate,
  exportCreate,
  exportVerify,
  exportList,
  exportSweep,
  ...REDACT_COMMANDS,
  requestAdd,
  requestList,
  requestExtend,
  requestClose,
  requestCheck,
  requestLetter,
  auditVerify,
  auditCheckpoint,
  auditCheckpoints,
  auditErase,
  keysFingerprint,
  networkStatus,
  networkAudit,
  networkOnvifAudit,
  // docs/exports.md say `premises key fingerprint`; both spellings work.
  { ...keysFingerprint, name: 'key fingerprint', usage: 'key fingerprint [--config FILE]', summary: 'Same as keys fingerprint' },
  backup,
  backupSend,
  restore,
  setupLink,
  transferPolicyAdd,
  transferPolicyList,
  transferPolicyRevoke,
  transfer,
  transferApprove,
  transferList,
];
