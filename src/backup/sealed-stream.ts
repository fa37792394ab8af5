import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { PremisesError } from '../shared/errors.js';
import { checkPassphrase, derive, SCRYPT } from './crypto.js';

/**
 * The sealed backup format, premises-sealed-backup-v1 (docs/backup.md has
 * the byte layout for anyone writing their own reader):
 *
 *   MAGIC "PREMISES-SEALED-BACKUP-V1\n"
 *   uint32 BE n, then n bytes of header JSON:
 *     {kdf: {name: scrypt, N, r, p, salt}, cipher: aes-256-gcm, chunkBytes, noncePrefix, keyCheck}
 *   chunks until the final one: uint32 BE length L (0..chunkBytes), L bytes
 *     of AES-256-GCM ciphertext, its 16-byte tag.
 *
 * The key is scrypt(passphrase, salt). Chunk i's 12-byte nonce is the 7-byte
 * noncePrefix, i as uint32 BE, then 1 for the final chunk and 0 otherwise;
 * every chunk's additional data is everything before the first chunk (magic,
 * length and header), so no header field can be changed either. A reader
 * stops at the chunk flagged final and refuses anything after it, or a file
 * that ends before it: a cut, reordered, swapped or altered chunk fails.
 * keyCheck (HMAC-SHA256 of "premises-backup-key-check" under the key, hex)
 * only tells a wrong passphrase from a damaged file.
 */
export const MAGIC = Buffer.from('PREMISES-SEALED-BACKUP-V1\n', 'ascii');
export const CHUNK_BYTES = 1 << 20;
const TAG = 16;

interface Header {
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: 'aes-256-gcm';
  chunkBytes: number;
  noncePrefix: string;
  keyCheck: string;
}

const keyCheckOf = (key: Buffer) => createHmac('sha256', key).update('premises-backup-key-check').digest('hex');

function nonce(prefix: Buffer, index: number, final: boolean): Buffer {
  const n = Buffer.alloc(12);
  prefix.copy(n, 0, 0, 7);
  n.writeUInt32BE(index, 7);
  n[11] = final ? 1 : 0;
  return n;
}

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

/** Encrypt a stream of plaintext chunks into the sealed format. */
export async function* sealStream(plain: AsyncIterable<Buffer>, passphrase: string): AsyncGenerator<Buffer> {
  checkPassphrase(passphrase);
  const salt = randomBytes(16);
  const prefix = randomBytes(7);
  const key = derive(passphrase, salt, SCRYPT);
  const header: Header = {
    kdf: { name: 'scrypt', ...SCRYPT, salt: salt.toString('base64') },
    cipher: 'aes-256-gcm',
    chunkBytes: CHUNK_BYTES,
    noncePrefix: prefix.toString('base64'),
    keyCheck: keyCheckOf(key),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const aad = Buffer.concat([MAGIC, u32(json.length), json]);
  yield aad;
  let index = 0;
  const sealChunk = (data: Buffer, final: boolean): Buffer => {
    const c = createCipheriv('aes-256-gcm', key, nonce(prefix, index++, final));
    c.setAAD(aad);
    const body = Buffer.concat([c.update(data), c.final()]);
    return Buffer.concat([u32(body.length), body, c.getAuthTag()]);
  };
  // Hold back one full chunk so the last one can be flagged final.
  let pending: Buffer = Buffer.alloc(0);
  for await (const piece of plain) {
    pending = pending.length === 0 ? piece : Buffer.concat([pending, piece]);
    while (pending.length > CHUNK_BYTES) {
      yield sealChunk(pending.subarray(0, CHUNK_BYTES), false);
      pending = pending.subarray(CHUNK_BYTES);
    }
  }
  yield sealChunk(pending, true);
}

const damaged = (what: string) =>
  new PremisesError('DataLoss', `the backup archive is damaged or was altered (${what}); nothing was restored. Use another copy of the backup.`);

/** Decrypt a sealed stream; every chunk is authenticated before its plaintext is yielded. */
export async function* unsealStream(sealed: AsyncIterable<Buffer>, passphrase: string): AsyncGenerator<Buffer> {
  let buf: Buffer = Buffer.alloc(0);
  let pos = 0;
  const iter = sealed[Symbol.asyncIterator]();
  let ended = false;
  /** Make at least n unread bytes available, or return false at the end of the file. */
  const need = async (n: number): Promise<boolean> => {
    while (buf.length - pos < n) {
      if (ended) return false;
      const next = await iter.next();
      if (next.done) {
        ended = true;
        continue;
      }
      buf = Buffer.concat([buf.subarray(pos), next.value]);
      pos = 0;
    }
    return true;
  };
  const take = (n: number) => {
    const out = buf.subarray(pos, pos + n);
    pos += n;
    return out;
  };

  if (!(await need(MAGIC.length + 4)) || !take(MAGIC.length).equals(MAGIC)) {
    throw new PremisesError('InvalidArgument', 'this file is not a sealed Premises backup (premises-sealed-backup-v1)');
  }
  const jsonLen = buf.readUInt32BE(pos);
  pos += 4;
  if (jsonLen > 4096 || !(await need(jsonLen))) throw damaged('its header is cut or too long');
  const json = take(jsonLen);
  let header: Header;
  try {
    header = JSON.parse(json.toString('utf8')) as Header;
  } catch {
    throw damaged('its header is not readable');
  }
  const { kdf } = header;
  if (kdf?.name !== 'scrypt' || header.cipher !== 'aes-256-gcm') throw damaged('its header names an unknown method');
  if (kdf.N > 2 ** 20 || kdf.r > 16 || kdf.p > 4) throw damaged('its header asks for unreasonable scrypt parameters');
  if (!(header.chunkBytes > 0 && header.chunkBytes <= 16 * CHUNK_BYTES)) throw damaged('its header gives an impossible chunk size');
  const aad = Buffer.concat([MAGIC, u32(jsonLen), json]);
  const key = derive(passphrase, Buffer.from(kdf.salt, 'base64'), kdf);
  const check = Buffer.from(keyCheckOf(key), 'hex');
  const stated = Buffer.from(String(header.keyCheck), 'hex');
  if (stated.length !== check.length || !timingSafeEqual(stated, check)) {
    throw new PremisesError('InvalidArgument', 'cannot open the backup: wrong passphrase (or its header was altered)');
  }
  const prefix = Buffer.from(header.noncePrefix, 'base64');
  for (let index = 0; ; index++) {
    if (!(await need(4))) throw damaged(`it ends before its last part (after part ${index})`);
    const len = buf.readUInt32BE(pos);
    pos += 4;
    if (len > header.chunkBytes) throw damaged(`part ${index + 1} has an impossible length`);
    if (!(await need(len + TAG))) throw damaged(`it ends inside part ${index + 1}`);
    const body = take(len);
    const tag = take(TAG);
    let plain: Buffer | undefined;
    let final = false;
    // A chunk authenticates under exactly one of the two flags; which one says whether it is the last.
    for (const flag of [false, true]) {
      const d = createDecipheriv('aes-256-gcm', key, nonce(prefix, index, flag));
      d.setAAD(aad);
      d.setAuthTag(tag);
      try {
        plain = Buffer.concat([d.update(body), d.final()]);
        final = flag;
        break;
      } catch {
        plain = undefined;
      }
    }
    if (!plain) throw damaged(`part ${index + 1} fails its authentication check`);
    yield plain;
    if (final) {
      if (await need(1)) throw damaged('it has data after its last part');
      return;
    }
  }
}
