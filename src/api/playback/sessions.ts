import { randomBytes } from 'node:crypto';
import { recentEntriesOfActions } from '../../audit/entries.js';
import type { Actor, AuditLog } from '../../audit/log.js';
import type { Db } from '../../db/open.js';
import type { Clock, Timer } from '../../shared/clock.js';
import { PremisesError } from '../../shared/errors.js';
import { loginEndedFor, type LoginEnded } from '../auth/sessions.js';
import { iso } from '../../shared/iso.js';

/**
 * Viewing sessions for recorded footage. Looking at recordings asks for a
 * reason (OIPC BC P09-02: no routine review without a cause), and the audit
 * log gets one entry when a session starts (who, camera, time range, reason)
 * and one when it ends — not one per HTTP request, which would bury the
 * record under range requests.
 *
 * Sessions live in memory: a restart ends them all. The start entries of
 * sessions a crash left open are closed at the next start (closeDangling).
 */
export const REASONS = ['incident', 'complaint', 'access request', 'police request', 'other'] as const;
export type Reason = (typeof REASONS)[number];
export const REASON_TEXT_MAX = 500;
/** Bounds memory: a user opening more sessions ends their oldest. */
export const MAX_OPEN_PER_USER = 8;
export const MAX_SPAN_MS = 31 * 86_400_000;

export type EndCause = 'user' | 'idle' | 'replaced' | 'shutdown' | 'restart' | 'logout';

export interface PlaybackSession {
  id: string;
  userId: number;
  /** The login session (token hash) it was started in: its logout ends it. */
  login: string | undefined;
  actor: Actor;
  cameraId: string;
  fromMs: number;
  toMs: number;
  reason: Reason;
  reasonText: string | undefined;
  startedAt: number;
  /** Monotonic time of the last request in this session. */
  lastActivity: number;
  segments: Set<number>;
  bytes: number;
  viewedFrom: number | undefined;
  viewedTo: number | undefined;
  timer: Timer | undefined;
}

export interface StartRequest {
  userId: number;
  login?: string | undefined;
  actor: Actor;
  cameraId: string;
  fromMs: number;
  toMs: number;
  reason: Reason;
  reasonText: string | undefined;
}


/** Checks a start request's reason and range; returns the cleaned reason text. Pure. */
export function checkStart(input: { fromMs: number; toMs: number; reason: unknown; reasonText: unknown }): { reason: Reason; reasonText: string | undefined } {
  if (typeof input.reason !== 'string' || !(REASONS as readonly string[]).includes(input.reason)) {
    throw new PremisesError('InvalidArgument', `reason must be one of: ${REASONS.join(', ')}`);
  }
  const reason = input.reason as Reason;
  let reasonText: string | undefined;
  if (input.reasonText !== undefined && input.reasonText !== null) {
    if (typeof input.reasonText !== 'string') throw new PremisesError('InvalidArgument', 'reasonText must be text');
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(input.reasonText)) throw new PremisesError('InvalidArgument', 'reasonText must be one line of plain text');
    reasonText = input.reasonText.trim() || undefined;
    if (reasonText !== undefined && reasonText.length > REASON_TEXT_MAX) throw new PremisesError('InvalidArgument', `reasonText is longer than ${REASON_TEXT_MAX} characters`);
  }
  if (reason === 'other' && reasonText === undefined) throw new PremisesError('InvalidArgument', 'reason "other" needs reasonText saying why you are viewing the footage');
  if (!Number.isFinite(input.fromMs) || !Number.isFinite(input.toMs) || input.toMs <= input.fromMs || input.toMs - input.fromMs > MAX_SPAN_MS) {
    throw new PremisesError('InvalidArgument', 'give from before to, at most 31 days apart');
  }
  return { reason, reasonText };
}

export class PlaybackSessions {
  private readonly open = new Map<string, PlaybackSession>();

  constructor(
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    /** A session with no request for this long ends (config playback.idleTimeout). */
    readonly idleMs: number,
  ) {}

  start(req: StartRequest): PlaybackSession {
    const mine = [...this.open.values()].filter((s) => s.userId === req.userId).sort((a, b) => a.lastActivity - b.lastActivity);
    for (const old of mine.slice(0, Math.max(0, mine.length - MAX_OPEN_PER_USER + 1))) this.end(old, 'replaced');
    const session: PlaybackSession = {
      ...req,
      login: req.login,
      id: randomBytes(16).toString('base64url'),
      startedAt: this.clock.now(),
      lastActivity: this.clock.monotonic(),
      segments: new Set(),
      bytes: 0,
      viewedFrom: undefined,
      viewedTo: undefined,
      timer: undefined,
    };
    this.audit.append({
      actor: req.actor,
      action: 'playback.started',
      subject: `camera:${req.cameraId}`,
      details: { session: session.id, from: iso(req.fromMs), to: iso(req.toMs), reason: req.reason, reasonText: req.reasonText },
    });
    this.open.set(session.id, session);
    this.arm(session, this.idleMs);
    return session;
  }

  /** The user's open session with this id; undefined for unknown, ended or someone else's. */
  get(id: string, userId: number): PlaybackSession | undefined {
    const s = this.open.get(id);
    return s && s.userId === userId ? s : undefined;
  }

  /** A request in the session: keeps it from idling out and counts what was served. */
  touch(session: PlaybackSession, served?: { segmentId: number; startMs: number; endMs: number; bytes: number }): void {
    session.lastActivity = this.clock.monotonic();
    if (!served) return;
    session.segments.add(served.segmentId);
    session.bytes += served.bytes;
    session.viewedFrom = Math.min(session.viewedFrom ?? served.startMs, served.startMs);
    session.viewedTo = Math.max(session.viewedTo ?? served.endMs, served.endMs);
  }

  end(session: PlaybackSession, cause: EndCause): void {
    if (!this.open.delete(session.id)) return;
    session.timer?.cancel();
    this.audit.append({
      actor: session.actor,
      action: 'playback.ended',
      subject: `camera:${session.cameraId}`,
      details: {
        session: session.id,
        cause,
        startedAt: iso(session.startedAt),
        segments: session.segments.size,
        bytes: session.bytes,
        viewed: session.viewedFrom === undefined ? null : { from: iso(session.viewedFrom), to: iso(session.viewedTo) },
      },
    });
  }

  endAll(cause: EndCause): void {
    for (const s of [...this.open.values()]) this.end(s, cause);
  }

  /** The user logged out (or was logged out): their sessions started in the ended logins end, cause 'logout'. */
  endForLogin(e: LoginEnded): number {
    const ending = [...this.open.values()].filter((s) => s.userId === e.userId && (s.login === undefined || loginEndedFor(e, s.userId, s.login)));
    for (const s of ending) this.end(s, 'logout');
    return ending.length;
  }

  get size(): number {
    return this.open.size;
  }

  /** One timer per session, re-armed for the remaining time when it fires early: no timer churn per request. */
  private arm(session: PlaybackSession, ms: number): void {
    session.timer = this.clock.setTimeout(() => {
      if (!this.open.has(session.id)) return;
      const idle = this.clock.monotonic() - session.lastActivity;
      if (idle >= this.idleMs) this.end(session, 'idle');
      else this.arm(session, this.idleMs - idle);
    }, ms);
  }
}

/**
 * At start-up: a session the previous process left open (it was killed) gets
 * its end entry now, so every start entry has an end. Looks at the recent
 * part of the log only; the entry says the viewing ended at the latest when
 * that process stopped.
 */
export function closeDangling(db: Db, audit: AuditLog, lookback = 50_000): number {
  // One pass over the recent entries (not a subquery per start entry: a busy site has thousands).
  const rows = recentEntriesOfActions(db, ['playback.started', 'playback.ended'], lookback).map((r) => ({
    ...r,
    session: (r.details as { session?: string } | null)?.session ?? null,
  }));
  const open = new Map<string, (typeof rows)[number]>();
  for (const r of rows) {
    if (r.session === null) continue;
    if (r.action === 'playback.started') open.set(r.session, r);
    else open.delete(r.session);
  }
  for (const r of open.values()) {
    audit.append({ actor: r.actor as Actor, action: 'playback.ended', subject: r.subject, details: { session: r.session, cause: 'restart', startedAt: iso(r.at), segments: null, bytes: null, viewed: null } });
  }
  return open.size;
}
