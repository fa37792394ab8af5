import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, it } from 'node:test';
import { openDb } from '../../src/db/open.js';
import { mountPoints, isRemovableMount } from '../../src/egress/mounts.js';
import { normalizeCertFingerprint, policyProblems, type NewPolicy, type TransferPolicy } from '../../src/policy/consent/transfer-policies.js';
import { tarHeader, tarSize, tarStream, type OutgoingFile } from '../../src/egress/tar.js';
import { policyRefusal } from '../../src/egress/transfer.js';
import { describeTransfers } from '../../src/policy/consent/transfer-signs.js';

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const base: NewPolicy = {
  name: 'police',
  target: { kind: 'folder', path: '/media/usb' },
  recipientOrg: 'Vancouver Police Department',
  country: 'Canada',
  legalBasis: 'PIPA s.18(1)(j)',
  data: ['exports'],
  expiresAt: NOW + 86_400_000,
  requiresApproval: false,
};
const stored = (p: Partial<TransferPolicy> = {}): TransferPolicy => ({ ...base, createdBy: 'cli:owner', createdAt: NOW - 1000, revokedAt: null, revokedBy: null, revokeReason: null, ...p });
const ctx = { dataDir: '/srv/premises/data', now: NOW };

function withTemp<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'premises-tar-'));
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

function outgoing(dir: string, name: string, content: Buffer): OutgoingFile {
  const path = join(dir, name);
  writeFileSync(path, content);
  return { name, path, bytes: content.length, sha256: createHash('sha256').update(content).digest('hex') };
}

void describe('ustar writer', () => {
  void it('writes an archive the system tar extracts byte for byte, of exactly the announced size', () =>
    withTemp(async (dir) => {
      const files = [
        outgoing(dir, 'a.mp4', Buffer.alloc(1000, 7)),
        outgoing(dir, 'empty.txt', Buffer.alloc(0)),
        outgoing(dir, 'block.bin', Buffer.alloc(512, 1)),
        outgoing(dir, 'manifest.json', Buffer.from('{"x":1}\n')),
      ];
      const tar = join(dir, 'out.tar');
      await pipeline(Readable.from(tarStream('premises-export-20261126T120000Z-abcdef', files, NOW / 1000)), createWriteStream(tar));
      assert.equal(statSync(tar).size, tarSize(files));
      const listing = execFileSync('tar', ['-tvf', tar], { encoding: 'utf8' });
      assert.match(listing, /premises-export-20261126T120000Z-abcdef\/a\.mp4/);
      const out = join(dir, 'x');
      mkdirSync(out);
      execFileSync('tar', ['-xf', tar, '-C', out]);
      for (const f of files) assert.deepEqual(readFileSync(join(out, 'premises-export-20261126T120000Z-abcdef', f.name)), readFileSync(f.path), f.name);
    }));

  void it('splits a long path into prefix and name, and checksums the header as ustar says', () => {
    const long = `${'d'.repeat(120)}/file.mp4`;
    const h = tarHeader({ path: long, size: 5, mtimeSec: 0, type: 'file' });
    assert.equal(h.subarray(0, 8).toString('ascii'), 'file.mp4');
    assert.equal(h.subarray(345, 465).toString('ascii'), 'd'.repeat(120));
    const stated = parseInt(h.subarray(148, 154).toString('ascii'), 8);
    const copy = Buffer.from(h);
    copy.fill(0x20, 148, 156);
    assert.equal(stated, copy.reduce((n, b) => n + b, 0));
  });

  void it('stops with an error when a file changed after it was checked', () =>
    withTemp(async (dir) => {
      const f = outgoing(dir, 'a.mp4', Buffer.alloc(2000, 1));
      writeFileSync(f.path, Buffer.alloc(2000, 2));
      await assert.rejects(pipeline(Readable.from(tarStream('x', [f], 0)), createWriteStream(join(dir, 'out.tar'))), /a\.mp4 changed after it was checked/);
    }));
});

void describe('transfer policies', () => {
  void it('accept a complete policy of each kind', () => {
    assert.deepEqual(policyProblems(base, ctx), []);
    assert.deepEqual(
      policyProblems({ ...base, target: { kind: 'sftp', host: '10.0.0.5', port: 22, path: '/in', user: 'premises', keyFile: '/etc/premises/key', hostKeyFingerprint: `SHA256:${'A'.repeat(43)}` } }, ctx),
      [],
    );
    assert.deepEqual(policyProblems({ ...base, target: { kind: 'https', url: 'https://evidence.example/in', certFingerprint: 'AB:'.repeat(31) + 'AB' } }, ctx), []);
    assert.deepEqual(policyProblems({ ...base, target: { kind: 'download', roles: ['owner'] } }, ctx), []);
  });

  void it('refuse raw footage, the data directory, /, plain http, unpinned hosts and past expiry', () => {
    const problems = (p: Partial<NewPolicy>) => policyProblems({ ...base, ...p }, ctx).join('; ');
    assert.match(problems({ data: ['recordings' as 'exports'] }), /can never be transferred/);
    assert.match(problems({ data: [] }), /say which data/);
    assert.match(problems({ target: { kind: 'folder', path: '/srv/premises/data/exports' } }), /overlaps the data directory/);
    assert.match(problems({ target: { kind: 'folder', path: '/srv' } }), /overlaps the data directory/);
    assert.match(problems({ target: { kind: 'folder', path: '/' } }), /cannot be \//);
    assert.match(problems({ target: { kind: 'folder', path: 'usb' } }), /absolute path/);
    assert.match(problems({ target: { kind: 'https', url: 'http://x.example/', certFingerprint: 'ab'.repeat(32) } }), /must start with https/);
    assert.match(problems({ target: { kind: 'https', url: 'https://x.example/', certFingerprint: 'abc' } }), /SHA-256 in hex/);
    assert.match(problems({ target: { kind: 'sftp', host: 'h', port: 22, path: '/in', user: 'u', keyFile: '/k', hostKeyFingerprint: 'MD5:aa' } }), /as OpenSSH prints it/);
    assert.match(problems({ target: { kind: 'download', roles: ['root' as 'owner'] } }), /not a role/);
    assert.match(problems({ expiresAt: NOW }), /in the future/);
    assert.match(problems({ recipientOrg: ' ' }), /recipient organisation is required/);
    assert.match(problems({ name: '../x' }), /the name is/);
  });

  void it('normalise a certificate fingerprint in the forms openssl prints', () => {
    const hex = 'ab'.repeat(32);
    assert.equal(normalizeCertFingerprint(`sha256 Fingerprint=${'AB:'.repeat(31)}AB`), hex);
    assert.equal(normalizeCertFingerprint(hex.toUpperCase()), hex);
    assert.equal(normalizeCertFingerprint('ab'), undefined);
  });

  void it('say in words why a transfer is refused', () => {
    assert.match(policyRefusal(undefined, 'x', { via: 'cli' }, NOW) ?? '', /no transfer policy named "x"/);
    assert.match(policyRefusal(stored({ revokedAt: NOW - 10, revokedBy: 'cli:o', revokeReason: 'ended' }), 'police', { via: 'cli' }, NOW) ?? '', /revoked .*ended/);
    assert.match(policyRefusal(stored(), 'police', { via: 'cli' }, NOW + 2 * 86_400_000) ?? '', /expired on/);
    assert.match(policyRefusal(stored({ data: ['backups'] }), 'police', { via: 'cli' }, NOW) ?? '', /backups only, not exports/);
    assert.match(policyRefusal(stored({ target: { kind: 'download', roles: ['owner'] } }), 'police', { via: 'cli' }, NOW) ?? '', /download button/);
    assert.match(policyRefusal(stored({ target: { kind: 'download', roles: ['owner'] } }), 'police', { via: 'download', role: 'viewer' }, NOW) ?? '', /by owner only/);
    assert.match(policyRefusal(stored(), 'police', { via: 'download', role: 'owner' }, NOW) ?? '', /not a download policy/);
    assert.equal(policyRefusal(stored(), 'police', { via: 'cli' }, NOW), undefined);
    assert.equal(policyRefusal(stored({ target: { kind: 'download', roles: ['owner', 'manager'] } }), 'police', { via: 'download', role: 'manager' }, NOW), undefined);
  });
});

void describe('mount points', () => {
  void it('reads mount points from mountinfo, undoing octal escapes', () => {
    const info = [
      '22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw',
      '95 22 8:17 / /media/usb\\040drive rw,nosuid shared:50 - vfat /dev/sdb1 rw',
      '',
    ].join('\n');
    assert.deepEqual(mountPoints(info), ['/', '/media/usb drive']);
    assert.equal(isRemovableMount('/', info), false, '/ is never a removable drive');
    assert.equal(isRemovableMount('/nonexistent/path', info), false);
  });
});

void describe('what the signs say about transfers', () => {
  void it('keeps "never leaves" with no active policy and lists recipients otherwise', () => {
    assert.equal(describeTransfers([], NOW), undefined);
    assert.equal(describeTransfers([stored({ revokedAt: NOW - 1, revokedBy: 'x', revokeReason: 'y' })], NOW), undefined);
    const text = describeTransfers([stored(), stored({ name: 'b', recipientOrg: 'Insurer Ltd', country: 'United Kingdom', legalBasis: 'contract' })], NOW);
    assert.ok(text);
    assert.match(text.transfers, /Vancouver Police Department \(Canada; legal basis: PIPA s.18\(1\)\(j\); until 2026-11-27\)/);
    assert.match(text.transfers, /Insurer Ltd \(United Kingdom; legal basis: contract/);
    assert.match(text.recipients, /Vancouver Police Department/);
  });
});

void describe('the transfer tables keep their records', () => {
  void it('refuse a self-approval, deletions and edits of fixed fields, in the database itself', () => {
    const db = openDb(':memory:');
    try {
      db.prepare(
        `INSERT INTO transfer_policies (name, kind, target, recipient_org, country, legal_basis, data, expires_at, requires_approval, created_by, created_at)
         VALUES ('p', 'download', '{"roles":["owner"]}', 'Org', 'Canada', 'basis', '["exports"]', 2000, 1, 'cli:o', 1000)`,
      ).run();
      db.prepare("INSERT INTO transfers (id, export_id, policy_name, requested_by, requested_at, state) VALUES (1, 'e', 'p', 'user:alice', 1000, 'awaiting-approval')").run();
      assert.throws(() => db.prepare("INSERT INTO transfer_approvals VALUES (1, 'user:alice', 1001)").run(), /approved by a second person/);
      db.prepare("INSERT INTO transfer_approvals VALUES (1, 'user:bob', 1001)").run();
      assert.throws(() => db.prepare('DELETE FROM transfer_approvals').run(), /never deleted/);
      assert.throws(() => db.prepare("UPDATE transfer_policies SET recipient_org = 'Other'").run(), /fixed once written/);
      assert.throws(() => db.prepare('DELETE FROM transfer_policies').run(), /never deleted/);
      db.prepare("UPDATE transfer_policies SET revoked_at = 1500, revoked_by = 'cli:o', revoke_reason = 'done'").run();
      assert.throws(() => db.prepare("UPDATE transfer_policies SET revoke_reason = 'x'").run(), /fixed once written/);
      db.prepare("UPDATE transfers SET state = 'done', bytes_sent = 10, finished_at = 1600 WHERE id = 1").run();
      assert.throws(() => db.prepare("UPDATE transfers SET bytes_sent = 0 WHERE id = 1").run(), /fixed/);
      assert.throws(() => db.prepare('DELETE FROM transfers').run(), /never deleted/);
    } finally {
      db.close();
    }
  });
});
