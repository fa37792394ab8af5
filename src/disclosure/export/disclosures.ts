import type { Db } from '../../db/open.js';
import { entriesOfAction, type AuditRecord } from '../../audit/entries.js';

/**
 * Earlier disclosures of the same footage, from the audit log: a person who
 * asks for their footage is also told to whom it was disclosed (BC PIPA
 * s.23(1)(c), GDPR Art. 15(1)(c)). Pure filter over the entries, and one query.
 */
export interface Disclosure {
  at: string;
  exportId: string;
  by: string;
  /** Absent when the entry's details were erased on a lawful request (the entry itself stays). */
  requestedBy?: string;
  legalBasis?: string;
  reason?: string;
  cameras?: string[];
  from?: string;
  to?: string;
  detailsErased?: true;
  /** Where the export went: completed transfers under a policy (docs/transfers.md), with the recipient. */
  sentTo?: { at: string; policy: string; recipient: string; country: string; legalBasis: string }[];
}

interface CreatedDetails {
  cameras?: string[];
  from?: string;
  to?: string;
  requestedBy?: string;
  legalBasis?: string;
  reason?: string;
}

export function disclosuresOverlapping(entries: readonly AuditRecord[], cameras: readonly string[], fromMs: number, toMs: number): Disclosure[] {
  const out: Disclosure[] = [];
  for (const e of entries) {
    const base = { at: new Date(e.at).toISOString(), exportId: e.subject.replace(/^export:/, ''), by: e.actor };
    if (e.details === null) {
      // Erased details: we cannot tell what it covered, so the requester is told it exists.
      out.push({ ...base, detailsErased: true });
      continue;
    }
    const d = e.details as CreatedDetails;
    const from = Date.parse(d.from ?? '');
    const to = Date.parse(d.to ?? '');
    const sameCamera = (d.cameras ?? []).some((c) => cameras.includes(c));
    if (!sameCamera || !(to > fromMs && from < toMs)) continue;
    out.push({ ...base, requestedBy: d.requestedBy, legalBasis: d.legalBasis, reason: d.reason, cameras: d.cameras, from: d.from, to: d.to });
  }
  return out;
}

export function priorDisclosures(db: Db, cameras: readonly string[], fromMs: number, toMs: number): Disclosure[] {
  const rows = entriesOfAction(db, 'export.created');
  const sent = db.prepare(
    `SELECT t.finished_at AS at, t.policy_name AS policy, p.recipient_org AS recipient, p.country, p.legal_basis AS legalBasis
     FROM transfers t JOIN transfer_policies p ON p.name = t.policy_name WHERE t.export_id = ? AND t.state = 'done' ORDER BY t.id`,
  );
  return disclosuresOverlapping(rows, cameras, fromMs, toMs).map((d) => {
    const to = (sent.all(d.exportId) as { at: number; policy: string; recipient: string; country: string; legalBasis: string }[]).map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
    return to.length > 0 ? { ...d, sentTo: to } : d;
  });
}
