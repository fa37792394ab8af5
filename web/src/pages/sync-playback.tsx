import './sync.css';
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, currentCsrfToken, type CameraView } from '../api.js';
import { cameraLabel } from '../camera-label.js';
import { Field } from '../ui.js';
import { clockText, dayOf, fraction, SPEEDS, timeText, type Seg } from './playback-model.js';
import { advance, driftToCorrect, following, nextFootage, wantAt } from './sync-model.js';

/**
 * Several cameras played together under one playhead (a wall-clock time).
 * Each camera's player shows the segment recorded at the playhead, or "no
 * recording" in its gaps, and is sought back whenever it drifts more than a
 * quarter second from the playhead. Viewing goes through the same door as the
 * playback page: one viewing session per camera, started with the reason
 * (asked once per browser tab, shared with the playback page), each audited
 * at its start and end by the server.
 */
const REASONS = ['incident', 'complaint', 'access request', 'police request', 'other'] as const;
type Reason = (typeof REASONS)[number];
export interface ViewingReason {
  reason: Reason;
  reasonText?: string;
}
interface SegmentsBody {
  segments: { id: number; start: string; end: string; bytes: number; codec: string | null }[];
  more: boolean;
}

/** The playback page's key: a reason given there counts here, and the other way round. */
const REASON_KEY = 'premises.playback.reason';
const TICK_MS = 100;
/** A player still loading after this long no longer holds the others back. */
const HOLD_LIMIT_MS = 3000;
/** The scrubber shows this much time around the playhead: fine enough to seek to a second by touch. */
const SCRUB_SPAN = 10 * 60_000;
const isoOf = (t: number) => new Date(t).toISOString();
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function rememberedReason(): ViewingReason | undefined {
  try {
    const raw = sessionStorage.getItem(REASON_KEY);
    const v = raw ? (JSON.parse(raw) as ViewingReason) : undefined;
    return v && (REASONS as readonly string[]).includes(v.reason) ? v : undefined;
  } catch {
    return undefined;
  }
}

type TileState = { kind: 'loading' } | { kind: 'play' } | { kind: 'gap'; resumesAt: number | undefined } | { kind: 'error'; text: string };

interface Player {
  camera: string;
  video: HTMLVideoElement | null;
  segs: Seg[];
  /** The window `segs` was listed for. */
  listed: { from: number; to: number } | undefined;
  listing: boolean;
  session: { id: string; from: number; to: number } | undefined;
  opening: Promise<string | undefined> | undefined;
  current: Seg | undefined;
  /** Set a new source or a seek: put currentTime on the playhead once the metadata is there. */
  needsSeek: boolean;
  retried: boolean;
  /** Between choosing a segment and giving the video its source (the session is being opened). */
  awaitingSource: boolean;
  state: TileState;
}

/** The players and the playhead; the component renders what it reports. */
class SyncController {
  t: number;
  playing = false;
  speed = 1;
  note = '';
  private last = performance.now();
  private holdSince: number | undefined;
  private timer: number | undefined;
  readonly players: Map<string, Player>;

  constructor(
    cameras: readonly string[],
    start: number,
    private readonly reason: ViewingReason,
    private readonly changed: () => void,
  ) {
    this.t = start;
    this.players = new Map(cameras.map((camera) => [camera, { camera, video: null, segs: [], listed: undefined, listing: false, session: undefined, opening: undefined, current: undefined, needsSeek: false, retried: false, awaitingSource: false, state: { kind: 'loading' } }]));
  }

  begin(): void {
    this.last = performance.now();
    this.timer = window.setInterval(() => this.tick(), TICK_MS);
    window.addEventListener('pagehide', this.onPageHide);
    this.tick();
  }

  stop(): void {
    window.clearInterval(this.timer);
    window.removeEventListener('pagehide', this.onPageHide);
    for (const p of this.players.values()) {
      p.video?.pause();
      p.video?.removeAttribute('src');
      p.video?.load();
      const s = p.session;
      p.session = undefined;
      if (s) void api('POST', `/api/playback/${encodeURIComponent(s.id)}/end`).catch(() => undefined);
    }
  }

  /** Closing the tab ends the viewing sessions now rather than at the idle timeout. */
  private readonly onPageHide = (): void => {
    for (const p of this.players.values()) {
      const s = p.session;
      p.session = undefined;
      if (!s) continue;
      void fetch(`/api/playback/${encodeURIComponent(s.id)}/end`, {
        method: 'POST',
        keepalive: true,
        credentials: 'same-origin',
        headers: { 'X-CSRF-Token': currentCsrfToken(), Accept: 'application/json' },
      }).catch(() => undefined);
    }
  };

  attach(camera: string, video: HTMLVideoElement | null): void {
    const p = this.players.get(camera);
    if (!p || p.video === video) return;
    p.video = video;
    if (!video) return;
    video.muted = true;
    video.addEventListener('error', () => void this.onError(p));
  }

  seek(t: number): void {
    this.t = t;
    this.note = '';
    for (const p of this.players.values()) p.needsSeek = true;
    this.holdSince = undefined;
    this.tick();
  }

  setPlaying(playing: boolean): void {
    this.playing = playing;
    this.last = performance.now();
    this.tick();
  }

  setSpeed(speed: number): void {
    this.speed = speed;
    this.tick();
  }

  private tick(): void {
    const now = performance.now();
    const held = this.holdSince !== undefined && now - this.holdSince < HOLD_LIMIT_MS;
    if (this.playing && !held) this.t = advance(this.t, now - this.last, this.speed);
    this.last = now;
    let waiting = false;
    for (const p of this.players.values()) waiting = this.drive(p) || waiting;
    if (!waiting) this.holdSince = undefined;
    else this.holdSince ??= now;
    if (this.playing && !waiting) this.skipCommonGap();
    this.changed();
  }

  /** Puts one player where the playhead says; true while it is loading what it must show. */
  private drive(p: Player): boolean {
    if (!p.listed || this.t < p.listed.from || this.t >= p.listed.to) {
      void this.list(p);
      return true;
    }
    const want = wantAt(p.segs, this.t);
    const v = p.video;
    if (want.kind === 'gap') {
      if (v && !v.paused) v.pause();
      p.state = { kind: 'gap', resumesAt: want.resumesAt };
      return false;
    }
    if (p.state.kind === 'error' && p.current?.id === want.seg.id) return false;
    if (!v) return true;
    if (p.current?.id !== want.seg.id) {
      void this.load(p, want.seg);
      return true;
    }
    if (p.awaitingSource || v.readyState < 1) return true;
    if (p.needsSeek) {
      v.currentTime = want.offsetS;
      p.needsSeek = false;
      return true;
    }
    if (v.seeking) return true;
    const drift = driftToCorrect(v.currentTime, want.offsetS);
    if (drift !== undefined) {
      v.currentTime = want.offsetS;
      return true;
    }
    if (v.playbackRate !== this.speed) v.playbackRate = this.speed;
    p.state = { kind: 'play' };
    if (this.playing && v.paused) void v.play().catch(() => undefined);
    if (!this.playing && !v.paused) v.pause();
    // Playing on, a player still buffering holds the playhead; paused, a picture is enough.
    return this.playing && v.readyState < 3 && !v.ended;
  }

  /** Lists the segments of the playhead's local day (one request, at most a day). */
  private async list(p: Player): Promise<void> {
    if (p.listing) return;
    p.listing = true;
    const day = dayOf(this.t);
    try {
      const body = await api<SegmentsBody>('GET', `/api/cameras/${encodeURIComponent(p.camera)}/segments?from=${isoOf(day.start)}&to=${isoOf(day.end)}`);
      p.segs = body.segments.map((s) => ({ id: s.id, start: Date.parse(s.start), end: Date.parse(s.end), bytes: s.bytes, codec: s.codec })).sort((a, b) => a.start - b.start);
      // A day with more segments than one answer holds: the rest is listed when the playhead gets there.
      const lastEnd = p.segs.at(-1)?.end ?? day.end;
      p.listed = { from: day.start, to: body.more ? lastEnd : day.end };
    } catch (err) {
      p.state = { kind: 'error', text: message(err) };
      p.listed = { from: day.start, to: day.end };
    } finally {
      p.listing = false;
    }
  }

  /** The camera's viewing session covering t: the open one, or a new one for t's local day (the old one ends). */
  private session(p: Player, t: number): Promise<string | undefined> {
    const s = p.session;
    if (s && t >= s.from && t < s.to) return Promise.resolve(s.id);
    p.opening ??= (async () => {
      try {
        if (s) await api('POST', `/api/playback/${encodeURIComponent(s.id)}/end`).catch(() => undefined);
        p.session = undefined;
        const day = dayOf(t);
        const r = await api<{ sessionId: string }>('POST', `/api/cameras/${encodeURIComponent(p.camera)}/playback`, { from: isoOf(day.start), to: isoOf(day.end), ...this.reason });
        p.session = { id: r.sessionId, from: day.start, to: day.end };
        return r.sessionId;
      } catch (err) {
        p.state = { kind: 'error', text: message(err) };
        return undefined;
      } finally {
        p.opening = undefined;
      }
    })();
    return p.opening;
  }

  private async load(p: Player, seg: Seg): Promise<void> {
    if (p.opening) return;
    p.current = seg;
    p.state = { kind: 'loading' };
    p.awaitingSource = true;
    const id = await this.session(p, seg.start).finally(() => (p.awaitingSource = false));
    const v = p.video;
    if (!id || !v || p.current.id !== seg.id) {
      if (!id && (p.state as TileState).kind !== 'error') p.state = { kind: 'error', text: 'no viewing session' };
      return;
    }
    p.needsSeek = true;
    v.src = `/api/segments/${seg.id}?session=${encodeURIComponent(id)}`;
    v.defaultPlaybackRate = this.speed;
    v.playbackRate = this.speed;
    // The next segment without a gap is asked for early, so the switch at the end is quick.
    const next = following(p.segs, seg);
    if (next) void fetch(`/api/segments/${next.id}?session=${encodeURIComponent(id)}`, { method: 'HEAD', credentials: 'same-origin' }).catch(() => undefined);
  }

  private async onError(p: Player): Promise<void> {
    const seg = p.current;
    if (!seg || !p.video?.getAttribute('src')) return;
    // Most likely the viewing session idled out while paused: start a new one once, with the same reason.
    if (!p.retried) {
      p.retried = true;
      p.session = undefined;
      p.current = undefined;
      await this.load(p, seg);
      return;
    }
    p.state = { kind: 'error', text: 'This segment cannot be played here (it may have been deleted, or the browser cannot decode it).' };
  }

  /** Playing through a time none of the cameras recorded: go on to where the first of them resumes. */
  private skipCommonGap(): void {
    const all = [...this.players.values()];
    if (all.some((p) => p.state.kind === 'play' || p.state.kind === 'loading')) return;
    const next = nextFootage(
      all.map((p) => p.segs),
      this.t,
    );
    if (next === undefined) {
      this.playing = false;
      this.note = 'End of the recordings of these cameras.';
      return;
    }
    if (next > this.t + 1000) {
      const text = `Skipped ${Math.round((next - this.t) / 1000)} s when none of these cameras recorded.`;
      this.seek(next);
      this.note = text;
    }
  }
}

/** Recorded ranges of one camera in [from, to], joining segments closer than a second. */
function rangesIn(segs: readonly Seg[], from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  for (const s of segs) {
    if (s.end <= from || s.start >= to) continue;
    const last = out.at(-1);
    if (last && s.start - last[1] < 1000) last[1] = Math.max(last[1], s.end);
    else out.push([s.start, s.end]);
  }
  return out;
}

export function ReasonDialog(props: { onDone: (r: ViewingReason | undefined) => void }): JSX.Element {
  const ref = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState<Reason>('incident');
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  return (
    <dialog ref={ref} aria-labelledby="sync-why" onCancel={() => props.onDone(undefined)}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          const reasonText = text.trim();
          if (reason === 'other' && !reasonText) {
            setError('Say why in the details.');
            return;
          }
          const r: ViewingReason = { reason, ...(reasonText ? { reasonText } : {}) };
          sessionStorage.setItem(REASON_KEY, JSON.stringify(r));
          ref.current?.close();
          props.onDone(r);
        }}
      >
        <h2 id="sync-why">Why are you viewing recorded footage?</h2>
        <p class="hint">Recorded in the audit log with your name, each camera and the time range. Asked once for this browser tab.</p>
        <Field label="Reason">
          {(id) => (
            <select id={id} name="reason" value={reason} onChange={(e) => setReason(e.currentTarget.value as Reason)}>
              {REASONS.map((r) => (
                <option key={r} value={r}>
                  {(r[0]?.toUpperCase() ?? '') + r.slice(1)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Details" hint='Required for "other"; otherwise optional, e.g. an incident or case number.'>
          {(id, hint) => <input id={id} name="reasonText" maxLength={500} aria-describedby={hint} value={text} onInput={(e) => setText(e.currentTarget.value)} />}
        </Field>
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : null}
        <div class="pb-buttons">
          <button type="submit">Start viewing</button>
          <button
            type="button"
            onClick={() => {
              ref.current?.close();
              props.onDone(undefined);
            }}
          >
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}

/**
 * The players of the chosen cameras (2 × 2 for up to four) with one bar of
 * controls. `seekTo` changes when the timeline above is clicked.
 */
export function SyncPlayer(props: { cameras: CameraView[]; reason: ViewingReason; seekTo: { t: number; n: number }; onPlayhead: (t: number) => void; onClose: () => void }): JSX.Element {
  const ids = props.cameras.map((c) => c.id);
  const [, setFrame] = useState(0);
  const ctl = useRef<SyncController | null>(null);
  const lastReport = useRef(0);
  const onPlayhead = useRef(props.onPlayhead);
  onPlayhead.current = props.onPlayhead;
  if (ctl.current === null || ids.join('\n') !== [...ctl.current.players.keys()].join('\n')) {
    ctl.current?.stop();
    ctl.current = new SyncController(ids, ctl.current?.t ?? props.seekTo.t, props.reason, () => {
      setFrame((n) => n + 1);
      const c = ctl.current;
      if (c && Math.abs(c.t - lastReport.current) >= 1000) {
        lastReport.current = c.t;
        onPlayhead.current(c.t);
      }
    });
  }
  const c = ctl.current;
  useEffect(() => {
    c.begin();
    return () => c.stop();
  }, [c]);
  useEffect(() => {
    c.seek(props.seekTo.t);
  }, [props.seekTo.n]);

  const jump = (seconds: number) => c.seek(c.t + seconds * 1000);
  const scrubFrom = c.t - SCRUB_SPAN / 2;
  const scrubTo = c.t + SCRUB_SPAN / 2;
  const seekAtPointer = (e: PointerEvent) => {
    const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
    const t = scrubFrom + ((e.clientX - r.left) / r.width) * SCRUB_SPAN;
    c.seek(Math.round(t));
  };
  const onKey = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement;
    const onControl = target.tagName === 'BUTTON' || target.tagName === 'SELECT' || target.tagName === 'INPUT';
    if (e.key === ' ' && !onControl) c.setPlaying(!c.playing);
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      if (target.tagName === 'SELECT') return;
      const step = e.shiftKey ? 60 : 5;
      jump(e.key === 'ArrowLeft' ? -step : step);
    } else return;
    e.preventDefault();
  };
  const layout = ids.length <= 1 ? 'sync-1' : 'sync-4';
  return (
    <section class="sync" aria-label="Cameras played together" tabIndex={0} onKeyDown={onKey} data-sync="">
      <h2>Playing {props.cameras.length} cameras together</h2>
      <p class="hint">Space plays or pauses, ←/→ go 5 s back or on (Shift: a minute); drag or tap the bar below to move the playhead. A camera that was not recording at that time says so and joins in when its footage resumes.</p>
      <div class="pb-bar sync-bar">
        <button type="button" onClick={() => c.setPlaying(!c.playing)} aria-pressed={c.playing}>
          {c.playing ? 'Pause' : 'Play'}
        </button>
        <button type="button" onClick={() => jump(-10)}>
          −10 s
        </button>
        <button type="button" onClick={() => jump(10)}>
          +10 s
        </button>
        <Field label="Speed">
          {(id) => (
            <select id={id} name="sync-speed" value={String(c.speed)} onChange={(e) => c.setSpeed(Number(e.currentTarget.value))}>
              {SPEEDS.map((s) => (
                <option key={s} value={String(s)}>{`${s}×`}</option>
              ))}
            </select>
          )}
        </Field>
        <output class="pb-clock" aria-label="Playhead" data-sync-clock={String(Math.round(c.t))}>
          {clockText(c.t)}
        </output>
        <button type="button" class="link" onClick={props.onClose}>
          Stop playing together
        </button>
      </div>
      <div
        class="sync-scrub"
        role="slider"
        tabIndex={0}
        aria-label="Playhead"
        aria-valuemin={Math.round(scrubFrom)}
        aria-valuemax={Math.round(scrubTo)}
        aria-valuenow={Math.round(c.t)}
        aria-valuetext={clockText(c.t)}
        data-sync-scrub=""
        onPointerDown={(e) => {
          (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
          seekAtPointer(e);
        }}
        onPointerMove={(e) => {
          if ((e.currentTarget as HTMLElement).hasPointerCapture(e.pointerId)) seekAtPointer(e);
        }}
      >
        {ids.map((id, i) => (
          <div key={id} class="sync-lane" style={{ top: `${(i / ids.length) * 100}%`, height: `${100 / ids.length}%` }}>
            {rangesIn(c.players.get(id)?.segs ?? [], scrubFrom, scrubTo).map(([a, b]) => (
              <span key={a} class="sync-recorded" style={{ left: `${fraction(a, scrubFrom, scrubTo) * 100}%`, width: `${Math.max(0.2, (fraction(b, scrubFrom, scrubTo) - fraction(a, scrubFrom, scrubTo)) * 100)}%` }} />
            ))}
          </div>
        ))}
        <span class="sync-head" aria-hidden="true" />
        <span class="sync-edge left" aria-hidden="true">
          {timeText(scrubFrom)}
        </span>
        <span class="sync-edge right" aria-hidden="true">
          {timeText(scrubTo)}
        </span>
      </div>
      <div class={`sync-grid ${layout}`}>
        {props.cameras.map((cam) => {
          const p = c.players.get(cam.id);
          const state = p?.state ?? { kind: 'loading' as const };
          return (
            <figure key={cam.id} class="sync-tile" data-sync-tile={cam.id} data-state={state.kind}>
              <figcaption>{cameraLabel(cam.name, cam.id)}</figcaption>
              <div class="sync-picture">
                <video ref={(el) => c.attach(cam.id, el)} data-sync-camera={cam.id} muted playsInline preload="auto" hidden={state.kind === 'gap'} />
                {state.kind === 'gap' ? (
                  <p class="sync-gap" data-no-recording="">
                    No recording{state.resumesAt !== undefined ? ` — resumes at ${timeText(state.resumesAt, true)}` : ' after this time'}
                  </p>
                ) : null}
                {state.kind === 'error' ? <p class="sync-gap error">{state.text}</p> : null}
              </div>
            </figure>
          );
        })}
      </div>
      <p role="status" class="status">
        {c.note}
      </p>
    </section>
  );
}
