/**
 * The retention planner: a pure function from (segments, holds, rules, now,
 * free space) to "which segments go, and why". No I/O, no clock: the sweeper
 * gathers the input and carries the plan out.
 *
 * Invariants:
 * - a segment overlapping an active hold on its camera is never planned;
 * - age-based deletion pauses when the wall clock is far past the newest
 *   segment (a clock fault would otherwise delete everything at once);
 * - lowering a camera's maximum age so that footage the old rule kept would
 *   go at once needs `force`; without it the old rule keeps applying;
 * - the free-space floor takes the oldest unheld footage of any camera first,
 *   but only when deleting can reach the floor (all unheld footage counted
 *   against the shortfall first); when it cannot — held footage or another
 *   program's files fill the disk — it deletes nothing for the floor and the
 *   plan says "stop recording".
 */
export interface SegmentInfo {
  id: number;
  cameraId: string;
  startMs: number;
  endMs: number;
  bytes: number;
  sha256: string;
}

export interface HoldRange {
  cameraId: string;
  fromMs: number;
  toMs: number;
}

export interface CameraRule {
  maxAgeMs: number;
  maxBytes?: number | undefined;
}

export type DeletionReason = 'age' | 'quota' | 'floor';

export interface PlanInput {
  now: number;
  /** Candidate segments, any order. The sweeper passes at least every segment any rule could take. */
  segments: readonly SegmentInfo[];
  holds: readonly HoldRange[];
  /** Rule per camera; cameras with segments but no rule (removed from config) use `defaultRule`. */
  rules: ReadonlyMap<string, CameraRule>;
  defaultRule: CameraRule;
  /** The maximum age last applied per camera (absent: first sweep for that camera). */
  applied: ReadonlyMap<string, number>;
  force: boolean;
  /** End of the newest segment of any camera, from the whole index. */
  newestSegmentEndMs: number | undefined;
  clockAheadLimitMs: number;
  /** Total bytes per camera in the whole index (for quotas). */
  cameraBytes: ReadonlyMap<string, number>;
  /**
   * Free space (the reserve counted as free) and the floor. `deletableBytes`:
   * all unheld footage in the whole index, not only the candidates; without
   * it the floor deletes as much as it finds.
   */
  space?: { freeBytes: number; floorBytes: number; deletableBytes?: number | undefined } | undefined;
  /** Cameras writing to this disk: those to stop when only held footage is left. */
  recordingCameras: readonly string[];
  /**
   * At most this many deletions (oldest first); the rest waits for the next
   * sweep. Keeps one sweep's transaction and unlinks short so the event loop
   * stays responsive. A capped plan never says "stop recording".
   */
  maxDeletions?: number | undefined;
}

export interface PlannedDeletion {
  segment: SegmentInfo;
  reason: DeletionReason;
}

export interface LoweredRetention {
  cameraId: string;
  fromMaxAgeMs: number;
  toMaxAgeMs: number;
  /** Unheld footage kept under the old rule that the new one deletes at once. */
  segments: number;
  bytes: number;
  confirmed: boolean;
}

export interface RetentionPlan {
  deletions: PlannedDeletion[];
  /** Set when age-based deletion is paused because the clock is far past the newest segment. */
  agePaused: { now: number; newestSegmentEndMs: number } | undefined;
  lowered: LoweredRetention[];
  /** Segments a rule would have taken but a hold keeps. */
  heldKept: number;
  /** Bytes the floor still lacks after the deletions planned. */
  floorShortfallBytes: number;
  /** Set when deleting every unheld segment could not reach the floor: nothing was planned for the floor. */
  floorUnreachable: { shortfallBytes: number; deletableBytes: number } | undefined;
  stopRecording: string[];
  /** Maximum age to record as applied, per camera (unchanged for a refused lowering). */
  applied: Map<string, number>;
  /** True when maxDeletions cut the plan short: sweep again soon. */
  capped: boolean;
}

export function isHeld(segment: Pick<SegmentInfo, 'cameraId' | 'startMs' | 'endMs'>, holds: readonly HoldRange[]): boolean {
  return holds.some((h) => h.cameraId === segment.cameraId && segment.startMs <= h.toMs && segment.endMs >= h.fromMs);
}

const byAge = (a: SegmentInfo, b: SegmentInfo) => a.startMs - b.startMs || a.id - b.id;

export function planRetention(input: PlanInput): RetentionPlan {
  const holdsByCamera = new Map<string, HoldRange[]>();
  for (const h of input.holds) holdsByCamera.set(h.cameraId, [...(holdsByCamera.get(h.cameraId) ?? []), h]);
  const held = (s: SegmentInfo) => isHeld(s, holdsByCamera.get(s.cameraId) ?? []);

  const segments = [...input.segments].sort(byAge);
  const planned = new Map<number, PlannedDeletion>();
  const heldKeptIds = new Set<number>();
  const take = (s: SegmentInfo, reason: DeletionReason): boolean => {
    if (planned.has(s.id)) return false;
    if (held(s)) {
      heldKeptIds.add(s.id);
      return false;
    }
    planned.set(s.id, { segment: s, reason });
    return true;
  };
  const ruleOf = (cameraId: string) => input.rules.get(cameraId) ?? input.defaultRule;
  const cameras = new Set<string>([...input.rules.keys(), ...segments.map((s) => s.cameraId)]);
  const byCamera = new Map<string, SegmentInfo[]>();
  for (const s of segments) {
    const list = byCamera.get(s.cameraId);
    if (list) list.push(s);
    else byCamera.set(s.cameraId, [s]);
  }
  const of = (cameraId: string) => byCamera.get(cameraId) ?? [];

  // Age.
  const agePaused =
    input.newestSegmentEndMs !== undefined && input.now - input.newestSegmentEndMs > input.clockAheadLimitMs
      ? { now: input.now, newestSegmentEndMs: input.newestSegmentEndMs }
      : undefined;
  const lowered: LoweredRetention[] = [];
  const applied = new Map<string, number>();
  if (!agePaused) {
    for (const cameraId of cameras) {
      const rule = ruleOf(cameraId);
      let maxAge = rule.maxAgeMs;
      const previous = input.applied.get(cameraId);
      if (previous !== undefined && previous > rule.maxAgeMs) {
        const newCut = input.now - rule.maxAgeMs;
        const oldCut = input.now - previous;
        const atOnce = of(cameraId).filter((s) => s.endMs <= newCut && s.endMs > oldCut && !held(s));
        if (atOnce.length > 0) {
          lowered.push({
            cameraId,
            fromMaxAgeMs: previous,
            toMaxAgeMs: rule.maxAgeMs,
            segments: atOnce.length,
            bytes: atOnce.reduce((n, s) => n + s.bytes, 0),
            confirmed: input.force,
          });
          if (!input.force) maxAge = previous;
        }
      }
      applied.set(cameraId, maxAge);
      const cut = input.now - maxAge;
      for (const s of of(cameraId)) if (s.endMs <= cut) take(s, 'age');
    }
  } else {
    for (const [cameraId, previous] of input.applied) applied.set(cameraId, previous);
  }

  // Quota, per camera: oldest unheld first.
  for (const cameraId of cameras) {
    const maxBytes = ruleOf(cameraId).maxBytes;
    if (maxBytes === undefined) continue;
    let total = input.cameraBytes.get(cameraId) ?? 0;
    for (const d of planned.values()) if (d.segment.cameraId === cameraId) total -= d.segment.bytes;
    for (const s of of(cameraId)) {
      if (total <= maxBytes) break;
      if (take(s, 'quota')) total -= s.bytes;
    }
  }

  // Free-space floor: oldest unheld footage of any camera, then stop.
  let floorShortfallBytes = 0;
  let stopRecording: string[] = [];
  let floorUnreachable: RetentionPlan['floorUnreachable'];
  if (input.space && input.space.freeBytes < input.space.floorBytes) {
    let plannedBytes = 0;
    for (const d of planned.values()) plannedBytes += d.segment.bytes;
    let need = input.space.floorBytes - input.space.freeBytes - plannedBytes;
    const reach = floorReach(need, input.space.deletableBytes === undefined ? undefined : input.space.deletableBytes - plannedBytes);
    if (reach === 'unreachable') {
      floorUnreachable = { shortfallBytes: need, deletableBytes: Math.max(0, (input.space.deletableBytes ?? 0) - plannedBytes) };
    } else {
      for (const s of segments) {
        if (need <= 0) break;
        if (take(s, 'floor')) need -= s.bytes;
      }
    }
    if (need > 0) {
      floorShortfallBytes = need;
      stopRecording = [...input.recordingCameras].sort();
    }
  }

  for (const id of planned.keys()) heldKeptIds.delete(id);
  let deletions = [...planned.values()].sort((a, b) => byAge(a.segment, b.segment));
  const capped = input.maxDeletions !== undefined && deletions.length > input.maxDeletions;
  if (capped) {
    deletions = deletions.slice(0, input.maxDeletions);
    // The floor may well be met once the rest goes: decide about stopping only on a complete plan.
    floorShortfallBytes = 0;
    stopRecording = [];
  }
  return { deletions, agePaused, lowered, heldKept: heldKeptIds.size, floorShortfallBytes, floorUnreachable, stopRecording, applied, capped };
}

/**
 * Whether deleting footage can bring free space back to the floor: `need`
 * bytes short, `deletableBytes` of unheld footage left to delete (undefined:
 * not known, so deletion is tried). Deleting footage that cannot close the gap
 * only loses footage: recording stops either way.
 */
export function floorReach(need: number, deletableBytes: number | undefined): 'met' | 'reachable' | 'unreachable' {
  if (need <= 0) return 'met';
  if (deletableBytes !== undefined && deletableBytes < need) return 'unreachable';
  return 'reachable';
}

export interface ShortfallInput {
  /** Bytes in use on the filesystem (total - free, the reserve counted as free). */
  usedBytes: number;
  /** Footage the index accounts for, and the part of it under hold. */
  footageBytes: number;
  heldBytes: number;
  /** Premises' other files: the index, exports, backups. */
  otherPremisesBytes: number;
}

export interface ShortfallCause {
  /** What fills the disk most, of the two things the owner can act on. */
  cause: 'held' | 'foreign';
  /** Bytes on the filesystem Premises does not account for: another program's files. */
  foreignBytes: number;
}

/** Why deleting footage cannot reach the floor: held footage, or files that are not Premises'. */
export function explainShortfall(input: ShortfallInput): ShortfallCause {
  const foreignBytes = Math.max(0, input.usedBytes - input.footageBytes - input.otherPremisesBytes);
  return { cause: foreignBytes > input.heldBytes ? 'foreign' : 'held', foreignBytes };
}

/** Merge a camera's deleted segments into contiguous ranges (gaps ≤ `slackMs` join). */
export function mergeRanges(segments: readonly Pick<SegmentInfo, 'startMs' | 'endMs'>[], slackMs = 1_000): { fromMs: number; toMs: number }[] {
  const sorted = [...segments].sort((a, b) => a.startMs - b.startMs);
  const out: { fromMs: number; toMs: number }[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && s.startMs <= last.toMs + slackMs) last.toMs = Math.max(last.toMs, s.endMs);
    else out.push({ fromMs: s.startMs, toMs: s.endMs });
  }
  return out;
}
