import type { SignStatus } from './signage-store.js';

/** What the configuration records about a posted sign (`signage:` under a camera): what the no-signage gate checks. */
export interface RecordedSign {
  location: string;
  date: string;
  confirmedBy: string;
}

export interface SignAnswer {
  /** Whether the sign side of "am I compliant?" is satisfied. */
  ok: boolean;
  text: string;
}

/**
 * One answer about a camera's sign, from its two sources: the signage record
 * in the configuration (a sign is up: what the gate checks) and Premises'
 * own print log (is the posted print of the current notice text?). Used by
 * the compliance page, `premises report` and the status answer alike, so
 * they never disagree. A stale print is the only case that outranks the
 * configuration: the sign on the wall then says something untrue.
 */
export function signAnswer(status: SignStatus | undefined, recorded: RecordedSign | undefined): SignAnswer {
  const asRecorded = recorded ? `posted at ${recorded.location} on ${recorded.date}, confirmed by ${recorded.confirmedBy}` : '';
  switch (status?.status) {
    case 'stale':
      return { ok: false, text: `STALE: ${status.staleReason ?? 'what the posted sign says changed'}; print it again, post it, then confirm` };
    case 'current':
      return { ok: true, text: `Posted and current${status.posted ? ` (confirmed ${new Date(status.posted.confirmedAt).toISOString().slice(0, 10)} by ${status.posted.confirmedBy})` : ''}` };
    case 'unconfirmed':
      return recorded ? { ok: true, text: `Posted (${asRecorded}); a newer print waits for confirmation` } : { ok: false, text: 'Printed, not confirmed as posted' };
    case 'missing':
    case undefined:
      return recorded ? { ok: true, text: `Posted (${asRecorded}); print the notice from Premises so the sign lists retention and transfers` } : { ok: false, text: 'No sign recorded as posted' };
  }
}

export interface ComplianceAnswer {
  ok: boolean;
  /** Each thing to fix, in words naming the camera or sign. */
  problems: string[];
}

/**
 * "Am I compliant?" in one answer: every enabled camera passes every
 * consent gate and has its sign up, and no printed sign is stale. The
 * compliance page and `premises report` both print this.
 */
export function complianceAnswer(cameras: readonly { id: string; enabled: boolean; gateFailures: readonly string[]; sign: SignAnswer | null }[], staleSigns: readonly string[]): ComplianceAnswer {
  const problems: string[] = [];
  for (const c of cameras) {
    if (!c.enabled) continue;
    for (const g of c.gateFailures) problems.push(`camera ${c.id}: ${g}`);
    if (c.sign && !c.sign.ok) problems.push(`camera ${c.id}: sign: ${c.sign.text}`);
  }
  for (const key of staleSigns) if (!key.startsWith('notice:')) problems.push(`${key} sign: STALE: print it again, post it, then confirm`);
  return { ok: problems.length === 0, problems };
}

/** The answer as one line of text. */
export function complianceLine(a: ComplianceAnswer): string {
  return a.ok ? 'Compliant: every camera passes every consent gate and its sign is up.' : `NOT compliant: ${a.problems.length} thing(s) to fix: ${a.problems.join('; ')}.`;
}
