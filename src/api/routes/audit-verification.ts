import type { Router } from 'express';
import { CHECKPOINT_EVERY_ENTRIES, CHECKPOINT_MAX_INTERVAL_MS, checkpointCount, latestCheckpoint } from '../../audit/checkpoints.js';
import { auditHead } from '../../audit/entries.js';
import { lastVerification, runVerification, type VerificationRecord } from '../../audit/verification.js';
import { formatFingerprint } from '../../keys/signing.js';
import { allow } from '../auth/middleware.js';
import { actorOf } from '../auth/users.js';
import type { RouteDeps } from './deps.js';
import { iso } from './pages-util.js';

/** Audit-log verification status for the audit page (owner), and a fresh verification on demand. */
const json = (v: VerificationRecord | undefined) =>
  v === undefined
    ? null
    : { seq: v.seq, at: iso(v.at), by: v.actor, ok: v.ok, entries: v.entries, headHash: v.headHash, checkpointsChecked: v.checkpointsChecked, problemCount: v.problemCount, problems: v.problems, keyFingerprint: v.keyFingerprint };

export function auditVerificationRoutes(router: Router, d: RouteDeps): void {
  router.get(
    '/api/audit/verification',
    (_req, res) => {
      allow(res, 'audit.read');
      const latest = latestCheckpoint(d.db);
      res.json({
        last: json(lastVerification(d.db)),
        entries: auditHead(d.db)?.seq ?? 0,
        checkpoints: {
          count: checkpointCount(d.db),
          latest: latest ? { size: latest.size, at: iso(latest.at), keyFingerprint: formatFingerprint(latest.key_fingerprint) } : null,
          everyEntries: CHECKPOINT_EVERY_ENTRIES,
          everyMs: CHECKPOINT_MAX_INTERVAL_MS,
        },
      });
    },
  );

  router.post(
    '/api/audit/verify',
    (_req, res) => {
      const user = allow(res, 'audit.read');
      res.json({ verification: json(runVerification(d.db, d.audit, d.layout.keysDir, actorOf(user))) });
    },
  );
}
