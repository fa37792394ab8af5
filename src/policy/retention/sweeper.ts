import { existsSync, statfsSync } from 'node:fs';
import type { Alarms } from '../../alarms/alarms.js';
import { sha256Hex, type Actor, type AuditLog } from '../../audit/log.js';
import type { Db } from '../../db/open.js';
import { finishGarbage, moveSegmentsToGarbage } from '../../segments/garbage.js';
import type { DataLayout } from '../../shared/data-layout.js';
import type { Clock } from '../../shared/clock.js';
import { formatDuration } from '../../shared/duration.js';
import type { Logger } from '../../shared/logger.js';
import { isHeld, mergeRanges, planRetention, type HoldRange, type PlannedDeletion, type RetentionPlan, type SegmentInfo } from './plan.js';
import { unheldOldest, unheldOldestAcross } from './candidates.js';
import { floorBytes, type RetentionSettings } from './settings.js';
import { isDiskFull } from '../../shared/edge-errors.js';
import { reserveBytesFor, SpaceReserve } from '../../shared/space-reserve.js';
import { largestForeign, ownNonFootageBytes, type Sized } from '../../shared/disk-usage.js';
import { explainShortfall, type ShortfallCause } from './plan.js';
import { mergeHolds } from './candidates.js';

/**
 * The effects around the pure planner: gather the input from the index and
 * the disk, carry the plan out through the two-phase garbage table, record
 * the deletion in the audit log and a deletion certificate, raise alarms.
 *
 * One sweep = one transaction (segments → garbage, certificate, audit entry,
 * applied rules), then finishGarbage unlinks the files. A crash before the
 * commit changes nothing; after it, finishGarbage at the next start (or the
 * next sweep) completes the deletion.
 */
export interface DiskSpace {
  freeBytes: number;
  totalBytes: number;
  /** Bytes in use by anyone (total - free as root sees it); absent from test doubles. */
  usedBytes?: number;
}

export function statfsSpace(path: string): DiskSpace {
  const s = statfsSync(path);
  return { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize, usedBytes: (s.blocks - s.bfree) * s.bsize };
}

/** Why recording stops, in the words the camera's status shows. */
export interface StorageStopReason {
  message: string;
  fix: string;
}

export type SweepStep = 'planned' | 'before-commit' | 'after-commit';

export interface SweeperDeps {
  db: Db;
  layout: DataLayout;
  audit: AuditLog;
  alarms: Alarms;
  clock: Clock;
  log: Logger;
  settings: () => RetentionSettings;
  freeSpace?: (path: string) => DiskSpace;
  /** Called when deleting footage cannot bring free space back to the floor: stop recording these cameras. */
  onStorageExhausted?: (cameraIds: string[], why: StorageStopReason) => void;
  /** Called when a sweep finds the floor satisfied again after an exhaustion. */
  onStorageRecovered?: () => void;
  /** Test hook: called at each step boundary (a crash test SIGKILLs itself here). */
  step?: (step: SweepStep) => void;
}

export interface SweepOptions {
  dryRun?: boolean;
  force?: boolean;
  actor?: Actor;
  /** Cap on deletions in this sweep (the daemon uses DAEMON_MAX_DELETIONS); unlimited by default. */
  maxDeletions?: number;
}

/** Deletions per sweep in the daemon: with ~20 ms of fixed cost (fsyncs) a sweep holds the event loop ~10-25 ms (bench:index); the loop sweeps again at once when capped. */
export const DAEMON_MAX_DELETIONS = 250;

export interface SweepResult {
  plan: RetentionPlan;
  deleted: number;
  bytes: number;
  certificateId: number | undefined;
  space: (DiskSpace & { floorBytes: number }) | undefined;
}

/** Deletion certificates are kept a year (PIPA s.35 horizon), then pruned. */
export const CERTIFICATE_KEEP_MS = 366 * 24 * 3_600_000;

export const ALARM_CLOCK_AHEAD = 'retention.clock_ahead';
export const ALARM_LOWERING = 'retention.lowering_unconfirmed';
export const ALARM_STORAGE = 'storage.exhausted';

interface SegmentRow {
  id: number;
  camera_id: string;
  start_ms: number;
  end_ms: number;
  bytes: number;
  sha256: string;
}

const toInfo = (r: SegmentRow): SegmentInfo => ({ id: r.id, cameraId: r.camera_id, startMs: r.start_ms, endMs: r.end_ms, bytes: r.bytes, sha256: r.sha256 });

export class RetentionSweeper {
  private readonly freeSpace: (path: string) => DiskSpace;
  private readonly reserve: SpaceReserve;
  /** The last look for another program's files (a bounded walk): reused for a few minutes. */
  private foreignSeen: { at: number; largest: Sized | undefined; own: number } | undefined;

  constructor(private readonly deps: SweeperDeps) {
    this.freeSpace = deps.freeSpace ?? statfsSpace;
    this.reserve = new SpaceReserve(deps.layout.dataDir, deps.log);
  }

  sweep(options: SweepOptions = {}): SweepResult {
    try {
      return this.sweepOnce(options);
    } catch (err) {
      // The index could not grow: the reserve is there for exactly this, and the deletion is tried once more.
      if (!options.dryRun && isDiskFull(err) && this.reserve.release('the index could not grow during a retention sweep')) return this.sweepOnce(options);
      throw err;
    }
  }

  private sweepOnce(options: SweepOptions): SweepResult {
    const { db, layout, clock, log } = this.deps;
    const actor: Actor = options.actor ?? 'system';
    if (!options.dryRun) finishGarbage(db, layout, log);
    const settings = this.deps.settings();
    const now = clock.now();

    const holds = db.prepare('SELECT camera_id AS cameraId, from_ms AS fromMs, to_ms AS toMs FROM holds WHERE released_at IS NULL').all() as HoldRange[];
    const applied = new Map(
      (db.prepare('SELECT camera_id, max_age_ms FROM retention_applied').all() as { camera_id: string; max_age_ms: number }[]).map((r) => [r.camera_id, r.max_age_ms]),
    );
    const cameraIds = new Set<string>([...settings.rules.keys(), ...(db.prepare('SELECT id FROM cameras').all() as { id: string }[]).map((r) => r.id)]);
    const newestOf = db.prepare('SELECT end_ms FROM segments WHERE camera_id = ? ORDER BY start_ms DESC LIMIT 1').pluck();
    const olderThan = db.prepare('SELECT id, camera_id, start_ms, end_ms, bytes, sha256 FROM segments WHERE camera_id = ? AND start_ms <= ? ORDER BY start_ms');
    const windowRows = db.prepare('SELECT id, camera_id, start_ms, end_ms, bytes, sha256 FROM segments WHERE camera_id = ? AND start_ms > ? AND start_ms <= ? ORDER BY start_ms');
    const allOf = db.prepare('SELECT id, camera_id, start_ms, end_ms, bytes, sha256 FROM segments WHERE camera_id = ? ORDER BY start_ms');
    const bytesOf = db.prepare('SELECT COALESCE(SUM(bytes), 0) FROM segments WHERE camera_id = ?').pluck();

    const candidates = new Map<number, SegmentInfo>();
    const addRows = (rows: SegmentRow[]) => {
      for (const r of rows) candidates.set(r.id, toInfo(r));
    };
    let newest: number | undefined;
    const cameraBytes = new Map<string, number>();
    for (const cameraId of cameraIds) {
      const end = newestOf.get(cameraId) as number | undefined;
      if (end !== undefined) newest = Math.max(newest ?? end, end);
      const rule = settings.rules.get(cameraId) ?? settings.defaultRule;
      const previous = applied.get(cameraId);
      const shortest = Math.min(rule.maxAgeMs, previous ?? Infinity);
      const cut = now - shortest;
      if (options.maxDeletions === undefined) {
        addRows(olderThan.all(cameraId, cut) as SegmentRow[]);
      } else {
        // With a cap, only the oldest unheld rows the cap can use (held ranges skipped through the index).
        let n = 0;
        for (const seg of unheldOldest(db, cameraId, holds, cut)) {
          candidates.set(seg.id, seg);
          if (++n > options.maxDeletions) break;
        }
      }
      // A lowering is judged on every row between the two cut-offs (rare: only while a rule is being lowered).
      if (previous !== undefined && previous > rule.maxAgeMs) addRows(windowRows.all(cameraId, now - previous - 86_400_000, cut) as SegmentRow[]);
      if (rule.maxBytes !== undefined) {
        const total = bytesOf.get(cameraId) as number;
        cameraBytes.set(cameraId, total);
        if (total > rule.maxBytes) addRows(allOf.all(cameraId) as SegmentRow[]);
      }
    }

    let space: SweepResult['space'];
    try {
      // Before the first recording the recordings folder may not exist yet; its parent is on the same disk then.
      const raw = this.freeSpace(existsSync(layout.recordingsRoot) ? layout.recordingsRoot : layout.dataDir);
      // Almost nothing left: let go of the reserve before this sweep writes to the index.
      if (!options.dryRun && raw.freeBytes < reserveBytesFor(raw.totalBytes) / 2) this.reserve.release('the disk is full');
      const reserved = this.reserve.heldBytes();
      const disk = { ...raw, freeBytes: raw.freeBytes + reserved, ...(raw.usedBytes === undefined ? {} : { usedBytes: raw.usedBytes - reserved }) };
      const lastHour = db.prepare('SELECT COALESCE(SUM(bytes), 0) FROM segments WHERE start_ms >= ?').pluck().get(now - 3_600_000) as number;
      // Never below one reserve: a floor the disk guard would call "full" could never be met by a sweep.
      space = { ...disk, floorBytes: Math.max(floorBytes(settings.floor, disk.totalBytes, lastHour), reserveBytesFor(disk.totalBytes)) };
    } catch (err) {
      log.error({ err: (err as Error).message }, 'cannot read free space of the recordings disk; the free-space floor is not enforced this sweep');
    }
    let footage: { bytes: number; held: number } | undefined;
    if (space && space.freeBytes < space.floorBytes) {
      footage = footageBytes(db, cameraIds, holds);
      // Oldest unheld footage of any camera, until enough bytes are in hand (held ranges are skipped, not read).
      let need = space.floorBytes - space.freeBytes;
      let n = 0;
      for (const seg of unheldOldestAcross(db, cameraIds, holds)) {
        candidates.set(seg.id, seg);
        need -= seg.bytes;
        if (need <= 0 || (options.maxDeletions !== undefined && ++n > options.maxDeletions)) break;
      }
    }

    const plan = planRetention({
      now,
      segments: [...candidates.values()],
      holds,
      rules: settings.rules,
      defaultRule: settings.defaultRule,
      applied,
      force: options.force ?? false,
      newestSegmentEndMs: newest,
      clockAheadLimitMs: settings.clockAheadLimitMs,
      cameraBytes,
      space: space ? { freeBytes: space.freeBytes, floorBytes: space.floorBytes, deletableBytes: footage ? footage.bytes - footage.held : undefined } : undefined,
      recordingCameras: settings.recordingCameras,
      maxDeletions: options.maxDeletions,
    });
    const bytes = plan.deletions.reduce((n, d) => n + d.segment.bytes, 0);
    if (options.dryRun) return { plan, deleted: 0, bytes, certificateId: undefined, space };

    this.deps.step?.('planned');
    const why = plan.stopRecording.length > 0 ? this.stopReason(plan, space, footage ?? { bytes: 0, held: 0 }) : undefined;
    this.raiseAlarms(plan, settings, why);

    let certificateId: number | undefined;
    let carriedOut: PlannedDeletion[] = [];
    // IMMEDIATE: take the write lock first, so the re-check below sees every hold another process (a CLI `hold add`) committed
    // after the plan was made; held or already-deleted segments drop out of this sweep and its record.
    db.transaction(() => {
      const holdsNow = db.prepare('SELECT camera_id AS cameraId, from_ms AS fromMs, to_ms AS toMs FROM holds WHERE released_at IS NULL').all() as HoldRange[];
      const stillThere = db.prepare('SELECT 1 FROM segments WHERE id = ?').pluck();
      carriedOut = plan.deletions.filter((d) => !isHeld(d.segment, holdsNow) && stillThere.get(d.segment.id) !== undefined);
      if (carriedOut.length > 0) certificateId = this.recordAndMove(carriedOut, settings, actor, now);
      for (const l of plan.lowered.filter((x) => x.confirmed)) {
        this.deps.audit.append({
          actor,
          action: 'retention.lowered',
          subject: `camera:${l.cameraId}`,
          details: { from: formatDuration(l.fromMaxAgeMs), to: formatDuration(l.toMaxAgeMs), segmentsAtOnce: l.segments, bytesAtOnce: l.bytes, confirmedWith: '--force' },
        });
      }
      this.recordApplied(plan, settings, applied, actor, now);
      this.deps.step?.('before-commit');
    }).immediate();
    this.deps.step?.('after-commit');
    finishGarbage(db, layout, log);

    if (why) {
      log.error({ cameras: plan.stopRecording, shortfall: plan.floorShortfallBytes, cause: why.cause.cause, foreignBytes: why.cause.foreignBytes }, 'storage exhausted: stopping recording');
      this.deps.onStorageExhausted?.(plan.stopRecording, why.reason);
    } else if (this.deps.alarms.isOpen(ALARM_STORAGE, 'recordings')) {
      this.deps.alarms.clear(ALARM_STORAGE, 'recordings', 'free space is above the floor again');
      this.deps.onStorageRecovered?.();
    }
    const deletedBytes = carriedOut.reduce((n, d) => n + d.segment.bytes, 0);
    if (carriedOut.length > 0) log.info({ count: carriedOut.length, bytes: deletedBytes, certificateId }, 'retention sweep deleted footage');
    if (carriedOut.length < plan.deletions.length) {
      log.info({ planned: plan.deletions.length, carriedOut: carriedOut.length }, 'segments held or deleted by another process while the sweep planned were left out');
    }
    this.pruneCertificates(now);
    return { plan, deleted: carriedOut.length, bytes: deletedBytes, certificateId, space };
  }

  /**
   * Certificates (the per-segment lists) may go after a year; the audit
   * record with the list hash stays. Pruning is itself logged.
   */
  private pruneCertificates(now: number): void {
    const { db, audit } = this.deps;
    const cutoff = now - CERTIFICATE_KEEP_MS;
    const old = db.prepare('SELECT id FROM deletion_certificates WHERE at < ? ORDER BY id').pluck().all(cutoff) as number[];
    if (old.length === 0) return;
    db.transaction(() => {
      db.prepare('DELETE FROM deletion_certificate_items WHERE certificate_id IN (SELECT id FROM deletion_certificates WHERE at < ?)').run(cutoff);
      db.prepare('DELETE FROM deletion_certificates WHERE at < ?').run(cutoff);
      audit.append({ actor: 'system', action: 'retention.certificates_pruned', subject: 'deletion_certificates', details: { ids: [old[0], old.at(-1)], count: old.length } });
    })();
  }

  /**
   * Name what fills the disk when deleting footage cannot reach the floor:
   * footage under hold, or files that are not Premises' (the filesystem's used
   * bytes against what the index and Premises' own folders account for, and
   * the largest other file or folder on that filesystem).
   */
  private stopReason(
    plan: RetentionPlan,
    space: SweepResult['space'],
    footage: { bytes: number; held: number },
  ): { cause: ShortfallCause; reason: StorageStopReason; message: string; details: Record<string, unknown> } {
    const { layout, clock } = this.deps;
    const now = clock.now();
    if (!this.foreignSeen || now - this.foreignSeen.at > 5 * 60_000 || now < this.foreignSeen.at) {
      let largest: Sized | undefined;
      let own = 0;
      try {
        own = ownNonFootageBytes(layout.dataDir);
        largest = largestForeign(layout.dataDir);
      } catch (err) {
        this.deps.log.warn({ err: (err as Error).message }, 'cannot look for other files on the recordings disk');
      }
      this.foreignSeen = { at: now, largest, own };
    }
    const { largest, own } = this.foreignSeen;
    const used = space?.usedBytes ?? (space ? space.totalBytes - space.freeBytes : 0);
    const cause = explainShortfall({ usedBytes: used, footageBytes: footage.bytes, heldBytes: footage.held, otherPremisesBytes: own });
    const short = `${mb(plan.floorShortfallBytes)} short of its free-space floor`;
    const footageText = `Premises' footage uses ${mb(footage.bytes)} (${mb(footage.held)} of it under hold)`;
    const cameras = plan.stopRecording.join(', ');
    const deleted = plan.floorUnreachable ? 'no footage was deleted for the floor, since deleting all unheld footage could not free enough' : 'unheld footage was deleted';
    const largestText = largest ? `; the largest is ${largest.path} (${largest.complete ? '' : 'at least '}${mb(largest.bytes)})` : '';
    const details = {
      cameras: plan.stopRecording,
      cause: cause.cause,
      shortfallBytes: plan.floorShortfallBytes,
      footageBytes: footage.bytes,
      heldBytes: footage.held,
      foreignBytes: cause.foreignBytes,
      largestForeign: largest,
    };
    if (cause.cause === 'foreign') {
      return {
        cause,
        details,
        message:
          `The recordings disk is ${short}, and files that are not Premises' fill it: ${mb(cause.foreignBytes)} of other files${largestText}. ` +
          `${footageText}; ${deleted}. Recording is stopped for ${cameras}. Move or delete those files (or add disk space); recording resumes by itself.`,
        reason: {
          message: `another file or folder fills the disk (${mb(cause.foreignBytes)} not Premises'${largest ? `, largest ${largest.path}` : ''})`,
          fix: `free space on the disk holding ${layout.dataDir}${largest ? `, e.g. move or delete ${largest.path}` : ''}; recording resumes by itself`,
        },
      };
    }
    return {
      cause,
      details,
      message:
        `The recordings disk is ${short} and footage under hold fills it: ${footageText}. ${deleted[0]?.toUpperCase()}${deleted.slice(1)}; held footage is never deleted. ` +
        `Recording is stopped for ${cameras}. Release holds that are no longer needed or add disk space; recording resumes by itself.`,
      reason: {
        message: `the disk is full of footage under hold (${mb(footage.held)} held), which is never deleted`,
        fix: 'free disk space, add a disk, or release holds that are no longer needed (premises hold list)',
      },
    };
  }

  private raiseAlarms(plan: RetentionPlan, settings: RetentionSettings, why?: { message: string; details: Record<string, unknown> }): void {
    const { alarms } = this.deps;
    if (plan.agePaused) {
      alarms.raise(
        ALARM_CLOCK_AHEAD,
        'retention',
        'critical',
        `The clock (${new Date(plan.agePaused.now).toISOString()}) is more than ${formatDuration(settings.clockAheadLimitMs)} past the newest recording ` +
          `(${new Date(plan.agePaused.newestSegmentEndMs).toISOString()}). Age-based deletion is paused so a clock fault cannot delete everything. ` +
          'Check the date and time (NTP); deletion resumes once recordings with the current time exist.',
        plan.agePaused,
      );
    } else if (alarms.isOpen(ALARM_CLOCK_AHEAD, 'retention')) {
      alarms.clear(ALARM_CLOCK_AHEAD, 'retention', 'the clock agrees with the newest recording again');
    }
    for (const l of plan.lowered) {
      if (l.confirmed) {
        if (alarms.isOpen(ALARM_LOWERING, l.cameraId)) alarms.clear(ALARM_LOWERING, l.cameraId, 'confirmed with --force');
        continue;
      }
      alarms.raise(ALARM_LOWERING, l.cameraId, 'warning', loweringMessage(l), l);
    }
    const pending = new Set(plan.lowered.map((l) => l.cameraId));
    for (const cameraId of plan.applied.keys()) {
      if (!pending.has(cameraId) && alarms.isOpen(ALARM_LOWERING, cameraId)) alarms.clear(ALARM_LOWERING, cameraId, 'the retention change no longer deletes footage at once');
    }
    if (why) alarms.raise(ALARM_STORAGE, 'recordings', 'critical', why.message, why.details);
  }

  /** Certificate + items, segments → garbage, and the one audit entry of the sweep. */
  private recordAndMove(deletions: readonly PlannedDeletion[], settings: RetentionSettings, actor: Actor, now: number): number {
    const { db, audit } = this.deps;
    const cameras = [...new Set(deletions.map((d) => d.segment.cameraId))].sort();
    const rules = Object.fromEntries(
      cameras.map((c) => {
        const r = settings.rules.get(c) ?? settings.defaultRule;
        return [c, { maxAge: formatDuration(r.maxAgeMs), maxBytes: r.maxBytes }];
      }),
    );
    const sorted = deletions.map((d) => d.segment.sha256).sort();
    const listHash = sha256Hex(sorted.join('\n'));
    const bytes = deletions.reduce((n, d) => n + d.segment.bytes, 0);
    const byReason: Record<string, number> = {};
    for (const d of deletions) byReason[d.reason] = (byReason[d.reason] ?? 0) + 1;
    const cert = db
      .prepare('INSERT INTO deletion_certificates (at, actor, rules, count, bytes, list_hash) VALUES (?, ?, ?, ?, ?, ?)')
      .run(now, actor, JSON.stringify(rules), deletions.length, bytes, listHash);
    const certificateId = Number(cert.lastInsertRowid);
    const item = db.prepare(
      'INSERT INTO deletion_certificate_items (certificate_id, segment_id, camera_id, start_ms, end_ms, bytes, sha256, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const d of deletions) item.run(certificateId, d.segment.id, d.segment.cameraId, d.segment.startMs, d.segment.endMs, d.segment.bytes, d.segment.sha256, d.reason);
    for (const reason of ['age', 'quota', 'floor'] as const) {
      const ids = deletions.filter((d) => d.reason === reason).map((d) => d.segment.id);
      if (ids.length > 0) moveSegmentsToGarbage(db, ids, `retention:${reason}`, now);
    }
    const ranges = Object.fromEntries(
      cameras.map((c) => [
        c,
        mergeRanges(deletions.filter((d) => d.segment.cameraId === c).map((d) => d.segment)).map((r) => [new Date(r.fromMs).toISOString(), new Date(r.toMs).toISOString()]),
      ]),
    );
    audit.append({
      actor,
      action: 'retention.sweep',
      subject: 'recordings',
      details: { rules, byReason, cameras, ranges, count: deletions.length, bytes, listHash, certificate: certificateId },
    });
    return certificateId;
  }

  /** Remember each camera's applied maximum age; log changes (with the justification above the cap). */
  private recordApplied(plan: RetentionPlan, settings: RetentionSettings, previous: ReadonlyMap<string, number>, actor: Actor, now: number): void {
    const upsert = this.deps.db.prepare(
      `INSERT INTO retention_applied (camera_id, max_age_ms, max_bytes, justification, applied_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(camera_id) DO UPDATE SET max_age_ms = excluded.max_age_ms, max_bytes = excluded.max_bytes,
         justification = excluded.justification, applied_at = excluded.applied_at`,
    );
    for (const [cameraId, maxAgeMs] of plan.applied) {
      const before = previous.get(cameraId);
      if (before === maxAgeMs) continue;
      const rule = settings.rules.get(cameraId);
      const aboveCap = settings.capMaxAgeMs !== undefined && maxAgeMs > settings.capMaxAgeMs;
      upsert.run(cameraId, maxAgeMs, rule?.maxBytes ?? null, rule?.justification ?? null, now);
      this.deps.audit.append({
        actor,
        action: 'retention.applied',
        subject: `camera:${cameraId}`,
        details: {
          from: before === undefined ? undefined : formatDuration(before),
          to: formatDuration(maxAgeMs),
          maxBytes: rule?.maxBytes,
          aboveCap: aboveCap || undefined,
          justification: rule?.justification,
        },
      });
    }
  }
}

export function loweringMessage(l: { cameraId: string; fromMaxAgeMs: number; toMaxAgeMs: number; segments: number; bytes: number }): string {
  return (
    `camera ${l.cameraId}: lowering retention from ${formatDuration(l.fromMaxAgeMs)} to ${formatDuration(l.toMaxAgeMs)} would delete at once ` +
    `${l.segments} segment(s) (${(l.bytes / 1e6).toFixed(1)} MB) kept under the old rule. Until you confirm with ` +
    '`premises retention run --force`, the old rule applies.'
  );
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** All footage in the index (kept per camera by triggers) and the part under an active hold (one index probe per merged hold). */
function footageBytes(db: Db, cameraIds: Iterable<string>, holds: readonly HoldRange[]): { bytes: number; held: number } {
  const bytes = db.prepare('SELECT COALESCE(SUM(bytes), 0) FROM storage_camera_bytes').pluck().get() as number;
  const heldOf = db.prepare('SELECT COALESCE(SUM(bytes), 0) FROM segments WHERE camera_id = ? AND start_ms <= ? AND end_ms >= ?').pluck();
  let held = 0;
  for (const cameraId of cameraIds) for (const h of mergeHolds(holds, cameraId)) held += heldOf.get(cameraId, h.toMs, h.fromMs) as number;
  return { bytes, held: Math.min(held, bytes) };
}
