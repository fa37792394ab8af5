import { Worker } from 'node:worker_threads';
import { PremisesError } from '../../shared/errors.js';
import type { DetectorOptions } from './detector.js';
import type { PersonDetectorOptions } from './persons.js';
import type { Detection } from './track.js';

/**
 * The face and person detectors in a worker thread of their own, so the
 * process that runs an analysis (the daemon, with its API and recorder) keeps
 * answering while a picture is being searched. One picture at a time, in
 * order: the analysis awaits each answer before it sends the next.
 */
export interface DetectRequest {
  id: number;
  kind: 'face' | 'person';
  rgb: Uint8Array;
  w: number;
  h: number;
}
export type DetectReply = { id: number; ready: true } | { id: number; detections: Detection[] } | { id: number; error: string };

interface Detects {
  detect(rgb: Buffer, w: number, h: number): Promise<Detection[]>;
}

export class DetectorThread {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (d: Detection[]) => void; reject: (e: Error) => void }>();
  private failure: Error | undefined;
  readonly faces: Detects = { detect: (rgb, w, h) => this.ask('face', rgb, w, h) };
  readonly persons: Detects = { detect: (rgb, w, h) => this.ask('person', rgb, w, h) };

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: DetectReply) => {
      const waiting = this.pending.get(m.id);
      if (!waiting) return;
      this.pending.delete(m.id);
      if ('error' in m) waiting.reject(new PremisesError('Internal', m.error));
      else if ('detections' in m) waiting.resolve(m.detections);
      else waiting.resolve([]); // ready: the models are loaded
    });
    const fail = (err: Error) => {
      this.failure = err;
      for (const w of this.pending.values()) w.reject(err);
      this.pending.clear();
    };
    worker.on('error', (err) => fail(new PremisesError('Internal', `the detector thread failed: ${err.message}`, undefined, { cause: err })));
    worker.on('exit', (code) => fail(new PremisesError('Internal', `the detector thread ended (exit ${code})`)));
  }

  static async start(options: { faces: DetectorOptions; persons: PersonDetectorOptions }): Promise<DetectorThread> {
    const worker = new Worker(new URL('./detect-worker.js', import.meta.url), { workerData: options });
    const thread = new DetectorThread(worker);
    // Id 0 is the worker's "ready" (or the error that stopped it loading the models).
    await new Promise<void>((resolve, reject) => thread.pending.set(0, { resolve: () => resolve(), reject }));
    return thread;
  }

  private ask(kind: 'face' | 'person', rgb: Buffer, w: number, h: number): Promise<Detection[]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // A copy: the caller's frame buffer is reused for the next picture.
      this.worker.postMessage({ id, kind, rgb: new Uint8Array(rgb), w, h } satisfies DetectRequest);
    });
  }

  async close(): Promise<void> {
    this.failure ??= new PremisesError('Internal', 'the detector thread was closed');
    await this.worker.terminate();
  }
}
