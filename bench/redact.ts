/**
 * What automatic redaction costs: a scene with three real faces moving
 * (test/support/face-clip.ts) at 720p15 and 1080p15, redacted the way
 * `premises redact` does it: detection pass (decode every 3rd frame, scale
 * to 640 wide, BlazeFace on square windows, CenterNet for whole persons on
 * the whole picture twice a second), then rendering (decode every
 * frame, blur the bystanders' boxes in this process, x264 veryfast). CPU is
 * user + system of this process and of the ffmpeg children it waited for
 * (/proc/self/stat utime, stime, cutime, cstime), so the figure holds on a
 * machine shared with other work; wall time is printed too but depends on
 * the load. For comparison: the same clip decoded and encoded with no blur,
 * and the bystander boxes as an ffmpeg filter graph (crop + boxblur +
 * overlay per box and detection interval, src/disclosure/export/redact.ts)
 * on the first 10 s. The share of frames where the requester is unchanged
 * and each bystander blurred is measured as in test/integration/redaction.test.ts.
 *
 *   npm run bench:redact [-- --seconds 60 --no-docs]
 *
 * With `--with-recorder N` instead: the same redaction as a whole job through the CLI while a real daemon
 * records N cameras, and what the recorder kept (bench/redact-recorder.ts; `--baseline 60` s of recorder alone,
 * `--max-minutes 10`: a command still running then is killed and reported as not finished; `--clips 720p15,1080p15`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { analyseClip, DEFAULT_ANALYSIS } from '../src/disclosure/redaction/analyse.js';
import { FaceDetector, detectorVersions } from '../src/disclosure/redaction/detector.js';
import { boxesAt, renderClip } from '../src/disclosure/redaction/render.js';
import { redactionGraph, reencodeArgs, type Redaction } from '../src/disclosure/export/redact.js';
import { PersonDetector } from '../src/disclosure/redaction/persons.js';
import { hiddenTracks, newReview, setRole } from '../src/disclosure/redaction/review.js';
import { trackAt } from '../src/disclosure/redaction/track.js';
import { CLIP_H, CLIP_W, decodeLumaSized, detail, FACE_SIDE, faceAt, FACES, faceSceneSource, meanAbsDiffRegion } from '../test/support/face-clip.js';
import { REPO_ROOT } from '../test/support/premises.js';
import { machineInfo } from './machine.js';
import { redactWithRecorder, WITH_RECORDER_FLAGS, withRecorderOptions } from './redact-recorder.js';
import { ticksPerSecond } from './proc.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '60' }, 'no-docs': { type: 'boolean', default: false }, ...WITH_RECORDER_FLAGS } });
const seconds = Number(values.seconds);
if (values['with-recorder'] !== undefined) {
  await redactWithRecorder(withRecorderOptions(values), process.argv.slice(2));
  process.exit(0);
}
const FPS = 15;
const log = (line: string) => process.stderr.write(`${line}\n`);

/** CPU seconds of this process and its reaped children so far. */
function cpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the comm: state is field 3; utime 14, stime 15, cutime 16, cstime 17 (1-based in proc(5)) → indexes 11..14 here.
  const ticks = [11, 12, 13, 14].reduce((n, i) => n + Number(fields[i]), 0);
  return ticks / ticksPerSecond();
}

async function measure<T>(fn: () => Promise<T> | T): Promise<{ cpu: number; wall: number; value: T }> {
  const c0 = cpuSeconds();
  const w0 = performance.now();
  const value = await fn();
  return { cpu: cpuSeconds() - c0, wall: (performance.now() - w0) / 1000, value };
}

const work = mkdtempSync(join(tmpdir(), 'premises-bench-redact-'));
const rows: string[] = [];
const accuracy: string[] = [];
const detector = await FaceDetector.load();
const personDetector = await PersonDetector.load();
/** CPU seconds spent in the person detector (this process only: it runs in Node's thread). */
let personCpu = 0;
const persons = {
  async detect(rgb: Buffer, w: number, h: number) {
    const c0 = process.cpuUsage();
    try {
      return await personDetector.detect(rgb, w, h);
    } finally {
      const d = process.cpuUsage(c0);
      personCpu += (d.user + d.system) / 1e6;
    }
  },
};
try {
  for (const [label, w, h] of [
    ['720p15', 1280, 720],
    ['1080p15', 1920, 1080],
  ] as const) {
    const clip = join(work, `${label}.mp4`);
    log(`${label}: encoding a ${seconds} s scene with three faces…`);
    execFileSync('ffmpeg', [
      '-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', `${faceSceneSource(FPS)},scale=${w}:${h}`, '-t', String(seconds),
      '-c:v', 'libx264', '-preset', 'veryfast', '-bf', '0', '-g', '30', '-b:v', w === 1920 ? '4M' : '2M', '-pix_fmt', 'yuv420p', clip,
    ]);
    log(`${label}: detection pass…`);
    personCpu = 0;
    const analysis = await measure(() => analyseClip(clip, { detector, persons }, DEFAULT_ANALYSIS));
    const a = analysis.value;
    const sx = w / CLIP_W;
    const sy = h / CLIP_H;
    const req = faceAt(FACES[0]!, 1);
    const requester = trackAt(a.tracks, 1000, (req.x + FACE_SIDE / 2) * sx, (req.y + FACE_SIDE / 2) * sy, a.sampleMs);
    // As the reviewer would leave it: the requester's face picked, their body following it, everyone else blurred.
    const review = newReview([{ ...a, camera: 'c', startMs: 0, endMs: seconds * 1000, file: 'c.mp4', strip: [] }]);
    if (requester) setRole(review, requester.id, 'requester');
    const hide = hiddenTracks(review, review.clips[0]!);
    const personTracks = a.tracks.filter((t) => t.kind === 'person').length;
    log(`${label}: ${a.samples} face and ${a.personSamples ?? 0} person detections, ${a.tracks.length} tracks (${personTracks} persons); rendering…`);
    const out = join(work, `${label}-redacted.mp4`);
    const render = await measure(() => renderClip(clip, out, hide, a.sampleMs));
    log(`${label}: plain decode + encode…`);
    const plain = await measure(() => execFileSync('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-i', clip, '-an', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', join(work, 'plain.mp4')]));
    const perMin = (s: number) => ((s * 60) / seconds).toFixed(1);
    const total = analysis.cpu + render.cpu;
    log(`${label}: CPU s per minute: detection ${perMin(analysis.cpu)}, render ${perMin(render.cpu)}, plain ${perMin(plain.cpu)}; wall ${perMin(analysis.wall + render.wall)}`);
    rows.push(
      `| ${label} | ${perMin(analysis.cpu)} (${perMin(personCpu)}) | ${perMin(render.cpu)} | ${perMin(total)} | ${perMin(total / 2)} | ${perMin(plain.cpu)} | ${perMin(analysis.wall + render.wall)} |`,
    );

    // The filter-graph alternative on the first 10 s: one time-ranged crop+boxblur+overlay per box and detection interval.
    if (w === 1280) {
      const graphSeconds = Math.min(10, seconds);
      const redactions: Redaction[] = [];
      for (let t = 0; t < graphSeconds * 1000; t += a.sampleMs) {
        for (const b of boxesAt(hide, t, a.sampleMs, w, h)) {
          const x = Math.floor(b.x / 2) * 2;
          const y = Math.floor(b.y / 2) * 2;
          redactions.push({ camera: 'c', x, y, w: Math.max(2, Math.ceil(b.w / 2) * 2), h: Math.max(2, Math.ceil(b.h / 2) * 2), fromMs: t, toMs: t + a.sampleMs, method: 'blur' });
        }
      }
      const graph = redactionGraph(redactions, 0, graphSeconds * 1000)!;
      const graphFile = join(work, 'graph.txt');
      writeFileSync(graphFile, graph);
      const short = join(work, 'short.mp4');
      execFileSync('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-i', clip, '-t', String(graphSeconds), '-c', 'copy', short]);
      const viaGraph = await measure(() =>
        execFileSync('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-i', short, '-filter_complex_script', graphFile, ...reencodeArgs('x').slice(2), join(work, 'graph.mp4')]),
      );
      const viaPipes = await measure(() => renderClip(short, join(work, 'pipes10.mp4'), hide, a.sampleMs));
      log(`${label}: filter graph ${((viaGraph.cpu * 60) / graphSeconds).toFixed(1)} vs pipes ${((viaPipes.cpu * 60) / graphSeconds).toFixed(1)} CPU s per minute`);
      rows.push(
        `| ${label}, first ${graphSeconds} s: ffmpeg filter graph (${redactions.length} crop+boxblur+overlay steps) vs raw-frame pipes | | ${((viaGraph.cpu * 60) / graphSeconds).toFixed(1)} vs ${((viaPipes.cpu * 60) / graphSeconds).toFixed(1)} | | | | |`,
      );
    }

    // Every 5th frame (180 a minute): a minute of 1080p luma would not fit in one buffer.
    const EVERY = 5;
    const src = decodeLumaSized(clip, w, h, EVERY);
    const red = decodeLumaSized(out, w, h, EVERY);
    const pass = FACES.map(() => 0);
    for (let i = 0; i < Math.min(src.frames.length, red.frames.length); i++) {
      FACES.forEach((face, k) => {
        const sq = faceAt(face, (i * EVERY) / FPS);
        const inner = { x: Math.round((sq.x + FACE_SIDE / 5) * sx), y: Math.round((sq.y + FACE_SIDE / 5) * sy), w: Math.round(((FACE_SIDE * 3) / 5) * sx), h: Math.round(((FACE_SIDE * 3) / 5) * sy) };
        const kept = detail(red.frames[i]!, w, inner) / detail(src.frames[i]!, w, inner);
        if (k === 0 ? kept > 0.8 && meanAbsDiffRegion(red.frames[i]!, src.frames[i]!, w, inner) < 4 : kept < 0.35) pass[k]!++;
      });
    }
    const n = src.frames.length;
    accuracy.push(
      `| ${label} | ${n} (every ${EVERY}th) | ${a.tracks.length - personTracks} + ${personTracks} | ${((pass[0]! / n) * 100).toFixed(1)} % | ${((pass[1]! / n) * 100).toFixed(1)} % | ${((pass[2]! / n) * 100).toFixed(1)} % |`,
    );
    log(`${label}: ${accuracy.at(-1)!}`);
    rmSync(clip);
    rmSync(out);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const m = machineInfo();
const v = detectorVersions();
const date = new Date().toISOString().slice(0, 10);
const section = [
  '<!-- bench:redact:begin (written by `npm run bench:redact`) -->',
  '## Automatic redaction (`npm run bench:redact`)',
  '',
  `Measured ${date} on ${m.cpuModel} (${m.cores} cores, shared with 7 other developers' builds and tests while it ran: wall times are`,
  `inflated, CPU seconds are not), ${m.ffmpeg}, Node ${m.node}, @vladmandic/human ${v.human} on TensorFlow.js ${v.tfjs} (WebAssembly).`,
  `A ${seconds} s scene with three faces (one requester, two bystanders) moving across it; face detection at ${DEFAULT_ANALYSIS.sampleFps} per second on a`,
  `${DEFAULT_ANALYSIS.detectWidth}-pixel-wide picture cut into square windows, whole persons (CenterNet) ${DEFAULT_ANALYSIS.persons.sampleFps} per second on the same picture;`,
  'blur in Node between two ffmpeg processes; x264 veryfast CRF 20. In brackets: the person detector\'s share of the detection pass.',
  'Figures are CPU seconds (user + system, Node and its ffmpeg children) per minute of video.',
  '',
  '| video | detection pass (persons) | blur + encode | total CPU | ≈ wall on 2 idle cores | plain decode + encode, no blur | wall measured (loaded) |',
  '|---|---|---|---|---|---|---|',
  ...rows,
  '',
  'Share of frames where the requester\'s face is unchanged (≥ 80 % of its detail kept, within 4 grey levels) and each bystander\'s face',
  'blurred (< 35 % of its detail left):',
  '',
  '| video | frames | tracks found (faces + persons) | requester unchanged | bystander 1 blurred | bystander 2 blurred |',
  '|---|---|---|---|---|---|',
  ...accuracy,
  '',
  'The goal is a one-minute clip redacted in at most two minutes on a 2-core box. "≈ wall on 2 idle cores" is total CPU / 2: the detection',
  'pass runs in one Node thread beside an ffmpeg decoder, the render in Node beside a multi-threaded x264, so it is a lower bound.',
  '<!-- bench:redact:end -->',
].join('\n');
process.stdout.write(`${section}\n`);
if (!values['no-docs']) {
  const docs = join(REPO_ROOT, 'docs', 'benchmarks.md');
  const existing = existsSync(docs) ? readFileSync(docs, 'utf8') : '';
  const begin = existing.indexOf('<!-- bench:redact:begin');
  const end = existing.indexOf('<!-- bench:redact:end -->');
  const updated = begin >= 0 && end > begin ? existing.slice(0, begin) + section + existing.slice(end + '<!-- bench:redact:end -->'.length) : `${existing.trimEnd()}\n\n${section}\n`;
  writeFileSync(docs, updated);
}
mkdirSync(join(REPO_ROOT, '.cache'), { recursive: true });
