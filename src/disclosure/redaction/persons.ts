import { PremisesError } from '../../shared/errors.js';
import { loadHuman, mergeDetections, rgbTensor, type HumanInstance } from './detector.js';
import type { Detection } from './track.js';

/**
 * Whole persons, for bodies and clothes that identify as faces do: CenterNet
 * (4 MB, the COCO object classes, "person" kept), the only person detector in
 * the `@vladmandic/human` package, on the same wasm backend as BlazeFace.
 * It costs about 1.4× one BlazeFace frame (three windows) per picture on this
 * CPU, so it runs a few times a second on the picture the face detector
 * already has, not on every face sample (docs/redaction.md, "Whole persons").
 * The whole picture is given at once: CenterNet squashes it into 512×512, which
 * makes a standing person narrower but not smaller than the detector needs.
 */
export const PERSON_MODEL = { name: 'CenterNet (COCO objects, class "person")', file: 'centernet.json', package: '@vladmandic/human', inputSize: 512 } as const;

export interface PersonDetectorOptions {
  /** Lowest CenterNet score kept for a person. Low on purpose, as for faces. */
  minConfidence: number;
}
export const DEFAULT_PERSON_OPTIONS: PersonDetectorOptions = { minConfidence: 0.25 };

export class PersonDetector {
  private constructor(
    private readonly human: HumanInstance,
    readonly options: PersonDetectorOptions,
  ) {}

  static async load(options: PersonDetectorOptions = DEFAULT_PERSON_OPTIONS): Promise<PersonDetector> {
    const human = await loadHuman({
      object: { enabled: true, modelPath: PERSON_MODEL.file, minConfidence: options.minConfidence, iouThreshold: 0.4, maxDetected: 50, skipFrames: 0, skipTime: 0 },
    });
    return new PersonDetector(human, options);
  }

  /** Persons in one RGB24 picture, in its pixels. */
  async detect(rgb: Buffer, w: number, h: number): Promise<Detection[]> {
    const tensor = rgbTensor(this.human, rgb, w, { x: 0, y: 0, w, h });
    try {
      const result = await this.human.detect(tensor);
      if (result.error) throw new PremisesError('Internal', `person detection failed: ${result.error}`);
      const found = result.object
        .filter((o) => o.label === 'person' && o.score >= this.options.minConfidence)
        .map((o) => ({ box: { x: o.box[0], y: o.box[1], w: o.box[2], h: o.box[3] }, score: o.score }));
      return mergeDetections(found, 0.5);
    } finally {
      tensor.dispose();
    }
  }
}
