import { ROLE_NAMES } from '../contracts/auth.js';
/**
 * Who may do what: one table, checked on the object (the camera) of every
 * request. Owners and managers hold every right on every camera; a viewer
 * holds only the rights listed for each camera (user_camera_rights).
 */
export const ROLES = ROLE_NAMES;
export type Role = (typeof ROLES)[number];

export interface CameraRights {
  live: boolean;
  playback: boolean;
  export: boolean;
}

export interface AuthUser {
  id: number;
  username: string;
  role: Role;
  /** Per-camera rights of a viewer; ignored for owner and manager. */
  cameras: ReadonlyMap<string, CameraRights>;
}

export type Action =
  | 'camera.view' // status, holds, health of one camera
  | 'camera.pause' // privacy pause: protective, so anyone who may see the camera may pause it
  | 'camera.resume'
  | 'camera.add' // a new camera starts a new processing of personal data: the owner decides
  | 'camera.scope' // purposes, area, signage: what the consent gates check
  | 'camera.live' // extension points for the live, playback and export pages
  | 'camera.playback'
  | 'camera.export'
  | 'alarm.acknowledge'
  | 'discovery'
  | 'audit.read'
  | 'users.manage'
  | 'holds.manage' // list, add (with camera.export on each camera), release holds
  | 'requests.manage' // access requests: requesters' personal data
  | 'compliance.manage' // compliance overview, printable signs and report, sign confirmation
  | 'storage.read' // disk, per-camera bytes and forecast of every camera
  | 'network.read' // the camera network: containment status and what each camera tried to reach
  | 'network.fix' // read a camera's own network settings over ONVIF and change them: the owner decides
  | 'staff.manage' // staff names, their notices and signed acknowledgements: employees' personal data
  | 'dpia.manage'; // the privacy impact assessment: the owner's reasoning, signed off by the owner

const MANAGER_UP: ReadonlySet<Role> = new Set(['owner', 'manager']);

function hasAnyRight(user: AuthUser, cameraId: string): boolean {
  const r = user.cameras.get(cameraId);
  return r !== undefined && (r.live || r.playback || r.export);
}

/** The one permission check. `cameraId` is required for camera actions: a check without its object is a bug. */
export function can(user: AuthUser, action: Action, cameraId?: string): boolean {
  switch (action) {
    case 'camera.view':
    case 'camera.pause':
      if (cameraId === undefined) return false;
      return MANAGER_UP.has(user.role) || hasAnyRight(user, cameraId);
    case 'camera.live':
    case 'camera.playback':
    case 'camera.export': {
      if (cameraId === undefined) return false;
      if (MANAGER_UP.has(user.role)) return true;
      const rights = user.cameras.get(cameraId);
      const key = action === 'camera.live' ? 'live' : action === 'camera.playback' ? 'playback' : 'export';
      return rights?.[key] === true;
    }
    case 'camera.resume':
      return cameraId !== undefined && MANAGER_UP.has(user.role);
    case 'alarm.acknowledge':
    case 'discovery':
    case 'holds.manage':
    case 'requests.manage':
    case 'compliance.manage':
    case 'storage.read':
    case 'network.read':
      return MANAGER_UP.has(user.role);
    case 'camera.add':
    case 'camera.scope':
    case 'audit.read':
    case 'users.manage':
    case 'network.fix':
    case 'staff.manage':
    case 'dpia.manage':
      return user.role === 'owner';
  }
}
