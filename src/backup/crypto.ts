import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { PremisesError } from '../shared/errors.js';

/**
 * Passphrase encryption for the keys in a backup: scrypt (N = 2^17, r = 8,
 * p = 1, the OWASP ASVS 5.0 floor; Node needs maxmem raised for it) then
 * AES-256-GCM, whose tag also detects a wrong passphrase or a damaged file.
 */
export const SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const;
const MAXMEM = 256 * 1024 * 1024;
export const MIN_PASSPHRASE = 12;

export interface Sealed {
  format: 'premises-sealed-v1';
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: 'aes-256-gcm';
  iv: string;
  tag: string;
  data: string;
}

export function derive(passphrase: string, salt: Buffer, params: { N: number; r: number; p: number }): Buffer {
  return scryptSync(passphrase.normalize('NFC'), salt, 32, { ...params, maxmem: MAXMEM });
}

export function checkPassphrase(passphrase: string): void {
  if (passphrase.length < MIN_PASSPHRASE) {
    throw new PremisesError('InvalidArgument', `the backup passphrase is too short: use at least ${MIN_PASSPHRASE} characters (a few random words)`);
  }
}

export function seal(plain: Buffer, passphrase: string): Sealed {
  checkPassphrase(passphrase);
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = derive(passphrase, salt, SCRYPT);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from('premises-sealed-v1'));
  const data = Buffer.concat([cipher.update(plain), cipher.final()]);
  return {
    format: 'premises-sealed-v1',
    kdf: { name: 'scrypt', ...SCRYPT, salt: salt.toString('base64') },
    cipher: 'aes-256-gcm',
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
}

export function unseal(sealed: Sealed, passphrase: string): Buffer {
  if (sealed.format !== 'premises-sealed-v1' || sealed.kdf.name !== 'scrypt' || sealed.cipher !== 'aes-256-gcm') {
    throw new PremisesError('InvalidArgument', 'the encrypted keys file has an unknown format');
  }
  const { N, r, p } = sealed.kdf;
  if (N > 2 ** 20 || r > 16 || p > 4) throw new PremisesError('InvalidArgument', 'the encrypted keys file asks for unreasonable scrypt parameters');
  const key = derive(passphrase, Buffer.from(sealed.kdf.salt, 'base64'), { N, r, p });
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
  decipher.setAAD(Buffer.from('premises-sealed-v1'));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]);
  } catch {
    throw new PremisesError('InvalidArgument', 'cannot decrypt the keys: wrong passphrase, or the backup is damaged');
  }
}
