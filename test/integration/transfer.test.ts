import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AuditLog } from '../../src/audit/log.js';
import { openDb, type Db } from '../../src/db/open.js';
import type { ExportManifest } from '../../src/disclosure/export/manifest.js';
import { Transfers } from '../../src/egress/transfer.js';
import { tarStream, type OutgoingFile } from '../../src/egress/tar.js';
import { sshFingerprint } from '../../src/egress/sftp.js';
import { DataLayout } from '../../src/shared/data-layout.js';
import { offsetClock } from '../../src/shared/clock.js';
import { addRecordedRun } from '../support/footage.js';
import { makeInstall, type TestInstall } from '../support/install.js';
import { createTestNetwork, type TestNetwork } from '../support/netns.js';
import { BUSINESS_LINES, CLI } from '../support/premises.js';
import { startSshd, type SshServer } from '../support/sshd.js';

/**
 * Transfers against real destinations: a bind mount in a private mount
 * namespace (the "removable drive"), Debian's OpenSSH server in its own
 * network namespace, and a node HTTPS server with a self-signed certificate
 * on loopback. Each refusal is checked to be audited and to have sent nothing.
 */
const T0 = Date.UTC(2026, 10, 26, 10, 0, 0);
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const WHY = ['--reason', 'theft at the till', '--requested-by', 'Cst. Example, VPD 26-123', '--legal-basis', 'PIPA s.18(1)(j)'];
const POLICY_COMMON = ['--recipient', 'Vancouver Police Department', '--country', 'Canada', '--legal-basis', 'PIPA s.18(1)(j)', '--expires', '2099-01-01T00:00:00Z'];
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

interface Cli {
  code: number | null;
  out: string;
  err: string;
}

/** The real CLI as a child process (optionally in a namespace), as OS user `user`. */
function cli(args: string[], opts: { user?: string; netns?: string; wrap?: string[] } = {}): Cli {
  const argv = [process.execPath, CLI, ...args];
  const full = [...(opts.netns ? ['ip', 'netns', 'exec', opts.netns] : []), ...(opts.wrap ?? []), ...argv];
  const user = opts.user ?? 'alice';
  const r = spawnSync(full[0]!, full.slice(1), { encoding: 'utf8', env: { ...process.env, USER: user, SUDO_USER: user }, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The same, without blocking this process (its HTTPS server must answer meanwhile). */
function cliAsync(args: string[]): Promise<Cli> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, USER: 'alice', SUDO_USER: 'alice' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, out, err }));
  });
}

void describe('premises transfer (real destinations)', () => {
  let install: TestInstall;
  let layout: DataLayout;
  let db: Db;
  let exportId: string;
  let manifest: ExportManifest;
  let fingerprint: string;
  let net: TestNetwork;
  let sshd: SshServer;
  const cfg = () => ['--config', install.configPath];
  const audit = (action: string) => db.prepare('SELECT actor, subject, details FROM audit_log WHERE action = ? ORDER BY seq').all(action) as { actor: string; subject: string; details: string }[];
  const expectSame = (dir: string) => {
    for (const f of manifest.files) assert.equal(sha(join(dir, f.name)), f.sha256, f.name);
    const v = cli(['export', 'verify', dir, '--fingerprint', fingerprint]);
    assert.equal(v.code, 0, v.out + v.err);
  };

  before(async () => {
    install = makeInstall(`${BUSINESS_LINES.join('\n')}\ncameras: []\n`);
    layout = new DataLayout(install.dataDir);
    mkdirSync(layout.recordingsRoot, { recursive: true });
    db = openDb(layout.indexPath);
    addRecordedRun(db, layout, 'cam1', { startMs: T0, seconds: 8 });
    const r = await install.run(['export', '--camera', 'cam1', '--from', at(1), '--to', at(6), ...WHY, '--json']);
    assert.equal(r.code, 0, r.err);
    exportId = (JSON.parse(r.out) as { id: string }).id;
    manifest = JSON.parse(readFileSync(join(layout.exportsDir, exportId, 'manifest.json'), 'utf8')) as ExportManifest;
    fingerprint = (await install.run(['keys', 'fingerprint'])).out.trim().split('\n').at(-1)!;
    net = createTestNetwork('tr', 1);
    sshd = await startSshd(join(install.dir, 'sshd'), net.camNs, net.camAddrs[0]!);
  });

  after(async () => {
    await sshd?.stop();
    net?.destroy();
    db?.close();
    install?.cleanup();
  });

  void it('has no policy by default; a transfer without one is refused, recorded and audited', () => {
    assert.match(cli(['transfer-policy', 'list', ...cfg()]).out, /no transfer policy: nothing leaves the premises/);
    const r = cli(['transfer', exportId, '--policy', 'police', ...cfg()]);
    assert.equal(r.code, 1);
    assert.match(r.err, /there is no transfer policy named "police"/);
    const refused = audit('transfer.refused');
    assert.equal(refused.length, 1);
    assert.match(refused[0]!.details, /no transfer policy named/);
    assert.equal(refused[0]!.actor, 'cli:alice');
    const row = db.prepare("SELECT state, reason, bytes_sent FROM transfers WHERE policy_name = 'police'").get() as { state: string; reason: string; bytes_sent: number };
    assert.equal(row.state, 'refused');
    assert.equal(row.bytes_sent, 0);
  });

  void it('signs printed while no policy exists say footage never leaves', () => {
    const html = join(install.dir, 'signs-before.html');
    assert.equal(cli(['signage', '--all', '--out', html, ...cfg()]).code, 0);
    assert.match(readFileSync(html, 'utf8'), /The recorder sends footage to no one: it stays on the premises\./);
    assert.equal(cli(['signage', 'confirm', '--all', ...cfg()]).code, 0);
    const report = cli(['report', ...cfg()]);
    assert.match(report.out, /Transfer policies: None: no transfer policy is in force/);
    assert.doesNotMatch(report.out, /STALE/);
  });

  void it('refuses policies that allow footage it may never send or overlap the data directory', () => {
    const inData = cli(['transfer-policy', 'add', 'bad1', '--kind', 'folder', '--path', join(install.dataDir, 'x'), ...POLICY_COMMON, ...cfg()]);
    assert.equal(inData.code, 1);
    assert.match(inData.err, /overlaps the data directory/);
    const raw = cli(['transfer-policy', 'add', 'bad2', '--kind', 'folder', '--path', '/media/usb', '--data', 'recordings', ...POLICY_COMMON, ...cfg()]);
    assert.equal(raw.code, 1);
    assert.match(raw.err, /can never be transferred/);
    assert.equal(audit('transfer-policy.created').length, 0);
  });


  void it('copies onto a mounted drive only; an unmounted folder is refused', () => {
    const usb = join(install.dir, 'usb');
    const drive = join(install.dir, 'drive');
    mkdirSync(usb);
    mkdirSync(drive);
    const add = cli(['transfer-policy', 'add', 'usb', '--kind', 'folder', '--path', usb, ...POLICY_COMMON, ...cfg()]);
    assert.equal(add.code, 0, add.err);
    assert.match(add.out, /posted signs now stale \(policy\): reprint/, 'the policy page said footage never leaves');
    assert.equal(audit('transfer-policy.created').length, 1);
    assert.equal(audit('signage.stale').length, 1);

    const unmounted = cli(['transfer', exportId, '--policy', 'usb', ...cfg()]);
    assert.equal(unmounted.code, 1);
    assert.match(unmounted.err, /is not a mounted drive/);
    assert.deepEqual(readdirSync(usb), [], 'nothing written');

    // A private mount namespace: the bind mount exists only for this one command, and writes reach `drive`.
    const wrap = ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', `mount --bind "$0" "$1" && shift && exec "$@"`, drive, usb];
    const sent = cli(['transfer', exportId, '--policy', 'usb', ...cfg()], { wrap });
    assert.equal(sent.code, 0, sent.err + sent.out);
    assert.match(sent.err, /transfer \d+: 100% \(/, 'a progress line');
    expectSame(join(drive, `premises-export-${exportId}`));
    const done = audit('transfer.completed').at(-1)!;
    assert.match(done.details, /"result":"ok"/);
    const started = audit('transfer.started').at(-1)!;
    for (const f of manifest.files) assert.ok(started.details.includes(f.sha256), 'the start entry lists every file with its hash');
  });

  void it('a policy in force makes the posted signs stale and appears on new signs and in the report', () => {
    const report = cli(['report', ...cfg()]);
    assert.match(report.out, /- policy: STALE/);
    assert.match(report.out, /Recipients: Vancouver Police Department \(Canada\)\. Every disclosure is logged\./);
    assert.match(report.out, /1 in force:\n {2}- usb: removable drive at .*recipient Vancouver Police Department \(Canada\); legal basis PIPA s\.18\(1\)\(j\)/);
    const html = join(install.dir, 'signs-after.html');
    assert.equal(cli(['signage', '--all', '--out', html, ...cfg()]).code, 0);
    const text = readFileSync(html, 'utf8');
    assert.doesNotMatch(text, /The recorder sends footage to no one: it stays on the premises\./);
    assert.match(text, /Copies of specific footage may be sent, each time logged, only to: Vancouver Police Department \(Canada; legal basis: PIPA s\.18\(1\)\(j\); until 2099-01-01\)/);
  });

  void it('sends by SFTP to the pinned OpenSSH server; a wrong host key is refused and nothing is written', () => {
    const ssh = ['--kind', 'sftp', '--host', sshd.address, '--remote-path', sshd.inbox, '--user', sshd.user, '--key-file', sshd.clientKey];
    const wrongFp = sshFingerprint(Buffer.from('not the key'));
    assert.equal(cli(['transfer-policy', 'add', 'sftp-wrong', ...ssh, '--host-key', wrongFp, ...POLICY_COMMON, ...cfg()]).code, 0);
    const refused = cli(['transfer', exportId, '--policy', 'sftp-wrong', ...cfg()], { netns: net.nvrNs });
    assert.equal(refused.code, 1);
    assert.match(refused.err, new RegExp(`showed host key ${sshd.hostKeyFingerprint.replace(/[+/]/g, '\\$&')}, not ${wrongFp.replace(/[+/]/g, '\\$&')}`));
    assert.deepEqual(readdirSync(sshd.inbox), [], 'nothing written on the server');
    assert.match(audit('transfer.refused').at(-1)!.details, /host key/);

    assert.equal(cli(['transfer-policy', 'add', 'sftp', ...ssh, '--host-key', sshd.hostKeyFingerprint, ...POLICY_COMMON, ...cfg()]).code, 0);
    const sent = cli(['transfer', exportId, '--policy', 'sftp', '--json', ...cfg()], { netns: net.nvrNs });
    assert.equal(sent.code, 0, sent.err);
    const t = JSON.parse(sent.out) as { state: string; bytesSent: number };
    assert.equal(t.state, 'done');
    expectSame(join(sshd.inbox, `premises-export-${exportId}`));
    const total = readdirSync(join(sshd.inbox, `premises-export-${exportId}`)).reduce((n, f) => n + readFileSync(join(sshd.inbox, `premises-export-${exportId}`, f)).length, 0);
    assert.equal(t.bytesSent, total);
    assert.deepEqual(readdirSync(join(sshd.inbox, `premises-export-${exportId}`)).sort(), [...manifest.files.map((f) => f.name), 'SHA256SUMS', 'manifest.json', 'manifest.sig', 'signing-key.pub.pem'].sort());

    // The same export again: the server already holds it; the attempt fails, is audited, and overwrites nothing.
    const again = cli(['transfer', exportId, '--policy', 'sftp', ...cfg()], { netns: net.nvrNs });
    assert.equal(again.code, 1);
    assert.match(again.err, /exists already on the server/);
    const failed = audit('transfer.failed').at(-1)!;
    assert.match(failed.details, /"bytesSent":0/);
    expectSame(join(sshd.inbox, `premises-export-${exportId}`));
  });

  void it('an answer to an access request lists where earlier exports of the footage were sent', async () => {
    const req = await install.run(['request', 'add', '--requester', 'A. Person', '--identity', 'photo ID', '--received', '2026-11-26', '--camera', 'cam1', '--from', at(2), '--to', at(4), '--description', 'me at the door']);
    assert.equal(req.code, 0, req.err);
    const answer = await install.run(['export', '--camera', 'cam1', '--from', at(2), '--to', at(4), '--reason', 'access request', '--requested-by', 'A. Person', '--legal-basis', 'PIPA s.23', '--request', '1', '--json']);
    assert.equal(answer.code, 0, answer.err);
    const m = JSON.parse(readFileSync(join((JSON.parse(answer.out) as { dir: string }).dir, 'manifest.json'), 'utf8')) as ExportManifest;
    const earlier = m.accessRequest?.disclosures.find((x) => x.exportId === exportId);
    assert.ok(earlier, 'the earlier export is listed');
    assert.deepEqual(earlier.sentTo?.map((s) => [s.policy, s.recipient, s.country]), [
      ['usb', 'Vancouver Police Department', 'Canada'],
      ['sftp', 'Vancouver Police Department', 'Canada'],
    ]);
  });

  void it('a policy asking for approval waits for a second, different person', () => {
    const inbox2 = join(sshd.inbox, 'second');
    mkdirSync(inbox2);
    const ssh = ['--kind', 'sftp', '--host', sshd.address, '--remote-path', inbox2, '--user', sshd.user, '--key-file', sshd.clientKey, '--host-key', sshd.hostKeyFingerprint];
    assert.equal(cli(['transfer-policy', 'add', 'sftp-2p', ...ssh, '--requires-approval', ...POLICY_COMMON, ...cfg()]).code, 0);
    const asked = cli(['transfer', exportId, '--policy', 'sftp-2p', '--json', ...cfg()], { netns: net.nvrNs, user: 'alice' });
    assert.equal(asked.code, 0, asked.err);
    const t = JSON.parse(asked.out) as { id: number; state: string };
    assert.equal(t.state, 'awaiting-approval');
    assert.deepEqual(readdirSync(inbox2), []);
    const self = cli(['transfer', 'approve', String(t.id), ...cfg()], { netns: net.nvrNs, user: 'alice' });
    assert.equal(self.code, 1);
    assert.match(self.err, /a second, different person must approve/);
    assert.deepEqual(readdirSync(inbox2), []);
    const ok = cli(['transfer', 'approve', String(t.id), ...cfg()], { netns: net.nvrNs, user: 'bob' });
    assert.equal(ok.code, 0, ok.err);
    expectSame(join(inbox2, `premises-export-${exportId}`));
    const approved = audit('transfer.approved').at(-1)!;
    assert.equal(approved.actor, 'cli:bob');
    const row = db.prepare('SELECT approved_by FROM transfer_approvals WHERE transfer_id = ?').get(t.id) as { approved_by: string };
    assert.equal(row.approved_by, 'cli:bob');
  });

  void it('posts a tar over HTTPS to the pinned self-signed server; a wrong pin is refused before any byte', async () => {
    const dir = join(install.dir, 'tls');
    mkdirSync(dir);
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', '/CN=recipient.test', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    const pin = execFileSync('openssl', ['x509', '-noout', '-fingerprint', '-sha256', '-in', join(dir, 'cert.pem')], { encoding: 'utf8' }).trim().split('=')[1]!;
    const received: Buffer[] = [];
    let requests = 0;
    const server: Server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (req, res) => {
      requests++;
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push(Buffer.concat(chunks));
        res.writeHead(201).end('stored');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as { port: number }).port;
      const url = `https://127.0.0.1:${port}/inbox`;
      const wrong = '00'.repeat(32);
      assert.equal(cli(['transfer-policy', 'add', 'https-wrong', '--kind', 'https', '--url', url, '--cert-sha256', wrong, ...POLICY_COMMON, ...cfg()]).code, 0);
      const refused = await cliAsync(['transfer', exportId, '--policy', 'https-wrong', ...cfg()]);
      assert.equal(refused.code, 1);
      assert.match(refused.err, /showed certificate sha256 [0-9a-f]{64}, not 0{64}/);
      assert.equal(requests, 0, 'no request reached the server');

      assert.equal(cli(['transfer-policy', 'add', 'https', '--kind', 'https', '--url', url, '--cert-sha256', pin, ...POLICY_COMMON, ...cfg()]).code, 0);
      const sent = await cliAsync(['transfer', exportId, '--policy', 'https', ...cfg()]);
      assert.equal(sent.code, 0, sent.err);
      assert.equal(requests, 1);
      const tarFile = join(dir, 'got.tar');
      writeFileSync(tarFile, received[0]!);
      const out = join(dir, 'out');
      mkdirSync(out);
      execFileSync('tar', ['-xf', tarFile, '-C', out]);
      expectSame(join(out, `premises-export-${exportId}`));
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  void it('refuses under a revoked or expired policy, and a tampered export', async () => {
    assert.equal(cli(['transfer-policy', 'revoke', 'https', '--reason', 'contract ended', ...cfg()]).code, 0);
    const revoked = cli(['transfer', exportId, '--policy', 'https', ...cfg()]);
    assert.equal(revoked.code, 1);
    assert.match(revoked.err, /was revoked on .* \(contract ended\)/);
    assert.equal(audit('transfer-policy.revoked').length, 1);

    // A clock 100 years on: every policy has expired.
    const later = new Transfers({ db, layout, audit: new AuditLog(db, offsetClock(100 * 365 * 86_400_000)), clock: offsetClock(100 * 365 * 86_400_000) });
    await assert.rejects(later.request(exportId, 'sftp', { actor: 'cli:alice', via: 'cli' }), /expired on 2099-01-01/);

    // One approval, one download, even when two downloads race for it.
    const now = new Transfers({ db, layout, audit: new AuditLog(db, offsetClock(0)), clock: offsetClock(0) });
    now.policies.add({ name: 'dl-race', target: { kind: 'download', roles: ['owner'] }, recipientOrg: 'Insurer', country: 'Canada', legalBasis: 'claim', data: ['exports'], expiresAt: Date.parse('2099-01-01T00:00:00Z'), requiresApproval: true }, 'cli:alice', install.dataDir);
    const asked = await now.request(exportId, 'dl-race', { actor: 'user:alice', via: 'api', role: 'owner' });
    await now.approve(asked.id, 'user:bob');
    const drain = async (files: OutgoingFile[]) => {
      let n = 0;
      for await (const chunk of tarStream('x', files, 0)) n += chunk.length;
      return n;
    };
    const raced = await Promise.allSettled([now.send(asked.id, drain), now.send(asked.id, drain)]);
    assert.deepEqual(raced.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
    assert.match(String((raced.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason), /being sent or was sent already/);
    assert.equal(now.get(asked.id)?.state, 'done');

    const file = join(layout.exportsDir, exportId, manifest.files[0]!.name);
    const data = readFileSync(file);
    data[data.length - 10] = data[data.length - 10]! ^ 0xff;
    writeFileSync(file, data);
    const tampered = cli(['transfer', exportId, '--policy', 'sftp', ...cfg()], { netns: net.nvrNs });
    assert.equal(tampered.code, 1);
    assert.match(tampered.err, /no longer matches its signed manifest/);
    assert.match(audit('transfer.refused').at(-1)!.details, /no longer matches/);
    const verify = cli(['audit', 'verify', ...cfg()]);
    assert.equal(verify.code, 0, verify.out + verify.err);
  });

  void it('backups leave only under a backup policy, and an export under one is refused', () => {
    const plain = cli(['transfer-policy', 'add', 'plain-backups', '--kind', 'folder', '--path', '/media/offsite', '--data', 'backups', ...POLICY_COMMON, ...cfg()]);
    assert.equal(plain.code, 1);
    assert.match(plain.err, /backups leave only sealed, under a policy of kind "backup"/);
    const add = cli(['transfer-policy', 'add', 'backups-only', '--kind', 'backup', '--via', 'folder', '--path', '/media/offsite', ...POLICY_COMMON, ...cfg()]);
    assert.equal(add.code, 0, add.err);
    const r = cli(['transfer', exportId, '--policy', 'backups-only', ...cfg()]);
    assert.equal(r.code, 1);
    assert.match(r.err, /allows backups only, not exports/);
    assert.match(audit('transfer.refused').at(-1)!.details, /backups only/);
    assert.equal(cli(['transfer-policy', 'revoke', 'backups-only', '--reason', 'test done', ...cfg()]).code, 0);
  });
});
