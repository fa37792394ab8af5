import { join } from 'node:path';
import { ExportStore, type ExportRecord } from '../disclosure/export/store.js';
import { FIXED_FILES } from '../disclosure/export/manifest.js';
import { verifyExport } from '../disclosure/export/verify.js';
import { SigningKey } from '../keys/signing.js';
import type { Db } from '../db/open.js';
import { hashFile } from '../segments/hash.js';
import type { DataLayout } from '../shared/data-layout.js';
import type { OutgoingFile } from './tar.js';
import type { ErrorKind } from '../shared/errors.js';

/**
 * What a transfer of an export sends: the footage files listed in its
 * manifest and the manifest with its signature, public key and SHA256SUMS —
 * nothing else in the folder, nothing outside it. Before anything is sent the
 * folder is verified exactly as a recipient would (`export verify` against
 * this install's key): a changed byte, a swapped file or an extra file stops
 * the transfer. The senders hash again as they read.
 */
export type ExportFilesResult = { ok: true; record: ExportRecord; files: OutgoingFile[] } | { ok: false; reason: string; kind: ErrorKind };

export async function exportFilesToSend(db: Db, layout: DataLayout, exportId: string, now: number): Promise<ExportFilesResult> {
  if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,80}$/.test(exportId)) return { ok: false, reason: `"${exportId}" is not an export id`, kind: 'NotFound' };
  const record = new ExportStore(db).get(exportId);
  if (!record) return { ok: false, reason: `there is no export ${exportId}`, kind: 'NotFound' };
  if (record.removedAt) return { ok: false, reason: `export ${exportId} was removed (${record.removalReason ?? 'expired'}); make a new export`, kind: 'FailedPrecondition' };
  if (record.expiresAt <= now) return { ok: false, reason: `export ${exportId} has expired; make a new export`, kind: 'FailedPrecondition' };
  const dir = join(layout.exportsDir, exportId);
  let fingerprint: string;
  try {
    fingerprint = SigningKey.load(layout.keysDir).fingerprint();
  } catch {
    return { ok: false, reason: "this install's signing key is missing, so the export cannot be checked before it is sent", kind: 'FailedPrecondition' };
  }
  const check = await verifyExport(dir, { fingerprint });
  if (!check.ok || !check.manifest) {
    return { ok: false, reason: `export ${exportId} no longer matches its signed manifest (${check.problems.map((p) => p.message).join('; ')}); nothing is sent`, kind: 'DataLoss' };
  }
  const files: OutgoingFile[] = check.manifest.files.map((f) => ({ name: f.name, path: join(dir, f.name), bytes: f.bytes, sha256: f.sha256 }));
  for (const name of FIXED_FILES) {
    const path = join(dir, name);
    const { sha256, bytes } = await hashFile(path);
    files.push({ name, path, bytes, sha256 });
  }
  return { ok: true, record, files };
}
