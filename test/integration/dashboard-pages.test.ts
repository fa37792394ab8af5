import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { DashboardClient } from '../support/dashboard-client.js';
import { PremisesProcess, readIndex, runCli, tempDir, writeConfig } from '../support/premises.js';
import { freePort, RtspServer } from '../support/rtsp.js';

/**
 * The holds, access-request, compliance, storage, time and audit-verification
 * routes against a real `premises start` recording one GStreamer camera
 * ("door") with a second one ("yard") that never connects. Each state change
 * is checked in the real index's audit log with the dashboard user as actor.
 */
const OWNER_PW = 'owner passphrase pages 1';
const MANAGER_PW = 'manager passphrase pages 2';
const VIEWER_PW = 'viewer passphrase pages 3';

interface AuditRow {
  actor: string;
  action: string;
  subject: string;
  details: string | null;
}

describe('dashboard pages API', () => {
  const dir = tempDir('premises-dash-pages-');
  let rtsp: RtspServer;
  let premises: PremisesProcess;
  let dataDir = '';
  const owner = { client: undefined as unknown as DashboardClient };
  let manager: DashboardClient;
  let viewer: DashboardClient;
  const audit = (action: string) => readIndex<AuditRow>(dataDir, 'SELECT actor, action, subject, details FROM audit_log WHERE action = ? ORDER BY seq', action);

  before(async () => {
    rtsp = await RtspServer.start({ door: 'live:640x360@15' });
    const config = await writeConfig(dir.path, [
      { id: 'door', rtsp: rtsp.url('door') },
      { id: 'yard', rtsp: `rtsp://127.0.0.1:${await freePort()}/yard`, extra: ['    retention: { maxAge: 3d }'] },
    ]);
    dataDir = join(dir.path, 'data');
    premises = PremisesProcess.start(config.path, config.port);
    await premises.waitFor((h) => h.cameras.some((c) => c.id === 'door' && c.lastSegmentAt !== null), 30_000, 'the first segment of door');
    const origin = `http://127.0.0.1:${config.port}`;
    const link = runCli(['setup-link', '--config', config.path]);
    assert.equal(link.code, 0, link.stderr);
    const token = /token=([A-Za-z0-9_-]+)/.exec(link.stdout)?.[1] as string;
    owner.client = new DashboardClient(origin);
    await owner.client.session();
    const setup = await owner.client.request('POST', '/api/setup', { token, username: 'owner', password: OWNER_PW, businessConfirmed: true });
    assert.equal(setup.status, 201, JSON.stringify(setup.body));
    assert.equal((await owner.client.request('POST', '/api/users', { username: 'manager', password: MANAGER_PW, role: 'manager' })).status, 201);
    assert.equal((await owner.client.request('POST', '/api/users', { username: 'viewer', password: VIEWER_PW, role: 'viewer', cameras: { door: { live: true, playback: true } } })).status, 201);
    manager = new DashboardClient(origin);
    viewer = new DashboardClient(origin);
    assert.equal((await manager.login('manager', MANAGER_PW)).status, 200);
    assert.equal((await viewer.login('viewer', VIEWER_PW)).status, 200);
  });

  after(async () => {
    await premises?.stop();
    await rtsp?.stop();
    dir.remove();
  });

  it('holds: add on several cameras at once, list, release with a reason; audited as the user', async () => {
    const hour = { from: '2026-11-20T10:00:00Z', to: '2026-11-20T11:00:00Z' };
    assert.equal((await manager.request('POST', '/api/holds', { cameras: ['door'], ...hour })).status, 400, 'a reason is required');
    assert.equal((await manager.request('POST', '/api/holds', { cameras: ['door', 'nope'], ...hour, reason: 'x' })).status, 404, 'unknown camera');
    assert.equal((await manager.request('POST', '/api/holds', { cameras: ['door'], from: hour.to, to: hour.from, reason: 'x' })).status, 400, 'to before from');
    assert.equal((await manager.request('POST', '/api/holds', { cameras: ['door'], ...hour, reason: 'x', kind: 'whim' })).status, 400, 'unknown kind');
    assert.equal((await viewer.request('POST', '/api/holds', { cameras: ['door'], ...hour, reason: 'x' })).status, 403);
    assert.equal(audit('hold.added').length, 0, 'nothing refused was stored');

    const added = await manager.request('POST', '/api/holds', { cameras: ['door', 'yard'], ...hour, reason: 'till short on Friday', kind: 'incident', review: '2026-12-20T00:00:00Z' });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    const holds = added.body['holds'] as { id: number; camera: string; reason: string; kind: string; from: string; reviewAt: string; released: unknown }[];
    assert.deepEqual(holds.map((h) => [h.camera, h.kind, h.reason, h.from, h.reviewAt, h.released]), [
      ['door', 'incident', 'till short on Friday', '2026-11-20T10:00:00.000Z', '2026-12-20T00:00:00.000Z', null],
      ['yard', 'incident', 'till short on Friday', '2026-11-20T10:00:00.000Z', '2026-12-20T00:00:00.000Z', null],
    ]);
    const listed = (await owner.client.request('GET', '/api/holds')).body['holds'] as { id: number }[];
    assert.deepEqual(listed.map((h) => h.id), holds.map((h) => h.id));

    const doorHold = holds[0]?.id as number;
    assert.equal((await manager.request('POST', `/api/holds/${doorHold}/release`, {})).status, 400, 'release needs a reason');
    const released = await owner.client.request('POST', `/api/holds/${doorHold}/release`, { reason: 'resolved: miscount' });
    assert.equal(released.status, 200, JSON.stringify(released.body));
    assert.equal((released.body['hold'] as { released: { by: string } }).released.by, 'user:owner');
    assert.equal((await owner.client.request('POST', `/api/holds/${doorHold}/release`, { reason: 'again' })).status, 409);
    assert.equal((await owner.client.request('POST', '/api/holds/999/release', { reason: 'x' })).status, 404);
    assert.deepEqual(((await owner.client.request('GET', '/api/holds')).body['holds'] as { id: number }[]).map((h) => h.id), [holds[1]?.id]);
    assert.equal(((await owner.client.request('GET', '/api/holds?all=1')).body['holds'] as unknown[]).length, 2);

    const addedRows = audit('hold.added');
    assert.deepEqual(addedRows.map((r) => [r.actor, r.subject]), holds.map((h) => ['user:manager', `hold:${h.id}`]));
    assert.match(addedRows[0]?.details ?? '', /till short on Friday/);
    const releasedRows = audit('hold.released');
    assert.deepEqual(releasedRows.map((r) => [r.actor, r.subject]), [['user:owner', `hold:${doorHold}`]]);
    assert.match(releasedRows[0]?.details ?? '', /resolved: miscount/);
  });

  it('access requests: intake with deadline and holds, overdue flag, extension once and in time, close', async () => {
    const base = { requester: 'Pat Diner', identity: 'driver licence checked at the counter', cameras: ['door'], from: '2026-11-01T18:00:00Z', to: '2026-11-01T19:00:00Z', description: 'dinner on Nov 1' };
    assert.equal((await manager.request('POST', '/api/requests', { ...base, received: '2026-13-01' })).status, 400);
    assert.equal((await manager.request('POST', '/api/requests', { ...base, received: '2026-11-26', due: '2026-12-01' })).status, 400, 'CA-BC sets the deadline by law');
    const today = new Date().toISOString().slice(0, 10);
    const fresh = await manager.request('POST', '/api/requests', { ...base, received: today });
    assert.equal(fresh.status, 201, JSON.stringify(fresh.body));
    const r1 = fresh.body['request'] as { id: number; dueOn: string; due: string; daysLeft: number; overdue: boolean; urgency: string; holds: number[]; extension: { available: boolean } };
    assert.equal(r1.due, r1.dueOn);
    assert.ok(r1.daysLeft >= 30, `30 PIPA days is more than 30 calendar days: ${r1.daysLeft}`);
    assert.deepEqual([r1.overdue, r1.urgency, r1.extension.available, r1.holds.length], [false, 'on-time', true, 1]);

    // Received Tuesday 1 September: 30 PIPA days, skipping weekends, Labour Day, 30 September and Thanksgiving, end 16 October.
    const old = await manager.request('POST', '/api/requests', { ...base, received: '2026-09-01', requester: 'Old Request' });
    assert.equal(old.status, 201);
    const r2 = old.body['request'] as { id: number; dueOn: string; overdue: boolean; urgency: string; daysLeft: number };
    assert.deepEqual([r2.dueOn, r2.overdue, r2.urgency], ['2026-10-16', true, 'overdue']);
    assert.ok(r2.daysLeft < 0);
    const extendLate = await manager.request('POST', `/api/requests/${r2.id}/extend`, { reason: 'too late' });
    assert.equal(extendLate.status, 409, 'an extension must be taken before the deadline');

    const list = (await owner.client.request('GET', '/api/requests')).body as { today: string; requests: { id: number; overdue: boolean }[] };
    assert.deepEqual(list.requests.map((r) => [r.id, r.overdue]), [
      [r1.id, false],
      [r2.id, true],
    ]);
    assert.equal((await viewer.request('GET', '/api/requests')).status, 403);

    const ext = await owner.client.request('POST', `/api/requests/${r1.id}/extend`, { reason: 'large volume of footage to review; told by email' });
    assert.equal(ext.status, 200, JSON.stringify(ext.body));
    const r1e = ext.body['request'] as { due: string; dueOn: string; extension: { taken: boolean; available: boolean; extendedDue: string } };
    assert.deepEqual([r1e.extension.taken, r1e.extension.available, r1e.due], [true, false, r1e.extension.extendedDue]);
    assert.ok(r1e.due > r1e.dueOn);
    assert.equal((await owner.client.request('POST', `/api/requests/${r1.id}/extend`, { reason: 'again' })).status, 409, 'once only');

    const closed = await manager.request('POST', `/api/requests/${r2.id}/close`, { outcome: 'footage disclosed with other diners masked' });
    assert.equal(closed.status, 200);
    assert.deepEqual([(closed.body['request'] as { overdue: boolean; urgency: string }).overdue, (closed.body['request'] as { urgency: string }).urgency], [false, 'closed']);
    assert.deepEqual(((await owner.client.request('GET', '/api/requests')).body['requests'] as { id: number }[]).map((r) => r.id), [r1.id], 'closed requests only with all=1');
    assert.equal(((await owner.client.request('GET', '/api/requests?all=1')).body['requests'] as unknown[]).length, 2);

    assert.deepEqual(audit('access_request.received').map((r) => [r.actor, r.subject]), [
      ['user:manager', `access_request:${r1.id}`],
      ['user:manager', `access_request:${r2.id}`],
    ]);
    assert.deepEqual(audit('access_request.extended').map((r) => [r.actor, r.subject]), [['user:owner', `access_request:${r1.id}`]]);
    assert.deepEqual(audit('access_request.closed').map((r) => [r.actor, r.subject]), [['user:manager', `access_request:${r2.id}`]]);
    const holds = readIndex<{ kind: string; camera_id: string; created_by: string }>(dataDir, "SELECT kind, camera_id, created_by FROM holds WHERE kind = 'access_request'");
    assert.deepEqual(holds, [
      { kind: 'access_request', camera_id: 'door', created_by: 'user:manager' },
      { kind: 'access_request', camera_id: 'door', created_by: 'user:manager' },
    ]);
  });

  it('compliance: per-camera facts, printable signs and report under a print-only CSP, confirming a printed sign', async () => {
    const c = await manager.request('GET', '/api/compliance');
    assert.equal(c.status, 200);
    const cameras = c.body['cameras'] as { id: string; purposes: string[]; area: string; gates: unknown[]; retention: { text: string; capText: string; overCap: boolean }; audio: { on: boolean }; masks: number; schedule: string; signage: { status: string; sha256: string } }[];
    const door = cameras.find((x) => x.id === 'door');
    const yard = cameras.find((x) => x.id === 'yard');
    assert.ok(door && yard);
    assert.deepEqual(door.purposes, ['Investigate theft and break-ins at the test door']);
    assert.deepEqual([door.area, door.gates.length, door.audio.on, door.masks, door.retention.text, door.retention.capText, door.retention.overCap], ['entrance', 0, false, 0, '7 days', '30 days', false]);
    assert.equal(yard.retention.text, '72 hours', "the camera's own retention, as the sweeper applies it");
    assert.equal(door.signage.status, 'missing', 'never printed');
    // Never printed from Premises, but the configuration records it posted: it counts as up, as the gate and premises report say.
    const answer = (door.signage as unknown as { answer: { ok: boolean; text: string } }).answer;
    assert.equal(answer.ok, true);
    assert.match(answer.text, /^Posted \(posted at /);
    const signs = c.body['signs'] as { key: string; sha256: string; status: string }[];
    assert.deepEqual(signs.map((s) => s.key), ['notice:door', 'notice:yard', 'policy', 'staff']);

    const html = await fetch(`${manager.origin}/api/compliance/signage.html?camera=door`, { headers: { cookie: [...manager.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    assert.equal(html.status, 200);
    assert.match(html.headers.get('content-type') ?? '', /text\/html/);
    const csp = html.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'; style-src 'unsafe-inline'/);
    assert.doesNotMatch(csp, /script-src/);
    const text = await html.text();
    assert.match(text, /Video recording in use/);
    assert.match(text, /Investigate theft and break-ins at the test door/);
    assert.match(text, /Test Bistro/);
    assert.equal((await manager.request('GET', '/api/compliance/signage.html?camera=nope')).status, 404);

    const report = await fetch(`${manager.origin}/api/compliance/report.html`, { headers: { cookie: [...manager.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    assert.equal(report.status, 200);
    assert.match(report.headers.get('content-security-policy') ?? '', /default-src 'none'; style-src 'unsafe-inline'/);
    const reportText = await report.text();
    assert.match(reportText, /<h1>Record of processing: video surveillance<\/h1>/);
    assert.match(reportText, /<td>Door|<td>door<\/td>/);
    assert.match(reportText, /yard 2026-11-20T10:00:00.000Z to 2026-11-20T11:00:00.000Z \(incident/, 'the holds in force from the earlier test');

    const sha = (keys: string[]) => Object.fromEntries(signs.filter((s) => keys.includes(s.key)).map((s) => [s.key, s.sha256]));
    const stale = await manager.request('POST', '/api/compliance/signage/door/confirm', { sha256: { ...sha(['notice:door', 'policy', 'staff']), 'notice:door': 'f'.repeat(64) } });
    assert.equal(stale.status, 409, 'a sign that differs from what was printed is not confirmed');
    const ok = await manager.request('POST', '/api/compliance/signage/door/confirm', { sha256: sha(['notice:door', 'policy', 'staff']) });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.deepEqual((ok.body['signs'] as { key: string; status: string }[]).map((s) => [s.key, s.status]), [
      ['notice:door', 'fresh'],
      ['policy', 'fresh'],
      ['staff', 'fresh'],
    ]);
    const after = (await owner.client.request('GET', '/api/compliance')).body['cameras'] as { id: string; signage: { status: string; posted: { by: string } | null } }[];
    assert.deepEqual(after.map((x) => [x.id, x.signage.status, x.signage.posted?.by ?? null]), [
      ['door', 'fresh', 'user:manager'],
      ['yard', 'missing', null],
    ]);
    assert.deepEqual(audit('signage.printed').map((r) => [r.actor, r.subject]), [['user:manager', 'notice:door,policy,staff']]);
    assert.deepEqual(audit('signage.confirmed').map((r) => [r.actor, r.subject]), [
      ['user:manager', 'notice:door'],
      ['user:manager', 'policy'],
      ['user:manager', 'staff'],
    ]);
  });

  it('storage: disk, bytes per camera from the index, per-day bitrate, a sampled history and a forecast', async () => {
    const s = await owner.client.request('GET', '/api/storage?days=7');
    assert.equal(s.status, 200, JSON.stringify(s.body));
    const body = s.body as {
      disk: { totalBytes: number; freeBytes: number; floorBytes: number };
      recordings: { bytes: number; cameras: { camera: string; bytes: number }[] };
      daily: { camera: string; bytes: number; bitrateBps: number }[];
      history: { samples: { recordingsBytes: number; totalBytes: number }[] };
      forecast: { cameras: { camera: string; bytesPerDay: number; daysKept: number; retentionDays: number; limitedBy: string }[] };
    };
    assert.ok(body.disk.totalBytes > 0 && body.disk.freeBytes > 0 && body.disk.freeBytes <= body.disk.totalBytes);
    // Read the index after the answer: segments only grow in between.
    const indexBytes = readIndex<{ camera_id: string; b: number }>(dataDir, 'SELECT camera_id, sum(bytes) AS b FROM segments GROUP BY camera_id');
    const doorNow = indexBytes.find((r) => r.camera_id === 'door')?.b ?? 0;
    const doorApi = body.recordings.cameras.find((c) => c.camera === 'door')?.bytes ?? 0;
    assert.ok(doorApi > 0 && doorApi <= doorNow, `door ${doorApi} ≤ index ${doorNow}`);
    assert.equal(body.recordings.cameras.find((c) => c.camera === 'yard')?.bytes, 0);
    const doorDaily = body.daily.filter((d) => d.camera === 'door');
    assert.equal(doorDaily.length, 1, 'one day of recording');
    assert.ok(doorDaily[0] && doorDaily[0].bitrateBps > 10_000 && doorDaily[0].bitrateBps < 20_000_000, `bitrate ${doorDaily[0]?.bitrateBps}`);
    assert.ok(body.history.samples.length >= 1, 'the daemon sampled the disk at start');
    assert.ok(body.history.samples.every((x) => x.totalBytes === body.disk.totalBytes));
    const f = body.forecast.cameras.find((x) => x.camera === 'door');
    assert.ok(f && f.bytesPerDay > 0);
    assert.equal(f.retentionDays, 7);
    assert.ok(f.daysKept > 0 && f.daysKept <= 7);
    assert.deepEqual(body.forecast.cameras.find((x) => x.camera === 'yard')?.limitedBy, 'not recording');
    assert.equal((await viewer.request('GET', '/api/storage')).status, 403);
  });

  it('time: host clock state without the network, camera clocks not measured for RTSP cameras', async () => {
    const t = await viewer.request('GET', '/api/time');
    assert.equal(t.status, 200);
    const host = t.body['host'] as { source: string; synchronized: boolean | null; detail: string };
    assert.ok(['timedatectl', 'timesyncd-flag', 'unknown'].includes(host.source));
    assert.ok(host.detail.length > 0);
    assert.deepEqual((t.body['cameras'] as { camera: string; measured: boolean }[]).map((c) => [c.camera, c.measured]), [['door', false]]);
  });

  it('audit verification: none yet, a fresh run on demand records its result, manager refused', async () => {
    const before = await owner.client.request('GET', '/api/audit/verification');
    assert.equal(before.status, 200);
    assert.equal(before.body['last'], null);
    assert.equal((await manager.request('POST', '/api/audit/verify')).status, 403);
    const run = await owner.client.request('POST', '/api/audit/verify');
    assert.equal(run.status, 200, JSON.stringify(run.body));
    const v = run.body['verification'] as { ok: boolean; entries: number; by: string; problemCount: number; keyFingerprint: string | null };
    assert.deepEqual([v.ok, v.by, v.problemCount], [true, 'user:owner', 0]);
    assert.ok(v.entries > 10);
    assert.ok(v.keyFingerprint, 'pinned to the local signing key');
    const now = await owner.client.request('GET', '/api/audit/verification');
    const last = now.body['last'] as { ok: boolean; entries: number };
    assert.deepEqual([last.ok, last.entries], [true, v.entries]);
    assert.ok((now.body['entries'] as number) > v.entries, 'the verification is itself an entry');
    const rows = audit('audit.verified');
    assert.deepEqual(rows.map((r) => [r.actor, r.subject]), [['user:owner', 'audit']]);
    // The CLI agrees the chain (with that entry) is intact.
    const cli = runCli(['audit', 'verify', '--config', join(dir.path, 'premises.yaml')]);
    assert.equal(cli.code, 0, cli.stderr);
  });
});
