import type { AuditLog } from '../../audit/log.js';
import { lastVerification } from '../../audit/verification.js';
import type { Db } from '../../db/open.js';
import type { Clock } from '../../shared/clock.js';
import { Holds } from '../holds.js';

/**
 * The record of processing's sections that come from the index rather than
 * the configuration, written the same way for `premises report` and the
 * dashboard's printable report.
 */
const iso = (ms: number) => new Date(ms).toISOString();

export function holdsSection(db: Db, audit: AuditLog, clock: Clock): string {
  const active = new Holds(db, audit, clock).active();
  if (active.length === 0) return 'None in force.';
  return active.map((h) => `${h.cameraId} ${iso(h.fromMs)} to ${iso(h.toMs)} (${h.kind}, hold ${h.id})`).join('; ');
}

export function auditVerificationSection(db: Db): string {
  const v = lastVerification(db);
  if (!v) return 'not run yet (the dashboard\'s audit page verifies the log and records the result; premises audit verify checks it from the command line)';
  return `${iso(v.at)} by ${v.actor}: ${v.ok ? 'intact' : `NOT intact (${v.problemCount} problem(s))`}, ${v.entries} entries, ${v.checkpointsChecked} checkpoint(s)`;
}
