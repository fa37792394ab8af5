/**
 * ffmpeg arguments as data, built by pure functions (unit-tested), so what we
 * run is reviewable in one place.
 */
export interface RecordArgsInput {
  /** Full input URL, credentials included; never logged (see describeArgs). */
  inputUrl: string;
  /** Folder ffmpeg writes sequence-numbered segments into. */
  stagingDir: string;
  segmentSeconds: number;
  /** RTSP socket I/O timeout; ffmpeg 5 fires at about twice this. */
  rtspTimeoutMs: number;
  audio: boolean;
  /** File descriptor ffmpeg writes -progress blocks to. */
  progressFd: number;
  /**
   * A privacy-mask image (src/recorder/mask.ts). With it the video is decoded,
   * masked and re-encoded — the only case where recording is not stream copy,
   * because a mask must be burned in before anything is stored.
   */
  maskImage?: string;
}

/** Protocols an RTSP input needs and nothing more: a camera cannot make ffmpeg open files, http, or other schemes. */
export const RTSP_PROTOCOL_WHITELIST = 'rtsp,rtsps,rtp,srtp,tcp,udp,tls';

/**
 * How the open segment reaches the file (docs/ffmpeg.md, "Fragments reach the
 * file as they are made"): fragmented MP4 with a fragment at every keyframe
 * and at least every second (`frag_duration`, in µs, so a camera with a long
 * GOP still makes 1 s fragments, without re-encoding), each fragment handed to
 * the kernel in one write as soon as it is complete (`flush_packets`, on both
 * the segment muxer and the mp4 muxer it drives). Without the flushes, ffmpeg
 * 5.1 keeps a 256 KiB buffer and the file stays at its 28-byte ftyp until the
 * segment closes, so a crash loses the whole open segment.
 */
export const FRAGMENT_MAX_US = 1_000_000;
export const FRAGMENT_WRITE_ARGS: readonly string[] = [
  '-fflags', '+flush_packets',
  '-segment_format_options', `movflags=+frag_keyframe+empty_moov+default_base_moof:frag_duration=${FRAGMENT_MAX_US}:flush_packets=1`,
];

/** The options used before fragments were flushed as they were made: kept only as the benchmark's baseline. */
export const SEGMENT_BUFFERED_WRITE_ARGS: readonly string[] = ['-segment_format_options', 'movflags=+frag_keyframe+empty_moov+default_base_moof'];

export function buildRecordArgs(input: RecordArgsInput): string[] {
  return [
    '-nostdin',
    '-hide_banner',
    '-loglevel', 'level+warning',
    '-progress', `pipe:${input.progressFd}`,
    '-stats_period', '1',
    // Input: RTSP over TCP (no UDP loss, crosses NAT/firewalls), bounded I/O wait.
    '-rtsp_transport', 'tcp',
    '-timeout', String(Math.round(input.rtspTimeoutMs * 1000)),
    '-protocol_whitelist', RTSP_PROTOCOL_WHITELIST,
    '-i', input.inputUrl,
    ...(input.maskImage ? maskedVideo(input.maskImage, input.segmentSeconds) : ['-map', '0:v:0', '-c:v', 'copy']),
    ...(input.audio ? ['-map', '0:a:0?', '-c:a', 'copy'] : ['-an']),
    '-f', 'segment',
    '-segment_time', String(input.segmentSeconds),
    '-segment_format', 'mp4',
    ...FRAGMENT_WRITE_ARGS,
    '-reset_timestamps', '1',
    // ffmpeg reports each closed segment on stdout as "name,start,end".
    '-segment_list', 'pipe:1',
    '-segment_list_type', 'csv',
    '-segment_list_flags', '+live',
    // Sequence numbers, not -strftime: local-time names repeat at a DST change.
    `${input.stagingDir}/seg_%06d.mp4`,
  ];
}

/**
 * Decode, black out the mask, encode. The mask image is looped at 1 fps (it
 * never changes), scaled to the camera's size with hard edges, and overlaid.
 *
 * A keyframe at least every second, and at every segment boundary so segments
 * stay the configured length: the segment is cut into equal steps of at most
 * 1 s. The activity index samples keyframes (docs/activity.md), so a masked
 * camera gets one sample a second like a camera set to a 1 s GOP, and seeks
 * and exports cut on the second. No measurable CPU; bitrate +6 % on a busy
 * picture, up to +57 % on a still noisy one (docs/benchmarks.md, "Keyframes
 * of masked cameras").
 */
export function maskedKeyframeSeconds(segmentSeconds: number): number {
  return segmentSeconds / Math.max(1, Math.ceil(segmentSeconds - 1e-9));
}

function maskedVideo(maskImage: string, segmentSeconds: number): string[] {
  // Rounded down: a step a hair short still lands each boundary's keyframe on the boundary's frame.
  const step = Math.floor(maskedKeyframeSeconds(segmentSeconds) * 1e6) / 1e6;
  return [
    ...maskFilterArgs(maskImage),
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23',
    '-force_key_frames', `expr:gte(t,n_forced*${step})`,
  ];
}

/**
 * The mask itself: a second input (the mask image, after the camera as input
 * 0) and the filter that burns it in, mapped as the only video output. Shared
 * by recording, live view and snapshots (src/live/), so there is one way to
 * mask and no path that skips it; the caller adds the encoder.
 */
export function maskFilterArgs(maskImage: string): string[] {
  return [
    '-loop', '1', '-framerate', '1', '-f', 'image2', '-i', maskImage,
    '-filter_complex', '[1:v]format=rgba[mask];[mask][0:v]scale2ref=flags=neighbor[m][v];[v][m]overlay=format=auto:eof_action=repeat,format=yuv420p[masked]',
    '-map', '[masked]',
  ];
}

export interface SegmentListEntry {
  file: string;
  startSeconds: number;
  endSeconds: number;
}

/** Parse one line of ffmpeg's csv segment list. File names may be quoted if they contain commas. */
export function parseSegmentListLine(line: string): SegmentListEntry | undefined {
  const match = /^"?(.*?)"?,(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)\s*$/.exec(line.trim());
  if (!match) return undefined;
  const startSeconds = Number(match[2]);
  const endSeconds = Number(match[3]);
  if (!Number.isFinite(startSeconds) || !Number.isFinite(endSeconds) || endSeconds < startSeconds) return undefined;
  return { file: match[1] as string, startSeconds, endSeconds };
}

export interface ProgressBlock {
  outTimeUs?: number;
  totalSize?: number;
  frame?: number;
  end: boolean;
}

/**
 * Accumulates ffmpeg -progress key=value lines into blocks; each block ends
 * with a `progress=continue|end` line.
 */
export class ProgressParser {
  private current: Record<string, string> = {};

  push(line: string): ProgressBlock | undefined {
    const eq = line.indexOf('=');
    if (eq <= 0) return undefined;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (key !== 'progress') {
      this.current[key] = value;
      return undefined;
    }
    const block: ProgressBlock = { end: value === 'end' };
    const num = (k: string) => {
      const n = Number(this.current[k]);
      return Number.isFinite(n) ? n : undefined;
    };
    const outTimeUs = num('out_time_us') ?? num('out_time_ms');
    const totalSize = num('total_size');
    const frame = num('frame');
    if (outTimeUs !== undefined) block.outTimeUs = outTimeUs;
    if (totalSize !== undefined) block.totalSize = totalSize;
    if (frame !== undefined) block.frame = frame;
    this.current = {};
    return block;
  }
}
