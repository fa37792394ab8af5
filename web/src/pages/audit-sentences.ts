/**
 * The audit log in words: one sentence per entry, made from its action,
 * actor, subject and details. Unknown actions still read as a sentence; the
 * raw details stay one click away on the page.
 */
import type { AuditEntryView } from '../../../src/api/contracts/audit.js';
import { languageName } from '../format.js';

/** An entry as GET /api/audit answers it (the shared contract). */
export type AuditEntry = AuditEntryView;

/** "user:anna" → "anna", "system" → "Premises", "cli:root" → "the command line (root)". */
export function who(actor: string): string {
  if (actor === 'system') return 'Premises';
  const [kind, rest] = split(actor);
  if (kind === 'user') return rest;
  if (kind === 'cli') return rest ? `the command line (${rest})` : 'the command line';
  return actor;
}

function split(s: string): [string, string] {
  const i = s.indexOf(':');
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)];
}

function str(details: unknown, key: string): string | undefined {
  if (details === null || typeof details !== 'object') return undefined;
  const v = (details as Record<string, unknown>)[key];
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

function list(details: unknown, key: string): unknown[] {
  if (details === null || typeof details !== 'object') return [];
  const v = (details as Record<string, unknown>)[key];
  return Array.isArray(v) ? v : [];
}

const because = (reason: string | undefined) => (reason ? `: “${reason}”` : '');

/** One sentence for an entry, e.g. "anna paused camera door: “customer asked”". */
export function sentence(e: AuditEntry): string {
  const by = who(e.actor);
  const [kind, name] = split(e.subject);
  const thing = name ? `${kind.replace(/_/g, ' ')} ${name}` : e.subject;
  const d = e.details;
  switch (e.action) {
    case 'config.first-seen':
      return `Premises recorded its configuration for the first time (${list(d, 'added').length} lines).`;
    case 'config.changed':
      return `The configuration changed: ${list(d, 'added').length} line(s) added, ${list(d, 'removed').length} removed.`;
    case 'setup.completed':
      return `${by} created the owner account and confirmed the business profile.`;
    case 'auth.login':
      return `${by} logged in.`;
    case 'auth.login-failed':
      return `A login as ${name || by} failed.`;
    case 'auth.logout':
      return `${by} logged out.`;
    case 'auth.logout-everywhere':
      return `${by} logged out on every device.`;
    case 'user.created':
      return `${by} created the account ${name}${str(d, 'role') ? ` (${str(d, 'role')})` : ''}.`;
    case 'user.disabled':
      return `${by} disabled the account ${name}.`;
    case 'user.access-changed':
      return `${by} changed what ${name} may see and do.`;
    case 'user.password-changed':
      return `${by} changed the password of ${name || 'their account'}.`;
    case 'camera.added':
      return `${by} added camera ${name}.`;
    case 'camera.removed':
      return `${by} removed camera ${name}.`;
    case 'camera.scope-changed':
      return `${by} changed the purposes, area or sign of camera ${name}.`;
    case 'camera.masks-pushed':
      return `${by} sent privacy masks to camera ${name}.`;
    case 'camera.masks-method':
      return `Camera ${name}: the way its privacy masks are applied changed.`;
    case 'recording.started':
      return `Camera ${name} started recording.`;
    case 'recording.stopped':
      return `Camera ${name} stopped recording${because(str(d, 'reason'))}.`;
    case 'privacy.pause':
      return `${by} paused camera ${name} for privacy${because(str(d, 'reason'))}.`;
    case 'privacy.resume':
      return `${by} resumed camera ${name}.`;
    case 'privacy.pause.expired':
      return `The privacy pause of camera ${name} ended on its own.`;
    case 'live.view-started':
      return `${by} started watching camera ${name} live.`;
    case 'live.view-ended':
      return `${by} stopped watching camera ${name} live.`;
    case 'live.snapshot':
      return `${by} took a still image of camera ${name}.`;
    case 'playback.started':
      return `${by} started playing back recordings of camera ${name}.`;
    case 'playback.ended':
      return `${by} stopped playing back camera ${name}.`;
    case 'export.created':
      return `${by} exported footage as export ${name}${because(str(d, 'reason'))}.`;
    case 'export.refused':
      return `An export asked by ${by} was refused${because(str(d, 'why') ?? str(d, 'reason'))}.`;
    case 'export.expired':
      return `Export ${name} reached its end of keeping and was deleted.`;
    case 'hold.added':
      return `${by} put a hold on footage (hold ${name})${because(str(d, 'reason'))}.`;
    case 'hold.released':
      return `${by} released hold ${name}${because(str(d, 'reason'))}.`;
    case 'retention.sweep':
      return 'Premises deleted footage older than the retention period.';
    case 'retention.applied':
    case 'retention.lowered':
      return `The retention period of ${thing} changed.`;
    case 'segment.lost':
      return `A recording file of camera ${name} was found missing${because(str(d, 'why'))}.`;
    case 'segment.recovered':
      return `A partial recording file of camera ${name} was recovered.`;
    case 'signage.printed':
      return `${by} printed the sign for ${thing}.`;
    case 'signage.confirmed':
      return `${by} confirmed the sign is posted for ${thing}.`;
    case 'signage.stale':
      return `The posted sign for ${thing} is out of date: reprint it.`;
    case 'alarm.raised':
      return `Alarm: ${str(d, 'message') ?? thing}.`;
    case 'alarm.cleared':
      return `The alarm about ${thing} cleared.`;
    case 'alarm.acknowledged':
      return `${by} acknowledged the alarm about ${thing}.`;
    case 'discovery.started':
      return `${by} searched the network for cameras.`;
    case 'transfer-policy.created':
      return `${by} allowed footage to leave under the transfer policy ${name}${str(d, 'destination') ? ` (${str(d, 'destination')})` : ''}.`;
    case 'transfer-policy.revoked':
      return `${by} revoked the transfer policy ${name}${because(str(d, 'reason'))}.`;
    case 'transfer.requested':
      return `${by} asked to send export ${str(d, 'export') ?? '?'} under policy ${str(d, 'policy') ?? '?'} (transfer ${name}).`;
    case 'transfer.approved':
      return `${by} approved transfer ${name}.`;
    case 'transfer.approval-refused':
      return `${by} could not approve transfer ${name}${because(str(d, 'reason'))}.`;
    case 'transfer.refused':
      return `Transfer ${name} was refused${because(str(d, 'reason'))}.`;
    case 'transfer.started':
      return `Transfer ${name} started.`;
    case 'transfer.completed':
      return `Transfer ${name} finished: ${str(d, 'bytesSent') ?? '?'} bytes sent.`;
    case 'transfer.failed':
      return `Transfer ${name} failed${because(str(d, 'reason'))}.`;
    case 'backup.created':
      return `${by} made a sealed backup.`;
    case 'backup.restored':
      return `${by} restored a backup.`;
    case 'audit.verified':
      return `${by} verified the audit log.`;
    case 'access_request.received':
      return `${by} recorded an access request (${thing}).`;
    case 'access_request.closed':
      return `${by} closed ${thing}${str(d, 'outcome') ? `: ${str(d, 'outcome')}` : ''}.`;
    case 'access_request.overdue':
      return `${thing} is past its legal deadline.`;
    case 'audit.details_erased':
      return `${by} erased the details of audit entry ${name}${because(str(d, 'reason'))}.`;
    case 'access_request.letter':
      return `${by} wrote the ${str(d, 'kind') ?? ''} letter of ${thing} in ${languageName(str(d, 'lang') ?? '')}${str(d, 'export') ? `, enclosing export ${str(d, 'export')}` : ''}.`;
    case 'access_request.language':
      return `${by} recorded that the requester of ${thing} reads ${languageName(str(d, 'language') ?? '')}.`;
    case 'access_request.extended':
      return `${by} extended the deadline of ${thing}${because(str(d, 'reason'))}.`;
    default:
      return `${by}: ${e.action.replace(/[._-]/g, ' ')}${e.subject ? ` (${thing})` : ''}.`;
  }
}
