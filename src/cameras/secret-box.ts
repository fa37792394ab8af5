import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, closeSync, constants, fsyncSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PremisesError } from '../shared/errors.js';
import { fsyncDir, mkdirDurable } from '../shared/fsync.js';

/**
 * AES-256-GCM for camera credentials at rest. The key lives in
 * <dataDir>/keys/credentials.key (32 random bytes, mode 0600, directory 0700),
 * created at first use; the index holds only ciphertext. Losing the key file
 * means re-entering camera passwords, nothing more.
 */
export const KEY_FILE = 'credentials.key';

export interface Sealed {
  keyId: string;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

export class SecretBox {
  readonly keyId: string;

  private constructor(private readonly key: Buffer) {
    this.keyId = createHash('sha256').update(key).digest('hex').slice(0, 16);
  }

  /** Load the key, creating it (exclusively, durably, 0600) if it does not exist. */
  static open(keysDir: string): SecretBox {
    const path = join(keysDir, KEY_FILE);
    mkdirDurable(keysDir);
    chmodSync(keysDir, 0o700);
    try {
      const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
      try {
        writeSync(fd, randomBytes(32));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      fsyncDir(keysDir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const mode = statSync(path).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new PremisesError('FailedPrecondition', `${path} can be read by other users (mode ${mode.toString(8)}); run: chmod 600 ${path}`);
    }
    const key = readFileSync(path);
    if (key.length !== 32) throw new PremisesError('DataLoss', `${path} is not a 32-byte key; restore it from a backup`);
    return new SecretBox(key);
  }

  seal(plaintext: string, aad: string): Sealed {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { keyId: this.keyId, iv, ciphertext, tag: cipher.getAuthTag() };
  }

  open(sealed: Sealed, aad: string): string {
    if (sealed.keyId !== this.keyId) {
      throw new PremisesError('FailedPrecondition', 'camera credentials were sealed with another key file; restore keys/credentials.key or add the camera again');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.iv);
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(sealed.tag);
      return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new PremisesError('DataLoss', 'camera credentials in the index do not decrypt (tampered or damaged); add the camera again');
    }
  }
}
