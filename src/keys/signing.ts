import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign as edSign, verify as edVerify, type KeyObject } from 'node:crypto';
import { chmodSync, closeSync, linkSync, mkdirSync, openSync, readFileSync, statSync, writeSync, fsyncSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fsyncDir } from '../shared/fsync.js';
import { PremisesError } from '../shared/errors.js';

/**
 * The install's Ed25519 signing key. Generated on first use, kept in
 * <dataDir>/keys (0700; private key 0600). Its fingerprint is what the owner
 * writes down: a copy of the audit checkpoints or an export signed by this key
 * can later be checked against it even if the machine was taken over.
 *
 * Every signature covers `<purpose>\n<message>`, so a signature made for one
 * purpose (an audit checkpoint) can never be replayed as another (an export
 * manifest) under the same key.
 */
export const PRIVATE_KEY_FILE = 'signing-ed25519.key.pem';
export const PUBLIC_KEY_FILE = 'signing-ed25519.pub.pem';

export const PURPOSE_AUDIT_CHECKPOINT = 'premises-audit-checkpoint-v1';
export const PURPOSE_EXPORT_MANIFEST = 'premises-export-manifest-v1';

const PURPOSE = /^[a-z0-9][a-z0-9.-]{2,63}$/;

function purposeBytes(purpose: string, message: Buffer): Buffer {
  if (!PURPOSE.test(purpose)) throw new Error(`invalid signature purpose "${purpose}"`);
  return Buffer.concat([Buffer.from(`${purpose}\n`, 'utf8'), message]);
}

/** sha256 over the public key's DER SubjectPublicKeyInfo, hex. */
export function fingerprintOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

/** A fingerprint grouped for reading aloud or writing down: `ab12 cd34 …`. */
export function formatFingerprint(hex: string): string {
  return (hex.match(/.{1,4}/g) ?? []).join(' ');
}

/** Accepts a fingerprint as printed (spaces, colons, upper case) and returns bare lower-case hex. */
export function normalizeFingerprint(text: string): string {
  const hex = text.replace(/[\s:]/g, '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex)) {
    throw new PremisesError('InvalidArgument', `"${text}" is not a key fingerprint; expected 64 hex digits (spaces allowed)`);
  }
  return hex;
}

export function publicKeyFromBase64(spkiDerBase64: string): KeyObject {
  return createPublicKey({ key: Buffer.from(spkiDerBase64, 'base64'), format: 'der', type: 'spki' });
}

export function verifySignature(publicKey: KeyObject, purpose: string, message: Buffer, signatureBase64: string): boolean {
  try {
    return edVerify(null, purposeBytes(purpose, message), publicKey, Buffer.from(signatureBase64, 'base64'));
  } catch {
    return false;
  }
}

export class SigningKey {
  readonly publicKey: KeyObject;

  private constructor(private readonly privateKey: KeyObject) {
    this.publicKey = createPublicKey(privateKey);
  }

  /** A key that lives only in memory (tests; re-signing attacks in tamper tests). */
  static generate(): SigningKey {
    return new SigningKey(generateKeyPairSync('ed25519').privateKey);
  }

  /** Load the install's key, creating it on first use. */
  static loadOrCreate(keysDir: string): SigningKey {
    const privPath = join(keysDir, PRIVATE_KEY_FILE);
    try {
      return SigningKey.load(keysDir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    mkdirSync(keysDir, { recursive: true, mode: 0o700 });
    chmodSync(keysDir, 0o700);
    const key = SigningKey.generate();
    const pem = key.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    // Write to a temporary name and link into place without overwriting: two
    // processes starting at once end up with the same (first) key.
    const tmp = `${privPath}.${process.pid}.tmp`;
    writeDurable(tmp, pem, 0o600);
    try {
      renameNoReplace(tmp, privPath);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      return SigningKey.load(keysDir);
    }
    writeDurable(join(keysDir, PUBLIC_KEY_FILE), key.publicKeyPem(), 0o644);
    fsyncDir(keysDir);
    return key;
  }

  static load(keysDir: string): SigningKey {
    const privPath = join(keysDir, PRIVATE_KEY_FILE);
    const mode = statSync(privPath).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new PremisesError('FailedPrecondition', `${privPath} is readable by others (mode ${mode.toString(8)}); run chmod 600 on it`);
    }
    return new SigningKey(createPrivateKey(readFileSync(privPath, 'utf8')));
  }

  fingerprint(): string {
    return fingerprintOf(this.publicKey);
  }

  publicKeyBase64(): string {
    return this.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  }

  publicKeyPem(): string {
    return this.publicKey.export({ type: 'spki', format: 'pem' }) as string;
  }

  /** Signature (base64) over `<purpose>\n<message>`. */
  sign(purpose: string, message: Buffer): string {
    return edSign(null, purposeBytes(purpose, message), this.privateKey).toString('base64');
  }

  /** PKCS#8 PEM of the private key; only for an encrypted backup. */
  exportPrivatePem(): string {
    return this.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  }
}

function writeDurable(path: string, text: string, mode: number): void {
  const fd = openSync(path, 'w', mode);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  chmodSync(path, mode);
}

/** rename(2) that fails with EEXIST instead of replacing: a hard link is atomic and never replaces. */
function renameNoReplace(from: string, to: string): void {
  try {
    linkSync(from, to);
  } finally {
    try {
      unlinkSync(from);
    } catch {
      /* already gone */
    }
  }
}
