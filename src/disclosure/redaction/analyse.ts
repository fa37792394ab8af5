import { spawn } from 'node:child_process';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { DEFAULT_DETECTOR_OPTIONS, type FaceDetector } from './detector.js';
import { DEFAULT_PERSON_OPTIONS, type PersonDetector } from './persons.js';
import { meanFps, probeClip, readFrames } from './frames.js';
import { buildTracks, DEFAULT_TRACKER_OPTIONS, scaleBox, type Sample, type Track, type TrackerOptions } from './track.js';

/**
 * One clip's detection pass: decode every `stride`-th frame scaled to the
 * detection width, find faces, follow them. Review frames (a JPEG every
 * `stripEveryMs`) are written for the person who checks the result.
 */
export interface AnalysisOptions {
  /** Detections per second of video. */
  sampleFps: number;
  /** Width of the picture the detector sees (height keeps the aspect). */
  detectWidth: number;
  tracker: TrackerOptions;
  minConfidence: number;
  stripEveryMs: number;
  /** Whole persons, detected less often than faces (they cost more and move less in proportion to their size). */
  persons: PersonAnalysisOptions;
}

export interface PersonAnalysisOptions {
  /** Person detections per second of video, on face samples (so at most `sampleFps`). */
  sampleFps: number;
  minConfidence: number;
  tracker: TrackerOptions;
}

export const DEFAULT_PERSON_ANALYSIS: PersonAnalysisOptions = {
  sampleFps: 2,
  minConfidence: DEFAULT_PERSON_OPTIONS.minConfidence,
  // A person missed once (at 2 a second) stays one track; a walker moves about their own width between detections.
  tracker: { minIou: 0.1, maxGapMs: 1500, maxCentreShift: 1 },
};

export const DEFAULT_ANALYSIS: AnalysisOptions = {
  sampleFps: 5,
  detectWidth: 640,
  tracker: DEFAULT_TRACKER_OPTIONS,
  minConfidence: DEFAULT_DETECTOR_OPTIONS.minConfidence,
  stripEveryMs: 1000,
  persons: DEFAULT_PERSON_ANALYSIS,
};

export interface ClipAnalysis {
  width: number;
  height: number;
  fps: number;
  frames: number;
  durationMs: number;
  /** ms between detections (a track is held this long before and after it was seen). */
  sampleMs: number;
  samples: number;
  /** Pictures the person detector saw (0: persons were not detected). */
  personSamples?: number;
  /** Size of the picture the detector saw (and of the review frames). */
  detectWidth: number;
  detectHeight: number;
  /** Boxes in the clip's own pixels: faces, then persons (`kind: 'person'`). */
  tracks: Track[];
  /** Review frames: clip time and JPEG file written. */
  strip: { tMs: number; file: string }[];
}

export interface AnalyseDeps {
  detector: Pick<FaceDetector, 'detect'>;
  /** Absent: faces only. */
  persons?: Pick<PersonDetector, 'detect'>;
  ffmpeg?: string;
  ffprobe?: string;
  signal?: AbortSignal;
  /** Where the review JPEG for clip time `tMs` goes; undefined = no strip. */
  stripFile?: (tMs: number) => string;
  firstTrackId?: number;
}

function even(n: number): number {
  return Math.max(2, Math.round(n / 2) * 2);
}

export async function analyseClip(file: string, deps: AnalyseDeps, options: AnalysisOptions = DEFAULT_ANALYSIS): Promise<ClipAnalysis> {
  const info = await probeClip(file, deps.ffprobe);
  const fps = meanFps(info);
  const stride = Math.max(1, Math.round(fps / options.sampleFps));
  const dw = Math.min(even(options.detectWidth), even(info.width));
  const dh = even((info.height * dw) / info.width);
  const sx = info.width / dw;
  const sy = info.height / dh;
  const samples: Sample[] = [];
  const personSamples: Sample[] = [];
  const personEveryMs = 1000 / Math.min(options.persons.sampleFps, options.sampleFps);
  let nextPersonMs = 0;
  const strip: ClipAnalysis['strip'] = [];
  let nextStripMs = 0;
  const frames = await readFrames(
    file,
    { pixFmt: 'rgb24', width: dw, height: dh, filter: `select='not(mod(n\\,${stride}))',scale=${dw}:${dh}`, ffmpeg: deps.ffmpeg, signal: deps.signal },
    async (rgb, i) => {
      const tMs = info.frameMs[i * stride] ?? info.frameMs.at(-1)!;
      const detections = await deps.detector.detect(rgb, dw, dh);
      // Decoded frames arrive as microtasks, and a detector in this thread (not the job's worker) holds it while it
      // runs: let timers and I/O run between pictures, or a long clip starves them for its whole analysis.
      await nextTurn();
      samples.push({ tMs, detections: detections.map((d) => ({ score: d.score, box: scaleBox(d.box, sx, sy) })) });
      // Against the next due time, not the last sample's: the rate holds whatever the frame rate's rounding.
      if (deps.persons && tMs >= nextPersonMs) {
        const persons = await deps.persons.detect(rgb, dw, dh);
        await nextTurn();
        personSamples.push({ tMs, detections: persons.map((d) => ({ score: d.score, box: scaleBox(d.box, sx, sy) })) });
        nextPersonMs = Math.max(nextPersonMs + personEveryMs, tMs + personEveryMs / 2);
      }
      if (deps.stripFile && tMs >= nextStripMs) {
        const out = deps.stripFile(tMs);
        await writeJpeg(rgb, dw, dh, out, deps.ffmpeg);
        strip.push({ tMs, file: out });
        nextStripMs = tMs + options.stripEveryMs;
      }
    },
  );
  const sampleMs = (stride * 1000) / fps;
  const faces = buildTracks(samples, options.tracker, deps.firstTrackId ?? 1);
  const firstPerson = (deps.firstTrackId ?? 1) + faces.length;
  // A person is held one person interval around where it was seen: it may have walked in just after the previous detection.
  const personHoldMs = personSamples.length > 1 ? (personSamples.at(-1)!.tMs - personSamples[0]!.tMs) / (personSamples.length - 1) : sampleMs;
  const persons = buildTracks(personSamples, options.persons.tracker, firstPerson).map((t) => ({ ...t, kind: 'person' as const, holdMs: Math.round(personHoldMs) }));
  return {
    width: info.width,
    height: info.height,
    fps,
    frames: info.frameMs.length,
    durationMs: info.frameMs.at(-1)! + 1000 / fps,
    sampleMs,
    samples: frames,
    personSamples: personSamples.length,
    detectWidth: dw,
    detectHeight: dh,
    tracks: [...faces, ...persons],
    strip,
  };
}

/** One RGB picture to a JPEG file (review frames: the detector's view, without boxes; the reviewer's screen draws them). */
function writeJpeg(rgb: Buffer, w: number, h: number, out: string, ffmpeg = 'ffmpeg'): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, ['-nostdin', '-v', 'error', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${w}x${h}`, '-i', 'pipe:0', '-frames:v', '1', '-q:v', '4', '-y', out], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg could not write the review frame ${out}: ${err.trim()}`))));
    child.stdin.on('error', () => undefined);
    child.stdin.end(rgb);
  });
}
