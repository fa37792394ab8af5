import type { AuditLog } from '../audit/log.js';
import type { Db } from '../db/open.js';
import type { Clock } from '../shared/clock.js';
import { SetupTokens, setupUrl, writeSetupLinkFile } from './auth/setup-token.js';
import { UserStore } from './auth/users.js';

export interface SetupLink {
  url: string;
  file: string;
  expiresAt: number;
}

/** A fresh one-time setup link while no owner exists (undefined once one does). Shared by `premises start` and `premises setup-link`. */
export function issueSetupLink(deps: { db: Db; audit: AuditLog; clock: Clock; dataDir: string }, base: string): SetupLink | undefined {
  if (new UserStore(deps.db, deps.audit, deps.clock).ownerExists()) return undefined;
  const { token, expiresAt } = new SetupTokens(deps.db, deps.clock).issue();
  const url = setupUrl(base, token);
  const file = writeSetupLinkFile(deps.dataDir, url, expiresAt);
  return { url, file, expiresAt };
}
