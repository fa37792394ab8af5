import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  checksumsText,
  CHECKSUMS_FILE,
  manifestBytes,
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  PUBLIC_KEY_FILE,
  SIGNATURE_FILE,
  signerBlock,
  signManifest,
  type ExportManifest,
} from '../../src/disclosure/export/manifest.js';
import { verifyExport } from '../../src/disclosure/export/verify.js';
import { PURPOSE_AUDIT_CHECKPOINT, SigningKey } from '../../src/keys/signing.js';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const roots: string[] = [];
after(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

/** A hand-made export folder (no ffmpeg needed: verify only looks at bytes). */
function makeFolder(key: SigningKey, edit: (m: ExportManifest) => void = () => undefined): { dir: string; manifest: ExportManifest } {
  const dir = mkdtempSync(join(tmpdir(), 'premises-verify-'));
  roots.push(dir);
  const data = randomBytes(1000);
  writeFileSync(join(dir, 'cam1-20261126T100000.000Z.mp4'), data);
  const files = [{ name: 'cam1-20261126T100000.000Z.mp4', camera: 'cam1', run: 1, start: 's', end: 'e', bytes: data.length, sha256: sha(data), encoding: 'stream-copy' as const, sources: [] }];
  const manifest: ExportManifest = {
    format: MANIFEST_FORMAT, id: 'x', premisesVersion: '0', createdAt: '', expiresAt: '', exportedBy: 'cli:t', reason: 'r', requestedBy: 'q', legalBasis: 'l',
    cameras: ['cam1'], range: { from: '', to: '' }, files, gaps: [], redactions: [],
    checksums: { file: CHECKSUMS_FILE, sha256: sha(checksumsText(files)) }, signer: signerBlock(key),
  };
  edit(manifest);
  const json = manifestBytes(manifest);
  writeFileSync(join(dir, MANIFEST_FILE), json);
  writeFileSync(join(dir, SIGNATURE_FILE), signManifest(key, json));
  writeFileSync(join(dir, PUBLIC_KEY_FILE), key.publicKeyPem());
  writeFileSync(join(dir, CHECKSUMS_FILE), checksumsText(manifest.files));
  return { dir, manifest };
}

void describe('verifyExport (hand-made folders)', () => {
  const key = SigningKey.generate();
  const kinds = async (dir: string) => (await verifyExport(dir, { fingerprint: key.fingerprint() })).problems.map((p) => p.kind);

  void it('passes a well-formed folder, by fingerprint (any spelling) or by public key', async () => {
    const { dir } = makeFolder(key);
    assert.deepEqual(await kinds(dir), []);
    const spaced = key.fingerprint().toUpperCase().match(/.{4}/g)!.join(' ');
    assert.deepEqual((await verifyExport(dir, { fingerprint: spaced })).problems, []);
    assert.deepEqual((await verifyExport(dir, { publicKeyPem: key.publicKeyPem() })).problems, []);
    // Pinned to another key: not that key's manifest, and the signature does not verify under it either.
    assert.deepEqual((await verifyExport(dir, { publicKeyPem: SigningKey.generate().publicKeyPem() })).problems.map((p) => p.kind), ['untrusted-key', 'bad-signature']);
  });

  void it('refuses a signature made by the same key for another purpose (an audit checkpoint)', async () => {
    const { dir, manifest } = makeFolder(key);
    writeFileSync(join(dir, SIGNATURE_FILE), key.sign(PURPOSE_AUDIT_CHECKPOINT, manifestBytes(manifest)));
    assert.deepEqual(await kinds(dir), ['bad-signature']);
  });

  void it('refuses file names that escape the folder, duplicates and reserved names, before touching the disk', async () => {
    for (const name of ['../outside.mp4', '/etc/passwd', '.hidden.mp4', MANIFEST_FILE]) {
      const { dir } = makeFolder(key, (m) => {
        m.files[0]!.name = name;
      });
      assert.deepEqual(await kinds(dir), ['manifest-invalid'], name);
    }
    const { dir } = makeFolder(key, (m) => {
      m.files.push({ ...m.files[0]! });
    });
    assert.deepEqual(await kinds(dir), ['manifest-invalid']);
  });

  void it('names each missing or mismatched piece', async () => {
    const a = makeFolder(key);
    unlinkSync(join(a.dir, SIGNATURE_FILE));
    assert.deepEqual(await kinds(a.dir), ['signature-missing']);
    const b = makeFolder(key);
    writeFileSync(join(b.dir, PUBLIC_KEY_FILE), SigningKey.generate().publicKeyPem());
    assert.deepEqual(await kinds(b.dir), ['public-key-file-mismatch']);
    const c = makeFolder(key);
    writeFileSync(join(c.dir, CHECKSUMS_FILE), `${'0'.repeat(64)}  cam1-20261126T100000.000Z.mp4\n`);
    assert.deepEqual(await kinds(c.dir), ['checksums-mismatch']);
    const d = makeFolder(key);
    unlinkSync(join(d.dir, d.manifest.files[0]!.name));
    assert.deepEqual(await kinds(d.dir), ['file-missing']);
    const e = makeFolder(key);
    writeFileSync(join(e.dir, e.manifest.files[0]!.name), randomBytes(999));
    assert.deepEqual(await kinds(e.dir), ['size-mismatch', 'hash-mismatch']);
    const f = makeFolder(key);
    writeFileSync(join(f.dir, MANIFEST_FILE), '{not json');
    assert.deepEqual(await kinds(f.dir), ['manifest-invalid']);
    assert.deepEqual(await kinds(join(f.dir, 'nope')), ['manifest-missing']);
  });
});
