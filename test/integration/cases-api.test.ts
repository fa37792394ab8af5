import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CaseView } from '../../src/api/contracts/cases.js';
import { openDb } from '../../src/db/open.js';
import type { ExportManifest } from '../../src/disclosure/export/manifest.js';
import { verifyExport } from '../../src/disclosure/export/verify.js';
import { claimRecordings } from '../../src/segments/ownership.js';
import { DataLayout } from '../../src/shared/data-layout.js';
import { DashboardClient } from '../support/dashboard-client.js';
import { addRecordedRun } from '../support/footage.js';
import { PremisesProcess, readIndex, runCli, sleepMs, tempDir, writeConfig } from '../support/premises.js';
import { freePort } from '../support/rtsp.js';

/**
 * Incident cases through the dashboard API against a running Premises with
 * real footage: a case of three cameras is exported on the dashboard's export
 * queue (followed like any export, verified with the install's key), and a
 * case export that a stopped Premises left unfinished is started again from
 * its stored request at the next start, ranges and all.
 */
const T0 = Date.UTC(2026, 10, 27, 22, 0, 0);
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

void describe('incident cases through the dashboard', () => {
  const dir = tempDir('premises-cases-api-');
  let config: { path: string; port: number };
  let layout: DataLayout;
  let premises: PremisesProcess | undefined;
  let owner: DashboardClient;
  let fingerprint = '';
  let firstExport = '';

  const login = async () => {
    const client = new DashboardClient(`http://127.0.0.1:${config.port}`);
    await client.session();
    assert.equal((await client.login('owner', 'owner passphrase 1')).status, 200);
    return client;
  };
  const waitReady = async (client: DashboardClient, id: string) => {
    const deadline = Date.now() + 60_000;
    let body: Record<string, unknown> = {};
    while (Date.now() < deadline) {
      body = (await client.request('GET', `/api/exports/${id}`)).body;
      const state = (body['export'] as { state: string } | undefined)?.state;
      if (state === 'ready' || state === 'failed') break;
      await sleepMs(200);
    }
    return body as { export: { state: string; error: string | null; verification: { ok: boolean } | null }; manifest: { files: unknown[] } | null };
  };

  before(async () => {
    const deadPort = await freePort();
    config = await writeConfig(dir.path, ['door', 'till', 'yard'].map((id) => ({ id, rtsp: `rtsp://127.0.0.1:${deadPort}/${id}` })));
    layout = new DataLayout(join(dir.path, 'data'));
    mkdirSync(layout.recordingsRoot, { recursive: true });
    const db = openDb(layout.indexPath);
    claimRecordings(layout, db);
    for (const camera of ['door', 'till', 'yard']) addRecordedRun(db, layout, camera, { startMs: T0, seconds: 12 });
    db.close();
    fingerprint = runCli(['keys', 'fingerprint', '--config', config.path]).stdout.trim().split('\n').at(-1)!;
    premises = PremisesProcess.start(config.path, config.port);
    await premises.waitFor((h) => h.cameras.length === 3, 20_000, 'the API');
    const token = /token=([A-Za-z0-9_-]+)/.exec(readFileSync(join(layout.dataDir, 'setup-link.txt'), 'utf8'))?.[1] as string;
    owner = new DashboardClient(`http://127.0.0.1:${config.port}`);
    await owner.session();
    assert.equal((await owner.request('POST', '/api/setup', { token, username: 'owner', password: 'owner passphrase 1', businessConfirmed: true })).status, 201);
  });

  after(async () => {
    await premises?.stop();
    dir.remove();
  });

  void it('opens a case, adds ranges of three cameras and exports it as one package on the export queue', async () => {
    const opened = await owner.request('POST', '/api/cases', { name: 'Friday break-in', reason: 'till emptied after closing; police file 26-881' });
    assert.equal(opened.status, 201, JSON.stringify(opened.body));
    const id = (opened.body['case'] as CaseView).id;
    assert.equal((await owner.request('POST', `/api/cases/${id}/ranges`, { cameras: ['door', 'yard'], from: at(1), to: at(5) })).status, 201);
    const added = await owner.request('POST', `/api/cases/${id}/ranges`, { cameras: ['till'], from: at(6), to: at(10) });
    assert.equal(added.status, 201);
    assert.deepEqual((added.body['case'] as CaseView).ranges.map((r) => r.camera), ['door', 'yard', 'till']);

    const blank = await owner.request('POST', `/api/cases/${id}/export`, { recipient: '', legalBasis: 'PIPA s.18(1)(j)' });
    assert.equal(blank.status, 400);
    assert.deepEqual(blank.body['fields'], ['requestedBy']);
    assert.match(String(blank.body['error']), /missing recipient/);

    const started = await owner.request('POST', `/api/cases/${id}/export`, { recipient: 'Cst. Example, City Police', legalBasis: 'PIPA s.18(1)(j)' });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    firstExport = started.body['id'] as string;
    const done = await waitReady(owner, firstExport);
    assert.equal(done.export.state, 'ready', done.export.error ?? '');
    assert.equal(done.export.verification?.ok, true, 'checked against the install key like any export');
    assert.equal(done.manifest?.files.length, 3);
    const manifest = JSON.parse(readFileSync(join(layout.exportsDir, firstExport, 'manifest.json'), 'utf8')) as ExportManifest;
    assert.equal(manifest.case?.id, id);
    assert.deepEqual(manifest.cameras, ['door', 'yard', 'till']);
    assert.deepEqual((await verifyExport(join(layout.exportsDir, firstExport), { fingerprint })).problems, []);
    const view = (await owner.request('GET', `/api/cases/${id}`)).body['case'] as CaseView;
    assert.deepEqual(view.exports.map((e) => [e.id, e.recipient]), [[firstExport, 'Cst. Example, City Police']]);
  });

  void it('a case export left unfinished by a stopped Premises is started again from its request at the next start', async () => {
    await premises!.stop();
    premises = undefined;
    // What a Premises killed while cutting leaves: the job's row, running, and a working folder with a partial file.
    const request = readIndex<{ request: string }>(layout.dataDir, 'SELECT request FROM export_jobs WHERE id = ?', firstExport)[0]!.request;
    const id = '20261128T090000Z-c0ffee';
    const db = openDb(layout.indexPath);
    db.prepare("INSERT INTO export_jobs (id, request, created_by, created_at, state) VALUES (?, ?, 'user:owner', ?, 'running')").run(id, request, Date.now());
    db.close();
    mkdirSync(join(layout.exportsDir, `.tmp-${id}`));
    writeFileSync(join(layout.exportsDir, `.tmp-${id}`, 'door-partial.mp4'), Buffer.alloc(1000));

    premises = PremisesProcess.start(config.path, config.port);
    await premises.waitFor((h) => h.cameras.length === 3, 20_000, 'the API after the restart');
    const again = await login();
    const done = await waitReady(again, id);
    assert.equal(done.export.state, 'ready', done.export.error ?? '');
    const resumed = JSON.parse(readFileSync(join(layout.exportsDir, id, 'manifest.json'), 'utf8')) as ExportManifest;
    const first = JSON.parse(readFileSync(join(layout.exportsDir, firstExport, 'manifest.json'), 'utf8')) as ExportManifest;
    assert.deepEqual(resumed.case, first.case, 'the same case, ranges and recipient');
    assert.deepEqual(resumed.files.map((f) => [f.name, f.sha256]), first.files.map((f) => [f.name, f.sha256]), 'the same footage, byte for byte');
    assert.deepEqual((await verifyExport(join(layout.exportsDir, id), { fingerprint })).problems, []);
    assert.equal(readIndex(layout.dataDir, "SELECT 1 FROM audit_log WHERE action = 'export.interrupted' AND subject = ?", `export:${id}`).length, 1);
    const view = (await again.request('GET', `/api/cases/${resumed.case!.id}`)).body['case'] as CaseView;
    assert.deepEqual(view.exports.map((e) => e.id).sort(), [firstExport, id].sort());
  });
});
