import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../db/open.js';
import type { Clock } from '../../shared/clock.js';
import { SETUP_LINK_FILE } from '../../shared/data-layout.js';
import { newToken, tokenHash } from './sessions.js';

/**
 * First run has no default account: the owner account is created through a
 * one-time link carrying a random token, valid one hour. The link is printed
 * by `premises start` and `premises setup-link` and written to
 * <dataDir>/setup-link.txt (mode 0600, owner only) for headless boxes. A new
 * link replaces every earlier one; the index keeps only the token's hash.
 */
export const SETUP_TOKEN_TTL_MS = 3600_000;
export { SETUP_LINK_FILE };

export function setupLinkPath(dataDir: string): string {
  return join(dataDir, SETUP_LINK_FILE);
}

export function setupUrl(baseUrl: string, token: string): string {
  // In the fragment: browsers never send it, so it stays out of every request line and log.
  return `${baseUrl}/#/setup?token=${token}`;
}

export class SetupTokens {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  issue(): { token: string; expiresAt: number } {
    const token = newToken();
    const now = this.clock.now();
    const expiresAt = now + SETUP_TOKEN_TTL_MS;
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM setup_tokens WHERE used_at IS NULL').run();
      this.db.prepare('INSERT INTO setup_tokens (token_hash, created_at, expires_at) VALUES (?, ?, ?)').run(tokenHash(token), now, expiresAt);
    })();
    return { token, expiresAt };
  }

  /** True when the token is the current one and has not expired or been used. Read-only. */
  valid(token: string): boolean {
    const row = this.db.prepare('SELECT expires_at FROM setup_tokens WHERE token_hash = ? AND used_at IS NULL').get(tokenHash(token)) as
      | { expires_at: number }
      | undefined;
    return row !== undefined && this.clock.now() < row.expires_at;
  }

  /** Mark used; call inside the transaction that creates the owner. */
  consume(token: string): void {
    this.db.prepare('UPDATE setup_tokens SET used_at = ? WHERE token_hash = ?').run(this.clock.now(), tokenHash(token));
    this.db.prepare('DELETE FROM setup_tokens WHERE used_at IS NULL').run();
  }
}

/** Write the link where only the service user can read it. */
export function writeSetupLinkFile(dataDir: string, url: string, expiresAt: number): string {
  const path = setupLinkPath(dataDir);
  rmSync(path, { force: true });
  writeFileSync(path, `${url}\nvalid until ${new Date(expiresAt).toISOString()}; run "premises setup-link" for a fresh one\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return path;
}

export function removeSetupLinkFile(dataDir: string): void {
  rmSync(setupLinkPath(dataDir), { force: true });
}
