import type { AreaType, CameraConfig, Config } from '../../config/schema.js';
import { vaguePurposeReason, VAGUE_PURPOSE_HINT } from '../../config/purpose.js';

/**
 * Consent gates: what must be true before a camera may record or stream.
 * They are run-time checks, not config errors, so a minimal camera entry
 * stays valid config while the owner fills in the rest; `config validate`
 * warns about them and the recorder refuses to record a camera that fails
 * any. Pure: config in, failures out.
 */
export type GateCode =
  | 'no-business-profile'
  | 'no-accountable-contact'
  | 'no-purpose'
  | 'vague-purpose'
  | 'no-area'
  | 'no-signage'
  | 'area-never-recorded'
  | 'dining-needs-justification'
  | 'audio-area-forbidden'
  | 'audio-needs-justification'
  | 'audio-warning-not-acknowledged';

export interface GateFailure {
  camera: string;
  code: GateCode;
  /** Plain language: what is wrong. */
  reason: string;
  /** What to do about it; empty promise-free text when nothing can be done (washrooms). */
  fix: string;
}

export interface GateVerdict {
  camera: string;
  failures: GateFailure[];
  /** May record video (all gates pass). Schedules, pauses and `enabled` are separate. */
  record: boolean;
  /** May be shown live (same gates as recording). */
  stream: boolean;
  /** May record audio: only when recording is allowed and audio is enabled and justified. */
  audio: boolean;
}

export type GateConfig = Pick<Config, 'business'>;

/** Areas no camera may ever record or stream, whatever the config says. */
export const NEVER_RECORDED_AREAS: readonly AreaType[] = ['washroom', 'changing'];
/** Areas where people talk privately: audio is never allowed. */
export const NO_AUDIO_AREAS: readonly AreaType[] = ['dining', 'staff', 'washroom', 'changing'];

const AREA_LIST = 'entrance, cash, kitchen, storage, staff, dining, outdoor';

export function cameraGates(config: GateConfig, camera: CameraConfig): GateFailure[] {
  const id = camera.id;
  const fail = (code: GateCode, reason: string, fix: string): GateFailure => ({ camera: id, code, reason, fix });
  const out: GateFailure[] = [];

  // Nothing can make a washroom or changing-room camera acceptable, so it gets
  // that one answer and no advice on purposes or signs that would suggest otherwise.
  if (camera.area !== undefined && NEVER_RECORDED_AREAS.includes(camera.area)) {
    return [
      fail(
        'area-never-recorded',
        `camera '${id}' is in a ${camera.area === 'washroom' ? 'washroom' : 'changing room'}, where people expect privacy: Premises never records or streams it, whatever the configuration says`,
        'remove the camera, or move it so it sees no washroom or changing area and set its area accordingly',
      ),
    ];
  }

  const business = config.business;
  if (!business) {
    out.push(
      fail(
        'no-business-profile',
        `no camera records until the business profile exists, and camera '${id}' is waiting for it`,
        'add business: {name, address, contact: {name, phone or email}} at the top level of the configuration',
      ),
    );
  } else if (!business.contact.name.trim() || (!business.contact.phone && !business.contact.email)) {
    out.push(
      fail(
        'no-accountable-contact',
        `the business profile has no accountable contact that people can reach, so camera '${id}' may not record`,
        'set business.contact.name (a name or a title such as "Manager") and business.contact.phone or business.contact.email',
      ),
    );
  }

  const purposes = camera.purposes ?? [];
  if (purposes.length === 0) {
    out.push(
      fail('no-purpose', `camera '${id}' has no stated purpose`, `add purposes: ["..."] under the camera: ${VAGUE_PURPOSE_HINT}`),
    );
  } else {
    for (const purpose of purposes) {
      const vague = vaguePurposeReason(purpose);
      if (vague) out.push(fail('vague-purpose', `camera '${id}': ${vague}`, `replace it under the camera's purposes: ${VAGUE_PURPOSE_HINT}`));
    }
  }

  const area = camera.area;
  if (area === undefined) {
    out.push(fail('no-area', `camera '${id}' has no area type, so Premises cannot tell whether the place may be filmed`, `add area: one of ${AREA_LIST} under the camera`));
  } else if (area === 'dining' && !camera.diningJustification?.trim()) {
    out.push(
      fail(
        'dining-needs-justification',
        `camera '${id}' films customer seating, which is off until a written justification is given: diners expect not to be watched while they eat`,
        'add diningJustification: "<the specific problem at the tables and why a camera there is necessary>" under the camera, or point it elsewhere',
      ),
    );
  }

  if (!camera.signage) {
    out.push(
      fail(
        'no-signage',
        `camera '${id}' has no signage record: people must be told before they enter the area it films`,
        `print the notice with: premises signage --camera ${id} --out sign.html; post it, then add signage: {location, date, confirmedBy} under the camera`,
      ),
    );
  }

  if (camera.audio) {
    if (area !== undefined && NO_AUDIO_AREAS.includes(area)) {
      out.push(
        fail(
          'audio-area-forbidden',
          `camera '${id}' has audio on in a ${area} area, where people talk privately: audio is never allowed there`,
          'set audio: false under the camera',
        ),
      );
    } else {
      if (!camera.audioJustification?.trim()) {
        out.push(
          fail(
            'audio-needs-justification',
            `camera '${id}' has audio on without a written justification; audio is off by default because it records conversations`,
            'set audio: false, or add audioJustification: "<why sound is necessary here>" under the camera',
          ),
        );
      }
      if (camera.audioInterceptionWarningAcknowledged !== true) {
        out.push(
          fail(
            'audio-warning-not-acknowledged',
            `camera '${id}' has audio on but the interception warning is not acknowledged: recording other people's conversations can be a crime (Canada's Criminal Code s.184; US all-party-consent states such as California)`,
            'if you have taken advice and still need audio, add audioInterceptionWarningAcknowledged: true under the camera; otherwise set audio: false',
          ),
        );
      }
    }
  }
  return out;
}

export function gateVerdict(config: GateConfig, camera: CameraConfig): GateVerdict {
  const failures = cameraGates(config, camera);
  const ok = failures.length === 0;
  return { camera: camera.id, failures, record: ok, stream: ok, audio: ok && camera.audio };
}

export function allGateVerdicts(config: Pick<Config, 'business' | 'cameras'>): GateVerdict[] {
  return config.cameras.map((camera) => gateVerdict(config, camera));
}

export function formatGateFailure(f: GateFailure): string {
  return `${f.reason} (${f.code}). To fix: ${f.fix}`;
}
