import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Alarms } from '../../src/alarms/alarms.js';
import { AuditLog } from '../../src/audit/log.js';
import { openDb, type Db } from '../../src/db/open.js';
import { chooseMaskMethod, MASKS_ALARM, MaskStateStore, type CameraMasksDeps } from '../../src/recorder/camera-masks.js';
import type { Point } from '../../src/recorder/mask.js';
import { ensureCamera } from '../../src/cameras/registry.js';
import { systemClock } from '../../src/shared/clock.js';
import { silentLogger } from '../../src/shared/logger.js';
import { spawnSim, type SimProcess } from '../support/onvif-sim/process.js';

/**
 * Camera-side privacy masks against the ONVIF simulator run as its own
 * process (real HTTP, SOAP, WS-UsernameToken and Digest), a real SQLite index
 * and real ffmpeg decoding the simulator's JPEG snapshot. The simulator's
 * picture has a bright patch exactly where the mask goes, so a snapshot that
 * ignores the mask cannot pass.
 */
const USER = 'admin';
const PASSWORD = 'mask pass=word';
const PATCH: [number, number, number, number] = [0.05, 0.1, 0.3, 0.5];
// The mask covers the patch with a margin; the triangle is a second polygon elsewhere.
const MASKS: Point[][] = [
  [[0.02, 0.05], [0.4, 0.05], [0.4, 0.65], [0.02, 0.65]],
  [[0.8, 1], [1, 0.6], [1, 1]],
];

describe('camera-side privacy masks: push, verify by snapshot, fall back', () => {
  let dir: string;
  let db: Db;
  let deps: CameraMasksDeps;
  const sims: SimProcess[] = [];

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'premises-camera-masks-'));
    db = openDb(join(dir, 'index.db'));
    const audit = new AuditLog(db, systemClock);
    deps = { db, audit, alarms: new Alarms(db, audit, systemClock), clock: systemClock, log: silentLogger(), policy: { allowLoopback: true } };
    for (const id of ['honest', 'liar', 'old', 'plain', 'small', 'slow']) ensureCamera(db, id, id, 'index', null, systemClock.now());
  });

  after(async () => {
    await Promise.all(sims.map((s) => s.stop()));
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const sim = async (extra: Record<string, unknown>) => {
    const s = await spawnSim({ bind: '127.0.0.1', username: USER, password: PASSWORD, brightPatch: PATCH, ...extra });
    sims.push(s);
    return s;
  };
  const access = (s: SimProcess) => ({ xaddr: s.xaddr, credentials: { username: USER, password: PASSWORD }, profile: 'main' });
  const auditOf = (camera: string) =>
    (db.prepare("SELECT action, details FROM audit_log WHERE subject = ? ORDER BY seq").all(`camera:${camera}`) as { action: string; details: string }[]).map((r) => ({
      action: r.action,
      details: JSON.parse(r.details) as Record<string, unknown>,
    }));
  const alarm = (camera: string) => deps.alarms.open().find((a) => a.kind === MASKS_ALARM && a.subject === camera);

  it('an honest camera holds the masks, the snapshot shows them black: the camera masks, stream copy', async () => {
    const s = await sim({ media2: true });
    const decision = await chooseMaskMethod(deps, 'honest', MASKS, access(s));
    assert.equal(decision.method, 'camera', decision.reason ?? '');
    assert.equal((await s.stats()).masks, 2, 'both polygons are on the camera');
    const state = new MaskStateStore(deps.db, deps.audit, deps.clock).get('honest');
    assert.equal(state?.method, 'camera');
    assert.ok(state?.verifiedAt, 'verified_at is set');
    assert.equal(state?.cameraTokens.length, 2);
    const entries = auditOf('honest');
    assert.ok(entries.some((e) => e.action === 'camera.masks-pushed'));
    assert.ok(entries.some((e) => e.action === 'camera.masks-method' && e.details['to'] === 'camera'));
    assert.equal(alarm('honest'), undefined);

    // A restart re-verifies without pushing again while the masks are still there.
    const again = await chooseMaskMethod(deps, 'honest', MASKS, access(s));
    assert.equal(again.method, 'camera');
    assert.equal((await s.stats()).masksCreated, 2, 'nothing new was created');
  });

  it('a lying camera accepts the masks but its snapshot still shows the patch: Premises masks, with an alarm', async () => {
    const s = await sim({ media2: true, masksIgnored: true });
    const decision = await chooseMaskMethod(deps, 'liar', MASKS, access(s));
    assert.equal(decision.method, 'premises');
    assert.match(decision.reason ?? '', /snapshot still shows the masked area/);
    assert.equal((await s.stats()).masksCreated, 2, 'the masks were pushed');
    const state = new MaskStateStore(deps.db, deps.audit, deps.clock).get('liar');
    assert.equal(state?.method, 'premises');
    assert.equal(state?.verifiedAt, null);
    assert.match(state?.lastError ?? '', /snapshot/);
    const open = alarm('liar');
    assert.ok(open, 'an alarm is raised');
    assert.equal(open.severity, 'warning');
    assert.match(open.message, /re-encoding/);
    assert.ok(auditOf('liar').some((e) => e.action === 'camera.masks-method' && e.details['to'] === 'premises'));
  });

  it('a camera that loses its masks after being verified is masked by Premises from the next start', async () => {
    const s = await sim({ media2: true });
    assert.equal((await chooseMaskMethod(deps, 'old', MASKS, access(s))).method, 'camera');
    // Someone resets the camera: a new simulator at another address has no masks and ignores new ones.
    const reset = await sim({ media2: true, masksIgnored: true });
    const decision = await chooseMaskMethod(deps, 'old', MASKS, access(reset));
    assert.equal(decision.method, 'premises');
    const switches = auditOf('old').filter((e) => e.action === 'camera.masks-method').map((e) => e.details['to']);
    assert.deepEqual(switches, ['camera', 'premises']);
  });

  it('a camera without Media2 is masked by Premises, with a plain message and no alarm', async () => {
    const s = await sim({});
    const decision = await chooseMaskMethod(deps, 'plain', MASKS, access(s));
    assert.equal(decision.method, 'premises');
    assert.match(decision.reason ?? '', /no ONVIF Media2 service/);
    assert.equal(alarm('plain'), undefined);
  });

  it('a camera that cannot hold that many masks is masked by Premises and gets none of them', async () => {
    const s = await sim({ media2: true, maxMasks: 1 });
    const decision = await chooseMaskMethod(deps, 'small', MASKS, access(s));
    assert.equal(decision.method, 'premises');
    assert.match(decision.reason ?? '', /at most 1 masks/);
    assert.equal((await s.stats()).masksCreated, 0);
  });

  it('a camera that trickles an answer is masked by Premises at the overall deadline', async () => {
    const s = await sim({ media2: true, hostile: 'trickle', hostileAfter: ['GetSystemDateAndTime', 'GetServices', 'GetProfiles'] });
    const started = Date.now();
    const decision = await chooseMaskMethod({ ...deps, overallDeadlineMs: 1_500 }, 'slow', MASKS, access(s));
    assert.equal(decision.method, 'premises');
    assert.match(decision.reason ?? '', /within 1.5 s/);
    assert.ok(Date.now() - started < 4_500, 'it did not wait for the per-call deadline');
    assert.ok(alarm('slow'));
    // The call still running in the background ends in an error later; the stored decision stays.
    await new Promise((r) => setTimeout(r, 4_500));
    assert.equal(new MaskStateStore(deps.db, deps.audit, deps.clock).get('slow')?.method, 'premises');
    assert.match(new MaskStateStore(deps.db, deps.audit, deps.clock).get('slow')?.lastError ?? '', /within 1.5 s/);
  });
});
