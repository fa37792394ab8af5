import type { Db } from '../db/open.js';
import { listAttempts, describeDestination, type AttemptRow } from './attempts.js';
import { readStatus, type ContainmentStatus } from './status.js';
import type { CameraNetworkConfig } from '../config/camera-network.js';

/**
 * One answer for the API, the CLI and the dashboard: the containment status
 * and, per camera, whether it is on the contained network and what it tried
 * to reach.
 */
export interface NetworkCameraReport {
  camera: string;
  name: string;
  contained: boolean;
  lease: { mac: string; ip: string } | null;
  attempts: (AttemptRow & { destination: string })[];
}

export interface NetworkReport {
  status: ContainmentStatus;
  cameras: NetworkCameraReport[];
  /** Attempts from devices without a lease in the config. */
  unknownDevices: (AttemptRow & { destination: string })[];
}

export function networkReport(db: Db, net: CameraNetworkConfig | undefined, now: number): NetworkReport {
  const status = readStatus(db, net, now);
  const attempts = listAttempts(db).map((a) => ({ ...a, destination: describeDestination(a) }));
  const cameras = db.prepare('SELECT id, name FROM cameras WHERE removed_at IS NULL ORDER BY id').all() as { id: string; name: string }[];
  const leases = new Map((net?.leases ?? []).map((l) => [l.camera, l]));
  return {
    status,
    cameras: cameras.map((c) => {
      const lease = leases.get(c.id);
      return {
        camera: c.id,
        name: c.name,
        contained: status.mode === 'contained' && lease !== undefined,
        lease: lease ? { mac: lease.mac, ip: lease.ip } : null,
        attempts: attempts.filter((a) => a.cameraId === c.id),
      };
    }),
    unknownDevices: attempts.filter((a) => a.cameraId === null),
  };
}
