import type { CameraConfig, Config } from '../../config/schema.js';
import type { PrivacyPause } from './pause.js';
import { isRecordingAllowed, nextTransition } from './schedule.js';
import { gateVerdict, type GateFailure } from './gates.js';

/**
 * The one question the recorder asks per camera: may it record, stream and
 * keep audio now, why not, and when to ask again. Pure; the recorder supplies
 * the time and the pause in force (PauseStore.current or PauseWatcher).
 *
 * - consent gates and `enabled: false` stop recording and live view;
 * - a privacy pause stops recording and live view;
 * - a schedule limits recording only (it is a recording window).
 */
export type HoldReason =
  | { code: 'disabled'; message: string; fix: string }
  | { code: 'gate'; gate: GateFailure; message: string; fix: string }
  | { code: 'paused'; pause: PrivacyPause; message: string; fix: string }
  | { code: 'outside-schedule'; message: string; fix: string }
  /** Added by withStorageFull, not by decideCamera: the disk holds only held footage (retention's free-space floor). */
  | { code: 'storage-full'; message: string; fix: string };

export interface CameraDecision {
  camera: string;
  record: boolean;
  stream: boolean;
  audio: boolean;
  reasons: HoldReason[];
  /** UTC ms at which the answer may change by itself (schedule edge, pause expiry); undefined: only on a config or pause change. */
  recheckAt: number | undefined;
}

export function decideCamera(
  config: Pick<Config, 'business' | 'timezone'>,
  camera: CameraConfig,
  nowMs: number,
  pause: PrivacyPause | undefined,
): CameraDecision {
  const reasons: HoldReason[] = [];
  if (!camera.enabled) reasons.push({ code: 'disabled', message: `camera '${camera.id}' is disabled in the configuration`, fix: 'set enabled: true under the camera' });
  const verdict = gateVerdict(config, camera);
  for (const gate of verdict.failures) reasons.push({ code: 'gate', gate, message: gate.reason, fix: gate.fix });
  const paused = pause !== undefined && (pause.until === undefined || pause.until > nowMs);
  if (paused) {
    reasons.push({
      code: 'paused',
      pause,
      message: `camera '${camera.id}' is under a privacy pause since ${new Date(pause.startedAt).toISOString()} (${pause.reason})`,
      fix: `premises resume ${camera.id}`,
    });
  }
  const inWindow = isRecordingAllowed(camera.schedule, config.timezone, nowMs);
  if (!inWindow) {
    reasons.push({ code: 'outside-schedule', message: `camera '${camera.id}' is outside its recording schedule`, fix: 'wait for the next window, or change schedule under the camera' });
  }
  const stream = camera.enabled && verdict.stream && !paused;
  const record = stream && verdict.record && inWindow;
  const edge = nextTransition(camera.schedule, config.timezone, nowMs)?.at;
  const expiry = paused ? pause.until : undefined;
  const times = [edge, expiry].filter((t): t is number => t !== undefined);
  return { camera: camera.id, record, stream, audio: record && verdict.audio, reasons, recheckAt: times.length ? Math.min(...times) : undefined };
}

/**
 * The decision with retention's verdict applied: a camera whose disk holds
 * only footage under hold (the sweeper cannot make room) must not record.
 */
/** What the disk guard or the sweeper says about a full disk: its cause and the fix, in the owner's words. */
export interface StorageStop {
  message: string;
  fix: string;
}

const HELD_FOOTAGE_FILLS_DISK: StorageStop = {
  message: 'the disk is full of footage under hold, which is never deleted',
  fix: 'free disk space, add a disk, or release holds that are no longer needed (premises hold list)',
};

export function withStorageFull(decision: CameraDecision, fullCameras: ReadonlySet<string>, why: StorageStop = HELD_FOOTAGE_FILLS_DISK): CameraDecision {
  if (!decision.record || !fullCameras.has(decision.camera)) return decision;
  return { ...decision, record: false, reasons: [...decision.reasons, { code: 'storage-full', ...why }] };
}
