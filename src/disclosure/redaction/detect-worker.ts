import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../../shared/errors.js';
import { runThisThreadInBackground } from '../../shared/priority.js';
import { FaceDetector, type DetectorOptions } from './detector.js';
import { PersonDetector, type PersonDetectorOptions } from './persons.js';
import type { DetectRequest, DetectReply } from './detector-thread.js';

/**
 * The detectors' own thread (started by detector-thread.ts): the wasm
 * inference runs synchronously for a few hundred milliseconds a picture, and
 * in the daemon's thread it would hold up the API and the recorder's timers
 * for as long.
 */
const port = parentPort;
if (!port) throw new Error('detect-worker.js runs only as a worker thread');
// In the daemon the detectors must not compete with the recorder at its priority (the CLI lowers its whole process).
runThisThreadInBackground();
const options = workerData as { faces: DetectorOptions; persons: PersonDetectorOptions };
const [faces, persons] = await Promise.all([FaceDetector.load(options.faces), PersonDetector.load(options.persons)]);
port.on('message', (m: DetectRequest) => {
  const rgb = Buffer.from(m.rgb.buffer, m.rgb.byteOffset, m.rgb.byteLength);
  (m.kind === 'person' ? persons : faces).detect(rgb, m.w, m.h).then(
    (detections) => port.postMessage({ id: m.id, detections } satisfies DetectReply),
    (err: unknown) => port.postMessage({ id: m.id, error: errorMessage(err) } satisfies DetectReply),
  );
});
port.postMessage({ id: 0, ready: true } satisfies DetectReply);
