import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Alarms } from '../../src/alarms/alarms.js';
import { AuditLog, sha256Hex } from '../../src/audit/log.js';
import { openDb, type Db } from '../../src/db/open.js';
import { createExport } from '../../src/disclosure/export/create.js';
import { sweepExports } from '../../src/disclosure/export/expire.js';
import { concatScript, runConcat } from '../../src/disclosure/export/ffmpeg.js';
import { manifestBytes, PUBLIC_KEY_FILE, signManifest, signerBlock, type ExportManifest } from '../../src/disclosure/export/manifest.js';
import { ExportStore } from '../../src/disclosure/export/store.js';
import { verifyExport } from '../../src/disclosure/export/verify.js';
import { formatFingerprint, SigningKey } from '../../src/keys/signing.js';
import { DataLayout } from '../../src/shared/data-layout.js';
import { offsetClock } from '../../src/shared/clock.js';
import { addRecordedRun, GOP_SECONDS, mediaErrors, mediaSeconds } from '../support/footage.js';
import { makeInstall, type TestInstall } from '../support/install.js';
import { ffmpegProcessesMentioning } from '../support/premises.js';

const T0 = Date.UTC(2026, 10, 26, 10, 0, 0);
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
const WHY = ['--reason', 'theft at the till on 26 Nov', '--requested-by', 'Cst. Example, Vancouver PD file 26-123', '--legal-basis', 'PIPA s.18(1)(j) law enforcement'];

const DOCS = fileURLToPath(new URL('../../../docs/exports.md', import.meta.url));

/** The recipient's commands exactly as docs/exports.md shows them. */
function recipientScript(): string {
  const text = readFileSync(DOCS, 'utf8');
  const m = /<!-- recipient-verify:begin -->\n```sh\n([\s\S]*?)```\n<!-- recipient-verify:end -->/.exec(text);
  assert.ok(m, 'docs/exports.md has the recipient-verify block');
  return m[1]!;
}

function runRecipient(exportDir: string, fingerprint: string): { code: number | null; out: string } {
  const r = spawnSync('sh', ['-c', recipientScript()], { env: { ...process.env, EXPORT: exportDir, FP: fingerprint }, encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** The types of the top-level MP4 boxes, in file order. */
function topLevelBoxes(data: Buffer): string[] {
  const types: string[] = [];
  for (let at = 0; at + 8 <= data.length; ) {
    let size = data.readUInt32BE(at);
    if (size === 1) size = Number(data.readBigUInt64BE(at + 8));
    types.push(data.toString('latin1', at + 4, at + 8));
    if (size < 8) break;
    at += size;
  }
  return types;
}

function flipByte(file: string, offset: number): void {
  const data = readFileSync(file);
  data[offset] = data[offset]! ^ 0xff;
  writeFileSync(file, data);
}

void describe('premises export (real ffmpeg, real index)', () => {
  let install: TestInstall;
  let layout: DataLayout;
  let db: Db;
  let fingerprint: string; // as printed: groups of four
  let gapExport: { id: string; dir: string };
  let scratch: string;

  const readManifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ExportManifest;
  const copyOf = (name: string) => {
    const dest = join(scratch, name);
    cpSync(gapExport.dir, dest, { recursive: true });
    return dest;
  };

  before(async () => {
    install = makeInstall('cameras: []\n');
    layout = new DataLayout(install.dataDir);
    mkdirSync(layout.recordingsRoot, { recursive: true });
    scratch = join(install.dir, 'scratch');
    mkdirSync(scratch);
    db = openDb(layout.indexPath);
    // cam1: two runs, 0–12 s and 20–32 s (segments of 4 s, keyframe every 0.8 s); cam3 for tampering.
    addRecordedRun(db, layout, 'cam1', { startMs: T0, seconds: 12 });
    addRecordedRun(db, layout, 'cam1', { startMs: T0 + 20_000, seconds: 12 });
    addRecordedRun(db, layout, 'cam3', { startMs: T0, seconds: 12 });
    // cam4: two runs over the same time (a clock step between them), 2 s apart.
    addRecordedRun(db, layout, 'cam4', { startMs: T0, seconds: 8 });
    addRecordedRun(db, layout, 'cam4', { startMs: T0 + 2_000, seconds: 8 });
    const fp = await install.run(['keys', 'fingerprint']);
    assert.equal(fp.code, 0, fp.err);
    fingerprint = fp.out.trim().split('\n').at(-1)!;
    assert.match(fingerprint, /^([0-9a-f]{4} ){15}[0-9a-f]{4}$/);
  });

  after(() => {
    db.close();
    install.cleanup();
  });

  void it('cuts one file from the keyframe at or before --from, by stream copy, and audits the manifest hash', async () => {
    const r = await install.run(['export', '--camera', 'cam1', '--from', at(5), '--to', at(9), ...WHY, '--json']);
    assert.equal(r.code, 0, r.err);
    const { id, dir } = JSON.parse(r.out) as { id: string; dir: string };
    assert.equal(dir, join(layout.exportsDir, id));
    assert.match(r.err, /checking source segments: 2\/2/);
    assert.match(r.err, /file 1\/1: 100%/);

    const m = readManifest(dir);
    assert.equal(m.files.length, 1);
    const f = m.files[0]!;
    // Keyframes at 4.0, 4.8, 5.6 s: the last at or before 5.0 s is 4.8 s.
    assert.equal(f.start, at(4.8));
    assert.equal(f.end, at(9));
    assert.deepEqual(m.gaps, []);
    assert.equal(f.sources.length, 2);
    assert.deepEqual(m.range, { from: at(5), to: at(9) });
    assert.equal(m.reason, 'theft at the till on 26 Nov');
    assert.match(m.exportedBy, /^cli:/);

    const file = join(dir, f.name);
    assert.equal(mediaErrors(file), '');
    const seconds = mediaSeconds(file);
    assert.ok(Math.abs(seconds - 4) <= GOP_SECONDS + 0.05, `duration ${seconds} s vs 4 s of range`);
    assert.ok(Math.abs(seconds - (Date.parse(f.end) - Date.parse(f.start)) / 1000) <= 0.1, `duration ${seconds} s vs manifest times`);
    // Fragmented MP4 written in one pass: ftyp, moov (track setup) first, then moof+mdat per GOP, mfra (seek index) last.
    const boxes = topLevelBoxes(readFileSync(file));
    assert.deepEqual(boxes.slice(0, 4), ['ftyp', 'moov', 'moof', 'mdat'], boxes.join(','));
    assert.equal(boxes.at(-1), 'mfra', 'a random-access index at the end, for seeking');

    const manifestSha = sha256Hex(readFileSync(join(dir, 'manifest.json')));
    const audit = db.prepare("SELECT actor, subject, details FROM audit_log WHERE action = 'export.created'").all() as { actor: string; subject: string; details: string }[];
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.subject, `export:${id}`);
    assert.equal((JSON.parse(audit[0]!.details) as { manifestSha256: string }).manifestSha256, manifestSha);
    const created = db.prepare("SELECT seq FROM audit_log WHERE action = 'export.created'").get() as { seq: number };
    const cp = db.prepare('SELECT MAX(size) AS size FROM audit_checkpoints').get() as { size: number | null };
    assert.ok((cp.size ?? 0) >= created.seq, 'a signed checkpoint covers the export entry at once');
    const rec = new ExportStore(db).get(id);
    assert.equal(rec?.manifestSha256, manifestSha);
    assert.equal(rec.expiresAt - rec.createdAt, 30 * 24 * 3600 * 1000);
    assert.deepEqual(readdirSync(layout.exportsDir), [id], 'no working folder left behind');

    const ok = await install.raw(['export', 'verify', dir, '--fingerprint', fingerprint]);
    assert.equal(ok.code, 0, ok.out);
    assert.match(ok.out, /^OK: export /);
  });

  void it('a range spanning a gap gives two files, never joined, and lists the gap', async () => {
    const r = await install.run(['export', '--camera', 'cam1', '--from', at(6), '--to', at(26), ...WHY, '--json']);
    assert.equal(r.code, 0, r.err);
    gapExport = JSON.parse(r.out) as { id: string; dir: string };
    const m = readManifest(gapExport.dir);
    assert.equal(m.files.length, 2);
    assert.deepEqual(m.gaps, [{ camera: 'cam1', from: at(12), to: at(20) }]);
    const [a, b] = m.files as [ExportManifest['files'][number], ExportManifest['files'][number]];
    assert.notEqual(a.run, b.run);
    assert.equal(a.start, at(5.6));
    assert.equal(a.end, at(12));
    assert.equal(b.start, at(20));
    assert.equal(b.end, at(26));
    // Each file's duration matches its run's part of the range (6 s each) within one GOP.
    for (const f of m.files) {
      const file = join(gapExport.dir, f.name);
      assert.equal(mediaErrors(file), '', f.name);
      const seconds = mediaSeconds(file);
      assert.ok(Math.abs(seconds - 6) <= GOP_SECONDS + 0.05, `${f.name}: ${seconds} s vs 6 s`);
    }
    const v = await verifyExport(gapExport.dir, { fingerprint });
    assert.deepEqual(v.problems, []);
    assert.equal(v.filesChecked, 2);
    const pub = await install.raw(['export', 'verify', gapExport.dir, '--public-key', join(layout.keysDir, 'signing-ed25519.pub.pem')]);
    assert.equal(pub.code, 0, pub.out);
  });

  void it('verify fails on a flipped byte, swapped files, an extra file, an edited manifest and a foreign key', async () => {
    const m = readManifest(gapExport.dir);
    const [a, b] = m.files.map((f) => f.name) as [string, string];
    const kinds = async (dir: string) => (await verifyExport(dir, { fingerprint })).problems.map((p) => p.kind);

    const flipped = copyOf('flipped');
    flipByte(join(flipped, a), 5000);
    assert.deepEqual(await kinds(flipped), ['hash-mismatch']);
    const cli = await install.raw(['export', 'verify', flipped, '--fingerprint', fingerprint]);
    assert.equal(cli.code, 1);
    assert.match(cli.out, /hash-mismatch: .*\.mp4/);

    const swapped = copyOf('swapped');
    renameSync(join(swapped, a), join(swapped, 'tmp'));
    renameSync(join(swapped, b), join(swapped, a));
    renameSync(join(swapped, 'tmp'), join(swapped, b));
    const swappedKinds = await kinds(swapped);
    assert.ok(swappedKinds.length >= 2 && swappedKinds.every((k) => k === 'hash-mismatch' || k === 'size-mismatch'), swappedKinds.join());

    const extra = copyOf('extra');
    writeFileSync(join(extra, 'note.txt'), 'added later');
    assert.deepEqual(await kinds(extra), ['unlisted-file']);

    const edited = copyOf('edited');
    const text = readFileSync(join(edited, 'manifest.json'), 'utf8');
    writeFileSync(join(edited, 'manifest.json'), text.replace('theft at the till on 26 Nov', 'theft at the till on 27 Nov'));
    assert.deepEqual(await kinds(edited), ['bad-signature']);

    // Re-signed with a foreign key: a self-consistent folder, which passes only when that foreign key is the pin.
    const foreign = copyOf('foreign');
    const key = SigningKey.generate();
    const forged: ExportManifest = { ...m, reason: 'something else', signer: signerBlock(key) };
    const json = manifestBytes(forged);
    writeFileSync(join(foreign, 'manifest.json'), json);
    writeFileSync(join(foreign, 'manifest.sig'), signManifest(key, json));
    writeFileSync(join(foreign, PUBLIC_KEY_FILE), key.publicKeyPem());
    assert.deepEqual(await kinds(foreign), ['untrusted-key']);
    assert.deepEqual((await verifyExport(foreign, { fingerprint: key.fingerprint() })).problems, [], 'the forgery is well-formed: only the pin catches it');
    const pinnedPem = readFileSync(join(layout.keysDir, 'signing-ed25519.pub.pem'), 'utf8');
    assert.ok((await kinds(foreign)).includes('untrusted-key'));
    assert.ok((await verifyExport(foreign, { publicKeyPem: pinnedPem })).problems.some((p) => p.kind === 'untrusted-key' || p.kind === 'bad-signature'));
  });

  void it("the recipient's sha256sum + openssl commands in docs/exports.md pass on an export and fail on tampering", () => {
    const good = runRecipient(gapExport.dir, fingerprint);
    assert.equal(good.code, 0, good.out);
    assert.match(good.out, /key: matches the fingerprint/);
    assert.match(good.out, /Signature Verified Successfully/);
    assert.match(good.out, /SHA256SUMS: named in the signed manifest/);
    assert.equal((good.out.match(/\.mp4: OK/g) ?? []).length, 2);
    assert.deepEqual(readdirSync(gapExport.dir).sort(), readdirSync(copyOf('pristine')).sort(), 'the recipe writes nothing into the folder');

    const flipped = copyOf('recipient-flipped');
    const name = readManifest(flipped).files[0]!.name;
    flipByte(join(flipped, name), 3000);
    assert.notEqual(runRecipient(flipped, fingerprint).code, 0);

    const edited = copyOf('recipient-edited');
    const text = readFileSync(join(edited, 'manifest.json'), 'utf8');
    writeFileSync(join(edited, 'manifest.json'), text.replace('Vancouver PD', 'Surrey RCMP'));
    const e = runRecipient(edited, fingerprint);
    assert.notEqual(e.code, 0);
    assert.match(e.out, /Signature Verification Failure/);

    const foreign = copyOf('recipient-foreign');
    const key = SigningKey.generate();
    const json = readFileSync(join(foreign, 'manifest.json'));
    writeFileSync(join(foreign, 'manifest.sig'), signManifest(key, json));
    writeFileSync(join(foreign, PUBLIC_KEY_FILE), key.publicKeyPem());
    assert.notEqual(runRecipient(foreign, fingerprint).code, 0);
    assert.equal(runRecipient(foreign, formatFingerprint(key.fingerprint())).code, 0, 'the same folder passes when its own key is pinned: the pin is what catches it');
  });

  void it('exports several cameras at once: one file per camera, each hashed and listed', async () => {
    const r = await install.run(['export', '--camera', 'cam1,cam3', '--from', at(1), '--to', at(11), ...WHY, '--json']);
    assert.equal(r.code, 0, r.err);
    const { dir } = JSON.parse(r.out) as { dir: string };
    const m = readManifest(dir);
    assert.deepEqual(m.cameras, ['cam1', 'cam3']);
    assert.deepEqual(m.files.map((f) => [f.camera, f.start, f.end]), [['cam1', at(0.8), at(11)], ['cam3', at(0.8), at(11)]]);
    assert.deepEqual(m.gaps, []);
    assert.deepEqual((await verifyExport(dir, { fingerprint })).problems, []);
    const list = await install.run(['export', 'list']);
    assert.equal(list.code, 0);
    assert.equal(list.out.trim().split('\n').length, 3); // the two before and this one
  });

  void it('overlapping runs of one camera give separate files, never one overwriting another', async () => {
    const r = await install.run(['export', '--camera', 'cam4', '--from', at(0), '--to', at(6), ...WHY, '--json']);
    assert.equal(r.code, 0, r.err);
    const { dir } = JSON.parse(r.out) as { dir: string };
    const m = readManifest(dir);
    assert.equal(m.files.length, 2);
    assert.notEqual(m.files[0]!.name, m.files[1]!.name);
    assert.notEqual(m.files[0]!.run, m.files[1]!.run);
    assert.deepEqual((await verifyExport(dir, { fingerprint })).problems, []);
  });

  void it('refuses to export a source segment whose bytes no longer match its row, and reports it', async () => {
    const seg = db.prepare("SELECT path FROM segments WHERE camera_id = 'cam3' ORDER BY start_ms LIMIT 1 OFFSET 1").get() as { path: string };
    flipByte(layout.absolute(seg.path), 2000);
    const before = readdirSync(layout.exportsDir).sort();
    const r = await install.run(['export', '--camera', 'cam3', '--from', at(1), '--to', at(11), ...WHY]);
    assert.equal(r.code, 1);
    assert.match(r.err, /export refused: 1 source segment\(s\) changed since they were recorded/);
    assert.ok(r.err.includes(seg.path), r.err);
    assert.deepEqual(readdirSync(layout.exportsDir).sort(), before, 'nothing written');
    const refused = db.prepare("SELECT details FROM audit_log WHERE action = 'export.refused'").get() as { details: string };
    assert.ok(refused.details.includes(seg.path));
    const alarms = new Alarms(db, new AuditLog(db, offsetClock(0)), offsetClock(0)).open();
    assert.ok(alarms.some((a) => a.kind === 'footage.integrity' && a.subject === 'camera:cam3' && a.severity === 'critical'));
  });

  void it('refuses an export without reason, requester or legal basis', async () => {
    const base = ['export', '--camera', 'cam1', '--from', at(1), '--to', at(3)];
    const before = readdirSync(layout.exportsDir).sort();
    const exportsBefore = new ExportStore(db).list().length;
    for (const drop of ['--reason', '--requested-by', '--legal-basis']) {
      const i = WHY.indexOf(drop);
      const args = [...WHY.slice(0, i), ...WHY.slice(i + 2)];
      const r = await install.run([...base, ...args]);
      assert.equal(r.code, 2, `${drop}: ${r.err}`);
      assert.match(r.err, new RegExp(`missing ${drop}`));
    }
    const blank = await install.run([...base, '--reason', '   ', '--requested-by', 'x', '--legal-basis', 'y']);
    assert.equal(blank.code, 1);
    assert.match(blank.err, /needs a reason.*missing --reason/);
    assert.deepEqual(readdirSync(layout.exportsDir).sort(), before);
    assert.equal(new ExportStore(db).list().length, exportsBefore);
  });

  void it('a stopped export kills its ffmpeg and publishes nothing', async () => {
    // Real ffmpeg held up on a FIFO nobody writes: it is running, and only the stop can end it.
    const fifoDir = join(scratch, 'stop');
    mkdirSync(fifoDir);
    const fifo = join(fifoDir, 'stuck.mp4');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    writeFileSync(join(fifoDir, 'list'), concatScript([{ file: fifo }]));
    const stop = new AbortController();
    const run = runConcat(join(fifoDir, 'list'), join(fifoDir, 'out.mp4'), () => undefined, { signal: stop.signal });
    run.catch(() => undefined);
    let pids: number[] = [];
    for (let i = 0; i < 50 && pids.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      pids = ffmpegProcessesMentioning(fifoDir);
    }
    assert.equal(pids.length, 1, 'ffmpeg is running');
    stop.abort();
    await assert.rejects(run, /export stopped/);
    assert.deepEqual(ffmpegProcessesMentioning(fifoDir), [], 'and is gone');

    // The whole export: stopped at its first progress event, it leaves no folder, no row, no audit entry.
    const before = readdirSync(layout.exportsDir).sort();
    const rows = new ExportStore(db).list({ includeRemoved: true }).length;
    const audit = new AuditLog(db, offsetClock(0));
    const cancel = new AbortController();
    await assert.rejects(
      createExport(
        { db, layout, audit, alarms: new Alarms(db, audit, offsetClock(0)), clock: offsetClock(0), actor: 'cli:test', signal: cancel.signal, onProgress: () => cancel.abort() },
        { cameras: ['cam1'], fromMs: T0, toMs: T0 + 12_000, reason: 'r', requestedBy: 'q', legalBasis: 'l' },
      ),
      /the export was stopped/,
    );
    assert.deepEqual(readdirSync(layout.exportsDir).sort(), before);
    assert.equal(new ExportStore(db).list({ includeRemoved: true }).length, rows);
    assert.deepEqual(ffmpegProcessesMentioning(install.dir), []);
  });

  void it('expired exports are removed by the sweeper, the record kept and the removal audited', () => {
    const live = new ExportStore(db).list();
    assert.equal(live.length, 4);
    // Leftovers: a working folder of an export that died a day ago, and a folder no record accounts for.
    const dayAgo = new Date(Date.now() - 25 * 3600 * 1000);
    for (const name of ['.tmp-20261125T000000Z-dead00', '20261125T000000Z-orphan']) {
      mkdirSync(join(layout.exportsDir, name));
      writeFileSync(join(layout.exportsDir, name, 'x.mp4'), 'x');
      utimesSync(join(layout.exportsDir, name), dayAgo, dayAgo);
    }
    mkdirSync(join(layout.exportsDir, '.tmp-20261126T000000Z-running'));
    const early = sweepExports({ db, layout, audit: new AuditLog(db, offsetClock(0)), clock: offsetClock(0) });
    assert.deepEqual(early.expired, []);
    assert.deepEqual(early.staleTemp, ['.tmp-20261125T000000Z-dead00']);
    assert.deepEqual(early.orphans, ['20261125T000000Z-orphan']);
    assert.ok(existsSync(join(layout.exportsDir, '.tmp-20261126T000000Z-running')), 'a fresh working folder is left alone');
    assert.equal(live.every((r) => existsSync(join(layout.exportsDir, r.id))), true);
    const later = offsetClock(31 * 24 * 3600 * 1000);
    const swept = sweepExports({ db, layout, audit: new AuditLog(db, later), clock: later });
    assert.deepEqual(swept.expired.sort(), live.map((r) => r.id).sort());
    for (const r of live) assert.equal(existsSync(join(layout.exportsDir, r.id)), false);
    assert.equal(new ExportStore(db).list().length, 0);
    assert.equal(new ExportStore(db).list({ includeRemoved: true }).length, 4);
    const n = db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'export.expired'").get() as { n: number };
    assert.equal(n.n, 4);
    const orphan = db.prepare("SELECT subject FROM audit_log WHERE action = 'export.orphan_removed'").all() as { subject: string }[];
    assert.deepEqual(orphan, [{ subject: 'export:20261125T000000Z-orphan' }]);
    assert.throws(() => db.prepare('DELETE FROM exports').run(), /never deleted/);
  });
});
