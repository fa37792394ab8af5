import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DashboardClient, type Reply } from '../support/dashboard-client.js';
import { openDb } from '../../src/db/open.js';
import { DataLayout } from '../../src/shared/data-layout.js';
import { API_ROUTES, routeOf } from '../support/dashboard-routes.js';
import { addSegments } from '../support/segments.js';
import { PremisesProcess, readIndex, runCli, sleepMs, tempDir, writeConfig } from '../support/premises.js';
import { openLive } from '../support/live-client.js';
import { freePort } from '../support/rtsp.js';

/**
 * Access control against a real `premises start`: first-run setup, the
 * route × role matrix (anonymous, viewer limited to camera a, manager,
 * owner), CSRF, sessions, throttling. Cameras point at a port nobody serves:
 * they never record, which raises the camera-down alarms the matrix needs.
 */
const OWNER_PW = 'owner passphrase 1';
const MANAGER_PW = 'manager passphrase 2';
const VIEWER_PW = 'viewer passphrase 3';

type Who = 'anonymous' | 'viewer' | 'manager' | 'owner';
interface Row {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  body?: unknown;
  expect: Record<Who, number>;
  /** Runs after each role's call (e.g. wait for a discovery to end). */
  settle?: () => Promise<void>;
}

const HOUR = 3_600_000;
const PLAYBACK_BODY = { from: new Date(Date.now() - HOUR).toISOString(), to: new Date(Date.now() + HOUR).toISOString(), reason: 'incident' };
const WINDOW = `from=${encodeURIComponent(PLAYBACK_BODY.from)}&to=${encodeURIComponent(PLAYBACK_BODY.to)}`;

const all = (status: number): Record<Who, number> => ({ anonymous: status, viewer: status, manager: status, owner: status });

describe('dashboard access control', () => {
  const dir = tempDir('premises-dash-access-');
  let premises: PremisesProcess;
  let origin = '';
  let dataDir = '';
  let configPath = '';
  const clients = {} as Record<Who, DashboardClient>;
  const originOf = () => origin;

  before(async () => {
    const deadPort = await freePort();
    const config = await writeConfig(
      dir.path,
      [
        { id: 'a', rtsp: `rtsp://127.0.0.1:${deadPort}/a` },
        { id: 'b', rtsp: `rtsp://127.0.0.1:${deadPort}/b` },
      ],
      { downAlarm: '2s', rtspTimeout: '1s' },
    );
    configPath = config.path;
    // Camera c is added at run time (index camera): its scope is editable through the API.
    const added = runCli(['camera', 'add', '--rtsp', `rtsp://127.0.0.1:${deadPort}/c`, '--id', 'c', '--config', config.path]);
    assert.equal(added.code, 0, added.stderr);
    origin = `http://127.0.0.1:${config.port}`;
    dataDir = join(dir.path, 'data');
    premises = PremisesProcess.start(config.path, config.port);
    await premises.waitFor((h) => h.cameras.length === 3, 20_000, 'the API');
    for (const who of ['anonymous', 'viewer', 'manager', 'owner'] as const) clients[who] = new DashboardClient(origin);
  });

  after(async () => {
    await premises?.stop();
    dir.remove();
  });

  it('first run: no account, a 0600 setup link, setup-link replaces it, setup creates the owner once', async () => {
    const file = join(dataDir, 'setup-link.txt');
    assert.equal(statSync(file).mode & 0o777, 0o600, 'the setup link file is readable by its owner only');
    const printed = /Create it within one hour at: (\S+)/.exec(premises.output.join(''))?.[1];
    assert.ok(printed, `premises start prints the setup link:\n${premises.output.join('')}`);
    assert.equal(readFileSync(file, 'utf8').split('\n')[0], printed);
    const firstToken = new URL(printed.replace('#/setup?', '?')).searchParams.get('token') as string;

    const fresh = runCli(['setup-link', '--config', configPath]);
    assert.equal(fresh.code, 0, fresh.stderr);
    const token = /token=([A-Za-z0-9_-]+)/.exec(fresh.stdout)?.[1] as string;
    assert.ok(token && token !== firstToken);

    const owner = clients.owner;
    await owner.session();
    const body = { username: 'owner', password: OWNER_PW, businessConfirmed: true };
    assert.equal((await owner.request('POST', '/api/setup', { ...body, token: firstToken })).status, 401, 'an older link stops working');
    assert.equal((await owner.request('POST', '/api/setup', { ...body, token, password: 'short' })).status, 400, 'passwords under 12 characters are refused');
    assert.equal((await owner.request('POST', '/api/setup', { ...body, token, businessConfirmed: false })).status, 400, 'the business profile must be confirmed');
    const done = await owner.request('POST', '/api/setup', { ...body, token });
    assert.equal(done.status, 201, JSON.stringify(done.body));
    assert.throws(() => statSync(file), 'the link file is gone once used');

    const again = new DashboardClient(origin);
    await again.session();
    assert.equal((await again.request('POST', '/api/setup', { ...body, username: 'intruder', token })).status, 403);
    assert.equal((await again.request('GET', '/api/setup')).status, 403);
    assert.equal(runCli(['setup-link', '--config', configPath]).code, 1, 'no setup link once an owner exists');

    const rows = readIndex<{ action: string; details: string }>(dataDir, "SELECT action, details FROM audit_log WHERE action IN ('setup.completed', 'user.created') ORDER BY seq");
    assert.deepEqual(rows.map((r) => r.action), ['user.created', 'setup.completed']);
    assert.match(rows[1]?.details ?? '', /"confirmed":true/);
    assert.match(rows[1]?.details ?? '', /Test Bistro/);
  });

  it('the owner creates a manager and a viewer of camera a; each logs in', async () => {
    const owner = clients.owner;
    assert.equal((await owner.request('POST', '/api/users', { username: 'manager', password: MANAGER_PW, role: 'manager' })).status, 201);
    const v = await owner.request('POST', '/api/users', { username: 'viewer', password: VIEWER_PW, role: 'viewer', cameras: { a: { live: true } } });
    assert.equal(v.status, 201, JSON.stringify(v.body));
    assert.equal((await clients.manager.login('manager', MANAGER_PW)).status, 200);
    const login = await clients.viewer.login('viewer', VIEWER_PW);
    assert.equal(login.status, 200);
    const cookie = login.setCookies.find((c) => c.startsWith('premises_session='));
    assert.ok(cookie);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    assert.doesNotMatch(cookie, /Secure/, 'plain HTTP on loopback: no Secure flag');
    await clients.anonymous.session();

    // The index keeps hashes only.
    const token = clients.viewer.cookies.get('premises_session') as string;
    const hashes = readIndex<{ token_hash: string }>(dataDir, 'SELECT token_hash FROM sessions').map((r) => r.token_hash);
    assert.ok(hashes.includes(createHash('sha256').update(token).digest('hex')));
    assert.ok(!hashes.includes(token));
    const pw = readIndex<{ password_hash: string }>(dataDir, "SELECT password_hash FROM users WHERE username = 'viewer'")[0]?.password_hash ?? '';
    assert.match(pw, /^scrypt\$17\$8\$1\$/);
  });

  it('answers every route for every role as the role table says', async () => {
    await premises.waitFor((h) => ['a', 'b'].every((id) => h.alarms.some((x) => x.kind === 'camera-down' && x.subject === id)), 30_000, 'camera-down alarms for a and b');
    const alarms = (await clients.owner.request('GET', '/api/alarms')).body['alarms'] as { id: number; subject: string }[];
    const alarmB = alarms.find((x) => x.subject === 'b')?.id as number;
    const waitDiscovery = async () => {
      for (let i = 0; i < 50; i++) {
        const r = await clients.owner.request('GET', '/api/discovery');
        if ((r.body['discovery'] as { running: boolean }).running === false) return;
        await sleepMs(200);
      }
      throw new Error('discovery did not finish');
    };
    const matrix: Row[] = [
      { method: 'GET', path: '/api/health', expect: all(200) },
      { method: 'GET', path: '/status', expect: all(200) },
      { method: 'GET', path: '/api/session', expect: all(200) },
      { method: 'GET', path: '/api/setup', expect: all(403) },
      { method: 'POST', path: '/api/setup', body: { token: 'x', username: 'x', password: 'xxxxxxxxxxxxxxx' }, expect: all(403) },
      { method: 'GET', path: '/api/cameras', expect: { anonymous: 401, viewer: 200, manager: 200, owner: 200 } },
      { method: 'POST', path: '/api/cameras', body: { rtsp: 'rtsp://127.0.0.1:9/d', id: 'd' }, expect: { anonymous: 401, viewer: 403, manager: 403, owner: 201 } },
      { method: 'GET', path: '/api/cameras/a', expect: { anonymous: 401, viewer: 200, manager: 200, owner: 200 } },
      { method: 'GET', path: '/api/cameras/b', expect: { anonymous: 401, viewer: 403, manager: 200, owner: 200 } },
      { method: 'GET', path: '/api/cameras/nope', expect: { anonymous: 401, viewer: 403, manager: 404, owner: 404 } },
      // The viewer has live rights on camera a only: no playback, so no timeline either.
      { method: 'GET', path: '/api/cameras/a/timeline', expect: { anonymous: 401, viewer: 403, manager: 200, owner: 200 } },
      // The activity index is about when people moved: the playback right, like the timeline.
      { method: 'GET', path: `/api/cameras/a/activity?${WINDOW}`, expect: { anonymous: 401, viewer: 403, manager: 200, owner: 200 } },
      {
        method: 'POST',
        path: '/api/cameras/a/activity/search',
        body: { from: PLAYBACK_BODY.from, to: PLAYBACK_BODY.to, box: { x: 0, y: 0, width: 0.5, height: 0.5 } },
        expect: { anonymous: 401, viewer: 403, manager: 200, owner: 200 },
      },
      { method: 'GET', path: '/api/cameras/b/timeline?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z', expect: { anonymous: 401, viewer: 403, manager: 200, owner: 200 } },
      // Live view: the viewer holds the live right on camera a only. Nobody serves these cameras, so a permitted
      // snapshot fails to reach the camera (503), a permitted HLS playlist ends with the lost stream (409),
      // and the WebSocket address answers a plain GET with 426 (the upgrade is tested below).
      { method: 'GET', path: '/api/cameras/a/live', expect: { anonymous: 401, viewer: 426, manager: 426, owner: 426 } },
      { method: 'GET', path: '/api/cameras/b/live', expect: { anonymous: 401, viewer: 403, manager: 426, owner: 426 } },
      { method: 'GET', path: '/api/cameras/a/snapshot.jpg', expect: { anonymous: 401, viewer: 503, manager: 503, owner: 503 } },
      { method: 'GET', path: '/api/cameras/b/snapshot.jpg', expect: { anonymous: 401, viewer: 403, manager: 503, owner: 503 } },
      { method: 'GET', path: '/api/cameras/a/live.m3u8', expect: { anonymous: 401, viewer: 409, manager: 409, owner: 409 } },
      { method: 'GET', path: '/api/cameras/b/live.m3u8', expect: { anonymous: 401, viewer: 403, manager: 409, owner: 409 } },
      // Segments only for a session holding a playlist lease, only names ffmpeg writes.
      { method: 'GET', path: '/api/cameras/a/hls/init.mp4', expect: { anonymous: 401, viewer: 404, manager: 404, owner: 404 } },
      { method: 'GET', path: '/api/cameras/b/hls/seg1.m4s', expect: { anonymous: 401, viewer: 403, manager: 404, owner: 404 } },
      { method: 'GET', path: '/api/cameras/b/scope', expect: { anonymous: 401, viewer: 403, manager: 200, owner: 200 } },
      // Config cameras change in the YAML: the owner passes the role check and is told where (409).
      { method: 'PUT', path: '/api/cameras/a/scope', body: { area: 'cash' }, expect: { anonymous: 401, viewer: 403, manager: 403, owner: 409 } },
      { method: 'PUT', path: '/api/cameras/c/scope', body: { area: 'entrance' }, expect: { anonymous: 401, viewer: 403, manager: 403, owner: 200 } },
      { method: 'POST', path: '/api/cameras/b/pause', body: { reason: 'matrix test' }, expect: { anonymous: 401, viewer: 403, manager: 200, owner: 200 } },
      { method: 'POST', path: '/api/cameras/b/resume', expect: { anonymous: 401, viewer: 403, manager: 200, owner: 409 } },
      // Pausing protects privacy: a viewer of camera a may pause it, not resume it.
      { method: 'POST', path: '/api/cameras/a/pause', body: { reason: 'matrix test', for: '10m' }, expect: { anonymous: 401, viewer: 200, manager: 200, owner: 200 } },
      { method: 'POST', path: '/api/cameras/a/resume', expect: { anonymous: 401, viewer: 403, manager: 200, owner: 409 } },
      { method: 'GET', path: '/api/alarms', expect: { anonymous: 401, viewer: 200, manager: 200, owner: 200 } },
      { method: 'POST', path: `/api/alarms/${alarmB}/acknowledge`, expect: { anonymous: 401, viewer: 403, manager: 200, owner: 200 } },
      { method: 'GET', path: '/api/discovery', expect: { anonymous: 401, viewer: 403, manager: 200, owner: 200 } },
      // Probes go out on loopback only: tests keep their traffic off the machine's network.
      { method: 'POST', path: '/api/discovery', body: { interface: 'lo' }, expect: { anonymous: 401, viewer: 403, manager: 202, owner: 202 }, settle: waitDiscovery },
      { method: 'GET', path: '/api/audit', expect: { anonymous: 401, viewer: 403, manager: 403, owner: 200 } },
      { method: 'GET', path: '/api/users', expect: { anonymous: 401, viewer: 403, manager: 403, owner: 200 } },
      { method: 'POST', path: '/api/users', body: { username: 'extra', password: 'extra passphrase 4', role: 'viewer' }, expect: { anonymous: 401, viewer: 403, manager: 403, owner: 201 } },
      { method: 'PUT', path: '/api/users/extra', body: { role: 'viewer', cameras: { a: { live: true } } }, expect: { anonymous: 401, viewer: 403, manager: 403, owner: 200 } },
      { method: 'POST', path: '/api/users/extra/disable', expect: { anonymous: 401, viewer: 403, manager: 403, owner: 200 } },
      // Passes the login gate, then the too-short new password is refused before the current one is checked.
      { method: 'POST', path: '/api/password', body: { current: 'whatever it is', password: 'short' }, expect: { anonymous: 401, viewer: 400, manager: 400, owner: 400 } },
      // Transfers (docs/transfers.md): policies are the owner's; no export exists here, so asking reaches the export lookup (404).
      { method: 'GET', path: '/api/transfer-policies', expect: { anonymous: 401, viewer: 403, manager: 200, owner: 200 } },
      {
        method: 'POST',
        path: '/api/transfer-policies',
        body: { name: 'matrix-dl', kind: 'download', roles: ['owner', 'manager', 'viewer'], recipientOrg: 'Matrix Org', country: 'Canada', legalBasis: 'test', expiresAt: '2099-01-01T00:00:00Z' },
        expect: { anonymous: 401, viewer: 403, manager: 403, owner: 201 },
      },
      { method: 'GET', path: '/api/transfers', expect: { anonymous: 401, viewer: 403, manager: 200, owner: 200 } },
      // The viewer holds no export right on any camera.
      { method: 'POST', path: '/api/exports/nope/transfers', body: { policy: 'matrix-dl' }, expect: { anonymous: 401, viewer: 403, manager: 404, owner: 404 } },
      { method: 'POST', path: '/api/exports/nope/download', body: { policy: 'matrix-dl' }, expect: { anonymous: 401, viewer: 403, manager: 404, owner: 404 } },
      { method: 'GET', path: '/api/downloads/not-a-ticket', expect: { anonymous: 401, viewer: 404, manager: 404, owner: 404 } },
      { method: 'POST', path: '/api/transfers/999/approve', expect: { anonymous: 401, viewer: 403, manager: 404, owner: 404 } },
      { method: 'POST', path: '/api/transfer-policies/matrix-dl/revoke', body: { reason: 'matrix test' }, expect: { anonymous: 401, viewer: 403, manager: 403, owner: 200 } },
      // Playback: a viewing session needs the playback right on the camera (the viewer has live on a only).
      { method: 'POST', path: '/api/cameras/a/playback', body: PLAYBACK_BODY, expect: { anonymous: 401, viewer: 403, manager: 201, owner: 201 } },
      { method: 'POST', path: '/api/cameras/b/playback', body: PLAYBACK_BODY, expect: { anonymous: 401, viewer: 403, manager: 201, owner: 201 } },
      { method: 'POST', path: '/api/cameras/nope/playback', body: PLAYBACK_BODY, expect: { anonymous: 401, viewer: 403, manager: 404, owner: 404 } },
      { method: 'POST', path: '/api/playback/not-a-session/end', expect: { anonymous: 401, viewer: 404, manager: 404, owner: 404 } },
      { method: 'GET', path: `/api/cameras/a/segments?${WINDOW}`, expect: { anonymous: 401, viewer: 403, manager: 200, owner: 200 } },
      { method: 'GET', path: `/api/cameras/b/segments?${WINDOW}`, expect: { anonymous: 401, viewer: 403, manager: 200, owner: 200 } },
      // Footage itself: never without a viewing session of one's own.
      { method: 'GET', path: '/api/segments/1', expect: { anonymous: 401, viewer: 403, manager: 403, owner: 403 } },
      { method: 'GET', path: '/api/segments/1?session=not-a-session', expect: { anonymous: 401, viewer: 403, manager: 403, owner: 403 } },
      // The CPU cost of masking: metadata about a camera, for whoever may see it.
      { method: 'GET', path: '/api/masks/cost?camera=a', expect: { anonymous: 401, viewer: 200, manager: 200, owner: 200 } },
      { method: 'GET', path: '/api/masks/cost?camera=b', expect: { anonymous: 401, viewer: 403, manager: 200, owner: 200 } },
      { method: 'GET', path: '/api/masks/cost?camera=nope', expect: { anonymous: 401, viewer: 403, manager: 404, owner: 404 } },
      { method: 'GET', path: '/api/masks/cost', expect: { anonymous: 401, viewer: 400, manager: 400, owner: 400 } },
      // Holds, access requests, compliance and storage are for owners and managers; each row's second call
      // (the owner's) meets the state the manager's call left: released, extended, closed (409).
      { method: 'GET', path: '/api/holds', expect: { anonymous: 401, viewer: 403, manager: 200, owner: 200 } },
      { method: 'POST', path: '/api/holds', body: { cameras: ['b'], from: '2026-01-01T00:00:00Z', to: '2026-01-01T01:00:00Z', reason: 'matrix test' }, expect: { anonymous: 401, viewer: 403, manager: 201, owner: 201 } },
      { method: 'POST', path: '/api/holds/1/release', body: { reason: 'matrix test' }, expect: { anonymous: 401, viewer: 403, manager: 200, owner: 409 } },
      // Incident cases are holds with a name: owners and managers. Cameras here never record, so a case's export
      // passes every check and hears there is no footage (409); test/integration/cases.test.ts exports real ones.
      { method: 'GET', path: '/api/cases', expect: { anonymous: 401, viewer: 403, manager: 200, owner: 200 } },
      { method: 'POST', path: '/api/cases', body: { name: 'Matrix break-in', reason: 'matrix test' }, expect: { anonymous: 401, viewer: 403, manager: 201, owner: 201 } },
      { method: 'GET', path: '/api/cases/1', expect: { anonymous: 401, viewer: 403, manager: 200, owner: 200 } },
      { method: 'POST', path: '/api/cases/1/ranges', body: { cameras: ['a', 'b'], from: '2026-01-01T00:00:00Z', to: '2026-01-01T01:00:00Z' }, expect: { anonymous: 401, viewer: 403, manager: 201, owner: 201 } },
      { method: 'POST', path: '/api/cases/1/export', body: { recipient: 'Matrix Insurance', legalBasis: 'matrix test' }, expect: { anonymous: 401, viewer: 403, manager: 409, owner: 409 } },
      { method: 'POST', path: '/api/cases/1/close', body: { reason: 'matrix test' }, expect: { anonymous: 401, viewer: 403, manager: 200, owner: 409 } },
      { method: 'GET', path: '/api/requests', expect: { anonymous: 401, viewer: 403, manager: 200, owner: 200 } },
      {
        method: 'POST',
        path: '/api/requests',
        body: { requester: 'Matrix Person', identity: 'photo ID seen', received: new Date().toISOString().slice(0, 10), cameras: ['a'], from: '2026-01-01T00:00:00Z', to: '2026-01-01T01:00:00Z', description: 'matrix test' },
        expect: { anonymous: 401, viewer: 403, manager: 201, owner: 201 },
      },
      { method: 'POST', path: '/api/requests/1/extend', body: { reason: 'matrix test' }, expect: { anonymous: 401, viewer: 403, manager: 200, owner: 409 } },
      { method: 'POST', path: '/api/requests/1/close', body: { outcome: 'matrix test' }, expect: { anonymous: 401, viewer: 403, manager: 200, owner: 409 } },
      // Letters and the requester's language: also once the request is closed (the response is often printed then).
      { method: 'POST', path: '/api/requests/1/language', body: { language: 'en' }, expect: { anonymous: 401, viewer: 403, manager: 200, owner: 200 } },
      { method: 'GET', path: '/api/requests/1/letter.html?kind=acknowledgement', expect: { anonymous: 401, viewer: 403, manager: 200, owner: 200 } },
      { method: 'GET', path: '/api/compliance', expect: { anonymous: 401, viewer: 403, manager: 200, owner: 200 } },
      { method: 'GET', path: '/api/compliance/signage.html?camera=a', expect: { anonymous: 401, viewer: 403, manager: 200, owner: 200 } },
      { method: 'GET', path: '/api/compliance/report.html', expect: { anonymous: 401, viewer: 403, manager: 200, owner: 200 } },
      // No hashes of a printed version: refused after the role check.
      { method: 'POST', path: '/api/compliance/signage/a/confirm', body: { sha256: {} }, expect: { anonymous: 401, viewer: 403, manager: 409, owner: 409 } },
      // Staff notices and the assessment are the owner's: employees' names and the owner's own reasoning.
      { method: 'GET', path: '/api/staff', expect: { anonymous: 401, viewer: 403, manager: 403, owner: 200 } },
      { method: 'POST', path: '/api/staff', body: { name: 'Matrix Cook', role: 'cook', areas: ['kitchen'] }, expect: { anonymous: 401, viewer: 403, manager: 403, owner: 201 } },
      { method: 'GET', path: '/api/staff/1/notice.html', expect: { anonymous: 401, viewer: 403, manager: 403, owner: 200 } },
      // A version that is not the one printed now: refused after the role check.
      { method: 'POST', path: '/api/staff/1/acknowledge', body: { version: '000000000000', signed: '2026-01-01' }, expect: { anonymous: 401, viewer: 403, manager: 403, owner: 409 } },
      { method: 'POST', path: '/api/staff/1/left', expect: { anonymous: 401, viewer: 403, manager: 403, owner: 200 } },
      { method: 'GET', path: '/api/dpia', expect: { anonymous: 401, viewer: 403, manager: 403, owner: 200 } },
      { method: 'PUT', path: '/api/dpia/answers/problem', body: { answer: 'matrix test' }, expect: { anonymous: 401, viewer: 403, manager: 403, owner: 200 } },
      // The other required questions are unanswered: saving is refused after the role check.
      { method: 'POST', path: '/api/dpia/versions', expect: { anonymous: 401, viewer: 403, manager: 403, owner: 409 } },
      { method: 'GET', path: '/api/dpia.html', expect: { anonymous: 401, viewer: 403, manager: 403, owner: 200 } },
      { method: 'GET', path: '/api/storage', expect: { anonymous: 401, viewer: 403, manager: 200, owner: 200 } },
      { method: 'GET', path: '/api/network', expect: { anonymous: 401, viewer: 403, manager: 200, owner: 200 } },
      // The ONVIF audit and its fixes change the camera: the owner's. Camera a was not added by ONVIF (409); the fix
      // without the owner's confirmation is refused before the camera is asked (400). test/integration/network-onvif-api.test.ts applies fixes.
      { method: 'POST', path: '/api/network/cameras/a/onvif-audit', expect: { anonymous: 401, viewer: 403, manager: 403, owner: 409 } },
      { method: 'POST', path: '/api/network/cameras/nope/onvif-audit', expect: { anonymous: 401, viewer: 403, manager: 403, owner: 404 } },
      { method: 'POST', path: '/api/network/cameras/a/onvif-fix', body: { fix: 'gateway' }, expect: { anonymous: 401, viewer: 403, manager: 403, owner: 400 } },
      { method: 'POST', path: '/api/network/cameras/a/onvif-fix', body: { fix: 'gateway', confirmed: true }, expect: { anonymous: 401, viewer: 403, manager: 403, owner: 409 } },
      { method: 'GET', path: '/api/time', expect: { anonymous: 401, viewer: 200, manager: 200, owner: 200 } },
      { method: 'GET', path: '/api/audit/verification', expect: { anonymous: 401, viewer: 403, manager: 403, owner: 200 } },
      { method: 'POST', path: '/api/audit/verify', expect: { anonymous: 401, viewer: 403, manager: 403, owner: 200 } },
      // Exports: cameras here never record, so owners and managers pass the checks and hear there is no footage (409);
      // test/integration/export-api.test.ts covers real exports, including another user's export of a camera the viewer may not export.
      {
        method: 'POST',
        path: '/api/exports',
        body: { cameras: ['a'], from: '2026-01-01T00:00:00Z', to: '2026-01-01T00:01:00Z', reason: 'matrix', requestedBy: 'matrix', legalBasis: 'matrix' },
        expect: { anonymous: 401, viewer: 403, manager: 409, owner: 409 },
      },
      { method: 'GET', path: '/api/exports', expect: { anonymous: 401, viewer: 200, manager: 200, owner: 200 } },
      { method: 'GET', path: '/api/exports/20260101T000000Z-000000', expect: { anonymous: 401, viewer: 404, manager: 404, owner: 404 } },
      { method: 'POST', path: '/api/exports/20260101T000000Z-000000/verify', expect: { anonymous: 401, viewer: 404, manager: 404, owner: 404 } },
      { method: 'GET', path: '/api/exports/20260101T000000Z-000000/events', expect: { anonymous: 401, viewer: 404, manager: 404, owner: 404 } },
      // Automatic redaction: owners and managers with the export right on the job's cameras. Request 1 is closed by now
      // and the cameras never record, so a start passes the role check and is refused (409); an unknown job is 404 after
      // the role check. test/integration/redaction-api.test.ts runs a real one.
      { method: 'GET', path: '/api/redactions', expect: { anonymous: 401, viewer: 403, manager: 200, owner: 200 } },
      { method: 'POST', path: '/api/redactions', body: { request: 1, legalBasis: 'matrix test' }, expect: { anonymous: 401, viewer: 403, manager: 409, owner: 409 } },
      { method: 'GET', path: '/api/redactions/r20260101T000000Z-000000', expect: { anonymous: 401, viewer: 403, manager: 404, owner: 404 } },
      { method: 'GET', path: '/api/redactions/r20260101T000000Z-000000/frames/0.jpg', expect: { anonymous: 401, viewer: 403, manager: 404, owner: 404 } },
      { method: 'POST', path: '/api/redactions/r20260101T000000Z-000000/pick', body: { camera: 'a', at: '2026-01-01T00:00:00Z', x: 1, y: 1 }, expect: { anonymous: 401, viewer: 403, manager: 404, owner: 404 } },
      { method: 'POST', path: '/api/redactions/r20260101T000000Z-000000/mark', body: { track: 1, role: 'requester' }, expect: { anonymous: 401, viewer: 403, manager: 404, owner: 404 } },
      { method: 'POST', path: '/api/redactions/r20260101T000000Z-000000/boxes', body: { camera: 'a', from: '2026-01-01T00:00:00Z', to: '2026-01-01T00:00:01Z', x: 1, y: 1, w: 9, h: 9 }, expect: { anonymous: 401, viewer: 403, manager: 404, owner: 404 } },
      { method: 'POST', path: '/api/redactions/r20260101T000000Z-000000/unbox', body: { track: 1 }, expect: { anonymous: 401, viewer: 403, manager: 404, owner: 404 } },
      { method: 'POST', path: '/api/redactions/r20260101T000000Z-000000/publish', body: {}, expect: { anonymous: 401, viewer: 403, manager: 404, owner: 404 } },
      { method: 'POST', path: '/api/redactions/r20260101T000000Z-000000/discard', body: { reason: 'matrix test' }, expect: { anonymous: 401, viewer: 403, manager: 404, owner: 404 } },
      { method: 'GET', path: '/api/nothing-here', expect: all(404) },
    ];
    // The login, logout and setup routes are exercised by the tests around this one.
    const elsewhere = new Set(['POST /api/login', 'POST /api/logout', 'POST /api/logout-all']);
    const covered = new Set(matrix.map((r) => routeOf(r.method, r.path)).filter((r) => r !== undefined));
    assert.deepEqual(API_ROUTES.filter((r) => !covered.has(r) && !elsewhere.has(r)), [], 'every route is in the matrix');
    const failures: string[] = [];
    for (const row of matrix) {
      for (const who of ['anonymous', 'viewer', 'manager', 'owner'] as const) {
        const reply: Reply = await clients[who].request(row.method, row.path, row.body);
        if (reply.status !== row.expect[who]) failures.push(`${row.method} ${row.path} as ${who}: ${reply.status}, expected ${row.expect[who]} (${JSON.stringify(reply.body).slice(0, 200)})`);
        await row.settle?.();
      }
    }
    assert.deepEqual(failures, []);

    // Before a mask is saved the editor shows its cost: camera c has no ONVIF profile and no footage, so 1080p15 is assumed.
    const cost = (await clients.owner.request('GET', '/api/masks/cost?camera=c')).body;
    assert.equal(cost['percentOfCore'], 37.1);
    assert.match(String(cost['message']), /^Masking this camera in Premises will use about 37 % of one core \(0 of \d+ cores in use by masking now\) — assuming 1080p/);

    const viewerCameras = (await clients.viewer.request('GET', '/api/cameras')).body['cameras'] as { id: string; rtspUrl?: string }[];
    assert.deepEqual(viewerCameras.map((c) => c.id), ['a'], 'a viewer sees only their cameras');
    assert.equal(viewerCameras[0]?.rtspUrl, undefined, 'and no camera addresses');
    const viewerAlarms = (await clients.viewer.request('GET', '/api/alarms')).body['alarms'] as { subject: string }[];
    assert.ok(viewerAlarms.every((x) => x.subject !== 'b'), 'no alarms about camera b for a viewer of a');

    const audit = readIndex<{ actor: string; action: string; subject: string }>(dataDir, 'SELECT actor, action, subject FROM audit_log ORDER BY seq');
    const has = (actor: string, action: string, subject: string) => audit.some((e) => e.actor === actor && e.action === action && e.subject === subject);
    assert.ok(has('user:viewer', 'privacy.pause', 'camera:a'));
    assert.ok(has('user:manager', 'privacy.resume', 'camera:a'));
    assert.ok(has('user:manager', 'alarm.acknowledged', 'camera-down:b'));
    assert.ok(has('user:owner', 'user.created', 'user:extra'));
    assert.ok(has('user:owner', 'camera.scope-changed', 'camera:c'));
    assert.ok(has('user:owner', 'user.disabled', 'user:extra'));
    assert.ok(has('user:manager', 'discovery.started', 'network'));
    assert.ok(has('user:manager', 'auth.login', 'user:manager'));
    assert.ok(has('user:owner', 'transfer-policy.created', 'transfer-policy:matrix-dl'));
    assert.ok(has('user:owner', 'transfer-policy.revoked', 'transfer-policy:matrix-dl'));
    assert.ok(audit.some((e) => e.actor === 'user:manager' && e.action === 'transfer.refused'), 'a refused transfer is audited');
    assert.ok(has('user:manager', 'hold.added', 'hold:1'));
    assert.ok(has('user:manager', 'hold.released', 'hold:1'));
    assert.ok(has('user:owner', 'hold.added', 'hold:2'));
    assert.ok(has('user:manager', 'case.opened', 'case:1'));
    assert.ok(has('user:owner', 'case.range-added', 'case:1'));
    assert.ok(has('user:manager', 'case.closed', 'case:1'));
    assert.ok(has('user:manager', 'access_request.received', 'access_request:1'));
    assert.ok(has('user:manager', 'access_request.extended', 'access_request:1'));
    assert.ok(has('user:manager', 'access_request.closed', 'access_request:1'));
    assert.ok(has('user:owner', 'audit.verified', 'audit'));
    assert.ok(has('user:owner', 'staff.added', 'staff:1'));
    assert.ok(has('user:owner', 'dpia.answered', 'dpia:problem'));
    const viewerTime = (await clients.viewer.request('GET', '/api/time')).body['cameras'] as { camera: string }[];
    assert.deepEqual(viewerTime.map((c) => c.camera), ['a'], 'a viewer sees the clocks of their cameras only');
  });

  it("shows a config camera's scope to a viewer without the server's configuration path", async () => {
    const seen = await clients.viewer.request('GET', '/api/cameras/a/scope');
    assert.equal(seen.status, 200);
    assert.equal(seen.body['origin'], 'config');
    assert.ok(!JSON.stringify(seen.body).includes(configPath), `a viewer must not learn the configuration path: ${JSON.stringify(seen.body)}`);
    const owner = await clients.owner.request('GET', '/api/cameras/a/scope');
    assert.equal(owner.body['where'], configPath, 'the owner, who edits that file, is told where it is');
  });

  it("gives a viewer with playback on camera a a viewing session there, and refuses camera b's segment by id", async () => {
    // Neither camera records here: real files and rows are put in the index the way the recorder leaves them.
    const layout = new DataLayout(dataDir);
    const db = openDb(layout.indexPath);
    const start = Date.now() - 10 * 60_000;
    let idsA: number[];
    let idsB: number[];
    try {
      idsA = addSegments(db, layout, 'a', { startMs: start, count: 2, durationMs: 2000, bytes: 3000 });
      idsB = addSegments(db, layout, 'b', { startMs: start, count: 2, durationMs: 2000, bytes: 3000 });
    } finally {
      db.close();
    }
    assert.equal((await clients.owner.request('POST', '/api/users', { username: 'reviewer', password: 'reviewer passphrase 5', role: 'viewer', cameras: { a: { playback: true } } })).status, 201);
    const reviewer = new DashboardClient(origin);
    assert.equal((await reviewer.login('reviewer', 'reviewer passphrase 5')).status, 200);
    assert.equal((await reviewer.request('POST', '/api/cameras/b/playback', PLAYBACK_BODY)).status, 403, 'no session on camera b');
    const started = await reviewer.request('POST', '/api/cameras/a/playback', { ...PLAYBACK_BODY, reason: 'complaint' });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    const session = started.body['sessionId'] as string;
    const listed = await reviewer.request('GET', `/api/cameras/a/segments?${WINDOW}`);
    assert.deepEqual((listed.body['segments'] as { id: number }[]).map((x) => x.id), idsA);
    assert.equal((await reviewer.request('GET', `/api/cameras/b/segments?${WINDOW}`)).status, 403);
    const own = await fetch(`${origin}/api/segments/${idsA[0]}?session=${session}`, { headers: { cookie: `premises_session=${reviewer.cookies.get('premises_session')}` } });
    assert.equal(own.status, 200);
    assert.equal((await own.arrayBuffer()).byteLength, 3000);
    for (const id of idsB) {
      const other = await reviewer.request('GET', `/api/segments/${id}?session=${session}`);
      assert.equal(other.status, 403, `camera b's segment ${id} through a session on camera a`);
    }
    // Another user's session id is worth nothing, even to a manager.
    assert.equal((await clients.manager.request('GET', `/api/segments/${idsA[0]}?session=${session}`)).status, 403);
    assert.equal((await clients.manager.request('POST', `/api/playback/${session}/end`)).status, 404);
    assert.equal((await reviewer.request('POST', `/api/playback/${session}/end`)).status, 200);
    assert.equal((await reviewer.request('GET', `/api/segments/${idsA[0]}?session=${session}`)).status, 403, 'an ended session serves nothing');
    const audit = readIndex<{ action: string; details: string }>(dataDir, "SELECT action, details FROM audit_log WHERE actor = 'user:reviewer' AND action LIKE 'playback.%' ORDER BY seq");
    assert.deepEqual(audit.map((e) => e.action), ['playback.started', 'playback.ended']);
    assert.match(audit[0]?.details ?? '', /"reason":"complaint"/);
  });

  it('checks the live WebSocket like a request: session, origin, the live right on the camera', async () => {
    const cookie = (who: Who) => [...clients[who].cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const upgrade = async (who: Who, camera: string, origin?: string | null) => {
      const r = await openLive(originOf(), camera, who === 'anonymous' ? undefined : cookie(who), origin === undefined ? {} : { origin });
      if ('status' in r) return r.status;
      r.capture.close();
      await r.capture.closed;
      return 101;
    };
    const failures: string[] = [];
    const expect: [Who, string, number][] = [
      ['anonymous', 'a', 401],
      ['viewer', 'a', 101],
      ['viewer', 'b', 403],
      ['manager', 'b', 101],
      ['owner', 'a', 101],
      ['owner', 'nope', 404],
    ];
    for (const [who, camera, status] of expect) {
      const got = await upgrade(who, camera);
      if (got !== status) failures.push(`live ${camera} as ${who}: ${got}, expected ${status}`);
    }
    assert.deepEqual(failures, []);
    assert.equal(await upgrade('owner', 'a', 'http://evil.example'), 403, 'a cross-origin page cannot open the socket');
    assert.equal(await upgrade('owner', 'a', null), 403, 'nor a client that names no origin');
  });

  it('refuses cross-site and token-less state changes, and unknown Host names', async () => {
    const owner = clients.owner;
    const pause = (options: Parameters<DashboardClient['request']>[3]) => owner.request('POST', '/api/cameras/b/pause', { reason: 'csrf test' }, options);
    assert.equal((await pause({ csrf: null })).status, 403, 'no token');
    assert.equal((await pause({ csrf: 'A'.repeat(43) })).status, 403, 'wrong token');
    assert.equal((await pause({ origin: 'http://evil.example' })).status, 403, 'another origin');
    assert.equal((await pause({ origin: null, secFetchSite: 'cross-site' })).status, 403, 'cross-site fetch');
    assert.equal((await pause({ origin: null })).status, 403, 'no Origin and no Sec-Fetch-Site');
    const anon = new DashboardClient(origin);
    await anon.session();
    assert.equal((await anon.request('POST', '/api/login', { username: 'owner', password: OWNER_PW }, { csrf: null })).status, 403, 'login needs the pre-login token too');
    assert.equal((await anon.request('POST', '/api/logout')).status, 401, 'logout needs a session');
    assert.equal((await anon.request('POST', '/api/logout-all')).status, 401);
    // fetch cannot forge Host; node:http can, as a rebinding page's browser would send it.
    const cookie = [...owner.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const rebound = await new Promise<number>((resolve, reject) => {
      const req = httpGet(`${origin}/api/cameras`, { headers: { host: 'evil.example', cookie } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
    });
    assert.equal(rebound, 421, 'a DNS-rebinding Host is refused');
    const paused = readIndex<{ n: number }>(dataDir, "SELECT COUNT(*) AS n FROM privacy_pauses WHERE reason = 'csrf test'")[0]?.n;
    assert.equal(paused, 0);
  });

  it('serves only the built web app as files: no traversal, no dotfiles; refuses bad JSON', async () => {
    const index = await fetch(`${origin}/`);
    assert.equal(index.status, 200);
    assert.match(await index.text(), /<script type="module"[^>]*src="\/assets\/index-[\w-]+\.js"/);
    for (const path of ['/assets/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/package.json', '/..%5c..%5cpackage.json', '/assets/%00', '/.vite/manifest.json', '//etc/passwd']) {
      const r = await fetch(`${origin}${path}`);
      const text = await r.text();
      assert.ok(r.status >= 400 && r.status < 500, `${path}: ${r.status}`);
      assert.doesNotMatch(text, /"name": "premises"|root:x:0/, `${path} leaks no file`);
    }
    const owner = clients.owner;
    const bad = await fetch(`${origin}/api/cameras/a/pause`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin, 'x-csrf-token': owner.csrfToken, cookie: [...owner.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      body: '{"reason": ',
    });
    assert.equal(bad.status, 400);
  });

  it('gives a new session at each login, ends sessions at logout, and everywhere on request', async () => {
    const one = new DashboardClient(origin);
    const two = new DashboardClient(origin);
    await one.login('manager', MANAGER_PW);
    const first = one.cookies.get('premises_session');
    await one.request('POST', '/api/login', { username: 'manager', password: MANAGER_PW });
    assert.notEqual(one.cookies.get('premises_session'), first, 'a new token at login');
    const stale = new DashboardClient(origin);
    stale.cookies.set('premises_session', first as string);
    assert.equal((await stale.request('GET', '/api/cameras')).status, 401, 'the replaced token is dead');

    await two.login('manager', MANAGER_PW);
    assert.equal((await two.request('GET', '/api/cameras')).status, 200);
    const out = await one.request('POST', '/api/logout-all');
    assert.equal(out.status, 200);
    assert.ok((out.body['sessions'] as number) >= 2);
    assert.equal((await two.request('GET', '/api/cameras')).status, 401, 'logged out everywhere');
    assert.equal((await clients.manager.request('GET', '/api/cameras')).status, 401);

    await two.login('manager', MANAGER_PW);
    assert.equal((await two.request('POST', '/api/logout')).status, 200);
    assert.equal((await two.request('GET', '/api/cameras')).status, 401);
    const actions = readIndex<{ action: string }>(dataDir, "SELECT action FROM audit_log WHERE actor = 'user:manager' AND action LIKE 'auth.%'").map((r) => r.action);
    assert.ok(actions.includes('auth.logout') && actions.includes('auth.logout-everywhere'));
  });

  it('changes a password (others logged out) and keeps a disabled account out', async () => {
    const here = new DashboardClient(origin);
    const elsewhere = new DashboardClient(origin);
    await here.login('viewer', VIEWER_PW);
    await elsewhere.login('viewer', VIEWER_PW);
    const changed = await here.request('POST', '/api/password', { current: VIEWER_PW, password: 'viewer passphrase NEW' });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal(changed.body['otherSessionsEnded'], 1 + 1, 'the other browser and the matrix session end');
    assert.equal((await here.request('GET', '/api/cameras')).status, 200, 'this session goes on');
    assert.equal((await elsewhere.request('GET', '/api/cameras')).status, 401);
    assert.equal((await elsewhere.login('viewer', 'viewer passphrase NEW')).status, 200);
    const disabled = new DashboardClient(origin);
    assert.equal((await disabled.login('extra', 'extra passphrase 4')).status, 401, 'a disabled account cannot log in');
    assert.equal((await clients.owner.request('POST', '/api/users/owner/disable')).status, 409, 'the owner cannot disable themself');
    const audit = readIndex<{ actor: string; action: string }>(dataDir, "SELECT actor, action FROM audit_log WHERE action = 'user.password-changed'");
    assert.deepEqual(audit, [{ actor: 'user:viewer', action: 'user.password-changed' }]);
  });

  it('slows a password guesser down (429 with Retry-After) without a permanent lock', async () => {
    const guesser = new DashboardClient(origin);
    await guesser.session();
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 7; i++) {
      const r = await guesser.request('POST', '/api/login', { username: 'manager', password: `wrong guess number ${i}` });
      statuses.push(r.status);
      if (r.status === 429) retryAfter = r.headers.get('retry-after');
    }
    // Earlier tests left a failed login or two from this address: at most five are checked, then tries are held back.
    const checked = statuses.indexOf(429);
    assert.ok(checked >= 1 && checked <= 5, `statuses ${statuses.join(',')}`);
    assert.ok(statuses.slice(0, checked).every((s) => s === 401) && statuses.slice(checked).every((s) => s === 429), statuses.join(','));
    assert.ok(retryAfter !== null && Number(retryAfter) >= 1 && Number(retryAfter) <= 60, `Retry-After ${retryAfter}`);
    // The wait is bounded (1 s after five failures): the right password works once it has passed.
    await sleepMs(Number(retryAfter) * 1000 + 200);
    assert.equal((await guesser.request('POST', '/api/login', { username: 'manager', password: MANAGER_PW })).status, 200);
    const failed = readIndex<{ n: number }>(dataDir, "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'auth.login-failed' AND subject = 'user:manager'")[0]?.n;
    assert.equal(failed, checked, 'each checked failure is audited; held-back tries are not checked');
  });
});
