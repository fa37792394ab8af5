import { blurBoxes, BLUR } from './blur.js';
import { meanFps, probeClip, readFrames, writeFrames } from './frames.js';
import { boxAt, kindOf, padBox, type Box, type Track } from './track.js';

/**
 * Burn the blur into a clip: decode every frame to raw yuv420p, blur the
 * boxes of every track to hide at that frame's time, encode again. Done in
 * this process rather than as an ffmpeg filter graph because the boxes move
 * every frame (docs/redaction.md, "Rendering").
 */
export interface RenderDeps {
  ffmpeg?: string;
  ffprobe?: string;
  signal?: AbortSignal;
  onFrame?: (done: number, total: number) => void;
}

/** The boxes to blur at `tMs`: each hidden track's interpolated box, grown by the padding of its kind. */
export function boxesAt(tracks: readonly Track[], tMs: number, holdMs: number, width: number, height: number): Box[] {
  const out: Box[] = [];
  for (const t of tracks) {
    const b = boxAt(t, tMs, holdMs);
    if (b) out.push(padBox(b, kindOf(t) === 'person' ? BLUR.personPadding : BLUR.padding, width, height));
  }
  return out;
}

export async function renderClip(input: string, output: string, hide: readonly Track[], holdMs: number, deps: RenderDeps = {}): Promise<{ frames: number }> {
  const info = await probeClip(input, deps.ffprobe);
  const { width, height } = info;
  const writer = writeFrames(output, { width, height, fps: meanFps(info), ffmpeg: deps.ffmpeg });
  try {
    const frames = await readFrames(input, { pixFmt: 'yuv420p', width, height, ffmpeg: deps.ffmpeg, signal: deps.signal }, async (frame, i) => {
      const tMs = info.frameMs[i] ?? info.frameMs.at(-1)!;
      blurBoxes(frame, width, height, boxesAt(hide, tMs, holdMs, width, height));
      await writer.write(frame);
      deps.onFrame?.(i + 1, info.frameMs.length);
    });
    await writer.end();
    return { frames };
  } catch (err) {
    writer.abort();
    throw err;
  }
}
