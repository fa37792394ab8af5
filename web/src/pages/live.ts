import type { CameraView } from '../api.js';

/**
 * Live video of one camera in a tile (the Live and Grid pages). Each tile opens the
 * camera's WebSocket (fMP4, a fragment per frame) into MediaSource; without
 * MediaSource it plays the HLS playlist through video.src; a codec the
 * browser cannot decode (H.265 in most browsers) gets a sentence, not a
 * black tile. A privacy pause or a consent gate closes the socket with the
 * reason, which the tile shows.
 */
export type PlayMode = { kind: 'mse' } | { kind: 'hls' } | { kind: 'none'; message: string };

/** How this browser can play live video. Pure, for the tests. */
export function playMode(hasMediaSource: boolean, canPlayHls: boolean): PlayMode {
  if (hasMediaSource) return { kind: 'mse' };
  if (canPlayHls) return { kind: 'hls' };
  return { kind: 'none', message: 'This browser can play neither MediaSource nor HLS video. Use a current Chrome, Edge, Firefox or Safari.' };
}

export function unsupportedCodecMessage(codec: string): string {
  const name = /^(hvc1|hev1)/.test(codec) ? 'H.265 (HEVC)' : codec;
  return `This camera sends ${name} video, which this browser cannot play. Set the camera's stream to H.264 in its own settings, or use a browser that plays ${name}.`;
}

/** Seconds behind the live edge before the player jumps forward; buffer kept behind the playhead. */
const MAX_LAG_S = 0.5;
const KEEP_BEHIND_S = 10;
const TRIM_ABOVE_S = 30;

/** One camera's live stream into one tile; exported for the Grid page, which starts and stops it as the tile scrolls in and out of view. */
export class LivePlayer {
  private ws: WebSocket | undefined;
  private mediaSource: MediaSource | undefined;
  private buffer: SourceBuffer | undefined;
  private queue: ArrayBuffer[] = [];
  private objectUrl: string | undefined;
  private retry: number | undefined;
  private stopped = false;
  private firstFrameReported = false;
  /** Grows while the camera stays unreachable, so a dead camera is not hammered. */
  private lostDelayMs = 3_000;
  private readonly startedAt = performance.now();

  constructor(
    private readonly camera: CameraView,
    private readonly tile: HTMLElement,
    private readonly video: HTMLVideoElement,
    private readonly status: HTMLElement,
    /** `sub` for a tile among several (the camera's smaller stream where it has one), `main` for one camera on its own. */
    private readonly stream: 'main' | 'sub' = 'main',
  ) {}

  private get streamQuery(): string {
    return this.stream === 'sub' ? '?stream=sub' : '';
  }

  start(): void {
    if (this.stopped) return;
    const mode = playMode(typeof window.MediaSource === 'function', this.video.canPlayType('application/vnd.apple.mpegurl') !== '');
    switch (mode.kind) {
      case 'mse':
        this.openSocket();
        return;
      case 'hls':
        this.say('Connecting (HLS)…');
        this.video.src = `/api/cameras/${encodeURIComponent(this.camera.id)}/live.m3u8${this.streamQuery}`;
        this.watchFirstFrame();
        void this.video.play().catch(() => undefined);
        return;
      case 'none':
        this.fail(mode.message);
        return;
    }
  }

  stop(): void {
    this.stopped = true;
    window.clearTimeout(this.retry);
    this.ws?.close();
    this.ws = undefined;
    this.resetMedia();
  }

  private say(text: string, problem = false): void {
    this.status.textContent = text;
    this.status.classList.toggle('error', problem);
    this.tile.dataset['state'] = problem ? 'message' : 'playing';
  }

  /** A message instead of a picture: the video is hidden so the tile is never just black. */
  fail(text: string): void {
    this.video.hidden = true;
    this.say(text, true);
  }

  private openSocket(): void {
    this.say('Connecting…');
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WebSocket(`${scheme}://${location.host}/api/cameras/${encodeURIComponent(this.camera.id)}/live${this.streamQuery}`);
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    this.mark('socket');
    ws.onopen = () => this.mark('open');
    let endReason: string | undefined;
    ws.onmessage = (event: MessageEvent<ArrayBuffer | string>) => {
      if (typeof event.data === 'string') {
        const msg = JSON.parse(event.data) as { type: string; codec?: string; reason?: string };
        if (msg.type === 'stream') {
          this.mark('header');
          this.beginStream(msg.codec ?? '');
        }
        else if (msg.type === 'end') endReason = msg.reason;
        return;
      }
      if (this.queue.length === 0 && !this.buffer) this.mark('data');
      this.queue.push(event.data);
      this.pump();
    };
    ws.onclose = (event) => {
      if (this.ws !== ws || this.stopped) return;
      this.ws = undefined;
      this.resetMedia();
      // 4409: may not be shown now (privacy pause, consent gate): say why, look again later.
      if (event.code === 4409) {
        this.fail(`Not shown: ${endReason ?? 'this camera may not be shown now'}`);
        this.retryIn(10_000);
      } else if (event.code === 4401) {
        this.fail('Your session ended; log in again.');
      } else if (event.code === 4415) {
        return; // unsupported codec: the message stays
      } else {
        this.say(endReason ? `${endReason}` : 'Connection lost; reconnecting…', true);
        this.retryIn(this.lostDelayMs);
        this.lostDelayMs = Math.min(30_000, this.lostDelayMs * 2);
      }
    };
  }

  retryIn(ms: number): void {
    window.clearTimeout(this.retry);
    this.retry = window.setTimeout(() => this.start(), ms);
  }

  private beginStream(codec: string): void {
    const mime = `video/mp4; codecs="${codec}"`;
    if (!MediaSource.isTypeSupported(mime)) {
      this.fail(unsupportedCodecMessage(codec));
      this.ws?.close(4415);
      return;
    }
    this.lostDelayMs = 3_000;
    this.resetMedia();
    this.video.hidden = false;
    const ms = new MediaSource();
    this.mediaSource = ms;
    this.objectUrl = URL.createObjectURL(ms);
    this.video.src = this.objectUrl;
    ms.addEventListener('sourceopen', () => {
      if (this.mediaSource !== ms) return;
      this.mark('sourceopen');
      const sb = ms.addSourceBuffer(mime);
      // Fragments carry their own timestamps; 'segments' keeps them, so a skipped stretch stays a gap we jump over.
      sb.mode = 'segments';
      sb.addEventListener('updateend', () => this.afterAppend());
      this.buffer = sb;
      this.pump();
    });
    this.watchFirstFrame();
    void this.video.play().catch(() => undefined);
  }

  private pump(): void {
    const sb = this.buffer;
    if (!sb || sb.updating || this.queue.length === 0 || this.mediaSource?.readyState !== 'open') return;
    try {
      sb.appendBuffer(this.queue.shift() as ArrayBuffer);
    } catch (err) {
      // QuotaExceededError: drop what is behind us and go on from the next message.
      if (err instanceof DOMException && err.name === 'QuotaExceededError' && sb.buffered.length > 0) sb.remove(0, Math.max(0, this.video.currentTime - 1));
    }
  }

  /** Keep close to the live edge and keep the buffer small. */
  private afterAppend(): void {
    const sb = this.buffer;
    const v = this.video;
    if (sb && sb.buffered.length > 0) {
      const start = sb.buffered.start(0);
      const end = sb.buffered.end(sb.buffered.length - 1);
      if (end - v.currentTime > MAX_LAG_S || v.currentTime < start) v.currentTime = Math.max(start, end - 0.2);
      if (!sb.updating && v.currentTime - start > TRIM_ABOVE_S) {
        sb.remove(start, v.currentTime - KEEP_BEHIND_S);
        return; // the next updateend pumps
      }
      if (v.paused) void v.play().catch(() => undefined);
    }
    this.pump();
  }

  /** Says "Live" at the first frame of each stream, and marks the tile at the very first (the benchmark and the browser test read it). */
  private watchFirstFrame(): void {
    let done = false;
    const report = () => {
      if (done) return;
      done = true;
      this.mark('frame');
      if (!this.firstFrameReported) {
        this.firstFrameReported = true;
        this.tile.dataset['firstFrameMs'] = String(Math.round(performance.now() - this.startedAt));
      }
      this.say('Live');
    };
    const v = this.video as HTMLVideoElement & { requestVideoFrameCallback?: (cb: () => void) => number };
    if (typeof v.requestVideoFrameCallback === 'function') v.requestVideoFrameCallback(report);
    else v.addEventListener('playing', report, { once: true });
  }

  /** Performance marks (live:<camera>:<step>) so a benchmark can tell where the time to the first frame goes. */
  private mark(step: string): void {
    performance.mark(`live:${this.camera.id}:${step}`);
  }

  private resetMedia(): void {
    this.queue = [];
    this.buffer = undefined;
    this.mediaSource = undefined;
    if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
    this.objectUrl = undefined;
  }
}
