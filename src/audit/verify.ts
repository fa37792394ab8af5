import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db/open.js';
import { fingerprintOf, publicKeyFromBase64, PURPOSE_AUDIT_CHECKPOINT, verifySignature } from '../keys/signing.js';
import { PremisesError } from '../shared/errors.js';
import { checkpointMessage, type Checkpoint } from './checkpoints.js';
import { erasedSeqs, iterateAuditRows } from './entries.js';
import { entryHash, GENESIS_HASH, sha256Hex } from './log.js';

/**
 * Verification of the audit log against itself (hash chain), its erasure
 * records, and signed checkpoints (stored in the index and/or exported copies).
 * Reports every problem, sorted so the first names the earliest bad entry.
 */
export type ProblemKind =
  | 'edited' // an entry's fields no longer match its hash
  | 'details-edited' // details text no longer matches details_hash
  | 'details-erased-unrecorded' // details gone without an erasure record
  | 'erasure-unlogged' // an erasure record without its audit entry
  | 'deleted' // a gap in the sequence
  | 'inserted-or-reordered' // prev_hash does not link to the previous entry
  | 'truncated' // a checkpoint covers more entries than the log has
  | 'rewritten' // the entry a checkpoint covers has a different hash now
  | 'bad-signature'
  | 'unpinned-key';

export interface Problem {
  kind: ProblemKind;
  /** The first entry concerned, or null for a checkpoint-level problem. */
  seq: number | null;
  message: string;
}

export interface SourcedCheckpoint extends Checkpoint {
  source: string;
}

export interface VerifyResult {
  ok: boolean;
  entries: number;
  headHash: string;
  checkpointsChecked: number;
  problems: Problem[];
}

const EMPTY_DETAILS_HASH = sha256Hex('');
const MAX_PROBLEMS = 1000;

export function verifyAudit(db: Db, options: { checkpoints?: readonly SourcedCheckpoint[]; pinnedFingerprint?: string } = {}): VerifyResult {
  const problems: Problem[] = [];
  const add = (p: Problem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };
  const checkpoints = options.checkpoints ?? [];
  const wanted = new Set(checkpoints.map((c) => c.size));
  const hashAt = new Map<number, string>([[0, GENESIS_HASH]]);

  const erasures = erasedSeqs(db);
  const erasureEntries = new Set<number>();

  let expected = 1;
  let prevHash = GENESIS_HASH;
  let entries = 0;
  let lastSeq = 0;
  const rows = iterateAuditRows(db);
  for (const row of rows) {
    entries += 1;
    if (row.seq !== expected) {
      const range = row.seq - 1 === expected ? `${expected}` : `${expected}..${row.seq - 1}`;
      add({ kind: 'deleted', seq: expected, message: `entr${row.seq - 1 === expected ? 'y' : 'ies'} ${range} missing: deleted from the log` });
    }
    if (entryHash(row) !== row.hash) {
      add({ kind: 'edited', seq: row.seq, message: `entry ${row.seq} was edited or moved: its fields no longer match its hash` });
    } else if (row.prev_hash !== prevHash && row.seq === expected) {
      add({
        kind: 'inserted-or-reordered',
        seq: row.seq,
        message: `entry ${row.seq} does not follow entry ${row.seq - 1} (prev_hash mismatch): an entry was inserted, replaced or reordered here`,
      });
    }
    if (row.details !== null) {
      if (sha256Hex(row.details) !== row.details_hash) {
        add({ kind: 'details-edited', seq: row.seq, message: `entry ${row.seq}: details were edited (they do not match details_hash)` });
      }
    } else if (row.details_hash !== EMPTY_DETAILS_HASH && !erasures.has(row.seq)) {
      add({ kind: 'details-erased-unrecorded', seq: row.seq, message: `entry ${row.seq}: details removed without an erasure record` });
    }
    if (row.action === ERASURE_ACTION) {
      const m = /^audit:(\d+)$/.exec(row.subject);
      if (m) erasureEntries.add(Number(m[1]));
    }
    if (wanted.has(row.seq)) hashAt.set(row.seq, row.hash);
    prevHash = row.hash;
    expected = row.seq + 1;
    lastSeq = row.seq;
  }

  for (const cp of checkpoints) {
    const where = `checkpoint of ${cp.size} entries made ${new Date(cp.at).toISOString()} (${cp.source})`;
    let keyFp: string;
    let signed = false;
    try {
      const key = publicKeyFromBase64(cp.public_key);
      keyFp = fingerprintOf(key);
      signed = verifySignature(key, PURPOSE_AUDIT_CHECKPOINT, checkpointMessage(cp), cp.signature);
    } catch {
      keyFp = '';
    }
    if (!signed || keyFp !== cp.key_fingerprint) {
      add({ kind: 'bad-signature', seq: cp.size || null, message: `${where}: the signature does not verify` });
      continue;
    }
    if (options.pinnedFingerprint && keyFp !== options.pinnedFingerprint) {
      add({
        kind: 'unpinned-key',
        seq: cp.size || null,
        message: `${where}: signed by key ${keyFp.slice(0, 16)}…, not the pinned key ${options.pinnedFingerprint.slice(0, 16)}… (re-signed by someone else)`,
      });
      continue;
    }
    if (cp.size > lastSeq) {
      add({
        kind: 'truncated',
        seq: lastSeq + 1,
        message: `the log ends at entry ${lastSeq} but the ${where} covers ${cp.size}: entries ${lastSeq + 1}..${cp.size} were cut off`,
      });
      continue;
    }
    const actual = hashAt.get(cp.size);
    if (actual === undefined) {
      add({ kind: 'deleted', seq: cp.size, message: `entry ${cp.size}, covered by the ${where}, is missing` });
    } else if (actual !== cp.head_hash) {
      add({ kind: 'rewritten', seq: cp.size, message: `entry ${cp.size} differs from the ${where}: the log was rewritten up to here` });
    }
  }

  // The entry logging an erasure always comes after everything present, so a
  // missing one points past the end (a cut tail) unless found in between.
  for (const seq of erasures) {
    if (!erasureEntries.has(seq)) {
      add({ kind: 'erasure-unlogged', seq: lastSeq + 1, message: `the details of entry ${seq} were erased, but the ${ERASURE_ACTION} entry that logged it is gone` });
    }
  }

  problems.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  return { ok: problems.length === 0, entries, headHash: prevHash, checkpointsChecked: checkpoints.length, problems };
}

export const ERASURE_ACTION = 'audit.details_erased';

export const CHECKPOINT_FILE_FORMAT = 'premises-audit-checkpoints-v1';

export interface CheckpointFile {
  format: typeof CHECKPOINT_FILE_FORMAT;
  exported_at: string;
  key_fingerprint: string;
  checkpoints: Checkpoint[];
}

/** Read every exported checkpoint file (*.json) in a directory. */
export function readCheckpointDir(dir: string): SourcedCheckpoint[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  } catch (err) {
    throw new PremisesError('InvalidArgument', `cannot read the checkpoint directory ${dir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const out: SourcedCheckpoint[] = [];
  for (const name of names) {
    const path = join(dir, name);
    let parsed: Partial<CheckpointFile>;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<CheckpointFile>;
    } catch (err) {
      throw new PremisesError('InvalidArgument', `${path}: not a checkpoint file (${(err as Error).message})`);
    }
    if (parsed.format !== CHECKPOINT_FILE_FORMAT || !Array.isArray(parsed.checkpoints)) {
      throw new PremisesError('InvalidArgument', `${path}: not a Premises checkpoint file (format "${String(parsed.format)}")`);
    }
    for (const cp of parsed.checkpoints) out.push({ ...cp, source: name });
  }
  return out;
}
