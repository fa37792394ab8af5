import { entriesOfActionSince } from '../../audit/entries.js';
import { sha256Hex } from '../../audit/log.js';
import type { Db } from '../../db/open.js';
import { PremisesError } from '../../shared/errors.js';

/**
 * Check a deletion certificate against the sweep's audit record: the hash over
 * the certificate's sorted sha256 list must equal the `listHash` the audit log
 * holds, which proves the list complete and unaltered.
 */
export interface CertificateCheck {
  id: number;
  at: number;
  count: number;
  bytes: number;
  cameras: string[];
  listHash: string;
  recomputed: string;
  auditSeq: number | undefined;
  auditListHash: string | undefined;
  ok: boolean;
  problem: string | undefined;
}

export function checkCertificate(db: Db, id: number): CertificateCheck {
  const cert = db.prepare('SELECT id, at, count, bytes, list_hash FROM deletion_certificates WHERE id = ?').get(id) as
    | { id: number; at: number; count: number; bytes: number; list_hash: string }
    | undefined;
  if (!cert) throw new PremisesError('NotFound', `no deletion certificate ${id} (certificates older than a year are pruned; the audit record stays)`);
  const items = db.prepare('SELECT camera_id, sha256 FROM deletion_certificate_items WHERE certificate_id = ?').all(id) as { camera_id: string; sha256: string }[];
  const recomputed = sha256Hex(items.map((i) => i.sha256).sort().join('\n'));
  let auditSeq: number | undefined;
  let auditListHash: string | undefined;
  // The record is written in the same transaction, just after the certificate: the first sweep entries from its time on.
  for (const row of entriesOfActionSince(db, 'retention.sweep', cert.at, 100)) {
    const details = row.details as { certificate?: number; listHash?: string } | null;
    if (details?.certificate === id) {
      auditSeq = row.seq;
      auditListHash = details.listHash;
      break;
    }
  }
  let problem: string | undefined;
  if (auditSeq === undefined) problem = 'no retention.sweep audit entry names this certificate';
  else if (auditListHash !== recomputed) problem = `the certificate's list does not match the audit record (entry ${auditSeq}): it was altered or is incomplete`;
  else if (cert.list_hash !== recomputed || items.length !== cert.count) problem = 'the certificate header does not match its own list';
  return {
    id,
    at: cert.at,
    count: items.length,
    bytes: cert.bytes,
    cameras: [...new Set(items.map((i) => i.camera_id))].sort(),
    listHash: cert.list_hash,
    recomputed,
    auditSeq,
    auditListHash,
    ok: problem === undefined,
    problem,
  };
}
