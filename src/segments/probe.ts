import ffmpeg from 'fluent-ffmpeg';

/**
 * The only module that uses fluent-ffmpeg (product card). Its ffprobe call is
 * a one-shot read of a local file, where its defects (SIGKILL on kill, `end`
 * on a lost stream, no -nostdin) do not matter; recording itself uses our own
 * spawner (src/recorder/spawner.ts, docs/ffmpeg.md explains why).
 */
export interface MediaInfo {
  durationMs: number;
  videoCodec: string | null;
  width: number | null;
  height: number | null;
  /** Average video frame rate, when ffprobe knows it. */
  fps: number | null;
  audioCodec: string | null;
  streams: number;
}

export function probeMedia(file: string): Promise<MediaInfo> {
  return new Promise((resolve, reject) => {
    ffmpeg.ffprobe(file, (err: Error | null, data: ffmpeg.FfprobeData) => {
      if (err) {
        reject(err);
        return;
      }
      const video = data.streams.find((s) => s.codec_type === 'video');
      const audio = data.streams.find((s) => s.codec_type === 'audio');
      const duration = Number(data.format.duration);
      resolve({
        durationMs: Number.isFinite(duration) ? Math.round(duration * 1000) : 0,
        videoCodec: video?.codec_name ?? null,
        width: video?.width ?? null,
        height: video?.height ?? null,
        fps: frameRate(video?.avg_frame_rate) ?? frameRate(video?.r_frame_rate),
        audioCodec: audio?.codec_name ?? null,
        streams: data.streams.length,
      });
    });
  });
}

/** ffprobe writes rates as "15/1"; "0/0" means unknown. */
function frameRate(text: string | undefined): number | null {
  const m = /^(\d+)\/(\d+)$/.exec(text ?? '');
  if (!m || Number(m[2]) === 0 || Number(m[1]) === 0) return null;
  return Number(m[1]) / Number(m[2]);
}
