import type { Actor } from '../audit/log.js';
import type { AddressPolicy } from './onvif/address.js';
import type { Credentials } from './onvif/digest.js';
import { onboard, type OnboardedCamera } from './onvif/onboard.js';
import { addOnvifCamera, addRtspCamera, suggestId, type CameraSummary, type RegistryDeps } from './registry.js';

/**
 * Adding a camera, shared by the CLI and (later) the API, so both onboard
 * and store the same way. The network part (onboard) runs before the
 * transaction; the transaction only writes.
 */
export interface AddByXaddr {
  xaddr: string;
  credentials?: Credentials;
  id?: string;
  name?: string;
  profile?: string;
  urn?: string;
  deadlineMs?: number;
  policy?: AddressPolicy;
  actor: Actor;
}

export async function addCameraByXaddr(deps: RegistryDeps, input: AddByXaddr): Promise<{ camera: CameraSummary; onboarded: OnboardedCamera }> {
  const onboarded = await onboard({
    xaddr: input.xaddr,
    clock: deps.clock,
    ...(input.credentials ? { credentials: input.credentials } : {}),
    ...(input.profile ? { profile: input.profile } : {}),
    ...(input.deadlineMs !== undefined ? { deadlineMs: input.deadlineMs } : {}),
    ...(input.policy ? { policy: input.policy } : {}),
  });
  const id = input.id ?? suggestId(deps.db, input.name ?? (onboarded.device.model || 'camera'));
  const camera = addOnvifCamera(deps, {
    id,
    camera: onboarded,
    actor: input.actor,
    ...(input.name ? { name: input.name } : {}),
    ...(input.credentials ? { credentials: input.credentials } : {}),
    ...(input.urn ? { urn: input.urn } : {}),
  });
  return { camera, onboarded };
}

export function addCameraByRtsp(
  deps: RegistryDeps,
  input: { rtspUrl: string; subRtspUrl?: string; credentials?: Credentials; id?: string; name?: string; actor: Actor },
): CameraSummary {
  let host = 'camera';
  try {
    host = new URL(input.rtspUrl).hostname || host;
  } catch {
    /* addRtspCamera reports the bad URL */
  }
  const id = input.id ?? suggestId(deps.db, input.name ?? host);
  return addRtspCamera(deps, {
    id,
    rtspUrl: input.rtspUrl,
    actor: input.actor,
    ...(input.subRtspUrl !== undefined ? { subRtspUrl: input.subRtspUrl } : {}),
    ...(input.name ? { name: input.name } : {}),
    ...(input.credentials ? { credentials: input.credentials } : {}),
  });
}
