import type { ViewingEntry } from '../../audit/entries.js';
import { businessDate } from '../../shared/local-date.js';

/**
 * Routine viewing, flagged for the record of processing. Footage is there to
 * investigate incidents (OIPC BC P09-02: reviewing yesterday's footage without
 * a complaint is not appropriate; the joint guidelines: recordings reviewed
 * only to investigate an incident), so a user who keeps looking without one is
 * shown to the owner. Counted per user over the last 30 days, in days rather
 * than sessions: the grid opens one live session per tile and a playback
 * session per camera, so sessions would flag a single look at the grid.
 *
 * - Playback with reason "other" is routine; incident, complaint, access
 *   request and police request are incident reasons.
 * - Live viewing asks for no reason, so every live view counts as routine.
 *
 * Thresholds (ROUTINE_THRESHOLDS): playback with a routine reason on 4 or more
 * days (about weekly review), or live viewing on 15 or more days (about every
 * other day: watching rather than checking). Pure.
 */
export const VIEWING_WINDOW_DAYS = 30;
export const ROUTINE_THRESHOLDS = { playbackDays: 4, liveDays: 15 } as const;
export const VIEWING_ACTIONS = ['live.view-started', 'playback.started'] as const;
const ROUTINE_PLAYBACK_REASONS: readonly string[] = ['other'];

export interface ViewingFlag {
  actor: string;
  /** Days with playback for a routine reason, and with live viewing. */
  routinePlaybackDays: number;
  liveDays: number;
  /** Playback sessions with an incident reason (for context: they do not excuse routine viewing). */
  incidentPlaybacks: number;
  cameras: string[];
  text: string;
}

export function flagRoutineViewing(entries: readonly ViewingEntry[], timeZone: string, thresholds = ROUTINE_THRESHOLDS): ViewingFlag[] {
  const byActor = new Map<string, { playback: Set<string>; live: Set<string>; incident: number; cameras: Set<string> }>();
  for (const e of entries) {
    const a = byActor.get(e.actor) ?? { playback: new Set<string>(), live: new Set<string>(), incident: 0, cameras: new Set<string>() };
    byActor.set(e.actor, a);
    const day = businessDate(timeZone, e.at);
    if (e.action === 'live.view-started') {
      a.live.add(day);
      a.cameras.add(e.camera.replace(/^camera:/, ''));
    } else if (e.action === 'playback.started') {
      if (e.reason !== null && !ROUTINE_PLAYBACK_REASONS.includes(e.reason)) a.incident++;
      else {
        a.playback.add(day);
        a.cameras.add(e.camera.replace(/^camera:/, ''));
      }
    }
  }
  const flags: ViewingFlag[] = [];
  for (const [actor, a] of byActor) {
    const playbackFlag = a.playback.size >= thresholds.playbackDays;
    const liveFlag = a.live.size >= thresholds.liveDays;
    if (!playbackFlag && !liveFlag) continue;
    const parts = [
      ...(playbackFlag ? [`viewed recordings without an incident reason on ${a.playback.size} days`] : []),
      ...(liveFlag ? [`watched live on ${a.live.size} days`] : []),
    ];
    flags.push({
      actor,
      routinePlaybackDays: a.playback.size,
      liveDays: a.live.size,
      incidentPlaybacks: a.incident,
      cameras: [...a.cameras].sort(),
      text: `${actor} ${parts.join(' and ')} of the last ${VIEWING_WINDOW_DAYS} (cameras ${[...a.cameras].sort().join(', ')}; ${a.incident} viewing(s) for an incident reason)`,
    });
  }
  return flags.sort((x, y) => (x.actor < y.actor ? -1 : 1));
}

/** The report's section: the thresholds, then each flagged user or that none was. */
export function routineViewingSection(flags: readonly ViewingFlag[]): string {
  const rule =
    `Flagged: a user who, in the last ${VIEWING_WINDOW_DAYS} days, viewed recordings with a routine reason ("other") on ${ROUTINE_THRESHOLDS.playbackDays} or more days, ` +
    `or watched live on ${ROUTINE_THRESHOLDS.liveDays} or more days. Recordings are for investigating incidents; ask the user why, and record an incident reason when there is one.`;
  if (flags.length === 0) return `${rule}\n\nNone flagged.`;
  return `${rule}\n\n${flags.map((f) => `- **${f.text}**`).join('\n')}`;
}
