import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDb } from '../../src/db/open.js';
import type { ExportManifest } from '../../src/disclosure/export/manifest.js';
import { DataLayout } from '../../src/shared/data-layout.js';
import { claimRecordings } from '../../src/segments/ownership.js';
import { DashboardClient } from '../support/dashboard-client.js';
import { addRecordedRun } from '../support/footage.js';
import { createTestNetwork, type TestNetwork } from '../support/netns.js';
import { CLI, PremisesProcess, readIndex, runCli, sleepMs, tempDir, writeConfig } from '../support/premises.js';
import { freePort } from '../support/rtsp.js';
import { startSshd, type SshServer } from '../support/sshd.js';

/**
 * SIGKILL in the middle of an export (the daemon), of an SFTP transfer to
 * Debian's sshd over a slowed link (`premises transfer`) and of a backup
 * (`premises backup`); then Premises starts again. The export is resumed
 * from its request and published; the transfer and the backup are ended
 * with an audit entry and their partial output removed. At no moment does
 * the exports folder, the SFTP inbox or the backups folder hold a partial
 * result under a complete-looking name.
 */
const T0 = Date.UTC(2026, 10, 26, 10, 0, 0);
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const PASS = 'a long enough backup passphrase';
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** The real CLI as a child we can kill (inside a namespace when given); `ip netns exec` execs, so the pid is node's. */
function spawnCli(args: string[], netns?: string, env: NodeJS.ProcessEnv = {}): { child: ChildProcess; err: () => string; done: Promise<number | null> } {
  const argv = [process.execPath, CLI, ...args];
  const full = netns ? ['ip', 'netns', 'exec', netns, ...argv] : argv;
  const child = spawn(full[0]!, full.slice(1), { env: { ...process.env, USER: 'alice', SUDO_USER: 'alice', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout.resume();
  const done = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, err: () => err, done };
}

/** Poll (every 5 ms) until `predicate` holds; fails after `ms`. */
async function until(predicate: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleepMs(5);
  }
}

void describe('jobs across a SIGKILL and a restart', () => {
  const dir = tempDir('premises-jobs-restart-');
  let config: { path: string; port: number };
  let layout: DataLayout;
  let premises: PremisesProcess | undefined;
  let net: TestNetwork;
  let sshd: SshServer;
  let cliExport = '';
  const cfg = () => ['--config', config.path];

  const login = async (): Promise<DashboardClient> => {
    const client = new DashboardClient(`http://127.0.0.1:${config.port}`);
    await client.session();
    assert.equal((await client.login('owner', 'owner passphrase 1')).status, 200);
    return client;
  };

  before(async () => {
    const deadPort = await freePort();
    config = await writeConfig(dir.path, [{ id: 'cam1', rtsp: `rtsp://127.0.0.1:${deadPort}/cam1` }]);
    layout = new DataLayout(join(dir.path, 'data'));
    mkdirSync(layout.recordingsRoot, { recursive: true });
    const db = openDb(layout.indexPath);
    claimRecordings(layout, db);
    addRecordedRun(db, layout, 'cam1', { startMs: T0, seconds: 40, segmentSeconds: 2 });
    db.close();
    const exp = runCli(['export', '--camera', 'cam1', '--from', at(0), '--to', at(30), '--reason', 'r', '--requested-by', 'q', '--legal-basis', 'b', '--json', ...cfg()]);
    assert.equal(exp.code, 0, exp.stderr);
    cliExport = (JSON.parse(exp.stdout) as { id: string }).id;

    net = createTestNetwork('jr', 1);
    sshd = await startSshd(join(dir.path, 'sshd'), net.camNs, net.camAddrs[0]!);
    const policy = runCli([
      'transfer-policy', 'add', 'sftp', '--kind', 'sftp', '--host', sshd.address, '--remote-path', sshd.inbox, '--user', sshd.user, '--key-file', sshd.clientKey,
      '--host-key', sshd.hostKeyFingerprint, '--recipient', 'Vancouver Police Department', '--country', 'Canada', '--legal-basis', 'PIPA s.18(1)(j)', '--expires', '2099-01-01T00:00:00Z', ...cfg(),
    ]);
    assert.equal(policy.code, 0, policy.stderr);

    premises = PremisesProcess.start(config.path, config.port);
    await premises.waitFor((h) => h.cameras.length === 1, 20_000, 'the API');
    const link = runCli(['setup-link', ...cfg()]);
    const token = /token=([A-Za-z0-9_-]+)/.exec(link.stdout)?.[1];
    assert.ok(token, link.stdout + link.stderr);
    const owner = new DashboardClient(`http://127.0.0.1:${config.port}`);
    await owner.session();
    const setup = await owner.request('POST', '/api/setup', { token, username: 'owner', password: 'owner passphrase 1', businessConfirmed: true });
    assert.equal(setup.status, 201, JSON.stringify(setup.body));
  });

  after(async () => {
    await premises?.stop();
    await sshd?.stop();
    net?.destroy();
    dir.remove();
  });

  void it('an export, an SFTP transfer and a backup killed half-way are resumed or ended, audited, and nothing half-done looks complete', async () => {
    // 1. The daemon dies in the middle of a dashboard export (re-encoded for a redaction, so it takes a while).
    const owner = await login();
    const started = await owner.request('POST', '/api/exports', {
      cameras: ['cam1'], from: at(0), to: at(36), reason: 'slip and fall', requestedBy: 'Insurer Ltd', legalBasis: 'PIPA s.18(1)(c)',
      redactions: [{ camera: 'cam1', x: 0, y: 0, w: 80, h: 60 }],
    });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    const exportId = started.body['id'] as string;
    const tmp = join(layout.exportsDir, `.tmp-${exportId}`);
    await until(() => existsSync(tmp) && readdirSync(tmp).some((n) => n.endsWith('.mp4')), 30_000, 'the export to be cutting');
    await premises!.kill9();
    premises = undefined;
    assert.ok(!existsSync(join(layout.exportsDir, exportId)), 'no export folder under its final name');
    assert.deepEqual(readIndex(layout.dataDir, 'SELECT id FROM exports WHERE id = ?', exportId), []);

    // 2. `premises transfer` dies in the middle of an SFTP upload over a link slowed to 1 Mbit/s.
    execFileSync('ip', ['netns', 'exec', net.nvrNs, 'tc', 'qdisc', 'add', 'dev', net.nvrIf, 'root', 'tbf', 'rate', '1mbit', 'burst', '16kb', 'latency', '400ms']);
    const part = join(sshd.inbox, `premises-export-${cliExport}.part`);
    const final = join(sshd.inbox, `premises-export-${cliExport}`);
    const send = spawnCli(['transfer', cliExport, '--policy', 'sftp', ...cfg()], net.nvrNs);
    await until(() => existsSync(part) && readdirSync(part).some((n) => statSync(join(part, n)).size > 0), 30_000, 'bytes on the server');
    send.child.kill('SIGKILL');
    await send.done;
    assert.ok(!existsSync(final), 'the server holds no complete-looking copy');
    assert.deepEqual(readIndex<{ state: string }>(layout.dataDir, 'SELECT state FROM transfers').map((t) => t.state), ['sending'], 'the killed sender left its row sending');

    // 3. `premises backup` dies while it seals.
    const backupsDir = layout.backupsDir;
    const backup = spawnCli(['backup', ...cfg()], undefined, { PREMISES_BACKUP_PASSPHRASE: PASS });
    await until(() => existsSync(backupsDir) && readdirSync(backupsDir).some((n) => n.startsWith('.work-')), 30_000, 'the backup to start');
    backup.child.kill('SIGKILL');
    await backup.done;
    assert.deepEqual(readIndex<{ state: string }>(layout.dataDir, 'SELECT state FROM backups').map((b) => b.state), ['running']);
    assert.ok(!readdirSync(backupsDir).some((n) => n.endsWith('.pbk')), 'no archive under its final name');

    // 4. Premises starts again.
    premises = PremisesProcess.start(config.path, config.port);
    await premises.waitFor((h) => h.cameras.length === 1, 20_000, 'the API after the restart');
    const again = await login();
    const deadline = Date.now() + 60_000;
    let state = '';
    while (Date.now() < deadline) {
      state = ((await again.request('GET', `/api/exports/${exportId}`)).body['export'] as { state: string } | undefined)?.state ?? '';
      if (state === 'ready' || state === 'failed') break;
      await sleepMs(250);
    }
    assert.equal(state, 'ready', 'the interrupted export was resumed from its request and published');
    const manifest = JSON.parse(readFileSync(join(layout.exportsDir, exportId, 'manifest.json'), 'utf8')) as ExportManifest;
    for (const f of manifest.files) assert.equal(sha(join(layout.exportsDir, exportId, f.name)), f.sha256);
    assert.deepEqual(readdirSync(layout.exportsDir).filter((n) => n.startsWith('.tmp-')), []);

    const audit = readIndex<{ action: string; subject: string; details: string }>(layout.dataDir, "SELECT action, subject, details FROM audit_log WHERE action IN ('export.interrupted', 'transfer.interrupted', 'backup.interrupted', 'export.created') ORDER BY seq");
    const interrupted = audit.find((e) => e.action === 'export.interrupted' && e.subject === `export:${exportId}`);
    assert.match(interrupted?.details ?? '', new RegExp(`export ${exportId} was interrupted by a restart; its partial files were removed; it was started again from its request`));
    assert.ok(audit.some((e) => e.action === 'export.created' && e.subject === `export:${exportId}`));
    assert.equal(readIndex<{ state: string; attempts: number }>(layout.dataDir, 'SELECT state, attempts FROM export_jobs WHERE id = ?', exportId)[0]?.state, 'done');

    const transfer = readIndex<{ id: number; state: string; reason: string; interrupted_at: number | null }>(layout.dataDir, 'SELECT id, state, reason, interrupted_at FROM transfers')[0]!;
    assert.equal(transfer.state, 'failed');
    assert.ok(transfer.interrupted_at !== null);
    assert.match(transfer.reason, /interrupted: Premises stopped .* while sending; .*nothing was published as complete/);
    assert.ok(audit.some((e) => e.action === 'transfer.interrupted' && e.subject === `transfer:${transfer.id}`));

    const b = readIndex<{ id: number; state: string }>(layout.dataDir, 'SELECT id, state FROM backups')[0]!;
    assert.equal(b.state, 'interrupted');
    assert.ok(audit.some((e) => e.action === 'backup.interrupted' && e.subject === `backup:${b.id}`));
    assert.deepEqual(readdirSync(backupsDir), [], 'no partial archive and no snapshot in clear are left');

    // 5. Asked again at full speed: the stale .part of the interrupted transfer is cleared, the copy lands whole and fsynced.
    execFileSync('ip', ['netns', 'exec', net.nvrNs, 'tc', 'qdisc', 'del', 'dev', net.nvrIf, 'root']);
    const retry = spawnCli(['transfer', cliExport, '--policy', 'sftp', ...cfg()], net.nvrNs);
    assert.equal(await retry.done, 0, retry.err());
    assert.ok(!existsSync(part));
    const sent = JSON.parse(readFileSync(join(layout.exportsDir, cliExport, 'manifest.json'), 'utf8')) as ExportManifest;
    for (const f of sent.files) assert.equal(sha(join(final, f.name)), f.sha256);
    const done = readIndex<{ state: string; far_side_durable: string }>(layout.dataDir, 'SELECT state, far_side_durable FROM transfers ORDER BY id DESC LIMIT 1')[0]!;
    assert.deepEqual(done, { state: 'done', far_side_durable: 'fsynced' }, "Debian's sshd fsyncs each file (fsync@openssh.com)");
    assert.equal(readIndex<{ server_fsync: string }>(layout.dataDir, "SELECT server_fsync FROM transfer_policies WHERE name = 'sftp'")[0]?.server_fsync, 'yes');
  });
});
