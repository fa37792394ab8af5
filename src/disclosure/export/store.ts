import type { Db } from '../../db/open.js';

/** The `exports` table (migration 009): thin typed queries. */
export interface ExportRecord {
  id: string;
  cameras: string[];
  fromMs: number;
  toMs: number;
  reason: string;
  requestedBy: string;
  legalBasis: string;
  createdBy: string;
  createdAt: number;
  expiresAt: number;
  manifestSha256: string;
  files: number;
  bytes: number;
  removedAt?: number | null;
  removedBy?: string | null;
  removalReason?: string | null;
}

interface Row {
  id: string;
  cameras: string;
  from_ms: number;
  to_ms: number;
  reason: string;
  requested_by: string;
  legal_basis: string;
  created_by: string;
  created_at: number;
  expires_at: number;
  manifest_sha256: string;
  files: number;
  bytes: number;
  removed_at: number | null;
  removed_by: string | null;
  removal_reason: string | null;
}

const INSERT = `INSERT INTO exports (id, cameras, from_ms, to_ms, reason, requested_by, legal_basis, created_by, created_at, expires_at, manifest_sha256, files, bytes)
  VALUES (@id, @cameras, @fromMs, @toMs, @reason, @requestedBy, @legalBasis, @createdBy, @createdAt, @expiresAt, @manifestSha256, @files, @bytes)`;
const MARK_REMOVED = 'UPDATE exports SET removed_at = ?, removed_by = ?, removal_reason = ? WHERE id = ? AND removed_at IS NULL';

function toRecord(r: Row): ExportRecord {
  return {
    id: r.id,
    cameras: JSON.parse(r.cameras) as string[],
    fromMs: r.from_ms,
    toMs: r.to_ms,
    reason: r.reason,
    requestedBy: r.requested_by,
    legalBasis: r.legal_basis,
    createdBy: r.created_by,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    manifestSha256: r.manifest_sha256,
    files: r.files,
    bytes: r.bytes,
    removedAt: r.removed_at,
    removedBy: r.removed_by,
    removalReason: r.removal_reason,
  };
}

export class ExportStore {
  constructor(private readonly db: Db) {}

  insert(rec: ExportRecord): void {
    const { removedAt: _a, removedBy: _b, removalReason: _c, ...rest } = rec;
    this.db.prepare(INSERT).run({ ...rest, cameras: JSON.stringify(rec.cameras) });
  }

  get(id: string): ExportRecord | undefined {
    const row = this.db.prepare('SELECT * FROM exports WHERE id = ?').get(id) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  list(options: { includeRemoved?: boolean } = {}): ExportRecord[] {
    const sql = options.includeRemoved ? 'SELECT * FROM exports ORDER BY created_at' : 'SELECT * FROM exports WHERE removed_at IS NULL ORDER BY created_at';
    return (this.db.prepare(sql).all() as Row[]).map(toRecord);
  }

  /** Returns false when the export was already marked removed (another sweeper won). */
  markRemoved(id: string, at: number, by: string, reason: string): boolean {
    return this.db.prepare(MARK_REMOVED).run(at, by, reason, id).changes === 1;
  }
}
