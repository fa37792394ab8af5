import type { Alarms } from '../alarms/alarms.js';
import { canonicalJson, sha256Hex, type AuditLog } from '../audit/log.js';
import type { AddressPolicy } from '../cameras/onvif/address.js';
import { fetchSnapshot, type Credentials } from '../cameras/onvif/digest.js';
import { connectMedia2, createMask, deleteMask, getMaskOptions, getMasks, media2SnapshotUri, planCameraMasks, videoSourceConfigurationToken } from '../cameras/onvif/masks.js';
import type { Db } from '../db/open.js';
import type { Clock, Timer } from '../shared/clock.js';
import { errorMessage } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { Point } from './mask.js';
import { checkMasksDark, decodeGray } from './mask-verify.js';

/**
 * Who blacks out a masked camera's privacy masks. The camera, when it holds
 * ONVIF Media2 masks and a snapshot shows them in place — then the recorder
 * keeps stream copy. Premises otherwise, by re-encoding. The answer is
 * settled (and stored) before the recorder starts the camera, and asked again
 * at every start, so masks are never off in between: a camera found without
 * its masks on a later start is masked by Premises from that start on.
 */
export type MaskMethod = 'camera' | 'premises';

export interface MaskingState {
  masksHash: string;
  method: MaskMethod;
  verifiedAt: number | null;
  lastError: string | null;
  cameraTokens: string[];
  updatedAt: number;
}

export const MASKS_ALARM = 'masks-camera-side';

/** Who blacks out a masked camera's areas, in words for the record of processing. */
export function maskingText(state: MaskingState | undefined): string {
  if (!state) return 'by Premises (re-encoded) once it records';
  if (state.method === 'camera') return `by the camera itself (verified ${state.verifiedAt ? new Date(state.verifiedAt).toISOString() : 'at start'})`;
  return 'by Premises (re-encoded before storage)';
}

export function masksHash(polygons: readonly (readonly Point[])[]): string {
  return sha256Hex(canonicalJson(polygons.map((p) => p.map(([x, y]) => [x, y]))));
}

interface Row {
  masks_hash: string;
  method: MaskMethod;
  verified_at: number | null;
  last_error: string | null;
  camera_tokens: string;
  updated_at: number;
}

export class MaskStateStore {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  get(cameraId: string): MaskingState | undefined {
    const r = this.db.prepare('SELECT masks_hash, method, verified_at, last_error, camera_tokens, updated_at FROM camera_masks_state WHERE camera_id = ?').get(cameraId) as Row | undefined;
    if (!r) return undefined;
    let tokens: string[] = [];
    try {
      const parsed = JSON.parse(r.camera_tokens) as unknown;
      if (Array.isArray(parsed)) tokens = parsed.filter((t): t is string => typeof t === 'string');
    } catch {
      tokens = [];
    }
    return { masksHash: r.masks_hash, method: r.method, verifiedAt: r.verified_at, lastError: r.last_error, cameraTokens: tokens, updatedAt: r.updated_at };
  }

  /** Store the decision; a change of method or of masks is audited in the same transaction. */
  record(cameraId: string, next: Omit<MaskingState, 'updatedAt'>): MaskingState {
    const now = this.clock.now();
    return this.db.transaction(() => {
      const before = this.get(cameraId);
      this.db
        .prepare(
          `INSERT INTO camera_masks_state (camera_id, masks_hash, method, verified_at, last_error, camera_tokens, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(camera_id) DO UPDATE SET masks_hash = excluded.masks_hash, method = excluded.method, verified_at = excluded.verified_at,
             last_error = excluded.last_error, camera_tokens = excluded.camera_tokens, updated_at = excluded.updated_at`,
        )
        .run(cameraId, next.masksHash, next.method, next.verifiedAt, next.lastError, JSON.stringify(next.cameraTokens), now);
      if (!before || before.method !== next.method || before.masksHash !== next.masksHash) {
        this.audit.append({
          actor: 'system',
          action: 'camera.masks-method',
          subject: `camera:${cameraId}`,
          details: { from: before?.method ?? null, to: next.method, masksHash: next.masksHash, reason: next.lastError, cameraMasks: next.cameraTokens.length },
        });
      }
      return { ...next, updatedAt: now };
    })();
  }
}

/** Where to reach a camera's ONVIF services; absent for a plain RTSP camera. */
export interface OnvifAccess {
  xaddr: string;
  credentials?: Credentials;
  /** The recorded profile's token, when known. */
  profile?: string;
  /** The address rule for this camera (an index camera trusts the host it was added at). */
  policy?: AddressPolicy;
}

export interface CameraMasksDeps {
  db: Db;
  audit: AuditLog;
  alarms: Alarms;
  clock: Clock;
  log: Logger;
  policy?: AddressPolicy;
  deadlineMs?: number;
  /** Bound on the whole push-and-check exchange (default 30 s). */
  overallDeadlineMs?: number;
  ffmpegPath?: string;
}

export interface MaskDecision {
  method: MaskMethod;
  verifiedAt: number | null;
  /** Why Premises masks the camera itself (null when the camera does). */
  reason: string | null;
}

/** Snapshots are JPEGs of a few hundred KiB; a cap well above that still bounds a hostile camera. */
const SNAPSHOT_MAX_BYTES = 8 * 1024 * 1024;

/**
 * `streamFrame`, when given, decodes one frame of the stream the recorder
 * would stream-copy; it must show the masks too (the snapshot alone could be
 * masked while the encoder output is not).
 */
export async function chooseMaskMethod(
  deps: CameraMasksDeps,
  cameraId: string,
  polygons: readonly (readonly Point[])[],
  onvif: OnvifAccess | undefined,
  streamFrame?: () => Promise<Uint8Array>,
): Promise<MaskDecision> {
  const store = new MaskStateStore(deps.db, deps.audit, deps.clock);
  const hash = masksHash(polygons);
  const prev = store.get(cameraId);
  const log = deps.log.child({ camera: cameraId });
  let tokens = prev?.cameraTokens ?? [];

  // Settled once: after the overall deadline a late answer from the camera changes nothing.
  let settled: MaskDecision | undefined;
  const premises = (reason: string, alarm: boolean): MaskDecision => {
    if (settled) return settled;
    store.record(cameraId, { masksHash: hash, method: 'premises', verifiedAt: null, lastError: reason, cameraTokens: tokens });
    if (alarm) deps.alarms.raise(MASKS_ALARM, cameraId, 'warning', `camera ${cameraId}: ${reason}; Premises masks it by re-encoding (more CPU)`, { masksHash: hash });
    else deps.alarms.clear(MASKS_ALARM, cameraId, reason);
    log.info({ reason }, 'privacy masks applied by Premises (re-encode)');
    settled = { method: 'premises', verifiedAt: null, reason };
    return settled;
  };
  const byCamera = (maskedMax: number): MaskDecision => {
    if (settled) return settled;
    const now = deps.clock.now();
    store.record(cameraId, { masksHash: hash, method: 'camera', verifiedAt: now, lastError: null, cameraTokens: tokens });
    deps.alarms.clear(MASKS_ALARM, cameraId, 'the camera masks itself (verified by a snapshot)');
    log.info({ maskedMax }, 'privacy masks held by the camera, verified by a snapshot: stream copy');
    settled = { method: 'camera', verifiedAt: now, reason: null };
    return settled;
  };

  if (!onvif) return premises('the camera is not added over ONVIF, so it cannot hold masks', false);
  const access = onvif;
  const policy = onvif.policy ?? deps.policy;
  // Once the camera has answered for Media2, failures are worth an alarm: it should have been able to mask.
  let media2Known = false;
  const attempt = async (): Promise<MaskDecision> => {
    try {
      const conn = await connectMedia2({ xaddr: access.xaddr, clock: deps.clock, ...(access.credentials ? { credentials: access.credentials } : {}), ...(policy ? { policy } : {}), ...(deps.deadlineMs ? { deadlineMs: deps.deadlineMs } : {}) });
      if (!conn.media2) return premises('the camera has no ONVIF Media2 service, so it cannot hold privacy masks', false);
      const media2 = conn.media2;
      media2Known = true;
      const { profile, configuration } = await videoSourceConfigurationToken(media2, access.profile);
      const existing = await getMasks(media2, configuration);
      const ours = existing.filter((m) => tokens.includes(m.token));
      const upToDate = prev?.masksHash === hash && tokens.length === polygons.length && ours.length === tokens.length && ours.every((m) => m.enabled);
      if (!upToDate) {
        const options = await getMaskOptions(media2, configuration);
        const plan = planCameraMasks(polygons, options, existing.length - ours.length);
        // Our earlier masks are replaced (or dropped, when the new set cannot go on the camera).
        for (const m of ours) await deleteMask(media2, m.token);
        tokens = [];
        if (!plan.ok) return premises(plan.reason, false);
        for (const polygon of plan.polygons) {
          tokens.push(await createMask(media2, configuration, polygon));
        }
        deps.audit.append({ actor: 'system', action: 'camera.masks-pushed', subject: `camera:${cameraId}`, details: { masksHash: hash, cameraMasks: tokens.length } });
        log.info({ masks: tokens.length }, 'privacy masks pushed to the camera');
      }
      const uri = await media2SnapshotUri(media2, profile, policy);
      const snapshot = await fetchSnapshot(uri, access.credentials, { maxBytes: SNAPSHOT_MAX_BYTES, ...(policy ? { policy } : {}), ...(deps.deadlineMs ? { deadlineMs: deps.deadlineMs } : {}) });
      const check = checkMasksDark(await decodeGray(snapshot.body, 10_000, deps.ffmpegPath), polygons);
      if (!check.ok) return premises(check.reason, true);
      if (streamFrame) {
        const stream = checkMasksDark(await streamFrame(), polygons);
        if (!stream.ok) return premises(`the camera's snapshot shows the masks but its video stream does not (${stream.reason.replace(/snapshot/g, 'stream')})`, true);
      }
      return byCamera(check.maskedMax);
    } catch (err) {
      return premises(`the camera's own masks could not be set or checked (${errorMessage(err)})`, media2Known);
    }
  };
  // Every call has its own deadline; this one bounds the whole exchange, so a slow camera cannot hold its start (or a shutdown) for long.
  const overallMs = deps.overallDeadlineMs ?? 30_000;
  let timer: Timer | undefined;
  const late = new Promise<MaskDecision>((resolve) => {
    timer = deps.clock.setTimeout(() => resolve(premises(`the camera did not finish setting and showing its masks within ${overallMs / 1000} s`, true)), overallMs);
  });
  try {
    return await Promise.race([attempt(), late]);
  } finally {
    timer?.cancel();
  }
}
