import type { Config } from '../../config/schema.js';
import { withIndexCameras } from './cameras.js';
import type { Db } from '../../db/open.js';
import type { AuditLog } from '../../audit/log.js';
import type { Clock } from '../../shared/clock.js';
import { PauseStore } from './pause.js';
import { decideCamera, type CameraDecision } from './decision.js';
import type { RetentionOf } from './profile.js';
import { transferSignText } from './transfer-signs.js';
import type { CameraNetworkClaim } from './sign-text.js';
import { allSigns, signInputsFromConfig } from './signage.js';
import { SignageStore, type SignStatus } from './signage-store.js';

/**
 * Everything consent-related about each camera in one read-only answer, for
 * `premises start` output and the health API. It does not log staleness:
 * call SignageStore.recordStaleness at start-up and on config reload for that.
 */
export interface CameraConsentStatus {
  camera: string;
  decision: CameraDecision;
  /** The camera's first-layer notice; undefined for cameras that never record. */
  notice: SignStatus | undefined;
}

export interface ConsentStatus {
  cameras: CameraConsentStatus[];
  signs: SignStatus[];
  staleSigns: string[];
}

export function consentStatus(
  config: Pick<Config, 'business' | 'jurisdiction' | 'timezone' | 'cameras' | 'retention' | 'site'>,
  db: Db,
  audit: AuditLog,
  clock: Clock,
  network: CameraNetworkClaim,
  retentionOf?: RetentionOf,
): ConsentStatus {
  config = withIndexCameras(config, db);
  const now = clock.now();
  const signs = new SignageStore(db, audit, clock).status(allSigns(signInputsFromConfig(config, retentionOf, transferSignText(db, audit, clock), network)));
  const byKey = new Map(signs.map((s) => [s.key, s] as const));
  const pauses = new PauseStore(db, audit, clock);
  return {
    cameras: config.cameras.map((camera) => ({
      camera: camera.id,
      decision: decideCamera(config, camera, now, pauses.current(camera.id, now)),
      notice: byKey.get(`notice:${camera.id}`),
    })),
    signs,
    staleSigns: signs.filter((s) => s.status === 'stale').map((s) => s.key),
  };
}
