import { listCameras } from '../../cameras/registry.js';
import { getCameraScope } from '../../cameras/scope.js';
import type { CameraConfig, Config } from '../../config/schema.js';
import type { Db } from '../../db/open.js';

/**
 * Every camera the consent rules speak about: those of the configuration
 * file, then those added at run time (discovery, the dashboard) with their
 * scope from the index — the same list the recorder records. Signs, the
 * record of processing and the consent status all read this, so a camera
 * added from the dashboard is on the printed notice like any other. The
 * YAML wins on an id clash, as it does for the recorder.
 */
export function withIndexCameras<C extends Pick<Config, 'cameras'>>(config: C, db: Db): C {
  const configIds = new Set(config.cameras.map((c) => c.id));
  const added = listCameras(db)
    .filter((c) => c.origin === 'index' && !configIds.has(c.id))
    .map((c): CameraConfig => ({ id: c.id, name: c.name, rtsp: c.rtspUrl ?? '', ...getCameraScope(db, c.id) }));
  return added.length === 0 ? config : { ...config, cameras: [...config.cameras, ...added] };
}
