import type { Db } from '../db/open.js';
import type { ServiceStatus } from './service.js';

/**
 * What the daemon says about the camera network, written to the index on
 * every change so `premises network status` and GET /api/network answer
 * from another process too.
 */
export type ContainmentMode = 'contained' | 'not-contained' | 'failed';

export interface ContainmentStatus {
  mode: ContainmentMode;
  /** In plain words, for the owner. */
  summary: string;
  /** What to do, when not contained. */
  fix: string | null;
  interface: string | null;
  subnet: string | null;
  address: string | null;
  firewall: { table: string; loadedAt: number | null; lastReadAt: number | null; blockedUnlisted: number; forwardRefused: number } | null;
  services: ServiceStatus[];
  leases: { camera: string; mac: string; ip: string; lastLeasedAt: number | null }[];
  /** True while the daemon that wrote this runs; false once it stopped. */
  daemonRunning: boolean;
  updatedAt: number;
}

export const NOT_CONTAINED_FIX =
  'Premises cannot stop the cameras sending footage out on this install. Either give the cameras their own port on this machine ' +
  '(a second network port to a PoE switch, then set cameraNetwork in the config; docs/containment.md), or on your router put the cameras ' +
  'on a separate VLAN or Wi-Fi network with internet access blocked.';

export function writeStatus(db: Db, status: ContainmentStatus): void {
  db.prepare('INSERT INTO containment_state (id, state, updated_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at').run(
    JSON.stringify(status),
    status.updatedAt,
  );
}

/** The last status the daemon wrote; without one (never started with this version), what the config alone says. */
export function readStatus(db: Db, configured: { interface: string; subnet: string } | undefined, now: number): ContainmentStatus {
  const row = db.prepare('SELECT state FROM containment_state WHERE id = 1').get() as { state: string } | undefined;
  if (row) return JSON.parse(row.state) as ContainmentStatus;
  return {
    mode: configured ? 'failed' : 'not-contained',
    summary: configured
      ? `the camera network on ${configured.interface} is configured, but Premises has not started it yet`
      : 'not contained: the cameras share the network with everything else, and Premises cannot stop them reaching the internet',
    fix: configured ? 'start Premises (premises start)' : NOT_CONTAINED_FIX,
    interface: configured?.interface ?? null,
    subnet: configured?.subnet ?? null,
    address: null,
    firewall: null,
    services: [],
    leases: [],
    daemonRunning: false,
    updatedAt: now,
  };
}

/** The record of processing's line on the cameras' own connections: what the last status says, in plain words. */
export function containmentReportText(db: Db, configured: { interface: string; subnet: string } | undefined, now: number): string {
  const s = readStatus(db, configured, now);
  if (s.mode === 'contained') {
    return `Contained: the cameras are on their own network (${s.interface}, ${s.subnet}) run by Premises; they can reach only Premises, and every attempt to reach anything else is blocked and logged.`;
  }
  if (s.mode === 'failed') return `Not contained at the moment: ${s.summary}. The cameras may be able to reach the internet directly.`;
  return 'Not contained: the cameras share the network with other devices, and Premises cannot stop them sending data to the internet themselves (e.g. a manufacturer cloud). Premises itself sends footage only as listed above.';
}

/**
 * What the signs say about the camera network (the "does footage go anywhere
 * else?" line): a closed network only when one is configured and the daemon
 * has not reported that it failed to contain the cameras. Before the first
 * start there is no report yet; the daemon contains the cameras before it
 * touches any, so the configured network counts. A failure the daemon
 * reports makes the claim "not contained", so posted signs saying otherwise
 * turn stale until containment works again.
 */
export function signNetworkClaim(db: Db, configured: { interface: string; subnet: string } | undefined, now: number): 'contained' | 'not-contained' {
  if (!configured) return 'not-contained';
  const row = db.prepare('SELECT state FROM containment_state WHERE id = 1').get() as { state: string } | undefined;
  if (!row) return 'contained';
  return readStatus(db, configured, now).mode === 'failed' ? 'not-contained' : 'contained';
}
