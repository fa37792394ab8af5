import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const OPEN = new URL('../../src/db/open.js', import.meta.url).href;

void describe('openDb on a data folder the user cannot write', () => {
  void it('names the file, the owner of its folder and the user Premises runs as', () => {
    assert.equal(process.getuid?.(), 0, 'this test switches to another user, so it runs as root (CI does)');
    const dir = mkdtempSync(join(tmpdir(), 'premises-perm-'));
    try {
      const data = join(dir, 'data');
      mkdirSync(data);
      chmodSync(dir, 0o755);
      chmodSync(data, 0o755);
      // As "nobody", like a container whose volume still belongs to root.
      const script = `process.setgid(65534); process.setuid(65534);
        const m = await import(${JSON.stringify(OPEN)});
        try { m.openDb(${JSON.stringify(join(data, 'index.db'))}); console.log('opened'); } catch (e) { console.log(e.kind + ': ' + e.message); }`;
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
      assert.match(out, /^FailedPrecondition: cannot open the index .*index\.db: the folder .*data belongs to uid 0 \(mode 755\) and Premises runs as uid 65534; make it writable for that user \(chown 65534 /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
