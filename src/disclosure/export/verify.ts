import { createPublicKey, type KeyObject } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex } from '../../audit/log.js';
import { fingerprintOf, normalizeFingerprint, publicKeyFromBase64, PURPOSE_EXPORT_MANIFEST, verifySignature } from '../../keys/signing.js';
import { hashFile } from '../../segments/hash.js';
import { checksumsText, CHECKSUMS_FILE, FIXED_FILES, MANIFEST_FILE, MANIFEST_FORMAT, PUBLIC_KEY_FILE, SIGNATURE_FILE, type ExportManifest } from './manifest.js';

/**
 * Offline check of an export folder (docs/exports.md, "Verifying"). Needs no
 * index, config or key of this install: only the folder and the pin — the
 * owner's fingerprint or the public key file. The key written in the manifest
 * is trusted only if it matches the pin; anyone can sign a manifest with a
 * key of their own.
 */
export type Trust = { fingerprint: string } | { publicKeyPem: string };

export type ProblemKind =
  | 'manifest-missing'
  | 'manifest-invalid'
  | 'signature-missing'
  | 'untrusted-key'
  | 'bad-signature'
  | 'file-missing'
  | 'size-mismatch'
  | 'hash-mismatch'
  | 'unlisted-file'
  | 'checksums-mismatch'
  | 'public-key-file-mismatch';

export interface VerifyProblem {
  kind: ProblemKind;
  message: string;
}

export interface VerifyResult {
  ok: boolean;
  problems: VerifyProblem[];
  manifest?: ExportManifest;
  filesChecked: number;
}

function readOrUndefined(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

function spki(key: KeyObject): Buffer {
  return key.export({ type: 'spki', format: 'der' });
}

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function shapeProblem(m: unknown): string | undefined {
  if (typeof m !== 'object' || m === null) return 'not a JSON object';
  const o = m as Partial<ExportManifest>;
  if (o.format !== MANIFEST_FORMAT) return `format is not ${MANIFEST_FORMAT}`;
  if (!Array.isArray(o.files)) return 'no files list';
  for (const f of o.files) {
    if (typeof f?.name !== 'string' || !SAFE_NAME.test(f.name) || typeof f.sha256 !== 'string' || typeof f.bytes !== 'number') return 'a file entry is malformed';
    if ((FIXED_FILES as readonly string[]).includes(f.name)) return `a file entry uses the reserved name ${f.name}`;
  }
  if (new Set(o.files.map((f) => f.name)).size !== o.files.length) return 'a file is listed twice';
  if (typeof o.signer?.publicKey !== 'string' || typeof o.signer.fingerprint !== 'string') return 'no signer';
  if (typeof o.checksums?.sha256 !== 'string') return 'no checksums hash';
  return undefined;
}

export async function verifyExport(dir: string, trust: Trust): Promise<VerifyResult> {
  const problems: VerifyProblem[] = [];
  const add = (kind: ProblemKind, message: string) => problems.push({ kind, message });

  const json = readOrUndefined(join(dir, MANIFEST_FILE));
  if (!json) {
    add('manifest-missing', `${MANIFEST_FILE} is missing or unreadable`);
    return { ok: false, problems, filesChecked: 0 };
  }
  let manifest: ExportManifest;
  try {
    manifest = JSON.parse(json.toString('utf8')) as ExportManifest;
  } catch (err) {
    add('manifest-invalid', `${MANIFEST_FILE} is not JSON: ${(err as Error).message}`);
    return { ok: false, problems, filesChecked: 0 };
  }
  const shape = shapeProblem(manifest);
  if (shape) {
    add('manifest-invalid', `${MANIFEST_FILE}: ${shape}`);
    return { ok: false, problems, filesChecked: 0 };
  }

  // The key: the pinned one, never simply the one the manifest carries.
  let key: KeyObject | undefined;
  let manifestKey: KeyObject | undefined;
  try {
    manifestKey = publicKeyFromBase64(manifest.signer.publicKey);
  } catch {
    add('manifest-invalid', 'the public key in the manifest cannot be read');
  }
  if ('fingerprint' in trust) {
    const pinned = normalizeFingerprint(trust.fingerprint);
    if (manifestKey && fingerprintOf(manifestKey) === pinned) key = manifestKey;
    else add('untrusted-key', `the manifest was signed by key ${manifestKey ? fingerprintOf(manifestKey) : '(unreadable)'}, not by the pinned key ${pinned}`);
  } else {
    key = createPublicKey(trust.publicKeyPem);
    if (!manifestKey || !spki(key).equals(spki(manifestKey))) add('untrusted-key', 'the manifest names another signing key than the public key given');
  }
  if (manifestKey && manifest.signer.fingerprint !== fingerprintOf(manifestKey)) add('manifest-invalid', 'the fingerprint in the manifest does not belong to its public key');

  const sig = readOrUndefined(join(dir, SIGNATURE_FILE));
  if (!sig) add('signature-missing', `${SIGNATURE_FILE} is missing`);
  else if (key && !verifySignature(key, PURPOSE_EXPORT_MANIFEST, json, sig.toString('utf8').trim())) {
    add('bad-signature', `the signature in ${SIGNATURE_FILE} does not match ${MANIFEST_FILE} (the manifest was edited or signed by another key)`);
  }

  const pem = readOrUndefined(join(dir, PUBLIC_KEY_FILE));
  try {
    if (!pem || !manifestKey || !spki(createPublicKey(pem.toString('utf8'))).equals(spki(manifestKey))) {
      add('public-key-file-mismatch', `${PUBLIC_KEY_FILE} is missing or is not the key named in the manifest`);
    }
  } catch {
    add('public-key-file-mismatch', `${PUBLIC_KEY_FILE} cannot be read as a public key`);
  }

  const sums = readOrUndefined(join(dir, CHECKSUMS_FILE));
  if (!sums || sha256Hex(sums) !== manifest.checksums.sha256 || sums.toString('utf8') !== checksumsText(manifest.files)) {
    add('checksums-mismatch', `${CHECKSUMS_FILE} is missing or differs from the one the manifest was signed with`);
  }

  let filesChecked = 0;
  for (const f of manifest.files) {
    const path = join(dir, f.name);
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      add('file-missing', `${f.name} is missing`);
      continue;
    }
    filesChecked += 1;
    if (size !== f.bytes) add('size-mismatch', `${f.name}: ${size} bytes, the manifest says ${f.bytes}`);
    const { sha256 } = await hashFile(path);
    if (sha256 !== f.sha256) add('hash-mismatch', `${f.name}: sha256 ${sha256}, the manifest says ${f.sha256}`);
  }

  const expected = new Set<string>([...FIXED_FILES, ...manifest.files.map((f) => f.name)]);
  for (const name of readdirSync(dir)) {
    if (!expected.has(name)) add('unlisted-file', `${name} is in the folder but not in the manifest`);
  }
  return { ok: problems.length === 0, problems, manifest, filesChecked };
}
