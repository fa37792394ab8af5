import type { Clock } from '../../shared/clock.js';

/**
 * Login throttling, per account and per address, without a permanent
 * lockout: after FREE_FAILURES failures the next attempt must wait, the wait
 * doubling with each further failure up to a cap. The account's cap is short
 * (an attacker elsewhere can only slow the owner down by a minute, never lock
 * them out); the address cap is longer. Each attempt counts as a failure
 * before its password is checked, so a burst of parallel guesses is slowed
 * too; a success takes its own count back from the address and clears the
 * account. Failures are forgotten after FORGET_MS of quiet.
 */
export const FREE_FAILURES = 5;
export const ACCOUNT_CAP_MS = 60_000;
export const ADDRESS_CAP_MS = 5 * 60_000;
export const FORGET_MS = 3600_000;
const MAX_ENTRIES = 10_000;

interface Entry {
  failures: number;
  lastFailureAt: number;
}

export function waitAfter(failures: number, capMs: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(capMs, 1000 * 2 ** (failures - FREE_FAILURES));
}

export class LoginThrottle {
  private readonly accounts = new Map<string, Entry>();
  private readonly addresses = new Map<string, Entry>();

  constructor(private readonly clock: Clock) {}

  /** Milliseconds to wait before this attempt may be checked; 0 means go ahead. */
  retryAfter(username: string, address: string): number {
    const now = this.clock.now();
    return Math.max(this.remaining(this.accounts, username.toLowerCase(), ACCOUNT_CAP_MS, now), this.remaining(this.addresses, address, ADDRESS_CAP_MS, now));
  }

  /** Count an attempt as failed; call before checking the password. */
  attempt(username: string, address: string): void {
    const now = this.clock.now();
    this.bump(this.accounts, username.toLowerCase(), now);
    this.bump(this.addresses, address, now);
  }

  /**
   * The password was right: the account starts afresh, and the address loses
   * only this attempt (a guesser's own valid login does not wipe its record).
   */
  succeeded(username: string, address: string): void {
    this.accounts.delete(username.toLowerCase());
    const e = this.addresses.get(address);
    if (e && e.failures > 1) this.addresses.set(address, { ...e, failures: e.failures - 1 });
    else this.addresses.delete(address);
  }

  private remaining(map: Map<string, Entry>, key: string, capMs: number, now: number): number {
    const e = map.get(key);
    if (!e) return 0;
    if (now - e.lastFailureAt >= FORGET_MS) {
      map.delete(key);
      return 0;
    }
    return Math.max(0, e.lastFailureAt + waitAfter(e.failures, capMs) - now);
  }

  private bump(map: Map<string, Entry>, key: string, now: number): void {
    const e = map.get(key);
    const failures = e && now - e.lastFailureAt < FORGET_MS ? e.failures + 1 : 1;
    map.delete(key);
    map.set(key, { failures, lastFailureAt: now });
    // Bounded memory under a spray of names: forget the oldest (Map keeps insertion order).
    if (map.size > MAX_ENTRIES) map.delete(map.keys().next().value as string);
  }
}
