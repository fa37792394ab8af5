import type { Db } from '../db/open.js';
import { statement } from '../db/statements.js';
import { auditHead } from './entries.js';
import { PURPOSE_AUDIT_CHECKPOINT, type SigningKey } from '../keys/signing.js';
import type { Clock } from '../shared/clock.js';
import { canonicalJson, GENESIS_HASH } from './log.js';

/**
 * Signed checkpoints of the audit log: (size, head hash) signed with the
 * install's Ed25519 key. A copy kept off the machine later proves the log was
 * neither rewritten nor truncated behind it.
 */
export interface Checkpoint {
  size: number;
  head_hash: string;
  at: number;
  key_fingerprint: string;
  public_key: string;
  signature: string;
}

export interface StoredCheckpoint extends Checkpoint {
  id: number;
}

export const CHECKPOINT_EVERY_ENTRIES = 1000;
export const CHECKPOINT_MAX_INTERVAL_MS = 3_600_000;

/** The exact bytes a checkpoint signature covers (after the purpose prefix). */
export function checkpointMessage(c: Pick<Checkpoint, 'size' | 'head_hash' | 'at'>): Buffer {
  return Buffer.from(canonicalJson({ at: c.at, head: c.head_hash, size: c.size }), 'utf8');
}

export function signCheckpoint(key: SigningKey, size: number, headHash: string, at: number): Checkpoint {
  return {
    size,
    head_hash: headHash,
    at,
    key_fingerprint: key.fingerprint(),
    public_key: key.publicKeyBase64(),
    signature: key.sign(PURPOSE_AUDIT_CHECKPOINT, checkpointMessage({ size, head_hash: headHash, at })),
  };
}

export class AuditCheckpoints {
  constructor(
    private readonly db: Db,
    private readonly key: SigningKey,
    private readonly clock: Clock,
    private readonly options: { everyEntries?: number; maxIntervalMs?: number } = {},
  ) {}

  /** Sign the current head now (`premises audit checkpoint`, shutdown, export). */
  create(): StoredCheckpoint {
    return this.db.transaction(() => {
      const head = auditHead(this.db);
      const cp = signCheckpoint(this.key, head?.seq ?? 0, head?.hash ?? GENESIS_HASH, this.clock.now());
      const info = statement(
        this.db,
        `INSERT INTO audit_checkpoints (size, head_hash, at, key_fingerprint, public_key, signature)
         VALUES (@size, @head_hash, @at, @key_fingerprint, @public_key, @signature)`,
      ).run(cp);
      return { ...cp, id: Number(info.lastInsertRowid) };
    })();
  }

  /**
   * Called by the daemon every minute: signs a checkpoint when N entries have
   * been added since the last one, or when an hour has passed and anything
   * was added. Returns the checkpoint made, if any.
   */
  maybeCheckpoint(): StoredCheckpoint | undefined {
    const every = this.options.everyEntries ?? CHECKPOINT_EVERY_ENTRIES;
    const maxInterval = this.options.maxIntervalMs ?? CHECKPOINT_MAX_INTERVAL_MS;
    const last = this.latest();
    const headSeq = auditHead(this.db)?.seq ?? 0;
    const added = headSeq - (last?.size ?? 0);
    if (added <= 0 && last) return undefined;
    if (!last || added >= every || this.clock.now() - last.at >= maxInterval) return this.create();
    return undefined;
  }

  latest(): StoredCheckpoint | undefined {
    return latestCheckpoint(this.db);
  }

  all(): StoredCheckpoint[] {
    return storedCheckpoints(this.db);
  }
}

/* The audit_checkpoints table: the only queries over it (no key needed to read). */

export function latestCheckpoint(db: Db): StoredCheckpoint | undefined {
  return statement(db, 'SELECT * FROM audit_checkpoints ORDER BY id DESC LIMIT 1').get() as StoredCheckpoint | undefined;
}

export function storedCheckpoints(db: Db): StoredCheckpoint[] {
  return statement(db, 'SELECT * FROM audit_checkpoints ORDER BY id').all() as StoredCheckpoint[];
}

export function checkpointCount(db: Db): number {
  return (statement(db, 'SELECT count(*) AS n FROM audit_checkpoints').get() as { n: number }).n;
}
