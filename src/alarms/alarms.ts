import type { AuditLog, Actor } from '../audit/log.js';
import type { Db } from '../db/open.js';
import type { Clock } from '../shared/clock.js';
import { PremisesError } from '../shared/errors.js';

/**
 * One alarm model for the whole product: raised by any part of Premises,
 * acknowledged by a person, cleared when the condition ends. At most one open
 * alarm per (kind, subject); raising it again only refreshes it.
 */
export type AlarmSeverity = 'info' | 'warning' | 'critical';

export interface Alarm {
  id: number;
  kind: string;
  subject: string;
  severity: AlarmSeverity;
  message: string;
  details: unknown;
  raisedAt: number;
  lastSeenAt: number;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  clearedAt: number | null;
}

interface AlarmRow {
  id: number;
  kind: string;
  subject: string;
  severity: AlarmSeverity;
  message: string;
  details: string | null;
  raised_at: number;
  last_seen_at: number;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  cleared_at: number | null;
}

function toAlarm(row: AlarmRow): Alarm {
  return {
    id: row.id,
    kind: row.kind,
    subject: row.subject,
    severity: row.severity,
    message: row.message,
    details: row.details === null ? null : (JSON.parse(row.details) as unknown),
    raisedAt: row.raised_at,
    lastSeenAt: row.last_seen_at,
    acknowledgedAt: row.acknowledged_at,
    acknowledgedBy: row.acknowledged_by,
    clearedAt: row.cleared_at,
  };
}

export class Alarms {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  raise(kind: string, subject: string, severity: AlarmSeverity, message: string, details?: unknown): Alarm {
    return this.db.transaction(() => {
      const now = this.clock.now();
      const open = this.db.prepare('SELECT * FROM alarms WHERE kind = ? AND subject = ? AND cleared_at IS NULL').get(kind, subject) as AlarmRow | undefined;
      const detailsJson = details === undefined ? null : JSON.stringify(details);
      if (open) {
        this.db
          .prepare('UPDATE alarms SET last_seen_at = ?, message = ?, severity = ?, details = ? WHERE id = ?')
          .run(now, message, severity, detailsJson, open.id);
        return toAlarm({ ...open, last_seen_at: now, message, severity, details: detailsJson });
      }
      const info = this.db
        .prepare(
          `INSERT INTO alarms (kind, subject, severity, message, details, raised_at, last_seen_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(kind, subject, severity, message, detailsJson, now, now);
      this.audit.append({ actor: 'system', action: 'alarm.raised', subject: `${kind}:${subject}`, details: { severity, message } });
      return this.get(Number(info.lastInsertRowid));
    })();
  }

  clear(kind: string, subject: string, why: string): void {
    this.db.transaction(() => {
      const info = this.db
        .prepare('UPDATE alarms SET cleared_at = ? WHERE kind = ? AND subject = ? AND cleared_at IS NULL')
        .run(this.clock.now(), kind, subject);
      if (info.changes > 0) this.audit.append({ actor: 'system', action: 'alarm.cleared', subject: `${kind}:${subject}`, details: { why } });
    })();
  }

  acknowledge(id: number, by: Actor): Alarm {
    return this.db.transaction(() => {
      const row = this.db.prepare('SELECT * FROM alarms WHERE id = ?').get(id) as AlarmRow | undefined;
      if (!row) throw new PremisesError('NotFound', `no alarm with id ${id}`);
      if (row.acknowledged_at === null) {
        this.db.prepare('UPDATE alarms SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ?').run(this.clock.now(), by, id);
        this.audit.append({ actor: by, action: 'alarm.acknowledged', subject: `${row.kind}:${row.subject}` });
      }
      return this.get(id);
    })();
  }

  get(id: number): Alarm {
    const row = this.db.prepare('SELECT * FROM alarms WHERE id = ?').get(id) as AlarmRow | undefined;
    if (!row) throw new PremisesError('NotFound', `no alarm with id ${id}`);
    return toAlarm(row);
  }

  open(): Alarm[] {
    return (this.db.prepare('SELECT * FROM alarms WHERE cleared_at IS NULL ORDER BY raised_at').all() as AlarmRow[]).map(toAlarm);
  }

  isOpen(kind: string, subject: string): boolean {
    return this.db.prepare('SELECT 1 FROM alarms WHERE kind = ? AND subject = ? AND cleared_at IS NULL').get(kind, subject) !== undefined;
  }
}
