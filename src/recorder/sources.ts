import { onvifCredentials, resolveConfigOnvifCamera } from '../cameras/config-onvif.js';
import { hostOf } from '../cameras/onvif/address.js';
import { getCamera, indexCameraSources, type CameraSource } from '../cameras/registry.js';
import { getCameraScope } from '../cameras/scope.js';
import type { SecretBox } from '../cameras/secret-box.js';
import { resolveCredentials, type Credentials } from '../config/credentials.js';
import type { CameraConfig } from '../config/schema.js';
import type { Db } from '../db/open.js';
import { PremisesError } from '../shared/errors.js';
import type { OnvifAccess } from './camera-masks.js';

/**
 * A camera the recorder may record, whatever its origin. `config` is what the
 * consent decision reads: the YAML entry, or for a discovered camera its
 * scope from the index shaped as one. Where to connect is resolved only when
 * the camera starts: an ONVIF camera is asked for its stream URI then, and
 * credentials leave their store only at that moment.
 */
export interface RecordableCamera {
  config: CameraConfig;
  origin: 'config' | 'index';
  /** Changes when anything the recorder uses changes (to restart with the new settings). */
  signature: string;
  resolveSource(): Promise<{ rtspUrl: string; credentials: Credentials | undefined }>;
  /**
   * The camera's sub stream (smaller, for grid tiles and thumbnails), when it has one: `subRtsp` in the
   * YAML, the sub profile an ONVIF camera reported. Absent, or resolving to undefined: use the main stream.
   */
  resolveSubSource?(): Promise<{ rtspUrl: string; credentials: Credentials | undefined } | undefined>;
  /** Where its ONVIF device service is, for camera-side privacy masks; absent for a plain RTSP camera. */
  onvifAccess?(): OnvifAccess | undefined;
}

export function configCameras(cameras: readonly CameraConfig[], configPath: string, env: NodeJS.ProcessEnv): RecordableCamera[] {
  return cameras.map((camera) => ({
    config: camera,
    origin: 'config',
    signature: JSON.stringify(camera),
    async resolveSource() {
      if (camera.rtsp) return { rtspUrl: camera.rtsp, credentials: resolveCredentials(camera, configPath, env) };
      const { source } = await resolveConfigOnvifCamera(camera, configPath, { env });
      return { rtspUrl: source.rtspUrl, credentials: source.credentials };
    },
    ...(camera.subRtsp || camera.onvif
      ? {
          async resolveSubSource() {
            if (camera.subRtsp) return { rtspUrl: camera.subRtsp, credentials: resolveCredentials(camera, configPath, env) };
            const { source, onboarded } = await resolveConfigOnvifCamera(camera, configPath, { env });
            return onboarded.sub ? { rtspUrl: onboarded.sub.streamUri, credentials: source.credentials } : undefined;
          },
        }
      : {}),
    onvifAccess() {
      if (!camera.onvif) return undefined;
      const credentials = onvifCredentials(camera, configPath, env);
      return { xaddr: camera.onvif.xaddr, ...(credentials ? { credentials } : {}), ...(camera.onvif.profile ? { profile: camera.onvif.profile } : {}) };
    },
  }));
}

export function indexCameras(db: Db, box: SecretBox, skipIds: ReadonlySet<string>): RecordableCamera[] {
  return indexCameraSources(db, box)
    .filter((source) => !skipIds.has(source.id))
    .map((source: CameraSource) => {
      const scope = getCameraScope(db, source.id);
      const config: CameraConfig = { id: source.id, name: source.name, rtsp: source.rtspUrl, ...scope };
      const stream = (rtspUrl: string) =>
        source.credentialsError
          ? Promise.reject(new PremisesError('DataLoss', `the stored credentials of camera ${source.id} cannot be read (${source.credentialsError}); add the camera again`))
          : Promise.resolve({ rtspUrl, credentials: source.credentials });
      const subRtspUrl = source.subRtspUrl;
      return {
        config,
        origin: 'index' as const,
        signature: JSON.stringify({ config, codec: source.codec ?? null, credentialsError: source.credentialsError ?? null }),
        resolveSource: () => stream(source.rtspUrl),
        ...(subRtspUrl ? { resolveSubSource: () => stream(subRtspUrl) } : {}),
        onvifAccess() {
          const onvif = getCamera(db, source.id)?.onvif;
          if (!onvif || source.credentialsError) return undefined;
          // The host the owner added the camera at was accepted then (perhaps by --trust-host); its mask calls go there and nowhere else.
          const policy = { trustedHosts: [hostOf(new URL(onvif.xaddr))] };
          return { xaddr: onvif.xaddr, profile: onvif.mainProfile, policy, ...(source.credentials ? { credentials: source.credentials } : {}) };
        },
      };
    });
}
