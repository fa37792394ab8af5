import type { Actor, AuditLog } from '../audit/log.js';
import { cameraScopeSchema, type CameraScope } from '../config/schema.js';
import type { Db } from '../db/open.js';
import type { Clock } from '../shared/clock.js';
import { PremisesError } from '../shared/errors.js';

/**
 * Scope of index cameras: what the consent gates read for a camera that was
 * discovered rather than written in the YAML. Every change is audited with
 * the old and new values.
 */
export function getCameraScope(db: Db, cameraId: string): CameraScope {
  const row = db.prepare('SELECT scope FROM camera_scope WHERE camera_id = ?').get(cameraId) as { scope: string } | undefined;
  if (!row) return cameraScopeSchema.parse({});
  const parsed = cameraScopeSchema.safeParse(JSON.parse(row.scope));
  // A row that no longer validates (schema tightened) gives an empty scope: the gates then say what is missing.
  return parsed.success ? parsed.data : cameraScopeSchema.parse({});
}

export function setCameraScope(db: Db, audit: AuditLog, clock: Clock, cameraId: string, changes: Record<string, unknown>, actor: Actor): CameraScope {
  return db.transaction(() => {
    const camera = db.prepare("SELECT origin FROM cameras WHERE id = ? AND removed_at IS NULL").get(cameraId) as { origin: string } | undefined;
    if (!camera) throw new PremisesError('NotFound', `no camera "${cameraId}"; see premises camera list`);
    if (camera.origin === 'config') {
      throw new PremisesError('FailedPrecondition', `camera "${cameraId}" is declared in the configuration file: change its purposes, area and signage there`);
    }
    const before = getCameraScope(db, cameraId);
    const result = cameraScopeSchema.safeParse({ ...before, ...changes });
    if (!result.success) {
      const problems = result.error.issues.map((i) => `${i.path.join('.') || '(scope)'}: ${i.message}`).join('; ');
      throw new PremisesError('InvalidArgument', `camera "${cameraId}": ${problems}`);
    }
    db.prepare(
      `INSERT INTO camera_scope (camera_id, scope, updated_at, updated_by) VALUES (?, ?, ?, ?)
       ON CONFLICT(camera_id) DO UPDATE SET scope = excluded.scope, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    ).run(cameraId, JSON.stringify(result.data), clock.now(), actor);
    audit.append({ actor, action: 'camera.scope-changed', subject: `camera:${cameraId}`, details: { before, after: result.data } });
    return result.data;
  })();
}
