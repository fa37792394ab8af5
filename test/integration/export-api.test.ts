import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ExportProgress } from '../../src/disclosure/export/progress.js';
import { DashboardClient } from '../support/dashboard-client.js';
import { mediaErrors } from '../support/footage.js';
import { PremisesProcess, readIndex, sleepMs, tempDir, writeConfig } from '../support/premises.js';
import { RtspServer } from '../support/rtsp.js';

/**
 * The exports API against a real `premises start` recording two cameras from
 * GStreamer's RTSP server: create through the dashboard API, follow the
 * Server-Sent Events to the end, list, verify, and the refusals.
 */
const OWNER_PW = 'owner passphrase 1';
const CLERK_PW = 'clerk passphrase 2';
const OFFICER_PW = 'officer passphrase 3';
const WHY = { reason: 'till theft 26 Nov', requestedBy: 'Cst. Example, VPD file 26-123', legalBasis: 'PIPA s.18(1)(j)' };

interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

function parseSse(text: string): SseEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.includes('data: '))
    .map((block) => {
      const event = /^event: (.+)$/m.exec(block)?.[1] ?? 'message';
      const data = JSON.parse(/^data: (.+)$/m.exec(block)?.[1] ?? '{}') as Record<string, unknown>;
      return { event, data };
    });
}

describe('exports through the dashboard API (real recorder, real ffmpeg)', () => {
  const dir = tempDir('premises-export-api-');
  let rtsp: RtspServer;
  let premises: PremisesProcess;
  let origin = '';
  let dataDir = '';
  const owner = () => clients.owner;
  const clients = {} as Record<'owner' | 'clerk' | 'officer', DashboardClient>;
  let exportId = '';

  before(async () => {
    rtsp = await RtspServer.start({ door: 'live:640x360@15', till: 'live:640x360@15' });
    const config = await writeConfig(dir.path, [
      { id: 'door', rtsp: rtsp.url('door') },
      { id: 'till', rtsp: rtsp.url('till') },
    ]);
    origin = `http://127.0.0.1:${config.port}`;
    dataDir = join(dir.path, 'data');
    premises = await PremisesProcess.startRecording(config.path, config.port);
    for (const who of ['owner', 'clerk', 'officer'] as const) clients[who] = new DashboardClient(origin);
    const token = /token=([A-Za-z0-9_-]+)/.exec(readFileSync(join(dataDir, 'setup-link.txt'), 'utf8'))?.[1] as string;
    await owner().session();
    const setup = await owner().request('POST', '/api/setup', { token, username: 'owner', password: OWNER_PW, businessConfirmed: true });
    assert.equal(setup.status, 201, JSON.stringify(setup.body));
    // clerk may watch and play back the door, not export it; officer may export the door only.
    const clerk = await owner().request('POST', '/api/users', { username: 'clerk', password: CLERK_PW, role: 'viewer', cameras: { door: { live: true, playback: true } } });
    assert.equal(clerk.status, 201, JSON.stringify(clerk.body));
    const officer = await owner().request('POST', '/api/users', { username: 'officer', password: OFFICER_PW, role: 'viewer', cameras: { door: { export: true } } });
    assert.equal(officer.status, 201, JSON.stringify(officer.body));
    assert.equal((await clients.clerk.login('clerk', CLERK_PW)).status, 200);
    assert.equal((await clients.officer.login('officer', OFFICER_PW)).status, 200);
    // A few segments of each camera (2 s each).
    await sleepMs(6_000);
  });

  after(async () => {
    await premises?.stop();
    await rtsp?.stop();
    dir.remove();
  });

  const range = () => {
    const rows = readIndex<{ s: number; e: number }>(dataDir, "SELECT MIN(start_ms) AS s, MAX(end_ms) AS e FROM segments WHERE camera_id = 'door'");
    const { s, e } = rows[0]!;
    assert.ok(e - s >= 4_000, `recorded ${e - s} ms of door`);
    return { from: new Date(s + 500).toISOString(), to: new Date(e - 200).toISOString() };
  };

  it('creates an export (202), streams progress ending in done, lists it, verifies it, and audits the dashboard user', async () => {
    const created = await owner().request('POST', '/api/exports', { cameras: ['door', 'till'], ...range(), ...WHY });
    assert.equal(created.status, 202, JSON.stringify(created.body));
    exportId = created.body['id'] as string;
    assert.match(exportId, /^\d{8}T\d{6}Z-[0-9a-f]{6}$/);

    // The stream ends after the final event.
    const events = await owner().request('GET', `/api/exports/${exportId}/events`);
    assert.equal(events.status, 200);
    assert.match(events.headers.get('content-type') ?? '', /^text\/event-stream/);
    const stream = parseSse(events.body['text'] as string);
    assert.equal(stream[0]?.event, 'state');
    const last = stream.at(-1)!;
    assert.equal(last.event, 'done', JSON.stringify(stream.slice(-3)));
    assert.equal(last.data['id'], exportId);
    assert.equal(last.data['files'], 2);
    const progress = stream.filter((e) => e.event === 'progress').map((e) => e.data as unknown as ExportProgress);
    assert.ok(progress.length >= 1, 'at least one progress event');
    for (const p of progress) {
      assert.ok(['hashing-sources', 'copying', 'signing'].includes(p.phase), p.phase);
      assert.ok(p.percent >= 0 && p.percent <= 100);
      assert.ok(p.hashed.totalSegments >= 4 && p.copied.files === 2, JSON.stringify(p));
    }
    const percents = progress.map((p) => p.percent);
    assert.deepEqual(percents, [...percents].sort((a, b) => a - b), 'progress never goes back');

    const list = await owner().request('GET', '/api/exports');
    assert.equal(list.status, 200);
    const row = (list.body['exports'] as Record<string, unknown>[]).find((e) => e['id'] === exportId);
    assert.ok(row, 'the list shows the export');
    assert.equal(row['state'], 'ready');
    assert.deepEqual(row['cameras'], ['door', 'till']);
    assert.equal(row['reason'], WHY.reason);
    assert.equal(row['requestedBy'], WHY.requestedBy);
    assert.equal(row['createdBy'], 'user:owner');
    assert.ok(Date.parse(row['expiresAt'] as string) - Date.parse(row['createdAt'] as string) === 30 * 24 * 3600 * 1000);

    const one = await owner().request('GET', `/api/exports/${exportId}`);
    assert.equal(one.status, 200, JSON.stringify(one.body));
    const verification = (one.body['export'] as { verification: { ok: boolean; filesChecked: number } }).verification;
    assert.equal(verification.ok, true, JSON.stringify(verification));
    assert.equal(verification.filesChecked, 2);
    const manifest = one.body['manifest'] as { files: { name: string; camera: string }[]; legalBasis: string };
    assert.deepEqual(manifest.files.map((f) => f.camera), ['door', 'till']);
    assert.equal(manifest.legalBasis, WHY.legalBasis);
    for (const f of manifest.files) assert.equal(mediaErrors(join(dataDir, 'exports', exportId, f.name)), '', f.name);

    const audit = readIndex<{ actor: string; subject: string; details: string }>(dataDir, "SELECT actor, subject, details FROM audit_log WHERE action = 'export.created'");
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.actor, 'user:owner');
    assert.equal(audit[0]!.subject, `export:${exportId}`);
    assert.match(audit[0]!.details, /till theft 26 Nov/);

    // Verify again on demand: a changed byte in a file shows as a failed check.
    const file = join(dataDir, 'exports', exportId, manifest.files[0]!.name);
    const data = readFileSync(file);
    data[data.length - 100] = data[data.length - 100]! ^ 0xff;
    writeFileSync(file, data);
    const again = await owner().request('POST', `/api/exports/${exportId}/verify`);
    assert.equal(again.status, 200);
    const v2 = again.body['verification'] as { ok: boolean; problems: { kind: string }[] };
    assert.equal(v2.ok, false);
    assert.deepEqual(v2.problems.map((p) => p.kind), ['hash-mismatch']);
  });

  it('refuses a viewer without the export right, and a request without reason, requester or legal basis (400, fields named)', async () => {
    const clerk = clients.clerk;
    const denied = await clerk.request('POST', '/api/exports', { cameras: ['door'], ...range(), ...WHY });
    assert.equal(denied.status, 403, JSON.stringify(denied.body));
    assert.equal((await clerk.request('GET', `/api/exports/${exportId}`)).status, 403);
    assert.equal((await clerk.request('GET', `/api/exports/${exportId}/events`)).status, 403);
    assert.equal((await clerk.request('POST', `/api/exports/${exportId}/verify`)).status, 403);
    assert.deepEqual((await clerk.request('GET', '/api/exports')).body['exports'], [], 'no exports listed for a viewer who may not export');

    // The officer may export the door, but not an export that includes the till.
    const officer = clients.officer;
    assert.equal((await officer.request('GET', `/api/exports/${exportId}`)).status, 403);
    assert.equal((await officer.request('POST', '/api/exports', { cameras: ['door', 'till'], ...range(), ...WHY })).status, 403);

    const { reason: _r, ...noReason } = WHY;
    const missing = await officer.request('POST', '/api/exports', { cameras: ['door'], ...range(), ...noReason });
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.body['fields'], ['reason']);
    assert.match(missing.body['error'] as string, /missing reason/);
    const blank = await officer.request('POST', '/api/exports', { cameras: ['door'], ...range(), reason: '  ', requestedBy: '', legalBasis: 'x' });
    assert.equal(blank.status, 400);
    assert.deepEqual(blank.body['fields'], ['reason', 'requestedBy']);
    const badTime = await officer.request('POST', '/api/exports', { cameras: ['door'], from: 'yesterday', to: range().to, ...WHY });
    assert.equal(badTime.status, 400);
    assert.deepEqual(badTime.body['fields'], ['from']);

    const exports = readIndex<{ n: number }>(dataDir, 'SELECT COUNT(*) AS n FROM exports')[0]?.n;
    assert.equal(exports, 1, 'nothing exported by the refused requests');

    // With the right and every field, the officer's door export works and is theirs in the audit log.
    const ok = await officer.request('POST', '/api/exports', { cameras: ['door'], ...range(), ...WHY });
    assert.equal(ok.status, 202, JSON.stringify(ok.body));
    const end = parseSse((await officer.request('GET', `/api/exports/${ok.body['id'] as string}/events`)).body['text'] as string).at(-1);
    assert.equal(end?.event, 'done', JSON.stringify(end));
    const mine = (await officer.request('GET', '/api/exports')).body['exports'] as { id: string; createdBy: string }[];
    assert.deepEqual(mine.map((e) => [e.id, e.createdBy]), [[ok.body['id'], 'user:officer']], 'the officer sees only door exports');
    const actors = readIndex<{ actor: string }>(dataDir, "SELECT actor FROM audit_log WHERE action = 'export.created' ORDER BY seq").map((r) => r.actor);
    assert.deepEqual(actors, ['user:owner', 'user:officer']);
  });

  it('reports a failed export as a failed event with a plain reason', async () => {
    // A source segment changed on disk: the export is refused while it runs, and the stream says why.
    const seg = readIndex<{ path: string }>(dataDir, "SELECT path FROM segments WHERE camera_id = 'till' ORDER BY start_ms LIMIT 1 OFFSET 1")[0]!;
    const file = join(dataDir, 'recordings', seg.path);
    const data = readFileSync(file);
    data[2000] = data[2000]! ^ 0xff;
    writeFileSync(file, data);
    const created = await owner().request('POST', '/api/exports', { cameras: ['till'], ...range(), ...WHY });
    assert.equal(created.status, 202, JSON.stringify(created.body));
    const end = parseSse((await owner().request('GET', `/api/exports/${created.body['id'] as string}/events`)).body['text'] as string).at(-1);
    assert.equal(end?.event, 'failed', JSON.stringify(end));
    assert.match(end.data['error'] as string, /export refused: 1 source segment\(s\) changed since they were recorded/);
    const row = ((await owner().request('GET', '/api/exports')).body['exports'] as { id: string; state: string; error: string }[]).find((e) => e.id === created.body['id']);
    assert.equal(row?.state, 'failed');
    const refused = readIndex<{ actor: string }>(dataDir, "SELECT actor FROM audit_log WHERE action = 'export.refused'");
    assert.deepEqual(refused, [{ actor: 'user:owner' }]);
  });
});
