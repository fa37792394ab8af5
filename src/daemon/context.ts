import { mkdirSync } from 'node:fs';
import { Alarms } from '../alarms/alarms.js';
import { AuditLog } from '../audit/log.js';
import { configPathFrom, loadConfig, type LoadedConfig } from '../config/load.js';
import { openDb, type Db } from '../db/open.js';
import { DataLayout } from '../shared/data-layout.js';
import { noteDataDir } from '../shared/edge-errors.js';
import { releaseReserveIfFull } from '../shared/space-reserve.js';
import { systemClock, type Clock } from '../shared/clock.js';
import { createLogger, type Logger } from '../shared/logger.js';

/** What most commands need: the configuration, the data layout and the index. */
export interface AppContext {
  loaded: LoadedConfig;
  layout: DataLayout;
  db: Db;
  audit: AuditLog;
  alarms: Alarms;
  clock: Clock;
  log: Logger;
  close(): void;
}

export function openContext(configFlag: string | undefined, options: { env?: NodeJS.ProcessEnv; clock?: Clock; log?: Logger } = {}): AppContext {
  const loaded = loadConfig(configPathFrom(configFlag, options.env));
  const layout = new DataLayout(loaded.dataDir);
  noteDataDir(layout.dataDir);
  mkdirSync(layout.dataDir, { recursive: true });
  const log = options.log ?? createLogger({ destination: process.stderr });
  // On a disk that is full (filled while Premises was stopped), SQLite cannot even size its shared-memory file: use the reserve.
  releaseReserveIfFull(layout.dataDir, log);
  const db = openDb(layout.indexPath);
  const clock = options.clock ?? systemClock;
  const audit = new AuditLog(db, clock);
  const alarms = new Alarms(db, audit, clock);
  return { loaded, layout, db, audit, alarms, clock, log, close: () => db.close() };
}
