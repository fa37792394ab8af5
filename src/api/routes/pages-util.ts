import { listCameras } from '../../cameras/registry.js';
import type { Db } from '../../db/open.js';
import { PremisesError } from '../../shared/errors.js';

/** Small helpers shared by the holds, requests, compliance and storage routes. */
export { iso } from '../../shared/iso.js';

/** Camera ids from a checked body (src/api/contracts), each known to the index. */
export function knownCameras(db: Db, ids: readonly string[]): string[] {
  const known = new Set(listCameras(db).map((c) => c.id));
  for (const id of ids) if (!known.has(id)) throw new PremisesError('NotFound', `no camera "${id}"`);
  return [...ids];
}

export function idParam(value: string | undefined, what: string): number {
  const id = Number(value);
  if (!/^\d+$/.test(value ?? '') || !Number.isSafeInteger(id) || id <= 0) throw new PremisesError('InvalidArgument', `${what} id must be a positive number`);
  return id;
}
