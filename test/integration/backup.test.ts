import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PRIVATE_KEY_FILE } from '../../src/keys/signing.js';
import { cameraYaml, makeInstall } from '../support/install.js';

const PASS = { PREMISES_BACKUP_PASSPHRASE: 'correct horse battery staple' };

void describe('backup and restore', () => {
  void it('restores index, configuration and keys on a new machine; the audit log still verifies against the old fingerprint', async () => {
    const install = makeInstall(`cameras:\n${cameraYaml('door')}`);
    const elsewhere = mkdtempSync(join(tmpdir(), 'premises-newbox-'));
    try {
      const fp = await install.run(['keys', 'fingerprint']);
      const fingerprint = (fp.out.split('\n')[1] ?? '').trim();
      await install.run(['hold', 'add', '--camera', 'door', '--from', '2026-11-20T10:00:00Z', '--to', '2026-11-20T11:00:00Z', '--kind', 'incident', '--reason', 'till shortfall']);
      assert.equal((await install.run(['audit', 'checkpoint'])).code, 0);

      const short = await install.run(['backup'], { PREMISES_BACKUP_PASSPHRASE: 'short' });
      assert.equal(short.code, 1);
      assert.match(short.err, /too short/);
      const made = await install.run(['backup'], PASS);
      assert.equal(made.code, 0, made.err);
      const backups = join(install.dataDir, 'backups');
      const [name] = readdirSync(backups);
      assert.ok(name);
      const dir = join(backups, name);
      assert.deepEqual(readdirSync(dir).sort(), ['config.yaml', 'index.db', 'keys.sealed.json', 'manifest.json']);
      assert.doesNotMatch(readFileSync(join(dir, 'keys.sealed.json'), 'utf8'), /PRIVATE KEY/);

      const target = join(elsewhere, 'etc', 'premises.yaml');
      const wrong = await install.raw(['restore', dir, '--config', target, '--passphrase-file', writePass(elsewhere, 'not the passphrase at all')]);
      assert.equal(wrong.code, 1);
      assert.match(wrong.err, /wrong passphrase/);

      const ok = await install.raw(['restore', dir, '--config', target, '--passphrase-file', writePass(elsewhere, PASS.PREMISES_BACKUP_PASSPHRASE)]);
      assert.equal(ok.code, 0, ok.err);
      const restoredData = join(elsewhere, 'etc', 'data');
      assert.equal(statSync(join(restoredData, 'keys', PRIVATE_KEY_FILE)).mode & 0o777, 0o600);
      const again = await install.raw(['restore', dir, '--config', join(elsewhere, 'other.yaml'), '--passphrase-file', writePass(elsewhere, PASS.PREMISES_BACKUP_PASSPHRASE)]);
      assert.equal(again.code, 0, 'a second restore to another folder works');
      const over = await install.raw(['restore', dir, '--config', target, '--passphrase-file', writePass(elsewhere, PASS.PREMISES_BACKUP_PASSPHRASE)]);
      assert.equal(over.code, 1);
      assert.match(over.err, /exists/);

      const { main } = await import('../../src/cli/main.js');
      let out = '';
      let err = '';
      const io = { out: (t: string) => (out += t), err: (t: string) => (err += t), stdin: process.stdin, env: process.env };
      assert.equal(await main(['audit', 'verify', '--fingerprint', fingerprint, '--config', target], io), 0, err);
      assert.match(out, /intact/);
      assert.equal(await main(['hold', 'list', '--config', target], io), 0);
      assert.match(out, /till shortfall/);

      appendFileSync(join(dir, 'index.db'), 'x');
      const damaged = await install.raw(['restore', dir, '--config', join(elsewhere, 'third.yaml'), '--passphrase-file', writePass(elsewhere, PASS.PREMISES_BACKUP_PASSPHRASE)]);
      assert.equal(damaged.code, 1);
      assert.match(damaged.err, /does not match the backup manifest/);
    } finally {
      install.cleanup();
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});

function writePass(dir: string, text: string): string {
  const p = join(dir, `pass-${Math.random().toString(36).slice(2)}`);
  writeFileSync(p, `${text}\n`, { mode: 0o600 });
  return p;
}
