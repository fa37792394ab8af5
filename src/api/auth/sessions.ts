import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/open.js';
import type { Clock } from '../../shared/clock.js';

/**
 * Login sessions. The browser holds a random 256-bit token; the index holds
 * only its sha256, so a leaked index or backup lets nobody in. A session ends
 * after IDLE_MS without a request or ABSOLUTE_MS after login, whichever comes
 * first; "log out everywhere" revokes every session of a user.
 */
export const IDLE_MS = 30 * 60_000;
export const ABSOLUTE_MS = 12 * 3600_000;
/** last_seen_at is written at most this often: a dashboard polls every few seconds. */
const TOUCH_EVERY_MS = 60_000;

export const newToken = (): string => randomBytes(32).toString('base64url');
export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * Login sessions that ended by a logout, "log out everywhere" or a password
 * change: one user's, all of them, only one (`only`), or all but one
 * (`except`); the token hashes name them. Viewing that hangs off a login
 * (playback sessions, live sockets and HLS leases) ends with it at once.
 */
export interface LoginEnded {
  userId: number;
  only?: string;
  except?: string;
}

/** Whether login session `hash` of user `userId` is among those that ended. Pure. */
export function loginEndedFor(e: LoginEnded, userId: number, hash: string): boolean {
  if (e.userId !== userId) return false;
  if (e.only !== undefined) return e.only === hash;
  if (e.except !== undefined) return e.except !== hash;
  return true;
}

export interface Session {
  userId: number;
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
}

export class SessionStore {
  private readonly endListeners = new Set<(e: LoginEnded) => void>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** A new session (always a new token: no session fixation). Returns the token for the cookie. */
  create(userId: number, address: string | undefined): { token: string; session: Session } {
    const token = newToken();
    const now = this.clock.now();
    const session: Session = { userId, csrfToken: newToken(), createdAt: now, lastSeenAt: now };
    this.db
      .prepare('INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, address) VALUES (?, ?, ?, ?, ?, ?)')
      .run(tokenHash(token), userId, session.csrfToken, now, now, address ?? null);
    return { token, session };
  }

  /** The live session for a cookie token, refreshed; undefined when unknown, revoked or timed out. */
  lookup(token: string): Session | undefined {
    const hash = tokenHash(token);
    const row = this.db.prepare('SELECT user_id, csrf_token, created_at, last_seen_at FROM sessions WHERE token_hash = ? AND revoked_at IS NULL').get(hash) as
      | { user_id: number; csrf_token: string; created_at: number; last_seen_at: number }
      | undefined;
    if (!row) return undefined;
    const now = this.clock.now();
    if (now - row.last_seen_at >= IDLE_MS || now - row.created_at >= ABSOLUTE_MS) {
      this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(hash);
      return undefined;
    }
    if (now - row.last_seen_at >= TOUCH_EVERY_MS) this.db.prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?').run(now, hash);
    return { userId: row.user_id, csrfToken: row.csrf_token, createdAt: row.created_at, lastSeenAt: now };
  }

  /** Called after sessions are revoked; returns the function that stops listening. */
  onLoginEnded(fn: (e: LoginEnded) => void): () => void {
    this.endListeners.add(fn);
    return () => this.endListeners.delete(fn);
  }

  revoke(token: string): void {
    const hash = tokenHash(token);
    const row = this.db.prepare('SELECT user_id FROM sessions WHERE token_hash = ? AND revoked_at IS NULL').get(hash) as { user_id: number } | undefined;
    this.db.prepare('UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL').run(this.clock.now(), hash);
    if (row) this.ended({ userId: row.user_id, only: hash });
  }

  /** Log out everywhere. Returns how many sessions ended. */
  revokeAll(userId: number): number {
    const n = this.db.prepare('UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').run(this.clock.now(), userId).changes;
    this.ended({ userId });
    return n;
  }

  /** End every session of a user but this one (after a password change). */
  revokeOthers(userId: number, keepToken: string): number {
    const keep = tokenHash(keepToken);
    const n = this.db.prepare('UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND token_hash != ? AND revoked_at IS NULL').run(this.clock.now(), userId, keep).changes;
    this.ended({ userId, except: keep });
    return n;
  }

  /** Every listener runs even if one throws; the first error is passed on (the revocation itself stands). */
  private ended(e: LoginEnded): void {
    let first: Error | undefined;
    for (const fn of [...this.endListeners]) {
      try {
        fn(e);
      } catch (err) {
        first ??= err instanceof Error ? err : new Error(String(err));
      }
    }
    if (first !== undefined) throw first;
  }

  /** Drop rows that can no longer be used; run now and then. */
  prune(): number {
    const now = this.clock.now();
    return this.db
      .prepare('DELETE FROM sessions WHERE revoked_at IS NOT NULL OR last_seen_at <= ? OR created_at <= ?')
      .run(now - IDLE_MS, now - ABSOLUTE_MS).changes;
  }
}
