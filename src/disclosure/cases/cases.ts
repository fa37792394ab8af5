import type { Actor, AuditLog } from '../../audit/log.js';
import type { Db } from '../../db/open.js';
import { Holds, type Hold } from '../../policy/retention/holds.js';
import type { Clock } from '../../shared/clock.js';
import { PremisesError } from '../../shared/errors.js';
import { iso } from '../../shared/iso.js';
import type { ExportRequest } from '../export/create.js';
import { ExportStore, type ExportRecord } from '../export/store.js';
import { CASE_KINDS, caseExports, findCase, insertCase, listCases, markClosed, type CaseKind, type CaseRecord } from './store.js';

/**
 * Incident cases (docs/cases.md): several cameras and time ranges gathered
 * under one name and reason, as an insurer or the police asks for them. The
 * case is one hold over all its ranges (each range a hold carrying the case's
 * id): added one by one, released together only when the case is closed. It
 * is exported as one package with one signed manifest (the export's own
 * recipe), which goes out under a transfer policy like any export.
 */
export interface CaseRange {
  camera: string;
  fromMs: number;
  toMs: number;
  holdId: number;
  addedBy: string;
  addedAt: number;
  releasedAt: number | null;
}

export interface CaseDetail {
  record: CaseRecord;
  ranges: CaseRange[];
  exports: { recipient: string; export: ExportRecord | undefined; id: string }[];
}

export function isCaseKind(text: string): text is CaseKind {
  return (CASE_KINDS as readonly string[]).includes(text);
}

/** A case as JSON (`premises case show --json` and the API): times in ISO UTC. */
export function caseJson(d: CaseDetail) {
  return {
    id: d.record.id,
    name: d.record.name,
    reason: d.record.reason,
    kind: d.record.kind,
    openedBy: d.record.openedBy,
    openedAt: iso(d.record.openedAt),
    closed: d.record.closedAt === null ? null : { at: iso(d.record.closedAt), by: d.record.closedBy, reason: d.record.closeReason },
    ranges: d.ranges.map((r) => ({ camera: r.camera, from: iso(r.fromMs), to: iso(r.toMs), hold: r.holdId, released: iso(r.releasedAt) })),
    exports: d.exports.map((e) => ({ id: e.id, recipient: e.recipient, createdAt: iso(e.export?.createdAt ?? null), expiresAt: iso(e.export?.expiresAt ?? null), removedAt: iso(e.export?.removedAt ?? null) })),
  };
}

const rangeOf = (h: Hold): CaseRange => ({ camera: h.cameraId, fromMs: h.fromMs, toMs: h.toMs, holdId: h.id, addedBy: h.createdBy, addedAt: h.createdAt, releasedAt: h.releasedAt });

export class Cases {
  private readonly holds: Holds;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {
    this.holds = new Holds(db, audit, clock);
  }

  open(input: { name: string; reason: string; kind?: string }, by: Actor): CaseRecord {
    const name = input.name.trim();
    const reason = input.reason.trim();
    if (!name) throw new PremisesError('InvalidArgument', 'give the case a name (e.g. "Break-in, Friday 4 December")', { fields: ['name'] });
    if (!reason) throw new PremisesError('InvalidArgument', 'give the reason for the case (what happened, who asks for the footage)', { fields: ['reason'] });
    const kind = input.kind ?? 'incident';
    if (!isCaseKind(kind)) throw new PremisesError('InvalidArgument', `the case's kind must be one of ${CASE_KINDS.join(', ')}`, { fields: ['kind'] });
    return this.db.transaction(() => {
      const id = insertCase(this.db, { name, reason, kind, openedBy: by, openedAt: this.clock.now() });
      this.audit.append({ actor: by, action: 'case.opened', subject: `case:${id}`, details: { name, reason, kind } });
      return this.get(id);
    })();
  }

  get(id: number): CaseRecord {
    const found = findCase(this.db, id);
    if (!found) throw new PremisesError('NotFound', `no case ${id} (see premises case list)`);
    return found;
  }

  list(includeClosed = false): CaseRecord[] {
    return listCases(this.db, includeClosed);
  }

  /** One range per camera, all held at once (all or none); the caller has checked the cameras exist. */
  addRange(id: number, input: { cameras: readonly string[]; fromMs: number; toMs: number }, by: Actor): CaseRange[] {
    if (input.cameras.length === 0) throw new PremisesError('InvalidArgument', 'name at least one camera', { fields: ['cameras'] });
    if (!(input.toMs > input.fromMs)) throw new PremisesError('InvalidArgument', 'the range must end after it starts', { fields: ['to'] });
    return this.db.transaction(() => {
      const c = this.get(id);
      if (c.closedAt !== null) throw new PremisesError('FailedPrecondition', `case ${id} was closed on ${iso(c.closedAt)}; open a new case`);
      const added = [...new Set(input.cameras)].map((cameraId) =>
        this.holds.add({ cameraId, fromMs: input.fromMs, toMs: input.toMs, kind: c.kind, reason: `case ${id} (${c.name}): ${c.reason}`, caseId: id }, by),
      );
      this.audit.append({
        actor: by,
        action: 'case.range-added',
        subject: `case:${id}`,
        details: { cameras: added.map((h) => h.cameraId), from: iso(input.fromMs), to: iso(input.toMs), holds: added.map((h) => h.id) },
      });
      return added.map(rangeOf);
    })();
  }

  detail(id: number): CaseDetail {
    const record = this.get(id);
    const store = new ExportStore(this.db);
    return {
      record,
      ranges: this.holds.ofCase(id).map(rangeOf),
      exports: caseExports(this.db, id).map((l) => ({ id: l.exportId, recipient: l.recipient, export: store.get(l.exportId) })),
    };
  }

  /** Closing releases every range of the case in the same transaction, with one entry for the case and one per hold. */
  close(id: number, reason: string, by: Actor): CaseDetail {
    if (!reason.trim()) throw new PremisesError('InvalidArgument', 'give a reason for closing the case (its footage is then no longer held)', { fields: ['reason'] });
    this.db.transaction(() => {
      const c = this.get(id);
      if (c.closedAt !== null) throw new PremisesError('FailedPrecondition', `case ${id} was already closed on ${iso(c.closedAt)}`);
      const released = this.holds
        .ofCase(id)
        .filter((h) => h.releasedAt === null)
        .map((h) => this.holds.release(h.id, `case ${id} closed: ${reason}`, by, id));
      if (!markClosed(this.db, id, this.clock.now(), by, reason)) throw new PremisesError('FailedPrecondition', `case ${id} was already closed`);
      this.audit.append({ actor: by, action: 'case.closed', subject: `case:${id}`, details: { name: c.name, reason, holdsReleased: released.map((h) => h.id) } });
    })();
    return this.detail(id);
  }

  /**
   * The export request of the whole case: every held range, one package.
   * The reason is the case's; the recipient is who asked for it.
   */
  exportRequest(id: number, input: { recipient: string; legalBasis: string; keepMs?: number }): ExportRequest {
    const c = this.get(id);
    if (c.closedAt !== null) throw new PremisesError('FailedPrecondition', `case ${id} is closed: its footage is no longer held; open a new case to export it`);
    const ranges = this.holds
      .ofCase(id)
      .filter((h) => h.releasedAt === null)
      .map((h) => ({ camera: h.cameraId, fromMs: h.fromMs, toMs: h.toMs }));
    if (ranges.length === 0) throw new PremisesError('FailedPrecondition', `case ${id} has no ranges yet: add cameras and times first (premises case add ${id} --camera ID --from ISO --to ISO)`);
    return {
      cameras: [...new Set(ranges.map((r) => r.camera))],
      fromMs: Math.min(...ranges.map((r) => r.fromMs)),
      toMs: Math.max(...ranges.map((r) => r.toMs)),
      reason: `${c.name}: ${c.reason}`,
      requestedBy: input.recipient,
      legalBasis: input.legalBasis,
      ...(input.keepMs !== undefined ? { keepMs: input.keepMs } : {}),
      ranges,
      case: { id: c.id, name: c.name, reason: c.reason, openedBy: c.openedBy, openedAt: c.openedAt, recipient: input.recipient },
    };
  }
}
