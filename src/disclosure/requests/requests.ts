import type { Alarms } from '../../alarms/alarms.js';
import type { Actor, AuditLog } from '../../audit/log.js';
import type { Db } from '../../db/open.js';
import { Holds } from '../../policy/retention/holds.js';
import type { Clock } from '../../shared/clock.js';
import { PremisesError } from '../../shared/errors.js';
import { isLanguage, type Language } from '../../shared/languages.js';
import { accessRequestDeadline, parseDate, type Deadline, type RequestJurisdiction } from './deadline.js';

/**
 * Access requests from people filmed (BC PIPA s.23, GDPR Art. 15). Intake
 * records who asked, how their identity was checked, the window and the
 * deadline, and holds the candidate footage (kind `access_request`) in the
 * same transaction, so retention cannot delete it while the request is open.
 */
export interface NewAccessRequest {
  requester: string;
  identityVerification: string;
  /** Local calendar date the request arrived, YYYY-MM-DD. */
  receivedOn: string;
  cameras: string[];
  fromMs: number;
  toMs: number;
  description: string;
  /** The profile's jurisdiction, or `custom` with an explicit deadline. */
  jurisdiction: RequestJurisdiction | 'custom';
  /** Only for `custom`: the owner's own deadline. */
  customDue?: string;
  /** The language the requester reads, for the letters (one of the site's: language.ts checks it). */
  language?: Language;
}

export interface AccessRequest {
  id: number;
  requester: string;
  identityVerification: string;
  receivedOn: string;
  jurisdiction: string;
  cameras: string[];
  fromMs: number;
  toMs: number;
  description: string;
  dueOn: string;
  extendedDueOn: string;
  deadlineRule: string;
  createdBy: string;
  createdAt: number;
  extendedAt: number | null;
  extensionReason: string | null;
  closedAt: number | null;
  closedBy: string | null;
  outcome: string | null;
  holdIds: number[];
  /** The language the requester reads; null for requests recorded before it was asked. */
  language: Language | null;
}

interface Row {
  id: number;
  requester: string;
  identity_verification: string;
  received_on: string;
  jurisdiction: string;
  cameras: string;
  from_ms: number;
  to_ms: number;
  description: string;
  due_on: string;
  extended_due_on: string;
  deadline_rule: string;
  created_by: string;
  created_at: number;
  extended_at: number | null;
  extension_reason: string | null;
  closed_at: number | null;
  closed_by: string | null;
  outcome: string | null;
  language: string | null;
}

export const OVERDUE_ALARM = 'access_request.overdue';

/** The date that binds now: the extended deadline once the extension was taken. */
export function effectiveDue(r: Pick<AccessRequest, 'dueOn' | 'extendedDueOn' | 'extendedAt'>): string {
  return r.extendedAt === null ? r.dueOn : r.extendedDueOn;
}

/** Pure: open requests whose deadline has passed on `today` (local date, YYYY-MM-DD). */
export function overdueRequests<T extends Pick<AccessRequest, 'dueOn' | 'extendedDueOn' | 'extendedAt' | 'closedAt'>>(requests: readonly T[], today: string): T[] {
  return requests.filter((r) => r.closedAt === null && today > effectiveDue(r));
}

/** The deadline for a new request: the profile's rule, or the owner's date under `custom`. */
export function deadlineFor(input: Pick<NewAccessRequest, 'jurisdiction' | 'receivedOn' | 'customDue'>): Deadline {
  if (input.jurisdiction === 'custom') {
    if (!input.customDue) throw new PremisesError('InvalidArgument', 'the custom jurisdiction profile has no deadline rule; give --due YYYY-MM-DD');
    parseDate(input.customDue);
    if (input.customDue < input.receivedOn) throw new PremisesError('InvalidArgument', '--due is before the request was received');
    return { due: input.customDue, extendedDue: input.customDue, rule: 'custom profile: deadline set by the owner' };
  }
  if (input.customDue) throw new PremisesError('InvalidArgument', `--due is only for the custom profile; ${input.jurisdiction} sets the deadline by law`);
  return accessRequestDeadline(input.jurisdiction, input.receivedOn);
}

export class AccessRequests {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  add(input: NewAccessRequest, by: Actor): AccessRequest {
    for (const [k, flag] of [
      ['requester', '--requester'],
      ['identityVerification', '--identity'],
      ['description', '--description'],
    ] as const) {
      if (!input[k].trim()) throw new PremisesError('InvalidArgument', `an access request needs ${flag}`);
    }
    if (input.cameras.length === 0) throw new PremisesError('InvalidArgument', 'name at least one camera (--camera ID[,ID])');
    if (!(input.toMs > input.fromMs)) throw new PremisesError('InvalidArgument', '--to must be later than --from');
    try {
      parseDate(input.receivedOn);
    } catch (err) {
      throw new PremisesError('InvalidArgument', `--received: ${(err as Error).message}`);
    }
    const deadline = deadlineFor(input);
    const holds = new Holds(this.db, this.audit, this.clock);
    return this.db.transaction(() => {
      const now = this.clock.now();
      const id = Number(
        this.db
          .prepare(
            `INSERT INTO access_requests (requester, identity_verification, received_on, jurisdiction, cameras, from_ms, to_ms, description,
               due_on, extended_due_on, deadline_rule, created_by, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            input.requester,
            input.identityVerification,
            input.receivedOn,
            input.jurisdiction,
            JSON.stringify([...new Set(input.cameras)]),
            input.fromMs,
            input.toMs,
            input.description,
            deadline.due,
            deadline.extendedDue,
            deadline.rule,
            by,
            now,
          ).lastInsertRowid,
      );
      this.audit.append({
        actor: by,
        action: 'access_request.received',
        subject: `access_request:${id}`,
        details: {
          requester: input.requester,
          identityVerification: input.identityVerification,
          received: input.receivedOn,
          cameras: input.cameras,
          from: new Date(input.fromMs).toISOString(),
          to: new Date(input.toMs).toISOString(),
          due: deadline.due,
          extendedDue: deadline.extendedDue,
          rule: deadline.rule,
          language: input.language ?? null,
        },
      });
      if (input.language !== undefined) this.writeLanguage(id, input.language, by, now);
      // Hold reasons are permanent, so they name the request, not the person.
      for (const camera of new Set(input.cameras)) {
        const hold = holds.add(
          { cameraId: camera, fromMs: input.fromMs, toMs: input.toMs, kind: 'access_request', reason: `candidate footage for access request #${id}`, reviewAt: Date.parse(`${deadline.extendedDue}T23:59:59Z`) },
          by,
        );
        this.db.prepare('INSERT INTO access_request_holds (request_id, hold_id) VALUES (?, ?)').run(id, hold.id);
      }
      return this.get(id);
    })();
  }

  /**
   * Take the extension the law allows (PIPA s.31, PIPEDA s.8(4), GDPR Art. 12(3)), once, before the first
   * deadline has passed; the reason is what the requester was told.
   */
  extend(id: number, reason: string, today: string, by: Actor): AccessRequest {
    if (!reason.trim()) throw new PremisesError('InvalidArgument', 'give the reason the requester was told (--reason TEXT)');
    return this.db.transaction(() => {
      const req = this.get(id);
      if (req.closedAt !== null) throw new PremisesError('FailedPrecondition', `access request ${id} is closed`);
      if (req.extendedAt !== null) throw new PremisesError('FailedPrecondition', `access request ${id} was already extended to ${req.extendedDueOn}`);
      if (today > req.dueOn) throw new PremisesError('FailedPrecondition', `access request ${id} was due ${req.dueOn}: an extension must be taken before the deadline`);
      if (req.extendedDueOn === req.dueOn) throw new PremisesError('FailedPrecondition', `the ${req.jurisdiction} profile has no extension`);
      this.db.prepare('UPDATE access_requests SET extended_at = ?, extended_by = ?, extension_reason = ? WHERE id = ?').run(this.clock.now(), by, reason, id);
      this.audit.append({ actor: by, action: 'access_request.extended', subject: `access_request:${id}`, details: { reason, due: req.extendedDueOn } });
      return this.get(id);
    })();
  }

  /** Close a request once, with what was done (e.g. "footage disclosed as export 2026…"). Its holds stay until released. */
  close(id: number, outcome: string, by: Actor): AccessRequest {
    if (!outcome.trim()) throw new PremisesError('InvalidArgument', 'say how the request was answered (--outcome TEXT)');
    return this.db.transaction(() => {
      const req = this.get(id);
      if (req.closedAt !== null) throw new PremisesError('FailedPrecondition', `access request ${id} was already closed on ${new Date(req.closedAt).toISOString()}`);
      this.db.prepare('UPDATE access_requests SET closed_at = ?, closed_by = ?, outcome = ? WHERE id = ?').run(this.clock.now(), by, outcome, id);
      this.audit.append({ actor: by, action: 'access_request.closed', subject: `access_request:${id}`, details: { outcome } });
      return this.get(id);
    })();
  }

  /**
   * Record the language the requester reads, or correct it; allowed on a closed request too, since its response
   * letter is often printed after closing. The caller checks the language against the site's (language.ts).
   */
  setLanguage(id: number, language: Language, by: Actor): AccessRequest {
    return this.db.transaction(() => {
      const req = this.get(id);
      if (req.language === language) return req;
      this.writeLanguage(id, language, by, this.clock.now());
      this.audit.append({ actor: by, action: 'access_request.language', subject: `access_request:${id}`, details: { language, was: req.language } });
      return this.get(id);
    })();
  }

  private writeLanguage(id: number, language: Language, by: Actor, at: number): void {
    this.db
      .prepare(
        `INSERT INTO access_request_languages (request_id, language, set_by, set_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (request_id) DO UPDATE SET language = excluded.language, set_by = excluded.set_by, set_at = excluded.set_at`,
      )
      .run(id, language, by, at);
  }

  /**
   * Raise one alarm per overdue open request and clear the alarms of requests
   * that are closed or no longer overdue. `today` is the business's local date.
   */
  checkOverdue(alarms: Alarms, today: string): AccessRequest[] {
    const all = this.list({ includeClosed: true });
    const overdue = overdueRequests(all, today);
    const overdueIds = new Set(overdue.map((r) => r.id));
    for (const r of overdue) {
      alarms.raise(
        OVERDUE_ALARM,
        `access_request:${r.id}`,
        'warning',
        r.extendedAt === null
          ? `access request ${r.id} (received ${r.receivedOn}) was due ${r.dueOn} and no extension was recorded; answer it now`
          : `access request ${r.id} (received ${r.receivedOn}) was due ${r.extendedDueOn} after its extension; answer it now`,
        { due: r.dueOn, extendedDue: r.extendedDueOn },
      );
    }
    for (const a of alarms.open()) {
      if (a.kind !== OVERDUE_ALARM) continue;
      const id = Number(a.subject.replace('access_request:', ''));
      if (!overdueIds.has(id)) alarms.clear(OVERDUE_ALARM, a.subject, 'request answered or no longer overdue');
    }
    return overdue;
  }

  get(id: number): AccessRequest {
    const row = this.db
      .prepare('SELECT r.*, l.language FROM access_requests r LEFT JOIN access_request_languages l ON l.request_id = r.id WHERE r.id = ?')
      .get(id) as Row | undefined;
    if (!row) throw new PremisesError('NotFound', `no access request with id ${id}`);
    const holdIds = (this.db.prepare('SELECT hold_id FROM access_request_holds WHERE request_id = ? ORDER BY hold_id').all(id) as { hold_id: number }[]).map((h) => h.hold_id);
    return {
      id: row.id,
      requester: row.requester,
      identityVerification: row.identity_verification,
      receivedOn: row.received_on,
      jurisdiction: row.jurisdiction,
      cameras: JSON.parse(row.cameras) as string[],
      fromMs: row.from_ms,
      toMs: row.to_ms,
      description: row.description,
      dueOn: row.due_on,
      extendedDueOn: row.extended_due_on,
      deadlineRule: row.deadline_rule,
      createdBy: row.created_by,
      createdAt: row.created_at,
      extendedAt: row.extended_at,
      extensionReason: row.extension_reason,
      closedAt: row.closed_at,
      closedBy: row.closed_by,
      outcome: row.outcome,
      holdIds,
      // A language a later Premises no longer writes in reads as not recorded: letters then use the site's main one.
      language: row.language !== null && isLanguage(row.language) ? row.language : null,
    };
  }

  list(options: { includeClosed?: boolean } = {}): AccessRequest[] {
    const sql = options.includeClosed ? 'SELECT id FROM access_requests ORDER BY id' : 'SELECT id FROM access_requests WHERE closed_at IS NULL ORDER BY id';
    return (this.db.prepare(sql).all() as { id: number }[]).map((r) => this.get(r.id));
  }
}
