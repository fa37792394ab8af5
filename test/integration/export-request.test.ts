import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDb } from '../../src/db/open.js';
import type { ExportManifest } from '../../src/disclosure/export/manifest.js';
import { DataLayout } from '../../src/shared/data-layout.js';
import { addRecordedRun } from '../support/footage.js';
import { makeInstall, type TestInstall } from '../support/install.js';

const T0 = Date.UTC(2026, 10, 26, 10, 0, 0);
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

void describe('export answering an access request (real ffmpeg, real index)', () => {
  let install: TestInstall;
  let layout: DataLayout;

  before(() => {
    install = makeInstall('cameras: []\n');
    layout = new DataLayout(install.dataDir);
    mkdirSync(layout.recordingsRoot, { recursive: true });
    const db = openDb(layout.indexPath);
    addRecordedRun(db, layout, 'cam1', { startMs: T0, seconds: 12 });
    addRecordedRun(db, layout, 'cam2', { startMs: T0, seconds: 8 });
    db.close();
  });
  after(() => install.cleanup());

  const exportJson = async (args: string[]) => {
    const r = await install.run(['export', ...args, '--json']);
    assert.equal(r.code, 0, r.err);
    const { dir } = JSON.parse(r.out) as { dir: string };
    return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ExportManifest;
  };

  void it('lists earlier disclosures of the same camera and time, and not others', async () => {
    const police = await exportJson(['--camera', 'cam1', '--from', at(1), '--to', at(9), '--reason', 'theft', '--requested-by', 'Cst. Example, VPD', '--legal-basis', 'PIPA s.18(1)(j)']);
    await exportJson(['--camera', 'cam2', '--from', at(1), '--to', at(7), '--reason', 'slip', '--requested-by', 'insurer', '--legal-basis', 'PIPA s.18(1)(c)']);
    await exportJson(['--camera', 'cam1', '--from', at(10), '--to', at(12), '--reason', 'other', '--requested-by', 'owner', '--legal-basis', 'PIPA s.14']);
    const req = await install.run([
      'request', 'add', '--requester', 'A. Person', '--identity', 'photo ID', '--received', '2026-11-26', '--camera', 'cam1', '--from', at(2), '--to', at(5),
      '--description', 'me at the till',
    ]);
    assert.equal(req.code, 0, req.err);

    const answer = await exportJson([
      '--camera', 'cam1', '--from', at(2), '--to', at(5), '--reason', 'access request', '--requested-by', 'A. Person', '--legal-basis', 'PIPA s.23',
      '--request', '1', '--redact', 'cam1,0,0,100,100',
    ]);
    assert.equal(answer.accessRequest?.id, 1);
    assert.equal(answer.accessRequest.due, '2027-01-11');
    assert.deepEqual(
      answer.accessRequest.disclosures.map((d) => [d.exportId, d.requestedBy, d.legalBasis, d.from, d.to]),
      [[police.id, 'Cst. Example, VPD', 'PIPA s.18(1)(j)', at(1), at(9)]],
    );
  });

  void it('an erased disclosure is still listed, as erased; a closed or unknown request is refused', async () => {
    const db = openDb(layout.indexPath);
    const seq = (db.prepare("SELECT seq FROM audit_log WHERE action = 'export.created' ORDER BY seq LIMIT 1").get() as { seq: number }).seq;
    db.close();
    const erase = await install.run(['audit', 'erase', String(seq), '--reason', 'erasure request']);
    assert.equal(erase.code, 0, erase.err);
    const m = await exportJson(['--camera', 'cam1', '--from', at(2), '--to', at(5), '--reason', 'r', '--requested-by', 'A. Person', '--legal-basis', 'PIPA s.23', '--request', '1']);
    assert.equal(m.accessRequest?.disclosures.filter((d) => d.detailsErased).length, 1);

    const unknown = await install.run(['export', '--camera', 'cam1', '--from', at(2), '--to', at(5), '--reason', 'r', '--requested-by', 'x', '--legal-basis', 'y', '--request', '9']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /no access request with id 9/);
    assert.equal((await install.run(['request', 'close', '1', '--outcome', 'answered'])).code, 0);
    const closed = await install.run(['export', '--camera', 'cam1', '--from', at(2), '--to', at(5), '--reason', 'r', '--requested-by', 'x', '--legal-basis', 'y', '--request', '1']);
    assert.equal(closed.code, 1);
    assert.match(closed.err, /access request 1 is closed/);
  });
});
