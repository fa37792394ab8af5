import type { Actor, AuditLog } from '../../audit/log.js';
import { AREA_TYPES, type AreaType } from '../../config/schema.js';
import type { Db } from '../../db/open.js';
import { statement } from '../../db/statements.js';
import type { Clock } from '../../shared/clock.js';
import { PremisesError } from '../../shared/errors.js';
import { isLanguage, LANGUAGE_CODES, type Language } from '../../shared/languages.js';
import { NEVER_RECORDED_AREAS } from './gates.js';
import { shortVersion, SHORT_VERSION, type Employee, type StaffNotice } from './staff-notice.js';

/**
 * The `staff` and `staff_acks` tables: the people who work on the premises and
 * each signed acknowledgement of their notice. An acknowledgement is recorded
 * by the owner from the paper the employee signed, against the version printed
 * on it; a version that is no longer current is refused, so a signature on an
 * outdated notice can never count as being told what is true now.
 */
export const STAFF_AREAS: readonly AreaType[] = AREA_TYPES.filter((a) => !NEVER_RECORDED_AREAS.includes(a));
const MAX_NAME = 100;
const MAX_ROLE = 100;

export interface StaffMember extends Employee {
  addedAt: number;
  addedBy: string;
  leftAt: number | null;
}

export interface StaffAck {
  id: number;
  staffId: number;
  version: string;
  method: 'paper';
  signedOn: string;
  recordedAt: number;
  recordedBy: string;
}

export type AckState = 'current' | 'stale' | 'never';

export interface StaffNoticeStatus {
  member: StaffMember;
  notice: StaffNotice;
  state: AckState;
  lastAck: StaffAck | null;
}

interface StaffRow {
  id: number;
  name: string;
  role: string;
  areas: string;
  language: string;
  added_at: number;
  added_by: string;
  left_at: number | null;
}

interface AckRow {
  id: number;
  staff_id: number;
  notice_sha256: string;
  method: 'paper';
  signed_on: string;
  recorded_at: number;
  recorded_by: string;
}

function toMember(r: StaffRow): StaffMember {
  const language = isLanguage(r.language) ? r.language : 'en';
  return { id: r.id, name: r.name, role: r.role, areas: JSON.parse(r.areas) as AreaType[], language, addedAt: r.added_at, addedBy: r.added_by, leftAt: r.left_at };
}

function toAck(r: AckRow): StaffAck {
  return { id: r.id, staffId: r.staff_id, version: r.notice_sha256, method: r.method, signedOn: r.signed_on, recordedAt: r.recorded_at, recordedBy: r.recorded_by };
}

export interface NewStaffMember {
  name: string;
  role: string;
  areas: readonly string[];
  language?: string | undefined;
}

/** Checks a new member's fields; the messages name the field as the CLI flag and the API body do. */
export function checkStaffMember(input: NewStaffMember): { name: string; role: string; areas: AreaType[]; language: Language } {
  const name = input.name.trim();
  const role = input.role.trim();
  if (name.length === 0 || name.length > MAX_NAME) throw new PremisesError('InvalidArgument', `name: give the person's name (1-${MAX_NAME} characters)`);
  if (role.length === 0 || role.length > MAX_ROLE) throw new PremisesError('InvalidArgument', `role: give the job title, e.g. "cook" or "server" (1-${MAX_ROLE} characters)`);
  const areas = [...new Set(input.areas.map((a) => a.trim()).filter(Boolean))];
  if (areas.length === 0) throw new PremisesError('InvalidArgument', `areas: list where the person works, from ${STAFF_AREAS.join(', ')}`);
  for (const a of areas) {
    if (!(STAFF_AREAS as readonly string[]).includes(a)) {
      throw new PremisesError('InvalidArgument', `areas: "${a}" is not a work area; use ${STAFF_AREAS.join(', ')} (washrooms and changing rooms are never filmed)`);
    }
  }
  const language = input.language ?? 'en';
  if (!isLanguage(language)) throw new PremisesError('InvalidArgument', `language: "${language}" is not one of ${LANGUAGE_CODES.join(', ')}`);
  return { name, role, areas: areas as AreaType[], language };
}

export class StaffStore {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  add(input: NewStaffMember, actor: Actor): StaffMember {
    const m = checkStaffMember(input);
    return this.db.transaction(() => {
      const now = this.clock.now();
      const info = statement(this.db, 'INSERT INTO staff (name, role, areas, language, added_at, added_by) VALUES (?, ?, ?, ?, ?, ?)').run(
        m.name,
        m.role,
        JSON.stringify(m.areas),
        m.language,
        now,
        actor,
      );
      const id = Number(info.lastInsertRowid);
      this.audit.append({ actor, action: 'staff.added', subject: `staff:${id}`, details: { name: m.name, role: m.role, areas: m.areas, language: m.language } });
      return this.get(id);
    })();
  }

  /** Someone who left: no more notices or reminders; their acknowledgements stay as proof. */
  markLeft(id: number, actor: Actor): StaffMember {
    return this.db.transaction(() => {
      const m = this.get(id);
      if (m.leftAt !== null) throw new PremisesError('FailedPrecondition', `staff ${id} (${m.name}) is already marked as having left`);
      statement(this.db, 'UPDATE staff SET left_at = ?, left_by = ? WHERE id = ?').run(this.clock.now(), actor, id);
      this.audit.append({ actor, action: 'staff.left', subject: `staff:${id}` });
      return this.get(id);
    })();
  }

  get(id: number): StaffMember {
    const row = statement(this.db, 'SELECT * FROM staff WHERE id = ?').get(id) as StaffRow | undefined;
    if (!row) throw new PremisesError('NotFound', `no staff member ${id}; premises staff list shows their numbers`);
    return toMember(row);
  }

  list(options: { includeLeft?: boolean } = {}): StaffMember[] {
    const rows = statement(this.db, `SELECT * FROM staff ${options.includeLeft ? '' : 'WHERE left_at IS NULL'} ORDER BY id`).all() as StaffRow[];
    return rows.map(toMember);
  }

  lastAck(staffId: number): StaffAck | null {
    const row = statement(this.db, 'SELECT * FROM staff_acks WHERE staff_id = ? ORDER BY id DESC LIMIT 1').get(staffId) as AckRow | undefined;
    return row ? toAck(row) : null;
  }

  acks(staffId: number): StaffAck[] {
    return (statement(this.db, 'SELECT * FROM staff_acks WHERE staff_id = ? ORDER BY id').all(staffId) as AckRow[]).map(toAck);
  }

  /**
   * Record that the employee signed the notice whose version is printed on it.
   * `version` may be the short form printed on the paper. Refused when it is
   * not the current notice: print the current one and have it signed.
   */
  acknowledge(current: StaffNotice, input: { version: string; signedOn: string }, actor: Actor): StaffAck {
    const version = input.version.trim().toLowerCase();
    if (!/^[0-9a-f]+$/.test(version) || version.length < SHORT_VERSION) {
      throw new PremisesError('InvalidArgument', `version: give the notice version printed at the foot of the signed notice (at least ${SHORT_VERSION} characters)`);
    }
    if (!current.version.startsWith(version)) {
      throw new PremisesError(
        'FailedPrecondition',
        `version: the signed notice (${version.slice(0, SHORT_VERSION)}) is not the current one (${shortVersion(current.version)}): what it says has changed since it was printed. Print the current notice (premises staff notice ${current.employeeId}) and have it signed`,
      );
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.signedOn) || !Number.isFinite(Date.parse(`${input.signedOn}T00:00:00Z`))) {
      throw new PremisesError('InvalidArgument', `signed: "${input.signedOn}" is not a date; write the day it was signed like 2026-11-26`);
    }
    return this.db.transaction(() => {
      const member = this.get(current.employeeId);
      if (member.leftAt !== null) throw new PremisesError('FailedPrecondition', `staff ${member.id} (${member.name}) has left`);
      const now = this.clock.now();
      const info = statement(
        this.db,
        "INSERT INTO staff_acks (staff_id, notice_sha256, method, signed_on, recorded_at, recorded_by) VALUES (?, ?, 'paper', ?, ?, ?)",
      ).run(member.id, current.version, input.signedOn, now, actor);
      this.audit.append({
        actor,
        action: 'staff.acknowledged',
        subject: `staff:${member.id}`,
        details: { version: current.version, method: 'paper', signedOn: input.signedOn, language: current.content.language },
      });
      return toAck(statement(this.db, 'SELECT * FROM staff_acks WHERE id = ?').get(Number(info.lastInsertRowid)) as AckRow);
    })();
  }

  /** Each current member's notice and whether their last signature covers it. Read-only. */
  statuses(noticeOf: (m: StaffMember) => StaffNotice): StaffNoticeStatus[] {
    return this.list().map((member) => {
      const notice = noticeOf(member);
      const lastAck = this.lastAck(member.id);
      const state: AckState = lastAck === null ? 'never' : lastAck.version === notice.version ? 'current' : 'stale';
      return { member, notice, state, lastAck };
    });
  }
}

/** The reminder in plain words: who must (re-)acknowledge, or that everyone is up to date. */
export function staffReminder(statuses: readonly StaffNoticeStatus[]): { due: StaffNoticeStatus[]; text: string } {
  const due = statuses.filter((s) => s.state !== 'current');
  if (statuses.length === 0) return { due, text: 'No staff recorded (premises staff add).' };
  if (due.length === 0) return { due, text: `All ${statuses.length} staff member(s) acknowledged their current notice.` };
  const who = due.map((s) => `${s.member.name} (${s.member.id}: ${s.state === 'never' ? 'never acknowledged' : 'notice changed since signed'})`);
  return { due, text: `${due.length} of ${statuses.length} staff member(s) must acknowledge their current notice: ${who.join(', ')}. Print it with premises staff notice ID and record the signature with premises staff ack.` };
}
