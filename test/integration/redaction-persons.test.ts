import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDb } from '../../src/db/open.js';
import type { ExportManifest } from '../../src/disclosure/export/manifest.js';
import { DataLayout } from '../../src/shared/data-layout.js';
import { CLIP_W, decodeLuma, detail, meanAbsDiffRegion } from '../support/face-clip.js';
import { addRecordedRun, FPS } from '../support/footage.js';
import { cameraYaml, makeInstall, type TestInstall } from '../support/install.js';
import { runOffline } from '../support/offline-cli.js';
import { bodyRegion, personAt, PERSONS, personSceneSource } from '../support/person-clip.js';

/**
 * Whole-person redaction end to end, through the CLI: a recorded scene with
 * three people (head to hips, from a photo shipped in @vladmandic/face-api)
 * moving on known paths; the detection pass with no network and every
 * connect() traced; the requester picked by a click on their face, which
 * keeps their body too; publishing. Frame by frame, the requester's body must
 * be unchanged and both other bodies blurred in at least 95 % of frames.
 */
const T0 = Date.UTC(2026, 10, 27, 9, 0, 0);
const SECONDS = 6;
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const WHY = ['--reason', 'access request 1', '--requested-by', 'the person filmed', '--legal-basis', 'PIPA s.23'];
const RANGE = ['--camera', 'cam1', '--from', at(0), '--to', at(SECONDS)];
/** A frame passes when the requester's body keeps ≥ 80 % of its detail within 4 grey levels, and a bystander's keeps < 35 %. */
const REQUIRED_SHARE = 0.95;

interface ShownFrame {
  at: string;
  atMs: number;
  boxes: { track: number; role: string; kind: 'face' | 'person'; box: { x: number; y: number; w: number; h: number } }[];
}

const inside = (b: { x: number; y: number; w: number; h: number }, r: { x: number; y: number; w: number; h: number }) =>
  b.x >= r.x - 20 && b.y >= r.y - 20 && b.x + b.w <= r.x + r.w + 20 && b.y + b.h <= r.y + r.h + 20;

void describe('automatic redaction of whole persons (real detectors, real ffmpeg, CLI)', () => {
  let install: TestInstall;
  let jobId = '';

  before(async () => {
    install = makeInstall(`jurisdiction: CA-BC\ncameras:\n${cameraYaml('cam1')}`);
    const layout = new DataLayout(install.dataDir);
    mkdirSync(layout.recordingsRoot, { recursive: true });
    const db = openDb(layout.indexPath);
    addRecordedRun(db, layout, 'cam1', { startMs: T0, seconds: SECONDS, segmentSeconds: 2, source: personSceneSource(FPS) });
    db.close();
    const r = await install.run([
      'request', 'add', '--requester', 'B. Person', '--identity', 'photo ID checked at the counter', '--received', '2026-11-28',
      '--camera', 'cam1', '--from', at(0), '--to', at(SECONDS), '--description', 'asks for footage of herself', '--json',
    ]);
    assert.equal(r.code, 0, r.err);
  });
  after(() => install.cleanup());

  void it('finds and follows the three persons with no network connection, and shows them as person boxes', async () => {
    const r = await runOffline(install, ['redact', 'start', '--request', '1', ...RANGE, ...WHY], join(install.dir, 'start.trace'));
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(r.connects, [], 'the detection pass opened no network connection');
    jobId = /redaction (r\S+):/.exec(r.out)![1]!;
    const persons = Number(/(\d+) person track\(s\)/.exec(r.out)![1]);
    assert.ok(persons >= 3, `three persons followed (${persons} person tracks)`);

    const frames = JSON.parse((await install.run(['redact', 'show', jobId, '--json'])).out) as ShownFrame[];
    // Every review frame shows each person as a person box around them, blurred until the reviewer decides.
    for (const f of frames) {
      for (const p of PERSONS) {
        const rect = personAt(p, (f.atMs - T0) / 1000);
        const box = f.boxes.find((b) => b.kind === 'person' && inside(b.box, rect) && b.box.h > rect.h / 2);
        assert.ok(box, `${p.name} has a person box at ${f.at}: ${JSON.stringify(f.boxes)}`);
        assert.equal(box.role, 'bystander');
      }
    }
    const listing = (await install.run(['redact', 'show', jobId])).out;
    assert.match(listing, /#\d+ bystander person \d+,\d+,\d+,\d+/);
  });

  void it('a click on the requester\'s face keeps their body; the other bodies are blurred in ≥ 95 % of frames', async () => {
    const frames = JSON.parse((await install.run(['redact', 'show', jobId, '--json'])).out) as ShownFrame[];
    const frame = frames.find((f) => f.atMs >= T0 + 1000)!;
    const rect = personAt(PERSONS[0]!, (frame.atMs - T0) / 1000);
    const face = frame.boxes.find((b) => b.kind === 'face' && inside(b.box, rect));
    assert.ok(face, `the requester's face was found at ${frame.at}`);
    const pick = await install.run(['redact', 'pick', jobId, '--camera', 'cam1', '--at', frame.at, '--x', String(face.box.x + face.box.w / 2), '--y', String(face.box.y + face.box.h / 2)]);
    assert.equal(pick.code, 0, pick.err);
    assert.equal(Number(/track (\d+) is the requester/.exec(pick.out)![1]), face.track, 'the click picks the face, the smallest box under it');
    const afterPick = JSON.parse((await install.run(['redact', 'show', jobId, '--json'])).out) as ShownFrame[];
    const body = afterPick.find((f) => f.at === frame.at)!.boxes.find((b) => b.kind === 'person' && inside(b.box, rect))!;
    assert.equal(body.role, 'requester', 'the body holding the requester\'s face is the requester\'s');

    const plain = await install.run(['export', ...RANGE, ...WHY, '--json']);
    assert.equal(plain.code, 0, plain.err);
    const plainDir = (JSON.parse(plain.out) as { dir: string }).dir;
    const plainManifest = JSON.parse(readFileSync(join(plainDir, 'manifest.json'), 'utf8')) as ExportManifest;

    const r = await runOffline(install, ['redact', 'publish', jobId, '--json'], join(install.dir, 'publish.trace'));
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(r.connects, [], 'blurring and encoding opened no network connection');
    const dir = (JSON.parse(r.out) as { dir: string }).dir;
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ExportManifest;
    const auto = m.automaticRedaction!;
    assert.match(auto.detector.model, /BlazeFace/);
    assert.match(auto.detector.persons!.model, /CenterNet/);
    assert.equal(auto.detector.persons!.package, '@vladmandic/human');
    assert.ok(auto.tracks.persons! >= 3);
    assert.equal(auto.blur.personPadding, 0.15);

    const src = decodeLuma(join(plainDir, plainManifest.files[0]!.name));
    const out = decodeLuma(join(dir, m.files[0]!.name));
    assert.equal(out.frames.length, src.frames.length);
    const pass = PERSONS.map(() => 0);
    for (let i = 0; i < src.frames.length; i++) {
      PERSONS.forEach((p, k) => {
        const region = bodyRegion(personAt(p, i / FPS));
        const kept = detail(out.frames[i]!, CLIP_W, region) / detail(src.frames[i]!, CLIP_W, region);
        const ok = k === 0 ? kept > 0.8 && meanAbsDiffRegion(out.frames[i]!, src.frames[i]!, CLIP_W, region) < 4 : kept < 0.35;
        if (ok) pass[k]!++;
      });
    }
    const shares = pass.map((p) => p / src.frames.length);
    process.stdout.write(
      `# frames: ${src.frames.length}; requester's body unchanged in ${(shares[0]! * 100).toFixed(1)} %, bystanders' bodies blurred in ${(shares[1]! * 100).toFixed(1)} % and ${(shares[2]! * 100).toFixed(1)} %\n`,
    );
    for (const [k, share] of shares.entries()) assert.ok(share >= REQUIRED_SHARE, `${PERSONS[k]!.name}: ${(share * 100).toFixed(1)} % of frames pass, ${REQUIRED_SHARE * 100} % required`);
  });
});
