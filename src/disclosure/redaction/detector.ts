import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PremisesError } from '../../shared/errors.js';
import { iou, type Box, type Detection } from './track.js';

/**
 * Face detection on the CPU with the model files shipped inside the
 * `@vladmandic/human` npm package (BlazeFace, 0.5 MB) on TensorFlow.js's
 * WebAssembly backend, whose .wasm ships inside `@tensorflow/tfjs-backend-wasm`.
 * Nothing is fetched: the models are read from the package folder through a
 * file:// loader registered here, and the .wasm path is set to the package's
 * own dist/ folder (the library's default is a CDN address). Why this model and
 * not another: docs/redaction.md, "Choosing the detector".
 *
 * BlazeFace squashes whatever it is given into 256×256. A wide CCTV picture
 * squashed that way makes small faces smaller still, so the frame is cut into
 * overlapping squares (one per frame height) that are each detected at their
 * own aspect, and the boxes merged.
 */
export const DETECTOR_MODEL = { name: 'BlazeFace (back camera)', file: 'blazeface.json', package: '@vladmandic/human', inputSize: 256 } as const;

export interface DetectorOptions {
  /** Lowest BlazeFace score kept. Low on purpose: a missed face is a disclosure, an extra blur is not. */
  minConfidence: number;
}
export const DEFAULT_DETECTOR_OPTIONS: DetectorOptions = { minConfidence: 0.3 };

/** The subset of Human's API used here (its own typings pull in the DOM). */
interface HumanFace {
  box: [number, number, number, number];
  boxScore: number;
}
export interface HumanObject {
  label: string;
  score: number;
  box: [number, number, number, number];
}
export interface HumanInstance {
  version: string;
  tf: {
    getBackend(): string;
    tensor4d(values: Int32Array, shape: [number, number, number, number], dtype: 'int32'): { dispose(): void };
    io: { registerLoadRouter(router: (url: string | string[]) => unknown): void };
  };
  load(): Promise<void>;
  detect(input: unknown): Promise<{ face: HumanFace[]; object: HumanObject[]; error?: string | null }>;
}
type HumanModule = { Human: new (config: Record<string, unknown>) => HumanInstance };

const require = createRequire(import.meta.url);

function packageDirs(): { human: string; wasm: string } {
  try {
    // Human's package.json `exports` map has no "./" keys, so its subpaths cannot be resolved by name: go by folder.
    const human = dirname(dirname(require.resolve('@vladmandic/human')));
    const wasm = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
    return { human, wasm };
  } catch (err) {
    throw new PremisesError('FailedPrecondition', 'the face detector is not installed (npm packages @vladmandic/human and @tensorflow/tfjs-backend-wasm); run `npm ci`', undefined, {
      cause: err,
    });
  }
}

export function detectorVersions(): { human: string; tfjs: string } {
  const { human, wasm } = packageDirs();
  const version = (dir: string) => (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  return { human: version(human), tfjs: version(dirname(wasm)) };
}

/** A tf.io load router for file:// URLs: the model JSON and its weight shards, from disk. */
function fileRouter(url: string | string[]): unknown {
  if (typeof url !== 'string' || !url.startsWith('file://')) return null;
  const path = url.slice('file://'.length);
  return {
    load: () => {
      const json = JSON.parse(readFileSync(path, 'utf8')) as {
        modelTopology: unknown;
        format?: string;
        generatedBy?: string;
        convertedBy?: string;
        signature?: unknown;
        userDefinedMetadata?: unknown;
        weightsManifest: { paths: string[]; weights: unknown[] }[];
      };
      const data = Buffer.concat(json.weightsManifest.flatMap((g) => g.paths.map((p) => readFileSync(join(dirname(path), p)))));
      return Promise.resolve({
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        signature: json.signature,
        userDefinedMetadata: json.userDefinedMetadata,
        weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
        weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength),
      });
    },
  };
}

/** Square windows covering a w×h picture, overlapping by at least a quarter of a side. */
export function tilesFor(w: number, h: number): Box[] {
  const side = Math.min(w, h);
  const long = Math.max(w, h);
  if (long <= side * 1.25) return [{ x: 0, y: 0, w, h }];
  const n = Math.ceil((long - side) / (side * 0.75)) + 1;
  const step = (long - side) / (n - 1);
  return Array.from({ length: n }, (_, i) => {
    const at = Math.round(i * step);
    return w >= h ? { x: at, y: 0, w: side, h: side } : { x: 0, y: at, w: side, h: side };
  });
}

/** Greedy non-maximum suppression: the same face seen in two overlapping tiles counts once. */
export function mergeDetections(all: Detection[], threshold = 0.3): Detection[] {
  const kept: Detection[] = [];
  for (const d of [...all].sort((a, b) => b.score - a.score)) {
    if (!kept.some((k) => iou(k.box, d.box) > threshold)) kept.push(d);
  }
  return kept;
}

const OFF = { enabled: false } as const;
let routerRegistered = false;

/**
 * A Human instance on the wasm backend with every module off but those in
 * `parts`, its models read from the package's models/ folder through the
 * file:// loader. Instances share one TensorFlow.js (and one wasm backend)
 * per process: the face and the person detector are two of them.
 */
export async function loadHuman(parts: Record<string, unknown>): Promise<HumanInstance> {
  const dirs = packageDirs();
  // A fixed file of the package, named by a literal path relative to its folder (the egress guard reads it).
  const fromHuman = createRequire(join(dirs.human, 'package.json'));
  const { Human } = fromHuman('./dist/human.node-wasm.js') as HumanModule;
  const human = new Human({
    backend: 'wasm',
    wasmPath: `${dirs.wasm}/`,
    wasmPlatformFetch: false,
    modelBasePath: `file://${join(dirs.human, 'models')}/`,
    debug: false,
    async: false,
    cacheSensitivity: 0,
    filter: OFF,
    gesture: OFF,
    face: OFF,
    body: OFF,
    hand: OFF,
    object: OFF,
    segmentation: OFF,
    ...parts,
  });
  if (!routerRegistered) {
    human.tf.io.registerLoadRouter(fileRouter);
    routerRegistered = true;
  }
  await human.load();
  if (human.tf.getBackend() !== 'wasm') throw new PremisesError('Internal', `the detector started on the "${human.tf.getBackend()}" backend instead of WebAssembly`);
  return human;
}

/** An RGB24 rectangle of a w-wide picture as the int32 tensor Human takes. */
export function rgbTensor(human: HumanInstance, rgb: Buffer, w: number, rect: Box): { dispose(): void } {
  const pixels = new Int32Array(rect.w * rect.h * 3);
  for (let row = 0; row < rect.h; row++) {
    const src = ((rect.y + row) * w + rect.x) * 3;
    const dst = row * rect.w * 3;
    for (let i = 0; i < rect.w * 3; i++) pixels[dst + i] = rgb[src + i]!;
  }
  return human.tf.tensor4d(pixels, [1, rect.h, rect.w, 3], 'int32');
}

export class FaceDetector {
  private constructor(
    private readonly human: HumanInstance,
    readonly options: DetectorOptions,
  ) {}

  static async load(options: DetectorOptions = DEFAULT_DETECTOR_OPTIONS): Promise<FaceDetector> {
    const human = await loadHuman({
      face: {
        enabled: true,
        detector: { modelPath: DETECTOR_MODEL.file, rotation: false, maxDetected: 50, minConfidence: options.minConfidence, iouThreshold: 0.2, return: false, skipFrames: 0, skipTime: 0 },
        mesh: OFF,
        iris: OFF,
        attention: OFF,
        description: OFF,
        emotion: OFF,
        antispoof: OFF,
        liveness: OFF,
      },
    });
    return new FaceDetector(human, options);
  }

  /** Faces in one RGB24 picture, in its pixels. */
  async detect(rgb: Buffer, w: number, h: number): Promise<Detection[]> {
    const found: Detection[] = [];
    for (const tile of tilesFor(w, h)) {
      const tensor = rgbTensor(this.human, rgb, w, tile);
      try {
        const result = await this.human.detect(tensor);
        if (result.error) throw new PremisesError('Internal', `face detection failed: ${result.error}`);
        for (const f of result.face) {
          const [x, y, bw, bh] = f.box;
          found.push({ box: { x: x + tile.x, y: y + tile.y, w: bw, h: bh }, score: f.boxScore });
        }
      } finally {
        tensor.dispose();
      }
    }
    return mergeDetections(found);
  }
}
