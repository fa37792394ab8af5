import type { Actor, AuditLog } from '../../audit/log.js';
import type { Db } from '../../db/open.js';
import type { Clock, Timer } from '../../shared/clock.js';
import { PremisesError } from '../../shared/errors.js';

/**
 * Privacy pause: a person objects, or a private moment needs no camera, and
 * the owner stops a camera now (EDPB ¶105-106). The pause lives in the index
 * so a `premises pause` run from another process reaches the recorder: the
 * recorder polls `PauseWatcher` (or calls `isPaused`) and must stop writing
 * within 5 s. Every change is audited in the same transaction.
 */
export interface PrivacyPause {
  id: number;
  camera: string;
  reason: string;
  startedAt: number;
  startedBy: string;
  /** Ends by itself at this UTC ms; undefined: until resumed. */
  until: number | undefined;
}

interface PauseRow {
  id: number;
  camera_id: string;
  reason: string;
  started_at: number;
  started_by: string;
  until_ms: number | null;
  ended_at: number | null;
}

function toPause(row: PauseRow): PrivacyPause {
  return {
    id: row.id,
    camera: row.camera_id,
    reason: row.reason,
    startedAt: row.started_at,
    startedBy: row.started_by,
    until: row.until_ms ?? undefined,
  };
}

const OPEN = 'ended_at IS NULL AND (until_ms IS NULL OR until_ms > @now)';

export class PauseStore {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /**
   * Pause a camera now, until resumed, until a UTC ms, or for a duration from
   * now. A pause already in force is replaced (its end is recorded as 'replaced').
   */
  pause(camera: string, reason: string, end: number | { forMs: number } | undefined, actor: Actor): PrivacyPause {
    const text = reason.trim();
    if (!text) throw new PremisesError('InvalidArgument', 'a privacy pause needs a reason (it goes into the audit log)');
    return this.db.transaction(() => {
      const now = this.clock.now();
      const untilMs = typeof end === 'object' ? now + end.forMs : end;
      if (untilMs !== undefined && untilMs <= now) throw new PremisesError('InvalidArgument', 'the pause would already be over; give a later end');
      this.closeExpired(now);
      const current = this.current(camera, now);
      if (current) {
        this.db.prepare("UPDATE privacy_pauses SET ended_at = ?, ended_by = ?, end_reason = 'replaced' WHERE id = ?").run(now, actor, current.id);
      }
      const info = this.db
        .prepare('INSERT INTO privacy_pauses (camera_id, reason, started_at, started_by, until_ms) VALUES (?, ?, ?, ?, ?)')
        .run(camera, text, now, actor, untilMs ?? null);
      this.audit.append({
        actor,
        action: 'privacy.pause',
        subject: `camera:${camera}`,
        details: { reason: text, until: untilMs === undefined ? null : new Date(untilMs).toISOString(), replaced: current?.id },
      });
      return { id: Number(info.lastInsertRowid), camera, reason: text, startedAt: now, startedBy: actor, until: untilMs };
    })();
  }

  /** Resume a paused camera. Throws FailedPrecondition when it is not paused. */
  resume(camera: string, actor: Actor): PrivacyPause {
    return this.db.transaction(() => {
      const now = this.clock.now();
      this.closeExpired(now);
      const current = this.current(camera, now);
      if (!current) throw new PremisesError('FailedPrecondition', `camera '${camera}' is not paused`);
      this.db.prepare("UPDATE privacy_pauses SET ended_at = ?, ended_by = ?, end_reason = 'resumed' WHERE id = ?").run(now, actor, current.id);
      this.audit.append({ actor, action: 'privacy.resume', subject: `camera:${camera}`, details: { pause: current.id, pausedFor: now - current.startedAt } });
      return current;
    })();
  }

  /** The pause in force for a camera at `now`, if any. Read-only: safe to call often. */
  current(camera: string, now = this.clock.now()): PrivacyPause | undefined {
    const row = this.db
      .prepare(`SELECT * FROM privacy_pauses WHERE camera_id = @camera AND ${OPEN} ORDER BY id DESC LIMIT 1`)
      .get({ camera, now }) as PauseRow | undefined;
    return row ? toPause(row) : undefined;
  }

  isPaused(camera: string, now = this.clock.now()): boolean {
    return this.current(camera, now) !== undefined;
  }

  /** Every pause in force at `now`. */
  active(now = this.clock.now()): PrivacyPause[] {
    return (this.db.prepare(`SELECT * FROM privacy_pauses WHERE ${OPEN} ORDER BY camera_id`).all({ now }) as PauseRow[]).map(toPause);
  }

  /** Record the end of timed pauses that ran out (audited as 'privacy.pause.expired'). Returns them. */
  closeExpired(now = this.clock.now()): PrivacyPause[] {
    const run = () => {
      const rows = this.db
        .prepare('SELECT * FROM privacy_pauses WHERE ended_at IS NULL AND until_ms IS NOT NULL AND until_ms <= ?')
        .all(now) as PauseRow[];
      for (const row of rows) {
        this.db.prepare("UPDATE privacy_pauses SET ended_at = until_ms, ended_by = 'system', end_reason = 'expired' WHERE id = ?").run(row.id);
        this.audit.append({ actor: 'system', action: 'privacy.pause.expired', subject: `camera:${row.camera_id}`, details: { pause: row.id } });
      }
      return rows.map(toPause);
    };
    return this.db.inTransaction ? run() : this.db.transaction(run)();
  }
}

export type PauseEvent = { type: 'paused'; pause: PrivacyPause } | { type: 'resumed'; camera: string };

/**
 * Polls the index for pause changes (the CLI runs in another process) and
 * reports each change once. The default 1 s interval leaves the recorder
 * 4 s of the 5 s budget to finalise the open segment.
 */
export class PauseWatcher {
  private known = new Map<string, number>(); // camera -> pause id in force
  private timer: Timer | undefined;
  private running = false;

  constructor(
    private readonly store: PauseStore,
    private readonly clock: Clock,
    private readonly onEvent: (event: PauseEvent) => void,
    private readonly intervalMs = 1000,
    /** Called when a poll or a listener fails; the watcher keeps going. */
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  /** Check now; returns the events it emitted. Call it directly after an in-process pause (API) for zero delay. */
  poll(): PauseEvent[] {
    const now = this.clock.now();
    this.store.closeExpired(now);
    const active = new Map(this.store.active(now).map((p) => [p.camera, p] as const));
    const events: PauseEvent[] = [];
    for (const [camera, pause] of active) {
      if (this.known.get(camera) !== pause.id) events.push({ type: 'paused', pause });
    }
    for (const camera of this.known.keys()) if (!active.has(camera)) events.push({ type: 'resumed', camera });
    this.known = new Map([...active].map(([camera, p]) => [camera, p.id] as const));
    for (const event of events) {
      try {
        this.onEvent(event);
      } catch (err) {
        // One failing listener must not stop pause detection for the other cameras.
        this.onError(err);
      }
    }
    return events;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const tick = () => {
      try {
        this.poll();
      } catch (err) {
        // A busy or failing read: report it and try again next interval rather than stop watching.
        this.onError(err);
      }
      if (this.running) this.timer = this.clock.setTimeout(tick, this.intervalMs);
    };
    tick();
  }

  stop(): void {
    this.running = false;
    this.timer?.cancel();
    this.timer = undefined;
  }
}
