import type { Alarms } from '../../alarms/alarms.js';
import type { AuditLog } from '../../audit/log.js';
import type { discover } from '../../cameras/onvif/discovery.js';
import type { LoadedConfig } from '../../config/load.js';
import type { Db } from '../../db/open.js';
import type { Recorder } from '../../recorder/recorder.js';
import type { DataLayout } from '../../shared/data-layout.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { Auth } from '../auth/middleware.js';
import type { SessionStore } from '../auth/sessions.js';
import type { SetupTokens } from '../auth/setup-token.js';
import type { LoginThrottle } from '../auth/throttle.js';
import type { UserStore } from '../auth/users.js';

/** What the daemon hands the API: the stores, the recorder and the install's settings. */
export interface ServiceDeps {
  recorder: Recorder;
  alarms: Alarms;
  clock: Clock;
  version: string;
  db: Db;
  audit: AuditLog;
  loaded: LoadedConfig;
  layout: DataLayout;
  log: Logger;
  tlsFingerprint: string | null;
}

/** What every route module gets: the services plus the auth gates built from them. */
export interface RouteDeps extends ServiceDeps {
  auth: Auth;
  users: UserStore;
  sessions: SessionStore;
  throttle: LoginThrottle;
  setupTokens: SetupTokens;
  discover: typeof discover;
}
