import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { openDb } from '../../src/db/open.js';
import { DataLayout } from '../../src/shared/data-layout.js';
import { cameraYaml, makeInstall } from '../support/install.js';
import { addSegments } from '../support/segments.js';

const H = 3_600_000;

void describe('retention and hold commands', () => {
  void it('config validate refuses a camera above the jurisdiction cap unless justified', async () => {
    const install = makeInstall(`jurisdiction: EU\ncameras:\n${cameraYaml('door', '    retention:\n      maxAge: 60d\n')}`);
    try {
      const bad = await install.raw(['config', 'validate', install.configPath]);
      assert.equal(bad.code, 1);
      assert.match(bad.err, /cameras\[0\]\.retention\.maxAge: 60d is above the EU cap of 30d/);
      install.writeConfig(
        `jurisdiction: EU\ncameras:\n${cameraYaml('door', '    retention:\n      maxAge: 60d\n      justification: insurer requires 60 days for the loading dock after two thefts\n')}`,
      );
      const good = await install.raw(['config', 'validate', install.configPath]);
      assert.equal(good.code, 0, good.err);
      // The justification is logged when the rule is first applied.
      const run = await install.run(['retention', 'run']);
      assert.equal(run.code, 0, run.err);
      const db = openDb(new DataLayout(install.dataDir).indexPath);
      const row = db.prepare("SELECT details FROM audit_log WHERE action = 'retention.applied'").get() as { details: string };
      db.close();
      assert.match(row.details, /"aboveCap":true.*"justification":"insurer requires 60 days/);
    } finally {
      install.cleanup();
    }
  });

  void it('a minimal camera entry stays valid and takes the profile default', async () => {
    const install = makeInstall(`cameras:\n${cameraYaml('door')}`);
    try {
      const r = await install.raw(['config', 'validate', install.configPath]);
      assert.equal(r.code, 0, r.err);
    } finally {
      install.cleanup();
    }
  });

  void it('lowering retention from 7d to 1h is refused without --force, done and logged with it', async () => {
    const install = makeInstall(`cameras:\n${cameraYaml('door')}`);
    try {
      const layout = new DataLayout(install.dataDir);
      mkdirSync(layout.recordingsRoot, { recursive: true });
      const db = openDb(layout.indexPath);
      const now = Date.now();
      addSegments(db, layout, 'door', { startMs: now - 3 * H, count: 2, durationMs: H }); // ends 2 h and 1 h ago
      addSegments(db, layout, 'door', { startMs: now - 10_000, count: 1 });
      db.close();

      const first = await install.run(['retention', 'run']);
      assert.equal(first.code, 0, first.err);
      assert.match(first.out, /nothing to delete/);

      install.writeConfig(`cameras:\n${cameraYaml('door', '    retention:\n      maxAge: 1h\n')}`);
      const dry = await install.run(['retention', 'run', '--dry-run']);
      assert.match(dry.out, /REFUSED: camera door: lowering retention from 7d to 1h would delete at once 2 segment/);
      const refused = await install.run(['retention', 'run']);
      assert.equal(refused.code, 1);
      assert.match(refused.out, /REFUSED: .*--force/);
      const count = () => {
        const d = openDb(layout.indexPath);
        const n = (d.prepare('SELECT COUNT(*) AS n FROM segments').get() as { n: number }).n;
        d.close();
        return n;
      };
      assert.equal(count(), 3);

      const forced = await install.run(['retention', 'run', '--force']);
      assert.equal(forced.code, 0, forced.err);
      assert.match(forced.out, /camera door: deleted 2 segment\(s\)/);
      assert.match(forced.out, /retention lowered from 7d to 1h \(confirmed with --force; logged\)/);
      assert.equal(count(), 1);
      const d = openDb(layout.indexPath);
      const lowered = d.prepare("SELECT actor, details FROM audit_log WHERE action = 'retention.lowered'").get() as { actor: string; details: string };
      d.close();
      assert.match(lowered.actor, /^cli:/);
      assert.match(lowered.details, /"from":"7d".*"to":"1h"/);
      const verify = await install.run(['audit', 'verify']);
      assert.equal(verify.code, 0, verify.err);
      const cert = await install.run(['retention', 'certificate', '1']);
      assert.equal(cert.code, 0, cert.err);
      assert.match(cert.out, /certificate 1 .*: 2 segment\(s\).*\ncomplete: its list hash [0-9a-f]{64} matches audit entry \d+/);
      const t = openDb(layout.indexPath);
      t.prepare("UPDATE deletion_certificate_items SET sha256 = ? WHERE rowid = (SELECT MIN(rowid) FROM deletion_certificate_items)").run('f'.repeat(64));
      t.close();
      const altered = await install.run(['retention', 'certificate', '1']);
      assert.equal(altered.code, 1);
      assert.match(altered.err, /NOT VALID: the certificate's list does not match the audit record/);
    } finally {
      install.cleanup();
    }
  });

  void it('hold add, list and release through the CLI; a decision hold cannot be released early', async () => {
    const install = makeInstall(`cameras:\n${cameraYaml('till')}`);
    try {
      const add = await install.run(['hold', 'add', '--camera', 'till', '--from', '2026-11-20T10:00:00Z', '--to', '2026-11-20T11:00:00Z', '--kind', 'police', '--reason', 'police file 26-1234', '--review', '2027-01-01T00:00:00Z']);
      assert.equal(add.code, 0, add.err);
      assert.match(add.out, /hold 1 \[police\] camera till 2026-11-20T10:00:00.000Z/);
      const decision = await install.run(['hold', 'add', '--camera', 'till', '--from', '2026-11-20T10:00:00Z', '--to', '2026-11-20T11:00:00Z', '--kind', 'decision', '--reason', 'staff discipline']);
      assert.equal(decision.code, 0, decision.err);
      const unknown = await install.run(['hold', 'add', '--camera', 'nope', '--from', '2026-11-20T10:00:00Z', '--to', '2026-11-20T11:00:00Z', '--kind', 'legal', '--reason', 'x']);
      assert.equal(unknown.code, 1);
      const badKind = await install.run(['hold', 'add', '--camera', 'till', '--from', '2026-11-20T10:00:00Z', '--to', '2026-11-20T11:00:00Z', '--kind', 'whim', '--reason', 'x']);
      assert.equal(badKind.code, 2);
      const list = await install.run(['hold', 'list']);
      assert.match(list.out, /hold 1 .*active/);
      assert.match(list.out, /hold 2 \[decision\]/);
      const early = await install.run(['hold', 'release', '2', '--reason', 'no longer needed']);
      assert.equal(early.code, 1);
      assert.match(early.err, /at least one year after the decision/);
      const release = await install.run(['hold', 'release', '1', '--reason', 'case closed']);
      assert.equal(release.code, 0, release.err);
      const after = await install.run(['hold', 'list']);
      assert.doesNotMatch(after.out, /hold 1 /);
      const all = await install.run(['hold', 'list', '--all']);
      assert.match(all.out, /hold 1 .*released .*case closed/);
    } finally {
      install.cleanup();
    }
  });
});
