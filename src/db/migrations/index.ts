import { sql as core } from './001_core.js';
import { sql as audit } from './002_audit.js';
import { sql as checkpoints } from './003_checkpoints.js';
import { sql as onvif } from './004_onvif.js';
import { sql as holds } from './005_holds.js';
import { sql as retention } from './006_retention.js';
import { sql as segmentsStart } from './007_segments_start.js';
import { sql as signage } from './008_signage.js';
import { sql as exportsTable } from './009_exports.js';
import { sql as cameraScope } from './010_camera_scope.js';
import { sql as accessRequests } from './011_access_requests.js';
import { sql as segmentsSpan } from './012_segments_span.js';
import { sql as coverage } from './014_coverage.js';
import { sql as users } from './013_users.js';
import { sql as transfers } from './015_transfers.js';
import { sql as storage } from './016_storage.js';
import { sql as cameraMasksState } from './017_camera_masks_state.js';
import { sql as jobs } from './018_jobs.js';
import { sql as containment } from './019_containment.js';
import { sql as activity } from './020_activity.js';
import { sql as cases } from './021_cases.js';
import { sql as cameraSubStream } from './022_camera_sub_stream.js';
import { sql as zoneAlarms } from './023_zone_alarms.js';
import { sql as signageWording } from './024_signage_wording.js';
import { sql as staffDpia } from './025_staff_dpia.js';
import { sql as redaction } from './026_redaction.js';
import { sql as activityThinned } from './027_activity_thinned.js';
import { sql as accessRequestLanguage } from './028_access_request_language.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Append only: never edit a migration that has shipped; add the next number. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'core', sql: core },
  { version: 2, name: 'audit', sql: audit },
  { version: 3, name: 'checkpoints', sql: checkpoints },
  { version: 4, name: 'onvif', sql: onvif },
  { version: 5, name: 'holds', sql: holds },
  { version: 6, name: 'retention', sql: retention },
  { version: 7, name: 'segments-start', sql: segmentsStart },
  { version: 8, name: 'signage', sql: signage },
  { version: 9, name: 'exports', sql: exportsTable },
  { version: 10, name: 'camera-scope', sql: cameraScope },
  { version: 11, name: 'access-requests', sql: accessRequests },
  { version: 12, name: 'segments-span', sql: segmentsSpan },
  { version: 13, name: 'users', sql: users },
  { version: 14, name: 'coverage', sql: coverage },
  { version: 15, name: 'transfers', sql: transfers },
  { version: 16, name: 'storage', sql: storage },
  { version: 17, name: 'camera-masks-state', sql: cameraMasksState },
  { version: 18, name: 'jobs', sql: jobs },
  { version: 19, name: 'containment', sql: containment },
  { version: 20, name: 'activity', sql: activity },
  { version: 21, name: 'cases', sql: cases },
  { version: 22, name: 'camera-sub-stream', sql: cameraSubStream },
  { version: 23, name: 'zone-alarms', sql: zoneAlarms },
  { version: 24, name: 'signage-wording', sql: signageWording },
  { version: 25, name: 'staff-dpia', sql: staffDpia },
  { version: 26, name: 'redaction', sql: redaction },
  { version: 27, name: 'activity-thinned', sql: activityThinned },
  { version: 28, name: 'access-request-language', sql: accessRequestLanguage },
];
