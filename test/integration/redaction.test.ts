import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDb } from '../../src/db/open.js';
import type { ExportManifest } from '../../src/disclosure/export/manifest.js';
import { DataLayout } from '../../src/shared/data-layout.js';
import { CLIP_W, decodeLuma, detail, FACE_SIDE, faceAt, FACES, faceSceneSource, meanAbsDiffRegion } from '../support/face-clip.js';
import { addRecordedRun, FPS } from '../support/footage.js';
import { cameraYaml, makeInstall, type TestInstall } from '../support/install.js';
import { runOffline } from '../support/offline-cli.js';
import { CLI, sleepMs } from '../support/premises.js';

/**
 * Automatic bystander redaction end to end, through the CLI: a recorded
 * scene with three real faces moving on known paths, an access request, the
 * detection pass (run with no network and every connect() traced), the
 * requester picked by a point in a review frame, corrections, publishing;
 * then, frame by frame, the requester's face must be unchanged and the two
 * other faces blurred in at least 95 % of frames. A second job is killed in
 * the middle of its analysis: the next command finds it, deletes its working
 * files and queues it; it is analysed again from its request; discarding it
 * leaves nothing behind.
 */
const T0 = Date.UTC(2026, 10, 26, 10, 0, 0);
const SECONDS = 6;
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const WHY = ['--reason', 'access request 1', '--requested-by', 'the person filmed', '--legal-basis', 'PIPA s.23'];
const RANGE = ['--camera', 'cam1', '--from', at(0), '--to', at(SECONDS)];
/** A frame passes when the requester's face keeps ≥ 80 % of its detail and stays within 4 grey levels, and a bystander's keeps < 35 %. */
const REQUIRED_SHARE = 0.95;

void describe('automatic bystander redaction (real detector, real ffmpeg, CLI)', () => {
  let install: TestInstall;
  let layout: DataLayout;
  let jobId = '';

  before(async () => {
    install = makeInstall(`jurisdiction: CA-BC\ncameras:\n${cameraYaml('cam1')}`);
    layout = new DataLayout(install.dataDir);
    mkdirSync(layout.recordingsRoot, { recursive: true });
    const db = openDb(layout.indexPath);
    addRecordedRun(db, layout, 'cam1', { startMs: T0, seconds: SECONDS, segmentSeconds: 2, source: faceSceneSource(FPS) });
    db.close();
    const r = await install.run([
      'request', 'add', '--requester', 'A. Person', '--identity', 'photo ID checked at the counter', '--received', '2026-11-27',
      '--camera', 'cam1', '--from', at(0), '--to', at(SECONDS), '--description', 'customer asks for footage of herself', '--json',
    ]);
    assert.equal(r.code, 0, r.err);
  });
  after(() => install.cleanup());

  void it('detects and follows the faces with no network connection, and writes a review strip', async () => {
    const trace = join(install.dir, 'start.trace');
    const r = await runOffline(install, ['redact', 'start', '--request', '1', ...RANGE, ...WHY], trace);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(r.connects, [], 'the detection pass opened no network connection');
    jobId = /redaction (r\S+):/.exec(r.out)![1]!;
    assert.match(r.out, /face track\(s\) and \d+ person track\(s\) in 1 clip\(s\)/);
    assert.ok(readdirSync(join(layout.redactionDir, jobId, 'strip')).length >= SECONDS, 'a review frame per second');
  });

  void it('picks the requester by a point in a review frame, takes corrections, and refuses bad ones', async () => {
    const show = await install.run(['redact', 'show', jobId, '--json']);
    assert.equal(show.code, 0, show.err);
    const frames = JSON.parse(show.out) as { at: string; atMs: number; boxes: { track: number; role: string }[] }[];
    const frame = frames.find((f) => f.atMs >= T0 + 1000)!;
    const sq = faceAt(FACES[0]!, (frame.atMs - T0) / 1000);
    const pick = await install.run(['redact', 'pick', jobId, '--camera', 'cam1', '--at', frame.at, '--x', String(sq.x + FACE_SIDE / 2), '--y', String(sq.y + FACE_SIDE / 2)]);
    assert.equal(pick.code, 0, pick.err);
    const requesterTrack = Number(/track (\d+) is the requester/.exec(pick.out)![1]);

    const miss = await install.run(['redact', 'pick', jobId, '--camera', 'cam1', '--at', frame.at, '--x', '640', '--y', '700']);
    assert.notEqual(miss.code, 0);
    assert.match(miss.err, /no face or person was found at \(640, 700\)/);

    const added = await install.run(['redact', 'box', jobId, '--camera', 'cam1', '--from', at(2), '--to', at(3), '--rect', '600,600,40,40']);
    assert.equal(added.code, 0, added.err);
    const addedTrack = Number(/added track (\d+)/.exec(added.out)![1]);
    assert.equal((await install.run(['redact', 'unbox', jobId, '--track', String(addedTrack)])).code, 0);
    const outside = await install.run(['redact', 'box', jobId, '--camera', 'cam1', '--from', at(2), '--to', at(3), '--rect', '1270,10,40,40']);
    assert.notEqual(outside.code, 0);
    assert.match(outside.err, /inside the 1280×720 picture/);

    const stripDir = join(install.dir, 'strip');
    const strip = await install.run(['redact', 'show', jobId, '--strip', stripDir]);
    assert.equal(strip.code, 0, strip.err);
    assert.equal(readdirSync(stripDir).filter((f) => f.endsWith('.jpg')).length, frames.length, 'one picture per review frame, boxes drawn');
    assert.match(strip.out, new RegExp(`#${requesterTrack} requester`));

    const after = JSON.parse((await install.run(['redact', 'show', jobId, '--json'])).out) as typeof frames;
    const roles = new Map(after.flatMap((f) => f.boxes.map((b) => [b.track, b.role] as const)));
    assert.equal(roles.get(requesterTrack), 'requester');
    assert.ok(!roles.has(addedTrack), 'the removed box is gone');
  });

  void it('publishes the export with the other faces blurred in ≥ 95 % of frames and the requester untouched, then deletes the detections', async () => {
    const plain = await install.run(['export', ...RANGE, ...WHY, '--json']);
    assert.equal(plain.code, 0, plain.err);
    const plainDir = (JSON.parse(plain.out) as { dir: string }).dir;
    const plainManifest = JSON.parse(readFileSync(join(plainDir, 'manifest.json'), 'utf8')) as ExportManifest;

    const r = await runOffline(install, ['redact', 'publish', jobId, '--json'], join(install.dir, 'publish.trace'));
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(r.connects, [], 'blurring and encoding opened no network connection');
    const dir = (JSON.parse(r.out) as { dir: string }).dir;
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ExportManifest;
    assert.equal(m.files.length, 1);
    assert.equal(m.files[0]!.encoding, 'redacted');
    assert.equal(m.files[0]!.start, plainManifest.files[0]!.start);
    const auto = m.automaticRedaction!;
    assert.equal(auto.job, jobId);
    assert.equal(auto.reviewedBy, 'cli:alice');
    assert.equal(auto.detector.package, '@vladmandic/human');
    assert.match(auto.detector.packageVersion, /^\d+\.\d+\.\d+$/);
    assert.ok(auto.tracks.requester >= 1, 'the picked face (and a body around it, if one was found)');
    assert.ok(auto.tracks.blurred >= 2, `at least the two bystanders are blurred (${auto.tracks.blurred})`);

    const verify = await install.raw(['export', 'verify', dir, '--public-key', join(dir, 'signing-key.pub.pem')]);
    assert.equal(verify.code, 0, verify.out);

    const src = decodeLuma(join(plainDir, plainManifest.files[0]!.name));
    const out = decodeLuma(join(dir, m.files[0]!.name));
    assert.equal(out.frames.length, src.frames.length);
    const pass = FACES.map(() => 0);
    for (let i = 0; i < src.frames.length; i++) {
      FACES.forEach((face, k) => {
        const sq = faceAt(face, i / FPS);
        const inner = { x: sq.x + FACE_SIDE / 5, y: sq.y + FACE_SIDE / 5, w: (FACE_SIDE * 3) / 5, h: (FACE_SIDE * 3) / 5 };
        const kept = detail(out.frames[i]!, CLIP_W, inner) / detail(src.frames[i]!, CLIP_W, inner);
        const ok = k === 0 ? kept > 0.8 && meanAbsDiffRegion(out.frames[i]!, src.frames[i]!, CLIP_W, inner) < 4 : kept < 0.35;
        if (ok) pass[k]!++;
      });
    }
    const shares = pass.map((p) => p / src.frames.length);
    process.stdout.write(`# frames: ${src.frames.length}; requester unchanged in ${(shares[0]! * 100).toFixed(1)} %, bystanders blurred in ${(shares[1]! * 100).toFixed(1)} % and ${(shares[2]! * 100).toFixed(1)} %\n`);
    for (const [k, share] of shares.entries()) assert.ok(share >= REQUIRED_SHARE, `${FACES[k]!.name}: ${(share * 100).toFixed(1)} % of frames pass, ${REQUIRED_SHARE * 100} % required`);

    assert.ok(!existsSync(join(layout.redactionDir, jobId)), 'the working folder (clips, detections, review frames) is deleted');
    const db = openDb(layout.indexPath);
    try {
      const row = db.prepare('SELECT * FROM redaction_jobs WHERE id = ?').get(jobId) as Record<string, unknown>;
      assert.equal(row['state'], 'published');
      assert.equal(row['reviewer'], 'cli:alice');
      assert.doesNotMatch(JSON.stringify(row), /"points"|"box"/, 'no detection is kept in the index');
      const actions = (db.prepare("SELECT action FROM audit_log WHERE subject = ? ORDER BY seq").all(`redaction:${jobId}`) as { action: string }[]).map((a) => a.action);
      assert.deepEqual(actions, ['redaction.started', 'redaction.analysed', 'redaction.reviewed', 'redaction.reviewed', 'redaction.reviewed', 'redaction.published']);
    } finally {
      db.close();
    }
  });

  void it('a killed analysis is found by the next command, its files deleted, run again from its request; discarding it leaves nothing', async () => {
    const child = spawn(process.execPath, [CLI, 'redact', 'start', '--request', '1', ...RANGE, ...WHY, '--config', install.configPath], { stdio: 'ignore' });
    const deadline = Date.now() + 60_000;
    let id = '';
    while (!id) {
      assert.ok(Date.now() < deadline, 'the second job started writing its working files');
      await sleepMs(50);
      const dirs = existsSync(layout.redactionDir) ? readdirSync(layout.redactionDir) : [];
      id = dirs.find((d) => d !== jobId && existsSync(join(layout.redactionDir, d, 'strip')) && readdirSync(join(layout.redactionDir, d)).some((f) => f.endsWith('.mp4'))) ?? '';
    }
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    assert.ok(existsSync(join(layout.redactionDir, id)));

    const list = await install.run(['redact', 'list']);
    assert.equal(list.code, 0, list.err);
    assert.match(list.out, new RegExp(`${id}  analysing`));
    assert.ok(!existsSync(join(layout.redactionDir, id)), 'the interrupted analysis left no files behind');

    const resume = await runOffline(install, ['redact', 'resume', id], join(install.dir, 'resume.trace'));
    assert.equal(resume.code, 0, resume.err);
    assert.match(resume.out, new RegExp(`redaction ${id}: review`));
    assert.ok(existsSync(join(layout.redactionDir, id, 'review.json')), 'analysed again from its request');

    const discard = await install.run(['redact', 'discard', id, '--reason', 'started twice']);
    assert.equal(discard.code, 0, discard.err);
    assert.equal((await install.run(['redact', 'list'])).out.trim(), 'no redaction jobs');
    assert.deepEqual(readdirSync(layout.redactionDir), [], 'no detection, clip or review frame is left on disk');
    const db = openDb(layout.indexPath);
    try {
      const actions = (db.prepare('SELECT action FROM audit_log WHERE subject = ? ORDER BY seq').all(`redaction:${id}`) as { action: string }[]).map((a) => a.action);
      assert.deepEqual(actions, ['redaction.started', 'redaction.interrupted', 'redaction.analysed', 'redaction.discarded']);
    } finally {
      db.close();
    }
  });
});
