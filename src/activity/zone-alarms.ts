import type { Alarms } from '../alarms/alarms.js';
import type { AuditLog } from '../audit/log.js';
import type { ZoneAlarmConfig } from '../config/schema.js';
import type { Db } from '../db/open.js';
import { statement } from '../db/statements.js';
import { isRecordingAllowed, type ScheduleWindow } from '../policy/consent/schedule.js';
import type { Clock } from '../shared/clock.js';
import { iso } from '../shared/iso.js';
import { boxCells, cellsIn, type Bitmap } from './grid.js';
import { forEachSample } from './record.js';
import { MOMENT_GAP_MS } from './store.js';

/**
 * "Movement in zone X during closed hours" (docs/activity.md): judged on the
 * stored activity index as it grows — the changed cells of each analysed
 * keyframe — never by decoding video. Each analysed segment is looked at
 * once (zone_alarm_checks, migration 023); a moment found raises the
 * `zone-activity` alarm of its camera, naming the zone and the time, and is
 * audited (`activity.zone-alarm`).
 */
export const ZONE_ALARM = 'zone-activity';
/** Segments judged per tick: a backlog after a restart is worked through in steps. */
const BATCH = 500;

export interface ZoneRule {
  name: string;
  region: Bitmap;
  closed: readonly ScheduleWindow[];
  minCells: number;
}

export interface ZoneMoment {
  zone: string;
  fromMs: number;
  toMs: number;
  peakCells: number;
}

export function zoneRules(configs: readonly ZoneAlarmConfig[] | undefined): ZoneRule[] {
  return (configs ?? []).map((z) => ({ name: z.name, region: boxCells(z.box), closed: z.closed, minCells: z.minCells }));
}

/**
 * The moments of one segment's stored activity that fall in a rule's zone during its closed hours: keyframes
 * with at least `minCells` changed cells of the zone, joined when closer than MOMENT_GAP_MS. Pure.
 */
export function zoneMoments(segmentStartMs: number, data: Uint8Array, rules: readonly ZoneRule[], timeZone: string): ZoneMoment[] {
  const out: ZoneMoment[] = [];
  for (const rule of rules) {
    let current: ZoneMoment | undefined;
    forEachSample(data, (offsetMs, blob, cellsAt) => {
      const at = segmentStartMs + offsetMs;
      const cells = cellsIn(blob, cellsAt, rule.region);
      if (cells < rule.minCells || !isRecordingAllowed(rule.closed, timeZone, at)) return;
      if (current && at - current.toMs <= MOMENT_GAP_MS) {
        current.toMs = at;
        current.peakCells = Math.max(current.peakCells, cells);
      } else {
        current = { zone: rule.name, fromMs: at, toMs: at, peakCells: cells };
        out.push(current);
      }
    });
  }
  return out.sort((a, b) => a.fromMs - b.fromMs);
}

interface UncheckedRow {
  segment_id: number;
  camera_id: string;
  start_ms: number;
  data: Buffer;
  error: string | null;
}

/** Analysed segments the rules have not looked at yet, oldest first. */
function unchecked(db: Db, limit: number): UncheckedRow[] {
  return statement(
    db,
    `SELECT a.segment_id, a.camera_id, a.start_ms, a.data, a.error FROM activity a
     LEFT JOIN zone_alarm_checks c ON c.segment_id = a.segment_id
     WHERE c.segment_id IS NULL ORDER BY a.start_ms LIMIT ?`,
  ).all(limit) as UncheckedRow[];
}

/** The camera's last moment in this zone when `m` continues it (within MOMENT_GAP_MS on either side). */
function continued(db: Db, cameraId: string, m: ZoneMoment): { from_ms: number; to_ms: number } | undefined {
  const last = statement(db, 'SELECT from_ms, to_ms FROM zone_alarm_last WHERE camera_id = ? AND zone = ?').get(cameraId, m.zone) as { from_ms: number; to_ms: number } | undefined;
  return last && m.fromMs <= last.to_ms + MOMENT_GAP_MS && m.toMs >= last.from_ms - MOMENT_GAP_MS ? last : undefined;
}

function remember(db: Db, cameraId: string, zone: string, fromMs: number, toMs: number): void {
  statement(db, 'INSERT OR REPLACE INTO zone_alarm_last (camera_id, zone, from_ms, to_ms) VALUES (?, ?, ?, ?)').run(cameraId, zone, fromMs, toMs);
}

function markChecked(db: Db, segmentId: number, at: number, moments: number): void {
  statement(db, 'INSERT OR REPLACE INTO zone_alarm_checks (segment_id, checked_at, moments) VALUES (?, ?, ?)').run(segmentId, at, moments);
}

export interface ZoneAlarmDeps {
  db: Db;
  audit: AuditLog;
  alarms: Alarms;
  clock: Clock;
  timeZone: string;
  /** The rules of a camera now (the configuration's), none for a camera without any. */
  rulesOf(cameraId: string): readonly ZoneRule[];
  /** A clock time as the owner reads it (local time zone), for the alarm's sentence. */
  localTime(utcMs: number): string;
}

/**
 * One pass over the newly analysed segments: each moment is audited and raises (or refreshes) its camera's
 * alarm, in the same transaction as the mark that the segment was judged. An alarm the owner already
 * acknowledged is cleared and raised again, so a new moment is a new alarm (and a new notification).
 * Returns the moments found.
 */
export function checkZoneAlarms(d: ZoneAlarmDeps, limit = BATCH): ZoneMoment[] {
  const found: ZoneMoment[] = [];
  for (const row of unchecked(d.db, limit)) {
    const rules = row.error === null ? d.rulesOf(row.camera_id) : [];
    const moments: ZoneMoment[] = [];
    d.db.transaction(() => {
      for (const m of rules.length ? zoneMoments(row.start_ms, row.data, rules, d.timeZone) : []) {
        const last = continued(d.db, row.camera_id, m);
        if (last) {
          // The same movement, seen in the next (or previous) segment: already told.
          remember(d.db, row.camera_id, m.zone, Math.min(last.from_ms, m.fromMs), Math.max(last.to_ms, m.toMs));
          continue;
        }
        moments.push(m);
        remember(d.db, row.camera_id, m.zone, m.fromMs, m.toMs);
        d.audit.append({
          actor: 'system',
          action: 'activity.zone-alarm',
          subject: `camera:${row.camera_id}`,
          details: { zone: m.zone, from: iso(m.fromMs), to: iso(m.toMs), peakCells: m.peakCells, segment: row.segment_id },
        });
        const open = d.alarms.open().find((a) => a.kind === ZONE_ALARM && a.subject === row.camera_id);
        if (open?.acknowledgedAt != null) d.alarms.clear(ZONE_ALARM, row.camera_id, 'acknowledged; a new movement during closed hours follows');
        d.alarms.raise(
          ZONE_ALARM,
          row.camera_id,
          'critical',
          `movement in zone "${m.zone}" of camera ${row.camera_id} at ${d.localTime(m.fromMs)}, during closed hours`,
          { camera: row.camera_id, zone: m.zone, at: iso(m.fromMs), until: iso(m.toMs) },
        );
      }
      markChecked(d.db, row.segment_id, d.clock.now(), moments.length);
    })();
    found.push(...moments);
  }
  return found;
}
