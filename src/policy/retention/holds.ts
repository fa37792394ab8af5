import type { Actor, AuditLog } from '../../audit/log.js';
import type { Db } from '../../db/open.js';
import { statement } from '../../db/statements.js';
import type { Clock } from '../../shared/clock.js';
import { PremisesError } from '../../shared/errors.js';
import { iso } from '../../shared/iso.js';

/**
 * Holds keep footage from every kind of deletion. A `decision` hold (footage
 * used to make a decision about a person) cannot be released until one year
 * after the decision (BC PIPA s.35(1)).
 */
export const HOLD_KINDS = ['incident', 'access_request', 'legal', 'police', 'decision'] as const;
export type HoldKind = (typeof HOLD_KINDS)[number];

export interface Hold {
  id: number;
  cameraId: string;
  fromMs: number;
  toMs: number;
  kind: HoldKind;
  reason: string;
  createdBy: string;
  createdAt: number;
  reviewAt: number | null;
  decidedAt: number | null;
  releasedAt: number | null;
  releasedBy: string | null;
  releaseReason: string | null;
  /** The incident case this hold is a range of: released only by closing the case. */
  caseId: number | null;
}

export interface NewHold {
  cameraId: string;
  fromMs: number;
  toMs: number;
  kind: HoldKind;
  reason: string;
  reviewAt?: number;
  /** For `decision` holds; defaults to now. */
  decidedAt?: number;
  /** A range of this incident case (src/disclosure/cases). */
  caseId?: number;
}

interface HoldRow {
  id: number;
  camera_id: string;
  from_ms: number;
  to_ms: number;
  kind: HoldKind;
  reason: string;
  created_by: string;
  created_at: number;
  review_at: number | null;
  decided_at: number | null;
  released_at: number | null;
  released_by: string | null;
  release_reason: string | null;
  case_id: number | null;
}

function toHold(r: HoldRow): Hold {
  return {
    id: r.id,
    cameraId: r.camera_id,
    fromMs: r.from_ms,
    toMs: r.to_ms,
    kind: r.kind,
    reason: r.reason,
    createdBy: r.created_by,
    createdAt: r.created_at,
    reviewAt: r.review_at,
    decidedAt: r.decided_at,
    releasedAt: r.released_at,
    releasedBy: r.released_by,
    releaseReason: r.release_reason,
    caseId: r.case_id,
  };
}

export function isHoldKind(text: string): text is HoldKind {
  return (HOLD_KINDS as readonly string[]).includes(text);
}

/** Earliest time a hold may be released: a year (calendar, UTC) after the decision for `decision` holds. */
export function earliestRelease(hold: Pick<Hold, 'kind' | 'decidedAt' | 'createdAt'>): number {
  switch (hold.kind) {
    case 'decision': {
      const d = new Date(hold.decidedAt ?? hold.createdAt);
      d.setUTCFullYear(d.getUTCFullYear() + 1);
      return d.getTime();
    }
    case 'incident':
    case 'access_request':
    case 'legal':
    case 'police':
      return -Infinity;
  }
}

export class Holds {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  add(input: NewHold, by: Actor): Hold {
    if (!(input.toMs > input.fromMs)) throw new PremisesError('InvalidArgument', 'the hold must end after it starts (--to later than --from)');
    if (!input.reason.trim()) throw new PremisesError('InvalidArgument', 'give a reason for the hold');
    if (!isHoldKind(input.kind)) throw new PremisesError('InvalidArgument', `unknown hold kind "${String(input.kind)}"; use one of ${HOLD_KINDS.join(', ')}`);
    const now = this.clock.now();
    const decidedAt = input.kind === 'decision' ? (input.decidedAt ?? now) : null;
    return this.db.transaction(() => {
      const info = this.db
        .prepare(
          `INSERT INTO holds (camera_id, from_ms, to_ms, kind, reason, created_by, created_at, review_at, decided_at, case_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(input.cameraId, input.fromMs, input.toMs, input.kind, input.reason, by, now, input.reviewAt ?? null, decidedAt, input.caseId ?? null);
      const id = Number(info.lastInsertRowid);
      this.audit.append({
        actor: by,
        action: 'hold.added',
        subject: `hold:${id}`,
        details: {
          camera: input.cameraId,
          from: new Date(input.fromMs).toISOString(),
          to: new Date(input.toMs).toISOString(),
          kind: input.kind,
          reason: input.reason,
          review: input.reviewAt === undefined ? undefined : new Date(input.reviewAt).toISOString(),
          decided: decidedAt === null ? undefined : new Date(decidedAt).toISOString(),
          case: input.caseId,
        },
      });
      return this.get(id);
    })();
  }

  /** `closingCase`: the case being closed, the only way a case's hold is released (all its ranges together). */
  release(id: number, reason: string, by: Actor, closingCase?: number): Hold {
    if (!reason.trim()) throw new PremisesError('InvalidArgument', 'give a reason for releasing the hold');
    return this.db.transaction(() => {
      const hold = this.get(id);
      if (hold.caseId !== null && hold.caseId !== closingCase) {
        throw new PremisesError(
          'FailedPrecondition',
          `hold ${id} is a range of case ${hold.caseId}: a case's footage is held and released together; close the case to release it (premises case close ${hold.caseId})`,
        );
      }
      if (hold.releasedAt !== null) throw new PremisesError('FailedPrecondition', `hold ${id} was already released on ${new Date(hold.releasedAt).toISOString()}`);
      const now = this.clock.now();
      const earliest = earliestRelease(hold);
      if (now < earliest) {
        throw new PremisesError(
          'FailedPrecondition',
          `hold ${id} is a decision hold: footage used to make a decision about a person must be kept at least one year after the decision ` +
            `(BC PIPA s.35). It can be released from ${new Date(earliest).toISOString()}.`,
        );
      }
      this.db.prepare('UPDATE holds SET released_at = ?, released_by = ?, release_reason = ? WHERE id = ?').run(now, by, reason, id);
      this.audit.append({ actor: by, action: 'hold.released', subject: `hold:${id}`, details: { camera: hold.cameraId, kind: hold.kind, reason, case: hold.caseId ?? undefined } });
      return this.get(id);
    })();
  }

  get(id: number): Hold {
    const row = this.db.prepare('SELECT * FROM holds WHERE id = ?').get(id) as HoldRow | undefined;
    if (!row) throw new PremisesError('NotFound', `no hold with id ${id}`);
    return toHold(row);
  }

  list(options: { includeReleased?: boolean } = {}): Hold[] {
    const sql = options.includeReleased ? 'SELECT * FROM holds ORDER BY id' : 'SELECT * FROM holds WHERE released_at IS NULL ORDER BY id';
    return (this.db.prepare(sql).all() as HoldRow[]).map(toHold);
  }

  /** Holds not released that overlap [fromMs, toMs) of one camera, earliest first (the playback timeline). */
  activeOverlapping(cameraId: string, fromMs: number, toMs: number): Hold[] {
    const sql = 'SELECT * FROM holds WHERE camera_id = ? AND released_at IS NULL AND from_ms < ? AND to_ms > ? ORDER BY from_ms';
    return (statement(this.db, sql).all(cameraId, toMs, fromMs) as HoldRow[]).map(toHold);
  }

  /** Every hold of one incident case (its ranges), released ones too, in the order they were added. */
  ofCase(caseId: number): Hold[] {
    return (statement(this.db, 'SELECT * FROM holds WHERE case_id = ? ORDER BY id').all(caseId) as HoldRow[]).map(toHold);
  }

  /** Active holds, the retention planner's input. */
  active(): Hold[] {
    return this.list();
  }
}

/** The record of processing's holds section: every hold in force. */
export function holdsSection(db: Db, audit: AuditLog, clock: Clock): string {
  const active = new Holds(db, audit, clock).active();
  if (active.length === 0) return 'None in force.';
  return active.map((h) => `${h.cameraId} ${iso(h.fromMs)} to ${iso(h.toMs)} (${h.kind}, hold ${h.id}${h.caseId !== null ? `, case ${h.caseId}` : ''})`).join('; ');
}
