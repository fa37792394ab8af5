import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PRIVATE_KEY_FILE } from '../../src/keys/signing.js';
import { cameraYaml, makeInstall } from '../support/install.js';

const PASS = { PREMISES_BACKUP_PASSPHRASE: 'correct horse battery staple' };
const CONFIG_MARK = 'Noodle Bar on Fraser Street';

/**
 * `premises backup` seals the index, the configuration and the keys into one
 * encrypted, authenticated archive; nothing of it is readable without the
 * passphrase, a changed byte anywhere is refused, and `premises restore`
 * builds a working install from it on a fresh data directory.
 */
void describe('sealed backup and restore', () => {
  void it('seals everything into one archive that reveals nothing, refuses a changed byte, and restores a working install', async () => {
    const install = makeInstall(`# ${CONFIG_MARK}\ncameras:\n${cameraYaml('door-cam-7731')}`);
    const elsewhere = mkdtempSync(join(tmpdir(), 'premises-newbox-'));
    try {
      const fp = await install.run(['keys', 'fingerprint']);
      const fingerprint = (fp.out.split('\n')[1] ?? '').trim();
      await install.run(['hold', 'add', '--camera', 'door-cam-7731', '--from', '2026-11-20T10:00:00Z', '--to', '2026-11-20T11:00:00Z', '--kind', 'incident', '--reason', 'till shortfall']);
      assert.equal((await install.run(['audit', 'checkpoint'])).code, 0);

      const short = await install.run(['backup'], { PREMISES_BACKUP_PASSPHRASE: 'short' });
      assert.equal(short.code, 1);
      assert.match(short.err, /too short/);
      const made = await install.run(['backup'], PASS);
      assert.equal(made.code, 0, made.err);
      const backups = join(install.dataDir, 'backups');
      const names = readdirSync(backups);
      assert.equal(names.length, 1, `only the sealed archive is left: ${names.join(', ')}`);
      assert.match(names[0]!, /^premises-backup-\d{8}T\d{6}Z\.pbk$/);
      const archive = join(backups, names[0]!);
      assert.equal(statSync(archive).mode & 0o777, 0o600);

      // Nothing in clear: not the camera id, not the configuration, not the key, not SQLite's header.
      const bytes = readFileSync(archive);
      for (const needle of ['door-cam-7731', CONFIG_MARK, 'till shortfall', 'PRIVATE KEY', 'SQLite format 3', 'ustar']) {
        assert.equal(bytes.indexOf(Buffer.from(needle)), -1, `"${needle}" appears in the archive`);
      }
      assert.equal(spawnSync('grep', ['-q', '-a', '-e', 'door-cam-7731', '-e', CONFIG_MARK, archive]).status, 1, 'grep finds neither the camera id nor the configuration');

      const target = join(elsewhere, 'etc', 'premises.yaml');
      const wrong = await install.raw(['restore', archive, '--config', target, '--passphrase-file', writePass(elsewhere, 'not the passphrase at all')]);
      assert.equal(wrong.code, 1);
      assert.match(wrong.err, /wrong passphrase/);

      // One changed byte in the middle of the ciphertext, and a cut archive: refused, nothing restored.
      const tampered = join(elsewhere, 'tampered.pbk');
      const copy = Buffer.from(bytes);
      copy[Math.floor(copy.length / 2)]! ^= 0x01;
      writeFileSync(tampered, copy);
      const bad = await install.raw(['restore', tampered, '--config', join(elsewhere, 'bad.yaml'), '--passphrase-file', writePass(elsewhere, PASS.PREMISES_BACKUP_PASSPHRASE)]);
      assert.equal(bad.code, 1);
      assert.match(bad.err, /damaged or was altered \(part \d+ fails its authentication check\)/);
      const cut = join(elsewhere, 'cut.pbk');
      writeFileSync(cut, bytes.subarray(0, bytes.length - 100));
      const short2 = await install.raw(['restore', cut, '--config', join(elsewhere, 'cut.yaml'), '--passphrase-file', writePass(elsewhere, PASS.PREMISES_BACKUP_PASSPHRASE)]);
      assert.equal(short2.code, 1);
      assert.match(short2.err, /damaged or was altered/);
      assert.deepEqual(readdirSync(elsewhere).filter((n) => n.endsWith('.yaml') || n === 'data' || n.startsWith('.premises-restore')), [], 'nothing was put in place');

      const ok = await install.raw(['restore', archive, '--config', target, '--passphrase-file', writePass(elsewhere, PASS.PREMISES_BACKUP_PASSPHRASE)]);
      assert.equal(ok.code, 0, ok.err);
      const restoredData = join(elsewhere, 'etc', 'data');
      assert.equal(statSync(join(restoredData, 'keys', PRIVATE_KEY_FILE)).mode & 0o777, 0o600);
      assert.deepEqual(readdirSync(join(elsewhere, 'etc')).filter((n) => n.startsWith('.premises-restore')), [], 'the staging folder is gone');
      const over = await install.raw(['restore', archive, '--config', target, '--passphrase-file', writePass(elsewhere, PASS.PREMISES_BACKUP_PASSPHRASE)]);
      assert.equal(over.code, 1);
      assert.match(over.err, /exists/);

      const { main } = await import('../../src/cli/main.js');
      let out = '';
      let err = '';
      const io = { out: (t: string) => (out += t), err: (t: string) => (err += t), stdin: process.stdin, env: process.env };
      assert.equal(await main(['audit', 'verify', '--fingerprint', fingerprint, '--config', target], io), 0, err);
      assert.match(out, /intact/);
      assert.equal(await main(['check', '--config', target], io), 0, `premises check on the restored install: ${out}${err}`);
      assert.equal(await main(['hold', 'list', '--config', target], io), 0);
      assert.match(out, /till shortfall/);
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
