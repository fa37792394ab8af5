import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ExportManifest } from '../../src/disclosure/export/manifest.js';
import { openDb } from '../../src/db/open.js';
import { DataLayout } from '../../src/shared/data-layout.js';
import { claimRecordings } from '../../src/segments/ownership.js';
import { DashboardClient } from '../support/dashboard-client.js';
import { addRecordedRun } from '../support/footage.js';
import { PremisesProcess, readIndex, runCli, tempDir, writeConfig } from '../support/premises.js';
import { freePort } from '../support/rtsp.js';

/**
 * The dashboard's side of transfers against a real `premises start`: the
 * owner writes a download policy that needs a second person, a viewer with
 * the export right asks, cannot download before a manager approves, then
 * downloads a tar the system `tar` unpacks into the exact signed files —
 * once. Every step is in the audit log.
 */
const T0 = Date.UTC(2026, 10, 26, 10, 0, 0);
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

describe('transfers through the dashboard API', () => {
  const dir = tempDir('premises-transfer-api-');
  let premises: PremisesProcess;
  let dataDir = '';
  let exportId = '';
  let manifest: ExportManifest;
  const owner = () => clients.owner!;
  const clients: Partial<Record<'owner' | 'manager' | 'viewer' | 'other', DashboardClient>> = {};

  before(async () => {
    const deadPort = await freePort();
    const config = await writeConfig(dir.path, [{ id: 'cam1', rtsp: `rtsp://127.0.0.1:${deadPort}/cam1` }, { id: 'cam2', rtsp: `rtsp://127.0.0.1:${deadPort}/cam2` }]);
    dataDir = join(dir.path, 'data');
    const layout = new DataLayout(dataDir);
    mkdirSync(layout.recordingsRoot, { recursive: true });
    const db = openDb(layout.indexPath);
    // The recordings folder carries this index's marker, as the daemon would write it.
    claimRecordings(layout, db);
    addRecordedRun(db, layout, 'cam1', { startMs: T0, seconds: 8 });
    db.close();
    const exp = runCli(['export', '--camera', 'cam1', '--from', at(1), '--to', at(6), '--reason', 'r', '--requested-by', 'q', '--legal-basis', 'b', '--json', '--config', config.path]);
    assert.equal(exp.code, 0, exp.stderr);
    exportId = (JSON.parse(exp.stdout) as { id: string }).id;
    manifest = JSON.parse(readFileSync(join(layout.exportsDir, exportId, 'manifest.json'), 'utf8')) as ExportManifest;
    const origin = `http://127.0.0.1:${config.port}`;
    const link = runCli(['setup-link', '--config', config.path]);
    premises = PremisesProcess.start(config.path, config.port);
    await premises.waitFor((h) => h.cameras.length === 2, 20_000, 'the API');
    const fresh = runCli(['setup-link', '--config', config.path]);
    const token = /token=([A-Za-z0-9_-]+)/.exec(fresh.stdout)?.[1] ?? /token=([A-Za-z0-9_-]+)/.exec(link.stdout)?.[1];
    assert.ok(token, fresh.stdout + fresh.stderr);
    for (const who of ['owner', 'manager', 'viewer', 'other'] as const) clients[who] = new DashboardClient(origin);
    await owner().session();
    const setup = await owner().request('POST', '/api/setup', { token, username: 'owner', password: 'owner passphrase 1', businessConfirmed: true });
    assert.equal(setup.status, 201, JSON.stringify(setup.body));
    assert.equal((await owner().request('POST', '/api/users', { username: 'manager', password: 'manager passphrase 2', role: 'manager' })).status, 201);
    assert.equal((await owner().request('POST', '/api/users', { username: 'viewer', password: 'viewer passphrase 3', role: 'viewer', cameras: { cam1: { playback: true, export: true } } })).status, 201);
    assert.equal((await owner().request('POST', '/api/users', { username: 'other', password: 'other passphrase 4', role: 'viewer', cameras: { cam2: { export: true } } })).status, 201);
    assert.equal((await clients.manager!.login('manager', 'manager passphrase 2')).status, 200);
    assert.equal((await clients.viewer!.login('viewer', 'viewer passphrase 3')).status, 200);
    assert.equal((await clients.other!.login('other', 'other passphrase 4')).status, 200);
  });

  after(async () => {
    await premises?.stop();
    dir.remove();
  });

  it('a viewer downloads an export only after a second person approves, once, as a tar of the signed files', async () => {
    const viewer = clients.viewer!;
    const manager = clients.manager!;
    assert.deepEqual((await manager.request('GET', '/api/transfer-policies')).body['policies'], [], 'no policy by default');
    assert.equal((await viewer.request('POST', `/api/exports/${exportId}/download`, { policy: 'dl' })).status, 403, 'no policy: refused');

    const created = await owner().request('POST', '/api/transfer-policies', {
      name: 'dl',
      kind: 'download',
      roles: ['viewer'],
      recipientOrg: 'Insurer Ltd',
      country: 'Canada',
      legalBasis: 'PIPA s.18(1)(c), claim 4411',
      data: ['exports'],
      expiresAt: '2099-01-01T00:00:00Z',
      requiresApproval: true,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(created.body['staleSigns'], [], 'no sign was posted yet');
    // The dashboard's printable signs and record of processing name the recipient now.
    const ownerCookie = [...owner().cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const signs = await fetch(`${owner().origin}/api/compliance/signage.html?camera=all`, { headers: { cookie: ownerCookie } });
    assert.equal(signs.status, 200);
    assert.match(await signs.text(), /only to: Insurer Ltd \(Canada; legal basis: PIPA s\.18\(1\)\(c\), claim 4411; until 2099-01-01\)/);
    const report = await fetch(`${owner().origin}/api/compliance/report.html`, { headers: { cookie: ownerCookie } });
    assert.equal(report.status, 200);
    assert.match(await report.text(), /dl: dashboard download by viewer; recipient Insurer Ltd \(Canada\)/);
    assert.equal((await owner().request('POST', '/api/transfer-policies', { name: 'raw', kind: 'download', roles: ['owner'], recipientOrg: 'x', country: 'y', legalBasis: 'z', data: ['recordings'], expiresAt: '2099-01-01T00:00:00Z' })).status, 400);

    // Not the viewer's role? The manager is not in the policy's roles.
    assert.equal((await manager.request('POST', `/api/exports/${exportId}/transfers`, { policy: 'dl' })).status, 403);
    // A viewer without the export right on cam1 is refused.
    assert.equal((await clients.other!.request('POST', `/api/exports/${exportId}/transfers`, { policy: 'dl' })).status, 403);

    const asked = await viewer.request('POST', `/api/exports/${exportId}/transfers`, { policy: 'dl' });
    assert.equal(asked.status, 201, JSON.stringify(asked.body));
    const transfer = asked.body['transfer'] as { id: number; state: string };
    assert.equal(transfer.state, 'awaiting-approval');
    assert.equal((await viewer.request('POST', `/api/exports/${exportId}/download`, { policy: 'dl' })).status, 403, 'not approved yet');
    assert.equal((await viewer.request('POST', `/api/transfers/${transfer.id}/approve`)).status, 403, 'a viewer approves nothing');
    const approved = await manager.request('POST', `/api/transfers/${transfer.id}/approve`);
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal((approved.body['transfer'] as { state: string }).state, 'approved');

    const cookie = [...viewer.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const ticket = await viewer.request('POST', `/api/exports/${exportId}/download`, { policy: 'dl' });
    assert.equal(ticket.status, 201, JSON.stringify(ticket.body));
    const url = ticket.body['url'] as string;
    assert.match(url, /^\/api\/downloads\/[A-Za-z0-9_-]{43}$/);
    const managerCookie = [...manager.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    assert.equal((await fetch(`${viewer.origin}${url}`, { headers: { cookie: managerCookie } })).status, 404, "another user cannot spend the viewer's ticket");
    const res = await fetch(`${viewer.origin}${url}`, { headers: { cookie } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/x-tar');
    const tar = Buffer.from(await res.arrayBuffer());
    assert.equal(tar.length, Number(res.headers.get('content-length')));
    const out = join(dir.path, 'downloaded');
    mkdirSync(out);
    writeFileSync(join(out, 'x.tar'), tar);
    execFileSync('tar', ['-xf', join(out, 'x.tar'), '-C', out]);
    for (const f of manifest.files) {
      assert.equal(createHash('sha256').update(readFileSync(join(out, `premises-export-${exportId}`, f.name))).digest('hex'), f.sha256);
    }
    assert.equal((await fetch(`${viewer.origin}${url}`, { headers: { cookie } })).status, 404, 'a ticket works once');
    assert.equal((await viewer.request('POST', `/api/exports/${exportId}/download`, { policy: 'dl' })).status, 403, 'one approval, one download');

    const list = (await manager.request('GET', '/api/transfers')).body['transfers'] as { id: number; state: string; bytesSent: number; approvedBy: string }[];
    const done = list.find((t) => t.id === transfer.id)!;
    assert.equal(done.state, 'done');
    assert.equal(done.bytesSent, tar.length);
    assert.equal(done.approvedBy, 'user:manager');

    const audit = readIndex<{ actor: string; action: string; subject: string; details: string }>(dataDir, "SELECT actor, action, subject, details FROM audit_log WHERE action LIKE 'transfer%' ORDER BY seq");
    const mine = audit.filter((e) => e.subject === `transfer:${transfer.id}`).map((e) => `${e.actor} ${e.action}`);
    assert.deepEqual(mine, ['user:viewer transfer.requested', 'user:manager transfer.approved', 'user:viewer transfer.started', 'user:viewer transfer.completed']);
    assert.ok(audit.filter((e) => e.action === 'transfer.refused').length >= 4, 'each refusal is audited');
    assert.ok(audit.some((e) => e.action === 'transfer-policy.created' && e.actor === 'user:owner'));

    assert.equal((await owner().request('POST', '/api/transfer-policies/dl/revoke', { reason: 'claim settled' })).status, 200);
    const policies = (await manager.request('GET', '/api/transfer-policies')).body['policies'] as { name: string; active: boolean }[];
    assert.deepEqual(policies.map((p) => [p.name, p.active]), [['dl', false]]);
  });

  it('no GET changes anything: the old download link writes no transfer row and no audit entry, whatever its query says', async () => {
    const viewer = clients.viewer!;
    const rows = () => readIndex<{ n: number }>(dataDir, 'SELECT count(*) AS n FROM transfers')[0]!.n;
    const entries = () => readIndex<{ n: number }>(dataDir, 'SELECT count(*) AS n FROM audit_log')[0]!.n;
    const [transfersBefore, auditBefore] = [rows(), entries()];
    const cookie = [...viewer.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    // A link anyone could plant in a page (an <img src>): the caller chose the policy name that would land in the audit log.
    const planted = await fetch(`${viewer.origin}/api/exports/${exportId}/download?policy=${encodeURIComponent('chosen words for the audit log')}`, { headers: { cookie } });
    assert.equal(planted.status, 404);
    const guessed = await fetch(`${viewer.origin}/api/downloads/${'A'.repeat(43)}`, { headers: { cookie } });
    assert.equal(guessed.status, 404);
    assert.equal(rows(), transfersBefore, 'no transfer row');
    assert.equal(entries(), auditBefore, 'no audit entry');
  });
});
