import { maskFilterArgs, RTSP_PROTOCOL_WHITELIST } from '../recorder/ffmpeg-args.js';

/**
 * ffmpeg arguments for live view and snapshots, as data (unit-tested).
 *
 * Live: one ffmpeg per watched camera, video only, stream copy unless the
 * hub passes a mask image — a camera with privacy masks that is not verified
 * to mask itself (then the recorder's own mask filter and an x264 encode
 * tuned for latency: the mask is never skipped). Two outputs of the
 * same process, so one camera connection feeds both: a fragmented MP4 with
 * a fragment per frame on stdout (WebSocket viewers), and a short fMP4 HLS
 * playlist in a temp folder (browsers without MediaSource).
 */
export interface LiveArgsInput {
  inputUrl: string;
  rtspTimeoutMs: number;
  maskImage?: string;
  /** Folder for the HLS playlist and segments. */
  hlsDir: string;
  /**
   * Skip stream probing: the codec parameters come from the SDP (sprop-parameter-sets), which saves about a
   * second before the first frame. A camera whose SDP lacks them makes this attempt fail before the init
   * segment; the hub then starts again without it.
   */
  fastStart?: boolean;
}

const input = (inputUrl: string, rtspTimeoutMs: number, fastStart = false): string[] => [
  '-nostdin',
  '-hide_banner',
  '-loglevel', 'level+warning',
  '-rtsp_transport', 'tcp',
  '-timeout', String(Math.round(rtspTimeoutMs * 1000)),
  '-protocol_whitelist', RTSP_PROTOCOL_WHITELIST,
  // Do not hold frames back in input buffers.
  '-fflags', 'nobuffer',
  ...(fastStart ? ['-analyzeduration', '0', '-probesize', '32'] : ['-analyzeduration', '1000000']),
  '-i', inputUrl,
];

/** The mask and a fast encode; a keyframe every second keeps HLS segments at 1 s and late joiners quick. */
const maskedLive = (maskImage: string): string[] => [
  ...maskFilterArgs(maskImage),
  '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-crf', '23',
  // The tee muxer does not ask for global headers; without them the MP4's avcC would be empty.
  '-flags:v', '+global_header',
  '-force_key_frames', 'expr:gte(t,n_forced*1)',
];

/** Characters the tee muxer's slave syntax gives a meaning to; a temp folder must not contain them. */
const TEE_SPECIAL = /[\\:|[\]=,'"\s]/;

/**
 * One encode (or copy), two muxers through ffmpeg's tee: fragmented MP4 with
 * a fragment per frame on stdout, flushed per packet, and HLS in `hlsDir`.
 */
export function buildLiveArgs(a: LiveArgsInput): string[] {
  if (TEE_SPECIAL.test(a.hlsDir)) throw new Error(`the live temp folder ${a.hlsDir} contains a character ffmpeg's tee output cannot take`);
  const mp4 = '[f=mp4:movflags=empty_moov+default_base_moof+frag_every_frame:flush_packets=1]pipe:1';
  const hls =
    '[f=hls:hls_time=1:hls_list_size=6:hls_segment_type=fmp4:hls_flags=delete_segments+independent_segments+temp_file' +
    `:hls_fmp4_init_filename=init.mp4:hls_segment_filename=${a.hlsDir}/seg%d.m4s]${a.hlsDir}/live.m3u8`;
  return [
    ...input(a.inputUrl, a.rtspTimeoutMs, a.fastStart),
    ...(a.maskImage ? maskedLive(a.maskImage) : ['-map', '0:v:0', '-c:v', 'copy']),
    '-an',
    '-flush_packets', '1',
    '-f', 'tee',
    `${mp4}|${hls}`,
  ];
}

export interface SnapshotArgsInput {
  inputUrl: string;
  rtspTimeoutMs: number;
  maskImage?: string;
}

/** One JPEG on stdout: the first decodable frame, masked where the camera has masks. */
export function buildSnapshotArgs(a: SnapshotArgsInput): string[] {
  return [
    ...input(a.inputUrl, a.rtspTimeoutMs),
    ...(a.maskImage ? maskFilterArgs(a.maskImage) : ['-map', '0:v:0']),
    '-an',
    '-frames:v', '1',
    '-c:v', 'mjpeg',
    '-q:v', '4',
    '-f', 'image2pipe',
    'pipe:1',
  ];
}

/**
 * A JPEG of the newest frame of a running live stream, decoded from its init
 * segment and current GOP on stdin (no second camera connection). The live
 * stream of a masked camera is already masked, so no filter is needed here.
 * `frameIndex`: the newest frame's index in the GOP (a fragment per frame).
 */
export function buildStreamSnapshotArgs(frameIndex: number): string[] {
  return [
    '-nostdin',
    '-hide_banner',
    '-loglevel', 'level+warning',
    '-f', 'mp4',
    '-i', 'pipe:0',
    '-map', '0:v:0',
    '-vf', `select=gte(n\\,${Math.max(0, Math.floor(frameIndex))})`,
    '-frames:v', '1',
    '-c:v', 'mjpeg',
    '-q:v', '4',
    '-f', 'image2pipe',
    'pipe:1',
  ];
}
