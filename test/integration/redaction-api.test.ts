import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDb } from '../../src/db/open.js';
import type { ExportManifest } from '../../src/disclosure/export/manifest.js';
import { claimRecordings } from '../../src/segments/ownership.js';
import { DataLayout } from '../../src/shared/data-layout.js';
import { DashboardClient } from '../support/dashboard-client.js';
import { FACE_SIDE, faceAt, FACES, faceSceneSource } from '../support/face-clip.js';
import { addRecordedRun, FPS } from '../support/footage.js';
import { PremisesProcess, readIndex, runCli, sleepMs, tempDir, writeConfig } from '../support/premises.js';
import { freePort } from '../support/rtsp.js';

/**
 * Automatic redaction from the dashboard, through HTTP against a real
 * `premises start`: the same recorded scene with three real faces as
 * test/integration/redaction.test.ts, an access request, the analysis
 * started by the owner, the requester picked by a click point on a review
 * frame, a box added and removed, published; the manifest names the
 * dashboard user as the reviewer. A viewer, even one with the export right,
 * is refused: access requests are the owners' and managers'.
 */
const T0 = Math.floor((Date.now() - 3_600_000) / 1000) * 1000;
const SECONDS = 4;
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const OWNER_PW = 'owner passphrase 1';
const VIEWER_PW = 'viewer passphrase 3';

interface Frame {
  index: number;
  camera: string;
  at: string;
  width: number;
  height: number;
  image: string;
  boxes: { track: number; role: string; kind: 'face' | 'person'; box: { x: number; y: number; w: number; h: number } }[];
}

void describe('automatic redaction from the dashboard (HTTP, real detector)', () => {
  const dir = tempDir('premises-redact-api-');
  let premises: PremisesProcess;
  let dataDir = '';
  const owner = () => clients.owner;
  const clients = {} as Record<'owner' | 'viewer', DashboardClient>;
  let jobId = '';

  before(async () => {
    const config = await writeConfig(dir.path, [{ id: 'cam1', rtsp: `rtsp://127.0.0.1:${await freePort()}/cam1` }], { top: ['jurisdiction: CA-BC'] });
    dataDir = join(dir.path, 'data');
    const r = runCli([
      'request', 'add', '--requester', 'A. Person', '--identity', 'photo ID checked at the counter', '--received', new Date().toISOString().slice(0, 10),
      '--camera', 'cam1', '--from', at(0), '--to', at(SECONDS), '--description', 'customer asks for footage of herself', '--config', config.path,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const layout = new DataLayout(dataDir);
    mkdirSync(layout.recordingsRoot, { recursive: true });
    const db = openDb(layout.indexPath);
    // The recordings folder carries this index's marker, as the daemon would write it.
    claimRecordings(layout, db);
    addRecordedRun(db, layout, 'cam1', { startMs: T0, seconds: SECONDS, segmentSeconds: 2, source: faceSceneSource(FPS) });
    db.close();
    premises = PremisesProcess.start(config.path, config.port);
    await premises.waitFor((h) => h.cameras.length === 1, 20_000, 'the API');
    const origin = `http://127.0.0.1:${config.port}`;
    clients.owner = new DashboardClient(origin);
    clients.viewer = new DashboardClient(origin);
    const token = /token=([A-Za-z0-9_-]+)/.exec(readFileSync(join(dataDir, 'setup-link.txt'), 'utf8'))?.[1] as string;
    await owner().session();
    const setup = await owner().request('POST', '/api/setup', { token, username: 'owner', password: OWNER_PW, businessConfirmed: true });
    assert.equal(setup.status, 201, JSON.stringify(setup.body));
    const viewer = await owner().request('POST', '/api/users', { username: 'clerk', password: VIEWER_PW, role: 'viewer', cameras: { cam1: { live: true, playback: true, export: true } } });
    assert.equal(viewer.status, 201, JSON.stringify(viewer.body));
    assert.equal((await clients.viewer.login('clerk', VIEWER_PW)).status, 200);
  });

  after(async () => {
    await premises?.stop();
    dir.remove();
  });

  void it('refuses a viewer, even one who may export the camera', async () => {
    assert.equal((await clients.viewer.request('POST', '/api/redactions', { request: 1, legalBasis: 'PIPA s.23' })).status, 403);
    assert.equal((await clients.viewer.request('GET', '/api/redactions')).status, 403);
  });

  void it('starts the analysis for an access request and reaches review with a strip of framed faces', async () => {
    const bad = await owner().request('POST', '/api/redactions', { request: 'one', legalBasis: 'PIPA s.23' });
    assert.equal(bad.status, 400);
    assert.match(String(bad.body['error']), /request/);
    const started = await owner().request('POST', '/api/redactions', { request: 1, legalBasis: 'PIPA s.23' });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    const job = started.body['redaction'] as { id: string; state: string; cameras: string[]; request: number };
    assert.equal(job.state, 'analysing');
    assert.deepEqual(job.cameras, ['cam1'], 'cameras and times come from the access request');
    jobId = job.id;
    // A guard against a hung analysis, not a speed limit: faces and persons on 6 s take ~15 s of CPU, minutes on a loaded machine.
    const deadline = Date.now() + 240_000;
    for (;;) {
      const r = await owner().request('GET', `/api/redactions/${jobId}`);
      const state = (r.body['redaction'] as { state: string }).state;
      if (state === 'review') break;
      assert.equal(state, 'analysing', JSON.stringify(r.body));
      assert.ok(Date.now() < deadline, 'the analysis ended within four minutes');
      await sleepMs(500);
    }
    const listed = await owner().request('GET', '/api/redactions');
    assert.deepEqual((listed.body['redactions'] as { id: string }[]).map((j) => j.id), [jobId]);
  });

  void it('serves review frames as uncacheable JPEGs and picks the requester by a point', async () => {
    const shown = await owner().request('GET', `/api/redactions/${jobId}`);
    const frames = shown.body['frames'] as Frame[];
    assert.ok(frames.length >= SECONDS, `a review frame per second (${frames.length})`);
    assert.equal(frames[0]!.width, 1280);
    const img = await fetch(`${owner().origin}${frames[0]!.image}`, { headers: { cookie: [...owner().cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    assert.equal(img.status, 200);
    assert.equal(img.headers.get('content-type'), 'image/jpeg');
    assert.equal(img.headers.get('cache-control'), 'no-store');
    const bytes = Buffer.from(await img.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 2)], [0xff, 0xd8], 'a JPEG');
    assert.equal((await owner().request('GET', `/api/redactions/${jobId}/frames/9999.jpg`)).status, 404);
    assert.equal((await owner().request('GET', `/api/redactions/${jobId}/frames/..%2Freview.json`)).status, 404);

    const frame = frames.find((f) => Date.parse(f.at) >= T0 + 1000)!;
    const sq = faceAt(FACES[0]!, (Date.parse(frame.at) - T0) / 1000);
    const miss = await owner().request('POST', `/api/redactions/${jobId}/pick`, { camera: 'cam1', at: frame.at, x: 640, y: 700 });
    assert.equal(miss.status, 404);
    assert.match(String(miss.body['error']), /no face or person was found at \(640, 700\)/);
    const pick = await owner().request('POST', `/api/redactions/${jobId}/pick`, { camera: 'cam1', at: frame.at, x: sq.x + FACE_SIDE / 2, y: sq.y + FACE_SIDE / 2 });
    assert.equal(pick.status, 200, JSON.stringify(pick.body));
    const requester = pick.body['track'] as number;

    const added = await owner().request('POST', `/api/redactions/${jobId}/boxes`, { camera: 'cam1', from: at(2), to: at(3), x: 600, y: 600, w: 40, h: 40 });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.equal((await owner().request('POST', `/api/redactions/${jobId}/unbox`, { track: added.body['track'] })).status, 200);
    assert.equal((await owner().request('POST', `/api/redactions/${jobId}/mark`, { track: requester, role: 'sideways' })).status, 400);

    const shownAfter = await owner().request('GET', `/api/redactions/${jobId}`);
    const after = shownAfter.body['frames'] as Frame[];
    const roles = new Map(after.flatMap((f) => f.boxes.map((b) => [b.track, b.role] as const)));
    assert.equal(roles.get(requester), 'requester');
    // The picked face, and a person box around it if the person detector took the face square for a person.
    const kept = after.flatMap((f) => f.boxes.filter((b) => b.role === 'requester'));
    assert.deepEqual([...new Set(kept.filter((b) => b.track !== requester).map((b) => b.kind))].filter((k) => k !== 'person'), [], 'only a body follows the picked face');
    const requesterTracks = new Set(kept.map((b) => b.track)).size;
    const counted = (shownAfter.body['redaction'] as { summary: { requester: number } }).summary.requester;
    assert.ok(counted >= requesterTracks && requesterTracks >= 1, `the counts follow the review (${counted} requester tracks counted, ${requesterTracks} seen in the strip)`);
    assert.ok(!roles.has(added.body['track'] as number), 'the removed box is gone');
  });

  void it('publishes with the dashboard user as the reviewer, audited as that user', async () => {
    const published = await owner().request('POST', `/api/redactions/${jobId}/publish`, {});
    assert.equal(published.status, 200, JSON.stringify(published.body));
    const exportId = (published.body['export'] as { id: string }).id;
    assert.equal((published.body['redaction'] as { state: string; exportId: string }).state, 'published');
    const m = JSON.parse(readFileSync(join(new DataLayout(dataDir).exportsDir, exportId, 'manifest.json'), 'utf8')) as ExportManifest;
    assert.equal(m.automaticRedaction?.job, jobId);
    assert.equal(m.automaticRedaction?.reviewedBy, 'user:owner');
    assert.ok(m.automaticRedaction.tracks.requester >= 1);
    assert.match(m.automaticRedaction.detector.persons!.model, /CenterNet/);
    assert.ok(m.automaticRedaction.tracks.blurred >= 2, 'the two bystanders are blurred');
    assert.equal(m.accessRequest?.id, 1);
    const audit = readIndex<{ actor: string; action: string }>(dataDir, 'SELECT actor, action FROM audit_log WHERE subject = ? ORDER BY seq', `redaction:${jobId}`);
    assert.deepEqual(
      audit.map((a) => `${a.actor} ${a.action}`),
      ['user:owner redaction.started', 'user:owner redaction.analysed', 'user:owner redaction.reviewed', 'user:owner redaction.reviewed', 'user:owner redaction.reviewed', 'user:owner redaction.published'],
    );
    assert.equal((await owner().request('GET', `/api/redactions/${jobId}/frames/0.jpg`)).status, 409, 'no review frame after publishing');
    assert.equal((await owner().request('POST', `/api/redactions/${jobId}/discard`, { reason: 'too late' })).status, 409);
  });
});
