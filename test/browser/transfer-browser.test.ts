import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { createOwner, logInPage, openBrowser, setupTokenIn, type BrowserFixture } from '../support/browser.js';
import type { ExportManifest } from '../../src/disclosure/export/manifest.js';
import { openDb } from '../../src/db/open.js';
import { DataLayout } from '../../src/shared/data-layout.js';
import { claimRecordings } from '../../src/segments/ownership.js';
import { DashboardClient } from '../support/dashboard-client.js';
import { addRecordedRun } from '../support/footage.js';
import { PremisesProcess, readIndex, runCli, tempDir, writeConfig } from '../support/premises.js';
import { freePort } from '../support/rtsp.js';
import { stopAll } from '../support/teardown.js';

/**
 * The Transfers page in a real browser (Debian's chromium) against a real
 * `premises start`: the owner sees the policies, approves a manager's
 * request with one button, and downloads an export with the download button;
 * the file is the tar of the signed export. No console error, no request to
 * another host.
 */
const T0 = Date.UTC(2026, 10, 26, 10, 0, 0);
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const PASSWORD = 'a long transfers passphrase';

describe('the Transfers page in a real browser', () => {
  const dir = tempDir('premises-transfer-browser-');
  let premises: PremisesProcess;
  let web: BrowserFixture;
  let page: Page;
  let origin = '';
  let dataDir = '';
  let exportId = '';
  let manifest: ExportManifest;
  let manager: DashboardClient;

  before(async () => {
    const deadPort = await freePort();
    const config = await writeConfig(dir.path, [{ id: 'cam1', rtsp: `rtsp://127.0.0.1:${deadPort}/cam1` }]);
    dataDir = join(dir.path, 'data');
    const layout = new DataLayout(dataDir);
    mkdirSync(layout.recordingsRoot, { recursive: true });
    const db = openDb(layout.indexPath);
    claimRecordings(layout, db);
    addRecordedRun(db, layout, 'cam1', { startMs: T0, seconds: 6 });
    db.close();
    const exp = runCli(['export', '--camera', 'cam1', '--from', at(1), '--to', at(4), '--reason', 'r', '--requested-by', 'q', '--legal-basis', 'b', '--json', '--config', config.path]);
    assert.equal(exp.code, 0, exp.stderr);
    exportId = (JSON.parse(exp.stdout) as { id: string }).id;
    manifest = JSON.parse(readFileSync(join(layout.exportsDir, exportId, 'manifest.json'), 'utf8')) as ExportManifest;
    origin = `http://127.0.0.1:${config.port}`;
    premises = PremisesProcess.start(config.path, config.port);
    await premises.waitFor((h) => h.cameras.length === 1, 20_000, 'the API');
    const link = runCli(['setup-link', '--config', config.path]);
    const owner = await createOwner(origin, setupTokenIn(link.stdout), PASSWORD);
    assert.equal((await owner.request('POST', '/api/users', { username: 'manager', password: 'manager passphrase 2', role: 'manager' })).status, 201);
    const common = { recipientOrg: 'Insurer Ltd', country: 'Canada', legalBasis: 'claim 4411', expiresAt: '2099-01-01T00:00:00Z' };
    assert.equal((await owner.request('POST', '/api/transfer-policies', { name: 'owner-dl', kind: 'download', roles: ['owner'], ...common })).status, 201);
    assert.equal((await owner.request('POST', '/api/transfer-policies', { name: 'two-person', kind: 'download', roles: ['manager'], requiresApproval: true, ...common })).status, 201);
    manager = new DashboardClient(origin);
    assert.equal((await manager.login('manager', 'manager passphrase 2')).status, 200);
    web = await openBrowser(dir.path, { origin, acceptDownloads: true });
    page = web.page;
  });

  after(() => stopAll(web, premises, dir));

  it('lists policies, approves a second person\'s request and downloads the export', async () => {
    const asked = await manager.request('POST', `/api/exports/${exportId}/transfers`, { policy: 'two-person' });
    assert.equal(asked.status, 201, JSON.stringify(asked.body));
    const transferId = (asked.body['transfer'] as { id: number }).id;

    await logInPage(page, origin, 'owner', PASSWORD);
    await page.getByRole('link', { name: 'Transfers' }).click();
    await page.getByRole('heading', { name: 'Transfers', exact: true }).waitFor();
    assert.match(await page.locator('tr[data-policy="two-person"]').innerText(), /download by manager[\s\S]*Insurer Ltd \(Canada\)/);

    await page.getByRole('button', { name: `Approve transfer ${transferId}` }).click();
    await page.getByRole('status').getByText(`Transfer ${transferId} approved: approved.`).waitFor();
    assert.match(await page.locator(`tr[data-transfer="${transferId}"]`).innerText(), /approved \(approved by user:owner\)/);

    await page.getByLabel('Export id').fill(exportId);
    await page.getByLabel('Transfer policy').fill('owner-dl');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download', exact: true }).click()]);
    const saved = join(dir.path, 'downloaded.tar');
    await download.saveAs(saved);
    assert.equal(download.suggestedFilename(), `premises-export-${exportId}.tar`);
    const out = join(dir.path, 'unpacked');
    mkdirSync(out);
    execFileSync('tar', ['-xf', saved, '-C', out]);
    for (const f of manifest.files) assert.equal(createHash('sha256').update(readFileSync(join(out, `premises-export-${exportId}`, f.name))).digest('hex'), f.sha256);

    const audit = readIndex<{ actor: string; action: string }>(dataDir, "SELECT actor, action FROM audit_log WHERE action LIKE 'transfer.%' ORDER BY seq").map((e) => `${e.actor} ${e.action}`);
    assert.deepEqual(audit, [
      'user:manager transfer.requested',
      'user:owner transfer.approved',
      'user:owner transfer.requested',
      'user:owner transfer.started',
      'user:owner transfer.completed',
    ]);
    const done = readIndex<{ bytes_sent: number }>(dataDir, "SELECT bytes_sent FROM transfers WHERE policy_name = 'owner-dl' AND state = 'done'");
    assert.deepEqual(done.map((r) => r.bytes_sent), [statSync(saved).size]);
    assert.deepEqual(web.consoleErrors, []);
    assert.deepEqual(web.foreign, []);
  });
});
