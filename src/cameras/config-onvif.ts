import { resolveCredentials } from '../config/credentials.js';
import type { CameraConfig } from '../config/schema.js';
import type { Clock } from '../shared/clock.js';
import { PremisesError } from '../shared/errors.js';
import type { AddressPolicy } from './onvif/address.js';
import type { Credentials } from './onvif/digest.js';
import { onboard, type OnboardedCamera } from './onvif/onboard.js';
import type { CameraSource } from './registry.js';

/** The credentials of a config camera's `onvif:` block (password from its file or variable). */
export function onvifCredentials(camera: CameraConfig, configPath: string, env: NodeJS.ProcessEnv = process.env): Credentials | undefined {
  const o = camera.onvif;
  if (!o) throw new PremisesError('InvalidArgument', `cameras.${camera.id} has no onvif: block`);
  const ref: CameraConfig = { ...camera, onvif: undefined, username: o.username, password_file: o.password_file, password_env: o.password_env };
  return resolveCredentials(ref, configPath, env);
}

/**
 * For the recorder at start: ask a config `onvif:` camera for its stream URI
 * (the config never holds one). Fails with a per-camera OnvifError.
 */
export async function resolveConfigOnvifCamera(
  camera: CameraConfig,
  configPath: string,
  options: { env?: NodeJS.ProcessEnv; clock?: Clock; policy?: AddressPolicy } = {},
): Promise<{ source: CameraSource; onboarded: OnboardedCamera }> {
  const o = camera.onvif;
  if (!o) throw new PremisesError('InvalidArgument', `cameras.${camera.id} has no onvif: block`);
  const credentials = onvifCredentials(camera, configPath, options.env);
  const onboarded = await onboard({
    xaddr: o.xaddr,
    ...(credentials ? { credentials } : {}),
    ...(o.profile ? { profile: o.profile } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.policy ? { policy: options.policy } : {}),
  });
  const source: CameraSource = { id: camera.id, name: camera.name ?? camera.id, rtspUrl: onboarded.main.streamUri, codec: onboarded.main.codec };
  if (credentials) source.credentials = credentials;
  return { source, onboarded };
}
