import type { Alarms } from '../../alarms/alarms.js';
import type { Db } from '../../db/open.js';
import { allSigns, signInputsFromConfig, type SignInputs } from './signage.js';
import { SignageStore } from './signage-store.js';
import type { AuditLog } from '../../audit/log.js';
import type { Clock } from '../../shared/clock.js';
import { describeTarget, isActive, PolicyStore, type TransferPolicy } from './transfer-policies.js';
import { withIndexCameras } from './cameras.js';
import { SIGN_WORDS, type CameraNetworkClaim, type SignTransfer } from './sign-text.js';

/**
 * What signs and the record of processing say about transfers, from the
 * policies in force. With none, the signs keep their default ("footage never
 * leaves the premises"). The text names recipients, countries, legal bases
 * and expiry dates, so adding, revoking or the expiry of a policy changes
 * what a sign says — and the signage store marks the posted sign stale.
 */
export interface TransferSignText {
  /** In English, for the record of processing. */
  transfers: string;
  recipients: string;
  /** The policies as each sign language words them (sign-text.ts). */
  list: SignTransfer[];
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Pure. Undefined when no policy is active: the signs' own default applies. */
export function describeTransfers(policies: readonly TransferPolicy[], now: number): TransferSignText | undefined {
  const active = policies.filter((p) => isActive(p, now)).sort((a, b) => a.name.localeCompare(b.name));
  if (active.length === 0) return undefined;
  const list: SignTransfer[] = active.map((p) => ({ recipient: p.recipientOrg, country: p.country, legalBasis: p.legalBasis, until: day(p.expiresAt) }));
  return { list, ...transferSentences(list) };
}

/** Pure. The English sentences for a non-empty list of transfers in force (staff notices, the assessment, the record of processing). */
export function transferSentences(list: readonly SignTransfer[]): Pick<TransferSignText, 'transfers' | 'recipients'> {
  const each = list.map(SIGN_WORDS.en.flow.transferItem);
  return {
    transfers: `Copies of specific footage may be sent, each time logged, only to: ${each.join('; ')}. Live video and recordings otherwise never leave the premises.`,
    recipients: `${[...new Set(list.map((t) => `${t.recipient} (${t.country})`))].join('; ')}. Every disclosure is logged.`,
  };
}

/** The sign text from the index's policies. */
export function transferSignText(db: Db, audit: AuditLog, clock: Clock): TransferSignText | undefined {
  return describeTransfers(new PolicyStore(db, audit, clock).list({ includeInactive: true }), clock.now());
}

/** The record of processing's transfer section: every policy in force, in full. */
export function transferReportText(db: Db, audit: AuditLog, clock: Clock): string {
  const now = clock.now();
  const policies = new PolicyStore(db, audit, clock).list({ includeInactive: true });
  const active = policies.filter((p) => isActive(p, now));
  if (active.length === 0) return 'None: no transfer policy is in force, so footage never leaves the premises.';
  const lines = active.map(
    (p) =>
      `\n  - ${p.name}: ${describeTarget(p.target)}; recipient ${p.recipientOrg} (${p.country}); legal basis ${p.legalBasis}; data ${p.data.join(', ')}; ` +
      `until ${new Date(p.expiresAt).toISOString()}${p.requiresApproval ? '; each transfer approved by a second person' : ''}; set by ${p.createdBy}`,
  );
  const ended = policies.length - active.length;
  return `${active.length} in force:${lines.join('')}${ended > 0 ? `\n  - (${ended} revoked or expired; premises transfer-policy list --all)` : ''}`;
}

/**
 * After a policy is added or revoked, a camera's scope changes or the camera network's state (`network`,
 * from src/containment/status.ts signNetworkClaim) changes: mark posted signs that no longer say
 * what is true as stale now (audited, with an alarm), rather than at the
 * daemon's next start. Returns the keys of the stale signs.
 */
export function recordSignStaleness(config: SignInputs['config'], db: Db, audit: AuditLog, clock: Clock, alarms: Alarms, network: CameraNetworkClaim): string[] {
  const signs = allSigns(signInputsFromConfig(withIndexCameras(config, db), undefined, transferSignText(db, audit, clock), network));
  return new SignageStore(db, audit, clock)
    .recordStaleness(signs, alarms)
    .filter((s) => s.status === 'stale')
    .map((s) => s.key);
}
