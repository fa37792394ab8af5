import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { urlWithCredentials, type Credentials } from '../config/credentials.js';
import type { CameraConfig } from '../config/schema.js';
import type { CameraDecision } from '../policy/consent/decision.js';
import { maskImagePam } from '../recorder/mask.js';
import type { RecordableCamera } from '../recorder/sources.js';
import type { MediaProcess, MediaSpawner } from '../recorder/spawner.js';
import type { Clock, Timer } from '../shared/clock.js';
import { errorMessage, PremisesError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { redactSecrets } from '../shared/redact.js';
import { buildLiveArgs, buildSnapshotArgs, buildStreamSnapshotArgs } from './args.js';
import { FragmentAssembler, GopCache, type Fragment, type TrackInfo } from './mp4.js';

/**
 * Live view: per camera and stream (main or sub), ONE ffmpeg while at least
 * one viewer watches, shared by every viewer of that stream (WebSocket and
 * HLS alike), stopped a few seconds after the last one leaves, so a watched
 * stream costs one extra connection and an unwatched one none. Grid tiles and
 * thumbnails ask for the sub stream, the single-camera view for the main one. Whether a camera may stream is the consent
 * decision's answer (`stream`: gates, disabled, privacy pause — not the
 * recording schedule); it is asked again every second while the stream runs
 * and a refusal closes every viewer with the reason.
 */
export interface LiveCamera {
  camera: CameraConfig;
  source: RecordableCamera;
  decision: CameraDecision;
  /**
   * The camera masks itself, verified by the recorder for the masks configured
   * now (Recorder.liveCamera): then live view stream-copies it like the
   * recorder. Absent or false: Premises masks it (when in doubt, re-encode).
   */
  cameraMasks?: boolean;
}

/**
 * Which of the camera's streams: `main` (what is recorded; the single-camera
 * view) or `sub` (the camera's smaller stream; grid tiles and thumbnails). A
 * camera without a sub stream serves `main` for both.
 */
export type LiveStream = 'main' | 'sub';

/** The stream a request for `wanted` gets: the sub stream only where the camera has one. */
export function streamFor(live: LiveCamera, wanted: LiveStream): LiveStream {
  return wanted === 'sub' && live.source.resolveSubSource ? 'sub' : 'main';
}

/**
 * Premises burns the mask in: the camera has masks and is not verified to
 * apply them itself. The camera's masks are verified on the main stream only
 * (src/recorder/camera-masks.ts), so the sub stream of a masked camera is
 * always masked by Premises: re-encoding a small stream is cheap, and when in
 * doubt the mask is never skipped.
 */
export function premisesMasks(live: LiveCamera, stream: LiveStream = 'main'): boolean {
  return (live.camera.masks?.length ?? 0) > 0 && (live.cameraMasks !== true || stream === 'sub');
}

export interface LiveViewer {
  /** The stream's first bytes: called once, before any fragment. */
  begin(track: TrackInfo, init: Buffer): void;
  fragment(fragment: Fragment): void;
  /** The stream ended for this viewer; `reason` is shown to the person watching. */
  end(reason: string, cause: LiveEndCause): void;
}

export type LiveEndCause = 'refused' | 'lost' | 'shutdown';

export interface LiveHubDeps {
  /** The camera's settings, source and consent decision now; undefined for an unknown camera. */
  cameras: (id: string) => LiveCamera | undefined;
  spawner: MediaSpawner;
  clock: Clock;
  log: Logger;
  rtspTimeoutMs: number;
  /** Where mask images are written. */
  maskDir: string;
  /** Temp area for HLS playlists (inside the data directory); emptied at start. */
  tmpDir: string;
  /** How long a stream outlives its last viewer (a page reload should not reconnect to the camera). */
  lingerMs?: number;
  /** How often a running stream re-asks the consent decision. */
  recheckMs?: number;
  /** Deadline for a snapshot. */
  snapshotTimeoutMs?: number;
}

/** Why a camera may not stream now, in the owner's words; undefined when it may. */
export function refusal(live: LiveCamera | undefined, id: string): string | undefined {
  if (!live) return `no camera "${id}"`;
  if (live.decision.stream) return undefined;
  const reasons = live.decision.reasons.filter((r) => r.code !== 'outside-schedule' && r.code !== 'storage-full');
  return reasons.map((r) => r.message).join('; ') || 'this camera may not be shown now';
}

interface Channel {
  id: string;
  stream: LiveStream;
  viewers: Set<LiveViewer>;
  begun: Set<LiveViewer>;
  init: { bytes: Buffer; track: TrackInfo } | undefined;
  gop: GopCache;
  proc: MediaProcess | undefined;
  hlsDir: string;
  linger: Timer | undefined;
  recheck: Timer | undefined;
  closing: boolean;
  stderr: string[];
  secrets: string[];
  /** The running ffmpeg relies on the camera's own masks (stream copy of a masked camera). */
  relyOnCamera: boolean;
  /** The first attempt skips probing (src/live/args.ts); a failure before the init segment retries with it. */
  fastStart: boolean;
  /** A sub stream that could not be opened (both attempts failed before the init segment): this channel shows the main stream instead. */
  subUnavailable: boolean;
}

const channelKey = (id: string, stream: LiveStream): string => `${id}/${stream}`;

export class LiveHub {
  private readonly channels = new Map<string, Channel>();
  private stopped = false;

  constructor(private readonly deps: LiveHubDeps) {
    rmSync(deps.tmpDir, { recursive: true, force: true });
  }

  /**
   * Add a viewer of camera `id`. Throws NotFound for an unknown camera and
   * FailedPrecondition (with the reason) when it may not stream; otherwise
   * returns the function that removes the viewer again.
   */
  join(id: string, viewer: LiveViewer, wanted: LiveStream = 'main'): () => void {
    if (this.stopped) throw new PremisesError('Unavailable', 'Premises is shutting down');
    const live = this.deps.cameras(id);
    const refused = refusal(live, id);
    if (!live) throw new PremisesError('NotFound', refused as string);
    if (refused) throw new PremisesError('FailedPrecondition', refused);
    const stream = streamFor(live, wanted);
    let channel = this.channels.get(channelKey(id, stream));
    if (!channel) {
      channel = this.openChannel(id, stream);
      this.start(channel, live).catch((err: unknown) => this.fail(channel as Channel, `the camera cannot be shown: ${errorMessage(err)}`));
    }
    channel.linger?.cancel();
    channel.linger = undefined;
    channel.viewers.add(viewer);
    if (channel.init) this.begin(channel, viewer);
    const ch = channel;
    return () => this.leave(ch, viewer);
  }

  /** Number of running camera streams (for health and tests). */
  get running(): number {
    return this.channels.size;
  }

  /** Where the HLS playlist of a running stream is written; undefined when the camera is not streaming it. */
  hlsDirOf(id: string, wanted: LiveStream = 'main'): string | undefined {
    const live = this.deps.cameras(id);
    return live ? this.channels.get(channelKey(id, streamFor(live, wanted)))?.hlsDir : undefined;
  }

  /** The stream a viewer of `wanted` gets from camera `id` (the main stream when it has no sub stream). */
  streamOf(id: string, wanted: LiveStream): LiveStream | undefined {
    const live = this.deps.cameras(id);
    return live ? streamFor(live, wanted) : undefined;
  }

  /**
   * One JPEG of the camera now, masked like everything else, within a
   * deadline; a thumbnail by default (`sub`: the sub stream where the camera
   * has one). While the camera is streaming live the frame comes from that
   * stream — the wanted one, else the other — so there is no second camera
   * connection; otherwise from a short connection to the wanted stream.
   */
  async snapshot(id: string, wanted: LiveStream = 'sub'): Promise<Buffer> {
    const live = this.deps.cameras(id);
    const refused = refusal(live, id);
    if (!live) throw new PremisesError('NotFound', refused as string);
    if (refused) throw new PremisesError('FailedPrecondition', refused);
    const stream = streamFor(live, wanted);
    const running = [stream, stream === 'sub' ? 'main' : 'sub'].map((s) => this.channels.get(channelKey(id, s as LiveStream)));
    const channel = running.find((c) => c?.init && !c.closing && c.gop.current().length > 0);
    if (channel?.init) {
      const gop = channel.gop.current();
      const bytes = Buffer.concat([channel.init.bytes, ...gop.map((f) => f.bytes)]);
      return this.grab(id, buildStreamSnapshotArgs(gop.length - 1), [], bytes);
    }
    const maskImage = premisesMasks(live, stream) ? this.writeMask(live.camera) : undefined;
    const connect = async (from: LiveStream) => {
      const { rtspUrl, credentials } = await this.resolveStream(live, from);
      const args = buildSnapshotArgs({ inputUrl: urlWithCredentials(rtspUrl, credentials), rtspTimeoutMs: this.deps.rtspTimeoutMs, ...(maskImage ? { maskImage } : {}) });
      return this.grab(id, args, credentials ? [credentials.password] : []);
    };
    if (stream === 'main') return connect('main');
    try {
      return await connect('sub');
    } catch (err) {
      // A sub stream that cannot be read: the thumbnail comes from the main stream (through the same mask).
      if (!(err instanceof PremisesError) || err.kind !== 'Unavailable') throw err;
      return connect('main');
    }
  }

  /** Run a one-frame ffmpeg and return its JPEG, or fail with a kind the API maps (504, 503). */
  private async grab(id: string, args: string[], secrets: string[], stdin?: Buffer): Promise<Buffer> {
    const proc = this.deps.spawner.spawn(args, stdin);
    const chunks: Buffer[] = [];
    let bytes = 0;
    const stderr: string[] = [];
    proc.onData((chunk) => {
      bytes += chunk.length;
      if (bytes > 16 << 20) proc.kill('SIGKILL');
      else chunks.push(chunk);
    });
    proc.onStderrLine((line) => {
      stderr.push(line);
      if (stderr.length > 20) stderr.shift();
    });
    let timedOut = false;
    const timeoutMs = this.deps.snapshotTimeoutMs ?? 10_000;
    const deadline = this.deps.clock.setTimeout(() => {
      timedOut = true;
      proc.kill('SIGKILL');
    }, timeoutMs);
    const code = await new Promise<number | null>((resolve) => proc.onClose((c) => resolve(c)));
    deadline.cancel();
    const jpeg = Buffer.concat(chunks);
    if (timedOut) throw new PremisesError('DeadlineExceeded', `camera ${id} sent no picture within ${Math.round(timeoutMs / 1000)} s`);
    if (code !== 0 || jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) {
      this.deps.log.warn({ camera: id, code, stderr: redactSecrets(stderr.join('\n'), secrets) }, 'snapshot failed');
      throw new PremisesError('Unavailable', `camera ${id} could not be reached for a snapshot; see the Premises log`);
    }
    return jpeg;
  }

  /** Close every stream (Premises stops). */
  async stopAll(reason = 'Premises is shutting down'): Promise<void> {
    this.stopped = true;
    const closing = [...this.channels.values()].map((c) => this.close(c, reason, 'shutdown'));
    await Promise.all(closing);
  }

  /** Where to connect for `stream`; a sub stream the camera does not report after all falls back to the main one. */
  private async resolveStream(live: LiveCamera, stream: LiveStream): Promise<{ rtspUrl: string; credentials: Credentials | undefined }> {
    if (stream === 'sub' && live.source.resolveSubSource) {
      const sub = await live.source.resolveSubSource();
      if (sub) return sub;
      this.deps.log.info({ camera: live.camera.id }, 'the camera reports no sub stream; using its main stream');
    }
    return live.source.resolveSource();
  }

  private openChannel(id: string, stream: LiveStream): Channel {
    const hlsDir = join(this.deps.tmpDir, `${id}-${stream}-${this.deps.clock.monotonic().toFixed(0)}`);
    const channel: Channel = {
      id,
      stream,
      viewers: new Set(),
      begun: new Set(),
      init: undefined,
      gop: new GopCache(),
      proc: undefined,
      hlsDir,
      linger: undefined,
      recheck: undefined,
      closing: false,
      stderr: [],
      secrets: [],
      fastStart: true,
      relyOnCamera: false,
      subUnavailable: false,
    };
    this.channels.set(channelKey(id, stream), channel);
    this.scheduleRecheck(channel);
    return channel;
  }

  private async start(channel: Channel, joined: LiveCamera): Promise<void> {
    // A retry asks again who masks the camera: its masks may have been checked again meanwhile.
    const live = this.deps.cameras(channel.id) ?? joined;
    const { rtspUrl, credentials } = await this.resolveStream(live, channel.subUnavailable ? 'main' : channel.stream);
    if (channel.closing) return;
    channel.secrets = credentials ? [credentials.password] : [];
    const maskImage = premisesMasks(live, channel.stream) ? this.writeMask(live.camera) : undefined;
    channel.relyOnCamera = !maskImage && (live.camera.masks?.length ?? 0) > 0;
    mkdirSync(channel.hlsDir, { recursive: true, mode: 0o700 });
    const args = buildLiveArgs({
      inputUrl: urlWithCredentials(rtspUrl, credentials),
      rtspTimeoutMs: this.deps.rtspTimeoutMs,
      hlsDir: channel.hlsDir,
      fastStart: channel.fastStart,
      ...(maskImage ? { maskImage } : {}),
    });
    const proc = this.deps.spawner.spawn(args);
    channel.proc = proc;
    this.deps.log.info({ camera: channel.id, stream: channel.stream, pid: proc.pid, masked: maskImage !== undefined, cameraMasks: channel.relyOnCamera }, 'live stream started');
    const assembler = new FragmentAssembler();
    proc.onData((chunk) => {
      if (channel.closing) return;
      try {
        for (const event of assembler.push(chunk)) {
          if (event.kind === 'init') {
            channel.init = { bytes: event.bytes, track: event.track };
            for (const viewer of channel.viewers) this.begin(channel, viewer);
          } else {
            channel.gop.add(event.fragment);
            for (const viewer of channel.begun) viewer.fragment(event.fragment);
          }
        }
      } catch (err) {
        this.fail(channel, `the live stream could not be read: ${errorMessage(err)}`);
      }
    });
    proc.onStderrLine((line) => {
      channel.stderr.push(line);
      if (channel.stderr.length > 30) channel.stderr.shift();
    });
    proc.onClose((code, signal) => {
      channel.proc = undefined;
      if (channel.closing) return;
      if (channel.fastStart && !channel.init) {
        this.deps.log.info({ camera: channel.id, code, stderr: redactSecrets(channel.stderr.join('\n'), channel.secrets) }, 'live stream without probing failed; probing');
        channel.fastStart = false;
        channel.stderr = [];
        this.start(channel, live).catch((err: unknown) => this.fail(channel, `the camera cannot be shown: ${errorMessage(err)}`));
        return;
      }
      if (channel.stream === 'sub' && !channel.init && !channel.subUnavailable) {
        // A tile is better served by the main stream than by no picture (still masked by Premises: the channel is a sub one).
        this.deps.log.warn({ camera: channel.id, code, stderr: redactSecrets(channel.stderr.join('\n'), channel.secrets) }, 'the sub stream could not be opened; the tile shows the main stream');
        channel.subUnavailable = true;
        channel.fastStart = true;
        channel.stderr = [];
        this.start(channel, live).catch((err: unknown) => this.fail(channel, `the camera cannot be shown: ${errorMessage(err)}`));
        return;
      }
      this.deps.log.warn({ camera: channel.id, code, signal, stderr: redactSecrets(channel.stderr.join('\n'), channel.secrets) }, 'live stream ended');
      void this.close(channel, 'the camera stream was lost; reconnecting', 'lost');
    });
  }

  private begin(channel: Channel, viewer: LiveViewer): void {
    if (!channel.init || channel.begun.has(viewer)) return;
    channel.begun.add(viewer);
    viewer.begin(channel.init.track, channel.init.bytes);
    // A late joiner starts at the last keyframe, not mid-GOP.
    for (const fragment of channel.gop.current()) viewer.fragment(fragment);
  }

  private leave(channel: Channel, viewer: LiveViewer): void {
    channel.viewers.delete(viewer);
    channel.begun.delete(viewer);
    if (channel.viewers.size > 0 || channel.closing || channel.linger) return;
    channel.linger = this.deps.clock.setTimeout(() => {
      channel.linger = undefined;
      if (channel.viewers.size === 0) void this.close(channel, 'no viewers', 'shutdown');
    }, this.deps.lingerMs ?? 5_000);
  }

  private scheduleRecheck(channel: Channel): void {
    channel.recheck = this.deps.clock.setTimeout(() => {
      if (channel.closing) return;
      let refused: string | undefined;
      let unmasked = false;
      try {
        const live = this.deps.cameras(channel.id);
        refused = refusal(live, channel.id);
        // A stream copy that relied on the camera's masks stops once they are no longer verified (re-checked, failed, changed).
        unmasked = channel.relyOnCamera && (!live || premisesMasks(live, channel.stream));
      } catch (err) {
        refused = `the camera's consent decision could not be read (${errorMessage(err)})`;
      }
      if (refused) {
        this.deps.log.info({ camera: channel.id, reason: refused }, 'live view stopped: the camera may not be shown now');
        void this.close(channel, refused, 'refused');
        return;
      }
      if (unmasked) {
        this.deps.log.info({ camera: channel.id }, "live view restarts: the camera's own masks are no longer verified, Premises masks it");
        void this.close(channel, "the camera's privacy masks are being checked again; reconnecting", 'lost');
        return;
      }
      this.scheduleRecheck(channel);
    }, this.deps.recheckMs ?? 1_000);
  }

  private fail(channel: Channel, reason: string): void {
    this.deps.log.warn({ camera: channel.id, reason }, 'live stream failed');
    void this.close(channel, reason, 'lost');
  }

  /** Tell every viewer why, stop ffmpeg (TERM, then KILL), remove the HLS files. */
  private async close(channel: Channel, reason: string, cause: LiveEndCause): Promise<void> {
    if (channel.closing) return;
    channel.closing = true;
    channel.linger?.cancel();
    channel.recheck?.cancel();
    const key = channelKey(channel.id, channel.stream);
    if (this.channels.get(key) === channel) this.channels.delete(key);
    const viewers = [...channel.viewers];
    channel.viewers.clear();
    channel.begun.clear();
    channel.gop.clear();
    for (const viewer of viewers) {
      try {
        viewer.end(reason, cause);
      } catch (err) {
        this.deps.log.warn({ camera: channel.id, err: errorMessage(err) }, 'closing a live viewer failed');
      }
    }
    const proc = channel.proc;
    if (proc) {
      const exited = new Promise<void>((resolve) => proc.onClose(() => resolve()));
      proc.kill('SIGTERM');
      const kill = this.deps.clock.setTimeout(() => proc.kill('SIGKILL'), 2_000);
      await exited;
      kill.cancel();
    }
    rmSync(channel.hlsDir, { recursive: true, force: true });
    this.deps.log.info({ camera: channel.id, stream: channel.stream, reason }, 'live stream stopped');
  }

  /** The camera's mask image for live use; written whole, then renamed, so ffmpeg never reads half a mask. */
  private writeMask(camera: CameraConfig): string {
    mkdirSync(this.deps.maskDir, { recursive: true });
    const file = join(this.deps.maskDir, `${camera.id}.live.pam`);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, maskImagePam((camera.masks ?? []).map((m) => m.polygon)));
    renameSync(tmp, file);
    return file;
  }
}
