import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeInstall, cameraYaml, type TestInstall } from '../support/install.js';
import { createTestNetwork, type TestNetwork } from '../support/netns.js';
import { CLI, readIndex } from '../support/premises.js';
import { startSshd, type SshServer } from '../support/sshd.js';

/**
 * Backups leave only sealed, under a transfer policy of kind `backup`: a
 * sealed archive goes to Debian's sshd in its own network namespace,
 * fsynced there and renamed from `.part`; an export policy carries no
 * backup, and no file but an unchanged archive this install sealed goes.
 */
const PASS = { PREMISES_BACKUP_PASSPHRASE: 'correct horse battery staple' };
const COMMON = ['--recipient', 'Offsite Storage Ltd', '--country', 'Canada', '--legal-basis', 'PIPA s.34 (safeguards)', '--expires', '2099-01-01T00:00:00Z'];
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function cli(args: string[], netns?: string): { code: number | null; out: string; err: string } {
  const argv = [process.execPath, CLI, ...args];
  const full = netns ? ['ip', 'netns', 'exec', netns, ...argv] : argv;
  const r = spawnSync(full[0]!, full.slice(1), { encoding: 'utf8', env: { ...process.env, ...PASS, USER: 'alice', SUDO_USER: 'alice' }, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

void describe('sending sealed backups', () => {
  let install: TestInstall;
  let net: TestNetwork;
  let sshd: SshServer;
  const cfg = () => ['--config', install.configPath];

  before(async () => {
    install = makeInstall(`cameras:\n${cameraYaml('till-cam')}`);
    net = createTestNetwork('bs', 1);
    sshd = await startSshd(join(install.dir, 'sshd'), net.camNs, net.camAddrs[0]!);
  });

  after(async () => {
    await sshd?.stop();
    net?.destroy();
    install?.cleanup();
  });

  void it('sends a sealed archive by SFTP under a backup policy, fsynced there; nothing else goes under it', () => {
    const ssh = ['--host', sshd.address, '--remote-path', sshd.inbox, '--user', sshd.user, '--key-file', sshd.clientKey, '--host-key', sshd.hostKeyFingerprint];
    const approval = cli(['transfer-policy', 'add', 'offsite', '--kind', 'backup', '--via', 'sftp', ...ssh, ...COMMON, '--requires-approval', ...cfg()]);
    assert.equal(approval.code, 1);
    assert.match(approval.err, /cannot wait for a second person/);
    const exportsToo = cli(['transfer-policy', 'add', 'offsite', '--kind', 'backup', '--via', 'sftp', ...ssh, ...COMMON, '--data', 'exports', ...cfg()]);
    assert.equal(exportsToo.code, 1);
    assert.match(exportsToo.err, /carries sealed backup archives only/);
    assert.equal(cli(['transfer-policy', 'add', 'offsite', '--kind', 'backup', '--via', 'sftp', ...ssh, ...COMMON, ...cfg()]).code, 0);
    assert.equal(cli(['transfer-policy', 'add', 'police', '--kind', 'sftp', ...ssh, ...COMMON, ...cfg()]).code, 0);

    const made = cli(['backup', '--send', 'offsite', ...cfg()], net.nvrNs);
    assert.equal(made.code, 0, made.err);
    assert.match(made.out, /sent under policy offsite to .*premises-backup-\d{8}T\d{6}Z\.pbk .*the server fsynced each file/);
    const [archive] = readdirSync(join(install.dataDir, 'backups'));
    assert.ok(archive);
    const local = join(install.dataDir, 'backups', archive);
    assert.deepEqual(readdirSync(sshd.inbox), [archive], 'only the archive, under its final name');
    assert.equal(sha(join(sshd.inbox, archive)), sha(local));
    const sent = readIndex<{ export_id: string; state: string; far_side_durable: string }>(install.dataDir, 'SELECT export_id, state, far_side_durable FROM transfers')[0];
    assert.deepEqual(sent, { export_id: `backup:${archive}`, state: 'done', far_side_durable: 'fsynced' });

    // Under an export policy: refused and audited.
    const wrongPolicy = cli(['backup', 'send', local, '--policy', 'police', ...cfg()], net.nvrNs);
    assert.equal(wrongPolicy.code, 1);
    assert.match(wrongPolicy.err, /is of kind sftp: backups leave only sealed, under a policy of kind "backup"/);
    // A file in backups/ this install did not seal (the index itself, renamed): refused.
    copyFileSync(join(install.dataDir, 'index.db'), join(install.dataDir, 'backups', 'premises-backup-20990101T000000Z.pbk'));
    const plain = cli(['backup', 'send', 'premises-backup-20990101T000000Z.pbk', '--policy', 'offsite', ...cfg()], net.nvrNs);
    assert.equal(plain.code, 1);
    assert.match(plain.err, /is not a sealed backup of this install/);
    // The sealed archive changed after it was made: refused.
    appendFileSync(local, 'x');
    const changed = cli(['backup', 'send', local, '--policy', 'offsite', ...cfg()], net.nvrNs);
    assert.equal(changed.code, 1);
    assert.match(changed.err, /no longer matches the sealed archive recorded when it was made/);
    assert.deepEqual(readdirSync(sshd.inbox), [archive], 'nothing more reached the server');

    const audit = readIndex<{ action: string }>(install.dataDir, "SELECT action FROM audit_log WHERE action LIKE 'transfer.%' ORDER BY seq").map((e) => e.action);
    assert.deepEqual(audit, ['transfer.requested', 'transfer.started', 'transfer.completed', 'transfer.refused', 'transfer.refused', 'transfer.refused']);
  });
});
