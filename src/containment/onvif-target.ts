import { indexCameraSources, getCamera } from '../cameras/registry.js';
import { SecretBox } from '../cameras/secret-box.js';
import type { SoapTarget } from '../cameras/onvif/soap.js';
import type { LoadedConfig } from '../config/load.js';
import type { Db } from '../db/open.js';
import type { Clock } from '../shared/clock.js';
import type { DataLayout } from '../shared/data-layout.js';

import { PremisesError } from '../shared/errors.js';
import { readStatus } from './status.js';

/** The parts of an opened install the audit needs (the daemon's and the CLI's context both fit). */
interface InstallParts {
  db: Db;
  layout: DataLayout;
  clock: Clock;
  loaded: LoadedConfig;
}

/**
 * Where and as whom to ask a camera about its network settings: cameras
 * added by ONVIF keep their device-service address and sealed credentials in
 * the index. The same address rules as onboarding apply to every request.
 */
export function onvifTargetOf(ctx: InstallParts, id: string): SoapTarget {
  const camera = getCamera(ctx.db, id);
  if (!camera) throw new PremisesError('NotFound', `no camera "${id}" (see premises camera list)`);
  if (!camera.onvif) throw new PremisesError('FailedPrecondition', `camera "${id}" was not added by ONVIF, so Premises cannot read its settings; check them in the camera's own web page`);
  const source = indexCameraSources(ctx.db, SecretBox.open(ctx.layout.keysDir)).find((s) => s.id === id);
  if (source?.credentialsError) throw new PremisesError('FailedPrecondition', `cannot open the stored credentials of camera "${id}": ${source.credentialsError}`);
  return {
    xaddr: camera.onvif.xaddr,
    clock: ctx.clock,
    clockOffsetMs: camera.onvif.clockOffsetMs,
    limits: { deadlineMs: 5_000, policy: { allowLoopback: ctx.loaded.config.network.allowLoopbackCameras } },
    ...(source?.credentials ? { credentials: source.credentials } : {}),
  };
}

/** Premises' address on the camera network, when there is one: the only time server a contained camera should use. */
export function premisesAddressOf(ctx: Pick<InstallParts, 'db' | 'clock' | 'loaded'>): string | null {
  const net = ctx.loaded.config.cameraNetwork;
  if (!net) return null;
  return readStatus(ctx.db, net, ctx.clock.now()).address ?? net.address ?? null;
}
