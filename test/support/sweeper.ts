import { mkdirSync } from 'node:fs';
import { Alarms } from '../../src/alarms/alarms.js';
import { AuditLog } from '../../src/audit/log.js';
import { loadConfig } from '../../src/config/load.js';
import { openDb, type Db } from '../../src/db/open.js';
import { Holds } from '../../src/policy/retention/holds.js';
import { retentionSettings } from '../../src/policy/retention/settings.js';
import { RetentionSweeper, type SweeperDeps } from '../../src/policy/retention/sweeper.js';
import { DataLayout } from '../../src/shared/data-layout.js';
import type { Clock } from '../../src/shared/clock.js';
import { silentLogger } from '../../src/shared/logger.js';

/** The real pieces, wired as the daemon will, around one config file and an injected clock. */
export interface Rig {
  db: Db;
  layout: DataLayout;
  audit: AuditLog;
  alarms: Alarms;
  holds: Holds;
  sweeper: RetentionSweeper;
  close(): void;
}

export function rig(configPath: string, clock: Clock, extra: Partial<SweeperDeps> = {}): Rig {
  const loaded = loadConfig(configPath);
  const layout = new DataLayout(loaded.dataDir);
  mkdirSync(layout.recordingsRoot, { recursive: true });
  const db = openDb(layout.indexPath);
  const audit = new AuditLog(db, clock);
  const alarms = new Alarms(db, audit, clock);
  const sweeper = new RetentionSweeper({ db, layout, audit, alarms, clock, log: silentLogger(), settings: () => retentionSettings(loaded.config), ...extra });
  return { db, layout, audit, alarms, holds: new Holds(db, audit, clock), sweeper, close: () => db.close() };
}
