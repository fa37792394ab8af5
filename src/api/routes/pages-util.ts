import { listCameras } from '../../cameras/registry.js';
import type { Db } from '../../db/open.js';
import { PremisesError } from '../../shared/errors.js';

/** Small helpers shared by the holds, requests, compliance and storage routes. */
export { iso } from '../../shared/iso.js';

/** A date and time from a body or query field; undefined when optional and absent. */
export function timeField(body: Record<string, unknown>, name: string, optional = false): number | undefined {
  const v = body[name];
  if (v === undefined || v === null || v === '') {
    if (optional) return undefined;
    throw new PremisesError('InvalidArgument', `${name} is required: a date and time like 2026-11-26T14:30:00Z`);
  }
  const ms = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) ? Date.parse(v) : NaN;
  if (!Number.isFinite(ms)) throw new PremisesError('InvalidArgument', `${name}: "${typeof v === 'string' ? v : JSON.stringify(v)}" is not a date and time; write it like 2026-11-26T14:30:00Z`);
  return ms;
}

/** `cameras: ["a","b"]` or `camera: "a"`: one or more camera ids, each known to the index. */
export function cameraIdsField(db: Db, body: Record<string, unknown>): string[] {
  const raw = body['cameras'] ?? body['camera'];
  const list = typeof raw === 'string' ? raw.split(',') : Array.isArray(raw) ? raw : [];
  if (!list.every((c): c is string => typeof c === 'string')) throw new PremisesError('InvalidArgument', 'cameras must be a list of camera ids');
  const ids = [...new Set(list.map((c) => c.trim()).filter(Boolean))];
  if (ids.length === 0) throw new PremisesError('InvalidArgument', 'name at least one camera');
  if (ids.length > 64) throw new PremisesError('InvalidArgument', 'too many cameras');
  const known = new Set(listCameras(db).map((c) => c.id));
  for (const id of ids) if (!known.has(id)) throw new PremisesError('NotFound', `no camera "${id}"`);
  return ids;
}

export function idParam(value: string | undefined, what: string): number {
  const id = Number(value);
  if (!/^\d+$/.test(value ?? '') || !Number.isSafeInteger(id) || id <= 0) throw new PremisesError('InvalidArgument', `${what} id must be a positive number`);
  return id;
}
