import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openDb, type Db } from '../../src/db/open.js';
import type { ExportManifest } from '../../src/disclosure/export/manifest.js';
import { verifyExport } from '../../src/disclosure/export/verify.js';
import { DataLayout } from '../../src/shared/data-layout.js';
import { addRecordedRun, mediaErrors } from '../support/footage.js';
import { cameraYaml, makeInstall, type TestInstall } from '../support/install.js';
import { BUSINESS_LINES, CLI } from '../support/premises.js';

/**
 * Incident cases (docs/cases.md) with real footage (ffmpeg-made segments, a
 * real index) through the real CLI: three cameras and four ranges in one
 * case, held through a retention sweep, exported as one package with one
 * signed manifest that passes the single export's offline check and the
 * recipient's shell recipe from docs/exports.md, sent to a drive under one
 * transfer policy, and released together when the case is closed.
 */
const T0 = Math.floor((Date.now() - 5 * 24 * 3600 * 1000) / 1000) * 1000; // older than the 1-day retention below
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const RECIPIENT = 'Northshore Insurance, claim 4471';
const DOCS = fileURLToPath(new URL('../../../docs/exports.md', import.meta.url));

function recipientScript(): string {
  const m = /<!-- recipient-verify:begin -->\n```sh\n([\s\S]*?)```\n<!-- recipient-verify:end -->/.exec(readFileSync(DOCS, 'utf8'));
  assert.ok(m, 'docs/exports.md has the recipient-verify block');
  return m[1]!;
}

/** The real CLI as a child process (the transfer needs a private mount namespace around it). */
function cli(args: string[], wrap: string[] = []): { code: number | null; out: string; err: string } {
  const full = [...wrap, process.execPath, CLI, ...args];
  const r = spawnSync(full[0]!, full.slice(1), { encoding: 'utf8', env: { ...process.env, USER: 'alice', SUDO_USER: 'alice' }, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

void describe('incident cases: several cameras and ranges, one hold, one package', () => {
  let install: TestInstall;
  let layout: DataLayout;
  let db: Db;
  let fingerprint: string;
  let caseDir = '';
  let exportId = '';
  const cfg = () => ['--config', install.configPath];
  const segmentsOf = (camera: string) => (db.prepare('SELECT start_ms FROM segments WHERE camera_id = ? ORDER BY start_ms').all(camera) as { start_ms: number }[]).map((r) => (r.start_ms - T0) / 1000);
  const actions = (action: string) => db.prepare('SELECT actor, subject, details FROM audit_log WHERE action = ? ORDER BY seq').all(action) as { actor: string; subject: string; details: string }[];

  before(async () => {
    const retention = '    retention:\n      maxAge: 1d\n';
    install = makeInstall(`${BUSINESS_LINES.join('\n')}\ncameras:\n${cameraYaml('door', retention)}${cameraYaml('till', retention)}${cameraYaml('yard', retention)}${cameraYaml('hall', retention)}`);
    layout = new DataLayout(install.dataDir);
    mkdirSync(layout.recordingsRoot, { recursive: true });
    db = openDb(layout.indexPath);
    // 12 s per camera in 4 s segments (0–4, 4–8, 8–12), keyframe every 0.8 s.
    for (const camera of ['door', 'till', 'yard']) addRecordedRun(db, layout, camera, { startMs: T0, seconds: 12 });
    // Recent footage of a fourth camera: retention pauses age-based deletion when the newest recording is far behind the clock.
    addRecordedRun(db, layout, 'hall', { startMs: Date.now() - 60_000, seconds: 4 });
    fingerprint = (await install.run(['keys', 'fingerprint'])).out.trim().split('\n').at(-1)!;
  });

  after(() => {
    db?.close();
    install?.cleanup();
  });

  void it('opens a case and holds each range as it is added', async () => {
    const opened = await install.run(['case', 'open', '--name', 'Break-in, Friday night', '--reason', 'back door forced; insurer and police asked for the footage', '--kind', 'police']);
    assert.equal(opened.code, 0, opened.err);
    assert.match(opened.out, /^case 1 opened: Break-in, Friday night/);
    for (const [camera, from, to] of [
      ['door', 2, 6],
      ['till', 5, 7],
      ['yard', 1, 3],
      ['yard', 9, 11],
    ] as const) {
      const r = await install.run(['case', 'add', '1', '--camera', camera, '--from', at(from), '--to', at(to)]);
      assert.equal(r.code, 0, r.err);
    }
    const unknown = await install.run(['case', 'add', '1', '--camera', 'cellar', '--from', at(0), '--to', at(1)]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /no camera "cellar"/);

    const shown = JSON.parse((await install.run(['case', 'show', '1', '--json'])).out) as { kind: string; ranges: { camera: string; from: string; hold: number }[]; closed: unknown };
    assert.equal(shown.kind, 'police');
    assert.equal(shown.closed, null);
    assert.deepEqual(shown.ranges.map((r) => [r.camera, r.from]), [['door', at(2)], ['till', at(5)], ['yard', at(1)], ['yard', at(9)]]);
    assert.equal(actions('case.range-added').length, 4);
    assert.equal(actions('hold.added').length, 4, 'each range is a hold of its own, audited');

    // A range cannot be let go on its own: the case's footage is released together.
    const release = await install.run(['hold', 'release', String(shown.ranges[0]!.hold), '--reason', 'trying']);
    assert.equal(release.code, 1);
    assert.match(release.err, /is a range of case 1: .* close the case to release it \(premises case close 1\)/);
  });

  void it('keeps the held footage through a retention sweep and deletes the rest', async () => {
    const sweep = await install.run(['retention', 'run']);
    assert.equal(sweep.code, 0, sweep.err);
    // Every segment a range touches stays; the others are older than a day and go.
    assert.deepEqual(segmentsOf('door'), [0, 4]);
    assert.deepEqual(segmentsOf('till'), [4]);
    assert.deepEqual(segmentsOf('yard'), [0, 8]);
  });

  void it('exports the whole case as one package with one manifest that verifies offline like a single export', async () => {
    const missing = await install.run(['case', 'export', '1', '--legal-basis', 'PIPA s.18(1)(j)']);
    assert.equal(missing.code, 2, 'the recipient is required');
    const r = await install.run(['case', 'export', '1', '--recipient', RECIPIENT, '--legal-basis', 'PIPA s.18(1)(j); insurer with the owner’s consent', '--json']);
    assert.equal(r.code, 0, r.err);
    ({ id: exportId, dir: caseDir } = JSON.parse(r.out) as { id: string; dir: string });
    assert.deepEqual(readdirSync(layout.exportsDir), [exportId], 'one package');

    const m = JSON.parse(readFileSync(join(caseDir, 'manifest.json'), 'utf8')) as ExportManifest;
    assert.equal(m.format, 'premises-export-v1');
    assert.deepEqual(m.cameras, ['door', 'till', 'yard']);
    assert.equal(m.requestedBy, RECIPIENT);
    assert.deepEqual(m.range, { from: at(1), to: at(11) }, 'the span of every range');
    assert.deepEqual(m.case?.ranges, [
      { camera: 'door', from: at(2), to: at(6) },
      { camera: 'till', from: at(5), to: at(7) },
      { camera: 'yard', from: at(1), to: at(3) },
      { camera: 'yard', from: at(9), to: at(11) },
    ]);
    assert.equal(m.case?.name, 'Break-in, Friday night');
    assert.equal(m.case?.recipient, RECIPIENT);
    assert.match(m.reason, /^Break-in, Friday night: back door forced/);
    // One file per camera range, each within its own range (from the keyframe at or before its start).
    assert.deepEqual(m.files.map((f) => [f.camera, f.end]), [['door', at(6)], ['till', at(7)], ['yard', at(3)], ['yard', at(11)]]);
    for (const f of m.files) {
      const own = m.case.ranges.filter((x) => x.camera === f.camera);
      assert.ok(own.some((x) => Date.parse(f.start) <= Date.parse(x.from) && Date.parse(x.from) - Date.parse(f.start) < 800 && f.end === x.to), `${f.name} lies in a range of its camera`);
      assert.equal(mediaErrors(join(caseDir, f.name)), '', f.name);
    }
    assert.deepEqual(m.gaps, []);

    // The same offline check as a single export, by Premises and by the recipient's shell recipe.
    const v = await verifyExport(caseDir, { fingerprint });
    assert.deepEqual(v.problems, []);
    assert.equal(v.filesChecked, 4);
    const cliVerify = cli(['export', 'verify', caseDir, '--fingerprint', fingerprint]);
    assert.equal(cliVerify.code, 0, cliVerify.out + cliVerify.err);
    const shell = spawnSync('sh', ['-c', recipientScript()], { env: { ...process.env, EXPORT: caseDir, FP: fingerprint }, encoding: 'utf8' });
    assert.equal(shell.status, 0, shell.stdout + shell.stderr);
    assert.equal((`${shell.stdout}`.match(/: OK$/gm) ?? []).length, 4, 'sha256sum checks every file');

    const created = actions('export.created');
    assert.equal(created.length, 1);
    assert.equal((JSON.parse(created[0]!.details) as { case: number }).case, 1);
    const shown = JSON.parse((await install.run(['case', 'show', '1', '--json'])).out) as { exports: { id: string; recipient: string }[] };
    assert.deepEqual(shown.exports.map((e) => [e.id, e.recipient]), [[exportId, RECIPIENT]]);
  });

  void it('sends the package to a drive under one transfer policy', () => {
    const usb = join(install.dir, 'usb');
    const drive = join(install.dir, 'drive');
    mkdirSync(usb);
    mkdirSync(drive);
    const policy = ['--recipient', 'Northshore Insurance', '--country', 'Canada', '--legal-basis', 'owner consent', '--expires', '2099-01-01T00:00:00Z'];
    assert.equal(cli(['transfer-policy', 'add', 'insurer-usb', '--kind', 'folder', '--path', usb, ...policy, ...cfg()]).code, 0);
    const wrap = ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', `mount --bind "$0" "$1" && shift && exec "$@"`, drive, usb];
    const sent = cli(['transfer', exportId, '--policy', 'insurer-usb', ...cfg()], wrap);
    assert.equal(sent.code, 0, sent.err + sent.out);
    const copy = join(drive, `premises-export-${exportId}`);
    const v = cli(['export', 'verify', copy, '--fingerprint', fingerprint]);
    assert.equal(v.code, 0, v.out + v.err);
    assert.equal(actions('transfer.completed').length, 1, 'one transfer for the whole case');
  });

  void it('closing the case releases every range together; the next sweep deletes the footage', async () => {
    const noReason = await install.run(['case', 'close', '1']);
    assert.equal(noReason.code, 2);
    const closed = await install.run(['case', 'close', '1', '--reason', 'claim settled, police file closed']);
    assert.equal(closed.code, 0, closed.err);
    assert.match(closed.out, /case 1 closed; 4 range\(s\) released/);
    assert.equal(actions('hold.released').length, 4);
    const entry = actions('case.closed');
    assert.equal(entry.length, 1);
    assert.deepEqual((JSON.parse(entry[0]!.details) as { holdsReleased: number[] }).holdsReleased, [1, 2, 3, 4]);
    assert.equal((await install.run(['case', 'close', '1', '--reason', 'again'])).code, 1, 'a closed case stays closed');
    const late = await install.run(['case', 'add', '1', '--camera', 'door', '--from', at(0), '--to', at(1)]);
    assert.equal(late.code, 1);
    assert.match(late.err, /case 1 was closed/);

    assert.equal((await install.run(['retention', 'run'])).code, 0);
    for (const camera of ['door', 'till', 'yard']) assert.deepEqual(segmentsOf(camera), [], camera);
    // The package already made stays until it expires.
    assert.deepEqual(readdirSync(layout.exportsDir), [exportId]);
  });
});
