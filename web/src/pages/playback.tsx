import './playback.css';
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, currentCsrfToken } from '../api.js';
import type { App } from '../app.js';
import type { CameraView } from '../api.js';
import { useLoad } from '../hooks.js';
import { preactPage } from '../preact-page.js';
import { Field, Status } from '../ui.js';
import { DayPicker } from './day-picker.js';
import { clockText, dayOf, fraction, HOUR, neighbour, segmentFor, shiftDay, SPANS, SPEEDS, ticks, timeText, zoomAround, type Seg } from './playback-model.js';
import { mayOnSomeCamera } from './forms.js';

/**
 * Recorded footage: per camera a timeline of one day (zoom down to 5
 * minutes, previous/next day, recorded ranges, gaps and holds), click a time
 * to play from there. Segments are fragmented MP4 files the browser plays as
 * they are — no re-encoding — one after the other. Viewing needs a reason,
 * asked once and remembered for this browser tab; the server logs one entry
 * when a viewing session starts and one when it ends (docs/playback.md).
 */
const REASONS = ['incident', 'complaint', 'access request', 'police request', 'other'] as const;
type Reason = (typeof REASONS)[number];
interface ViewingReason {
  reason: Reason;
  reasonText?: string;
}
interface TimelineBody {
  recorded: [string, string][];
  holds: { id: number; kind: string; from: string; to: string }[];
}
interface SegmentsBody {
  segments: { id: number; start: string; end: string; bytes: number; codec: string | null }[];
}
/** What to ask the browser for each recorded codec (ffprobe names). */
const CODEC_TYPES: Record<string, string> = {
  h264: 'video/mp4; codecs="avc1.640028"',
  hevc: 'video/mp4; codecs="hvc1.1.6.L123.B0"',
};
const CODEC_NAMES: Record<string, string> = { h264: 'H.264', hevc: 'H.265 (HEVC)' };

const REASON_KEY = 'premises.playback.reason';
const ms = (iso: string) => Date.parse(iso);
const isoOf = (t: number) => new Date(t).toISOString();
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

function rememberedReason(): ViewingReason | undefined {
  try {
    const raw = sessionStorage.getItem(REASON_KEY);
    const v = raw ? (JSON.parse(raw) as ViewingReason) : undefined;
    return v && REASONS.includes(v.reason) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** New footage appears on the timelines without a reload; the view, the cursor and the focus stay. */
const TIMELINE_REFRESH_MS = 30_000;

type Row = { c: CameraView; t?: TimelineBody; error?: string };

/** What the page's handlers read and write between renders (the state drawn on screen is in useState). */
interface Visit {
  cameras: CameraView[];
  view: { from: number; to: number };
  cursor: number;
  playingCamera: string | undefined;
  current: Seg | undefined;
  segs: Map<string, { from: number; to: number; list: Seg[] }>;
  viewing: { id: string; camera: string; from: number; to: number } | undefined;
  reason: ViewingReason | undefined;
  asking: Promise<ViewingReason | undefined> | undefined;
  speed: number;
  pendingOffset: number;
  retried: boolean;
}

function Legend(): JSX.Element {
  // Each swatch stays on the line of its words; the help is its own paragraph, so a narrow screen wraps between keys, never inside one.
  const key = (kind: string, text: string) => (
    <li class="pb-key-item">
      <span class={`pb-key ${kind}`} aria-hidden="true" />
      {` ${text}`}
    </li>
  );
  return (
    <div class="pb-legend-box">
      <ul class="pb-legend hint" aria-label="Timeline colours">
        {key('recorded', 'recorded')}
        {key('gap', 'no recording')}
        {key('hold', 'held (kept past retention)')}
      </ul>
      <p class="hint pb-help">Click a time, or focus a timeline and use ←/→ (Shift: faster), +/− to zoom, Enter to play. Ctrl + wheel zooms, Shift + wheel scrolls. Latest recording plays the last half minute.</p>
    </div>
  );
}

function Axis(props: { from: number; to: number }): JSX.Element {
  const { from, to } = props;
  return (
    <div class="pb-axis" aria-hidden="true">
      {ticks(from, to).map((t) => (
        <span key={t} class="pb-tick" style={{ left: `${fraction(t, from, to) * 100}%` }}>
          {timeText(t, to - from <= 15 * 60_000)}
        </span>
      ))}
    </div>
  );
}

/** One camera's day (or zoomed part of it): recorded ranges, holds, the cursor; a slider for the keyboard. */
function Track(props: {
  camera: CameraView;
  data: TimelineBody | undefined;
  from: number;
  to: number;
  cursor: number;
  playing: boolean;
  onPick: (t: number) => void;
  onKey: (e: KeyboardEvent) => void;
  onWheel: (e: WheelEvent, at: number, width: number) => void;
}): JSX.Element {
  const { camera, data, from, to, cursor } = props;
  const place = (a: number, b: number) => ({ left: `${fraction(a, from, to) * 100}%`, width: `${Math.max(0.15, (fraction(b, from, to) - fraction(a, from, to)) * 100)}%` });
  const at = (e: MouseEvent) => {
    const box = (e.currentTarget as HTMLElement).getBoundingClientRect();
    return { t: from + ((e.clientX - box.left) / box.width) * (to - from), width: box.width };
  };
  const visible = cursor >= from && cursor <= to;
  return (
    <div
      class="pb-track"
      data-timeline={camera.id}
      role="slider"
      tabindex={0}
      aria-labelledby={`pb-name-${camera.id}`}
      aria-roledescription="timeline"
      aria-valuemin={from}
      aria-valuemax={to}
      aria-valuenow={Math.round(cursor)}
      aria-valuetext={clockText(cursor)}
      onClick={(e) => props.onPick(at(e).t)}
      onKeyDown={props.onKey}
      onWheel={(e) => {
        const p = at(e);
        props.onWheel(e, p.t, p.width);
      }}
    >
      {(data?.holds ?? []).map((hold) => (
        <span key={`h${hold.id}`} class="hold" title={`held: ${hold.kind}`} style={place(ms(hold.from), ms(hold.to))} />
      ))}
      {(data?.recorded ?? []).map(([a, b]) => (
        <span key={`r${a}`} class="recorded" title={`recorded ${timeText(ms(a), true)}–${timeText(ms(b), true)}`} style={place(ms(a), ms(b))} />
      ))}
      <span class={props.playing ? 'pb-cursor playing' : 'pb-cursor'} aria-hidden="true" hidden={!visible} style={{ left: `${fraction(cursor, from, to) * 100}%` }} />
    </div>
  );
}

/** The one question before recorded footage is shown; `answer(undefined)` is a cancel. */
function ReasonDialog(props: { answer: (value: ViewingReason | undefined) => void }): JSX.Element {
  const dialog = useRef<HTMLDialogElement>(null);
  const details = useRef<HTMLInputElement>(null);
  const [reason, setReason] = useState<Reason>(REASONS[0]);
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    d.showModal();
    d.querySelector('select')?.focus();
    return () => d.close();
  }, []);
  const submit = (e: Event) => {
    e.preventDefault();
    const reasonText = text.trim();
    if (reason === 'other' && !reasonText) {
      setError('Say why in the details.');
      details.current?.focus();
      return;
    }
    props.answer({ reason, ...(reasonText ? { reasonText } : {}) });
  };
  return (
    <dialog ref={dialog} aria-labelledby="pb-why" onCancel={() => props.answer(undefined)}>
      <form method="dialog" onSubmit={submit}>
        <h2 id="pb-why">Why are you viewing recorded footage?</h2>
        <p class="hint">Recorded in the audit log with your name, the camera and the time range. Asked once for this browser tab.</p>
        <Field label="Reason">
          {(id) => (
            <select id={id} name="reason" required value={reason} onChange={(e) => setReason(e.currentTarget.value as Reason)}>
              {REASONS.map((r) => (
                <option key={r} value={r}>
                  {r[0]?.toUpperCase() + r.slice(1)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Details" hint={'Required for "other"; otherwise optional, e.g. an incident or case number.'}>
          {(id, hint) => <input id={id} ref={details} aria-describedby={hint} name="reasonText" maxLength={500} value={text} onInput={(e) => setText(e.currentTarget.value)} />}
        </Field>
        <p class="error" role="alert">
          {error}
        </p>
        <div class="pb-buttons">
          <button type="submit">Start viewing</button>
          <button type="button" onClick={() => props.answer(undefined)}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}

function PlaybackPage(props: { app: App }): JSX.Element {
  const wanted = props.app.params.get('camera');
  const atText = props.app.params.get('at');
  const cams = useLoad(() => api<{ cameras: CameraView[] }>('GET', '/api/cameras').then((r) => r.cameras.filter((c) => c.rights.playback).sort((a, b) => (a.id === wanted ? -1 : b.id === wanted ? 1 : 0))));
  const cameras = cams.data;
  const now = Date.now();
  const visit = useRef<Visit>({
    cameras: [],
    view: { from: dayOf(now).start, to: dayOf(now).end },
    cursor: now,
    playingCamera: undefined,
    current: undefined,
    segs: new Map(),
    viewing: undefined,
    reason: rememberedReason(),
    asking: undefined,
    speed: 1,
    pendingOffset: 0,
    retried: false,
  }).current;
  const [view, setViewState] = useState(visit.view);
  const [cursor, setCursorState] = useState(visit.cursor);
  const [playing, setPlaying] = useState<string | undefined>(undefined);
  const [rows, setRows] = useState<Row[]>([]);
  const [status, setStatus] = useState('');
  const [title, setTitle] = useState<string | null>(null);
  const [clock, setClock] = useState('—');
  const [paused, setPaused] = useState(false);
  const [speed, setSpeedState] = useState(1);
  const [asking, setAsking] = useState<((value: ViewingReason | undefined) => void) | null>(null);
  const video = useRef<HTMLVideoElement>(null);

  const setView = (from: number, to: number) => {
    visit.view = { from: Math.round(from), to: Math.round(to) };
    setViewState(visit.view);
  };
  const setCursor = (t: number) => {
    visit.cursor = t;
    setCursorState(t);
  };

  // The timelines of the view, fetched again when it moves and every half minute; the last ones stay until the new ones come.
  useEffect(() => {
    if (!cameras) return;
    let current = true;
    const { from, to } = view;
    const load = async () => {
      const fresh = await Promise.all(
        cameras.map(async (c): Promise<Row> => {
          try {
            return { c, t: await api<TimelineBody>('GET', `/api/cameras/${encodeURIComponent(c.id)}/timeline?from=${isoOf(from)}&to=${isoOf(to)}`) };
          } catch (err) {
            return { c, error: message(err) };
          }
        }),
      );
      if (current) setRows(fresh);
    };
    void load();
    const timer = window.setInterval(() => void load(), TIMELINE_REFRESH_MS);
    return () => {
      current = false;
      window.clearInterval(timer);
    };
  }, [cameras, view.from, view.to]);

  // ---- viewing sessions and the reason -------------------------------------

  /** The remembered reason, or the answer of the one dialog (a second click while it is open waits for the same answer). */
  const askReason = (): Promise<ViewingReason | undefined> => {
    if (visit.reason) return Promise.resolve(visit.reason);
    visit.asking ??= new Promise<ViewingReason | undefined>((resolve) =>
      setAsking(() => (value: ViewingReason | undefined) => {
        setAsking(null);
        if (value) {
          visit.reason = value;
          sessionStorage.setItem(REASON_KEY, JSON.stringify(value));
        }
        resolve(value);
      }),
    ).finally(() => (visit.asking = undefined));
    return visit.asking;
  };

  /** A viewing session of the camera overlapping [start, end]: the open one, or a new one for the local day of start. */
  const viewingFor = async (camera: string, t: number, end = t + 1): Promise<string | undefined> => {
    const v = visit.viewing;
    if (v && v.camera === camera && end > v.from && t < v.to) return v.id;
    const reason = await askReason();
    if (!reason) return undefined;
    await endViewing();
    const day = dayOf(t);
    const r = await api<{ sessionId: string }>('POST', `/api/cameras/${encodeURIComponent(camera)}/playback`, { from: isoOf(day.start), to: isoOf(day.end), ...reason });
    visit.viewing = { id: r.sessionId, camera, from: day.start, to: day.end };
    return r.sessionId;
  };

  const endViewing = async (): Promise<void> => {
    const v = visit.viewing;
    visit.viewing = undefined;
    if (v) await api('POST', `/api/playback/${encodeURIComponent(v.id)}/end`).catch(() => undefined);
  };

  // Leaving the page ends the viewing session; closing the tab ends it now (a keepalive request) rather than at the idle timeout.
  useEffect(() => {
    const v = video.current as HTMLVideoElement;
    const onPageHide = () => {
      const open = visit.viewing;
      if (!open) return;
      visit.viewing = undefined;
      void fetch(`/api/playback/${encodeURIComponent(open.id)}/end`, {
        method: 'POST',
        keepalive: true,
        credentials: 'same-origin',
        headers: { 'X-CSRF-Token': currentCsrfToken(), Accept: 'application/json' },
      }).catch(() => undefined);
    };
    window.addEventListener('pagehide', onPageHide);
    return () => {
      window.removeEventListener('pagehide', onPageHide);
      v.pause();
      v.removeAttribute('src');
      v.load();
      void endViewing();
    };
  }, []);

  // ---- segments and the player -------------------------------------------------

  const segmentsAround = async (camera: string, from: number, to: number): Promise<Seg[]> => {
    const cached = visit.segs.get(camera);
    if (cached && from >= cached.from && to <= cached.to) return cached.list;
    const body = await api<SegmentsBody>('GET', `/api/cameras/${encodeURIComponent(camera)}/segments?from=${isoOf(from)}&to=${isoOf(to)}`);
    const fresh = body.segments.map((x) => ({ id: x.id, start: ms(x.start), end: ms(x.end), bytes: x.bytes, codec: x.codec }));
    // Merge with what is cached when the windows touch, so stepping keeps its place.
    const keep = cached && cached.to >= from && cached.from <= to ? cached : undefined;
    const byId = new Map([...(keep?.list ?? []), ...fresh].map((x) => [x.id, x]));
    const list = [...byId.values()].sort((a, b) => a.start - b.start || a.id - b.id);
    visit.segs.set(camera, { from: Math.min(from, keep?.from ?? from), to: Math.max(to, keep?.to ?? to), list });
    return list;
  };

  const load = async (seg: Seg, offsetSeconds: number, retry = false): Promise<void> => {
    const camera = visit.playingCamera;
    const v = video.current;
    if (!camera || !v) return;
    const type = seg.codec ? CODEC_TYPES[seg.codec] : undefined;
    if (type && v.canPlayType(type) === '') {
      // A clear message rather than a black picture.
      setTitle(null);
      setStatus(
        `This camera records ${CODEC_NAMES[seg.codec ?? ''] ?? seg.codec ?? ''}, which this browser cannot decode. ` +
          'Try Safari, or Chrome or Edge on a computer with hardware video decoding; or export the footage (exports play in VLC).',
      );
      return;
    }
    const session = await viewingFor(camera, seg.start, seg.end);
    if (!session) return;
    visit.current = seg;
    visit.retried = retry;
    visit.pendingOffset = offsetSeconds;
    setTitle(visit.cameras.find((c) => c.id === camera)?.name ?? camera);
    v.defaultPlaybackRate = visit.speed;
    v.src = `/api/segments/${seg.id}?session=${encodeURIComponent(session)}`;
    v.playbackRate = visit.speed;
    setStatus('');
    await v.play().catch(() => undefined);
  };

  const playAt = async (camera: string, t: number): Promise<void> => {
    try {
      if (!(await viewingFor(camera, t))) {
        setStatus('Not played: viewing recorded footage needs a reason.');
        return;
      }
      const seg = segmentFor(await segmentsAround(camera, t - 30 * 60_000, t + 2 * HOUR), t);
      if (!seg) {
        setStatus(`No recording of ${camera} at or after ${clockText(t)}.`);
        return;
      }
      visit.playingCamera = camera;
      setPlaying(camera);
      await load(seg, Math.max(0, (t - seg.start) / 1000));
    } catch (err) {
      setStatus(message(err));
    }
  };

  const step = async (dir: 1 | -1): Promise<void> => {
    const camera = visit.playingCamera;
    const cur = visit.current;
    if (!camera || !cur) return;
    try {
      const around = dir === 1 ? [cur.end - 1000, cur.end + 2 * HOUR] : [cur.start - 2 * HOUR, cur.start + 1000];
      let next = neighbour(visit.segs.get(camera)?.list ?? [], cur, dir);
      if (!next) next = neighbour(await segmentsAround(camera, around[0] as number, around[1] as number), cur, dir);
      if (!next) {
        setStatus(dir === 1 ? 'End of the recording: no later footage yet.' : 'No earlier footage.');
        return;
      }
      if (dir === 1 && next.start - cur.end > 1500) setStatus(`Skipped a gap of ${Math.round((next.start - cur.end) / 1000)} s with no recording.`);
      await load(next, 0);
    } catch (err) {
      setStatus(message(err));
    }
  };

  const onError = async (): Promise<void> => {
    const seg = visit.current;
    const v = video.current;
    if (!seg || !v?.getAttribute('src')) return;
    // Most likely the viewing session ended while paused (idle): start a new one once, with the same reason.
    if (!visit.retried) {
      visit.viewing = undefined;
      await load(seg, v.currentTime, true);
      return;
    }
    setStatus('This segment cannot be played here (it may have been deleted, or the browser cannot decode it).');
  };

  const onTime = (): void => {
    const seg = visit.current;
    const v = video.current;
    if (!seg || !v) return;
    const t = seg.start + v.currentTime * 1000;
    setClock(clockText(t));
    v.dataset['wallMs'] = String(Math.round(t));
    setCursor(t);
    const { from, to } = visit.view;
    if (t > to || t < from) setView(t - (to - from) * 0.2, t + (to - from) * 0.8);
  };

  const changeReason = (): void => {
    visit.reason = undefined;
    sessionStorage.removeItem(REASON_KEY);
    const camera = visit.playingCamera;
    const v = video.current;
    const at = visit.current && v ? visit.current.start + v.currentTime * 1000 : undefined;
    void endViewing().then(() => (camera && at !== undefined ? playAt(camera, at) : undefined));
  };

  const latest = async (): Promise<void> => {
    const camera = visit.playingCamera ?? visit.cameras[0]?.id;
    if (!camera) return;
    try {
      const t = await api<TimelineBody>('GET', `/api/cameras/${encodeURIComponent(camera)}/timeline`);
      const last = t.recorded.at(-1);
      if (!last) {
        setStatus(`No recording of ${camera} in the last 24 hours.`);
        return;
      }
      const end = ms(last[1]);
      // Play the last half minute, not only show where it is: "latest" is what the owner wants to see.
      const start = Math.max(ms(last[0]), end - 30_000);
      setCursor(start);
      setView(end - 4 * 60_000, end + 60_000);
      await playAt(camera, start);
    } catch (err) {
      setStatus(message(err));
    }
  };

  // A link from another page (the search's moments, the Timeline page) names a camera and a time: show a quarter hour around it and play from there.
  useEffect(() => {
    if (!cameras) return;
    visit.cameras = cameras;
    const at = atText ? Date.parse(atText) : NaN;
    if (!wanted || !Number.isFinite(at) || !cameras.some((c) => c.id === wanted)) return;
    setCursor(at);
    const z = zoomAround(at, 15 * 60_000);
    setView(z.from, z.to);
    void playAt(wanted, at);
  }, [cameras]);

  // ---- the timeline's keys, wheel and buttons -------------------------------

  const onKey = (e: KeyboardEvent, camera: string): void => {
    const { from, to } = visit.view;
    const span = to - from;
    const small = e.shiftKey ? span / 10 : span / 100;
    switch (e.key) {
      case 'ArrowLeft':
      case 'ArrowRight': {
        const t = visit.cursor + (e.key === 'ArrowLeft' ? -small : small);
        setCursor(t);
        if (t < from || t > to) setView(t - span / 2, t + span / 2);
        break;
      }
      case 'Home':
        setCursor(from);
        break;
      case 'End':
        setCursor(to);
        break;
      case '+':
      case '=':
      case '-': {
        const z = zoomAround(visit.cursor, e.key === '-' ? Math.min(86_400_000, span * 4) : Math.max(60_000, span / 4));
        setView(z.from, z.to);
        break;
      }
      case 'Enter':
      case ' ':
        void playAt(camera, visit.cursor);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  const onWheel = (e: WheelEvent, at: number, width: number): void => {
    const { from, to } = visit.view;
    if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
      // Sideways scrolling (or Shift + wheel) pans the view.
      e.preventDefault();
      const shift = ((e.shiftKey ? e.deltaY : e.deltaX) / width) * (to - from);
      setView(from + shift, to + shift);
      return;
    }
    if (!e.ctrlKey && !e.altKey) return;
    e.preventDefault();
    const span = Math.min(2 * 86_400_000, Math.max(60_000, (to - from) * (e.deltaY > 0 ? 1.5 : 1 / 1.5)));
    const left = (at - from) / (to - from);
    setView(at - left * span, at - left * span + span);
  };

  const zoom = (dir: 1 | -1) => {
    const { from, to } = visit.view;
    const span = to - from;
    const i = SPANS.findIndex((x) => x <= span);
    const next = SPANS[Math.min(SPANS.length - 1, Math.max(0, (i < 0 ? SPANS.length - 1 : i) + dir))] ?? SPANS[0];
    const center = visit.cursor >= from && visit.cursor <= to ? visit.cursor : (from + to) / 2;
    if (next === SPANS[0]) setView(dayOf(center).start, dayOf(center).end);
    else setView(zoomAround(center, next).from, zoomAround(center, next).to);
  };
  const pan = (half: 1 | -1) => {
    const { from, to } = visit.view;
    const d = ((to - from) / 2) * half;
    setView(from + d, to + d);
  };
  const dayStart = dayOf(view.from).start;
  const setSpeed = (value: number) => {
    visit.speed = value;
    setSpeedState(value);
    const v = video.current;
    if (v) {
      v.defaultPlaybackRate = value;
      v.playbackRate = value;
    }
  };

  return (
    <>
      <h1>Playback</h1>
      <p class="hint">Recorded footage is for investigating something specific. Each viewing is logged with your name, the camera, the time range and your reason.</p>
      {cams.error ? (
        <p class="error" role="alert">
          {cams.error}
        </p>
      ) : null}
      {cameras && cameras.length === 0 ? <p>You have no playback right on any camera.</p> : null}
      {cameras && cameras.length > 0 ? (
        <>
          <div class="pb-controls" role="group" aria-label="Timeline view">
            <DayPicker dayStart={dayStart} shown={(view.from + view.to) / 2} onDay={(start) => setView(start, shiftDay(start, 1))} />
            <button type="button" onClick={() => zoom(-1)}>
              Zoom out
            </button>
            <button type="button" onClick={() => zoom(1)}>
              Zoom in
            </button>
            <button type="button" onClick={() => pan(-1)}>
              Earlier
            </button>
            <button type="button" onClick={() => pan(1)}>
              Later
            </button>
            <button type="button" onClick={() => void latest()}>
              Latest recording
            </button>
          </div>
          <Legend />
          <div class="pb-timelines">
            <p class="pb-range">{`${clockText(view.from)} – ${clockText(view.to)}`}</p>
            {rows.map((row) => (
              <div class="pb-row" key={row.c.id}>
                <span class="pb-name" id={`pb-name-${row.c.id}`}>
                  {row.c.name}
                </span>
                <Track
                  camera={row.c}
                  data={row.t}
                  from={view.from}
                  to={view.to}
                  cursor={cursor}
                  playing={row.c.id === playing}
                  onPick={(t) => {
                    setCursor(t);
                    void playAt(row.c.id, t);
                  }}
                  onKey={(e) => onKey(e, row.c.id)}
                  onWheel={onWheel}
                />
                {row.error ? <p class="error">{row.error}</p> : null}
              </div>
            ))}
            <div class="pb-row">
              <span class="pb-name" />
              <Axis from={view.from} to={view.to} />
            </div>
          </div>
        </>
      ) : null}
      <section class="pb-player" aria-label="Player" hidden={title === null}>
        <h2>{title ?? 'Nothing playing'}</h2>
        <video
          ref={video}
          data-playback=""
          muted
          playsInline
          preload="auto"
          onLoadedMetadata={(e) => {
            const v = e.currentTarget;
            if (visit.pendingOffset > 0) v.currentTime = visit.pendingOffset;
            visit.pendingOffset = 0;
            v.playbackRate = visit.speed;
          }}
          onTimeUpdate={onTime}
          onEnded={() => void step(1)}
          onError={() => void onError()}
          onPlay={() => setPaused(false)}
          onPause={() => setPaused(true)}
        />
        <div class="pb-bar">
          <button type="button" onClick={() => void step(-1)}>
            Previous segment
          </button>
          <button
            type="button"
            onClick={() => {
              const v = video.current;
              if (!v) return;
              if (v.paused) void v.play().catch(() => undefined);
              else v.pause();
            }}
          >
            {paused ? 'Play' : 'Pause'}
          </button>
          <button type="button" onClick={() => void step(1)}>
            Next segment
          </button>
          <Field label="Speed">
            {(id) => (
              <select id={id} name="speed" value={String(speed)} onChange={(e) => setSpeed(Number(e.currentTarget.value))}>
                {SPEEDS.map((x) => (
                  <option key={x} value={String(x)}>{`${x}×`}</option>
                ))}
              </select>
            )}
          </Field>
          <output data-clock="" class="pb-clock" aria-label="Time shown">
            {clock}
          </output>
          <button type="button" class="link" onClick={changeReason}>
            Change reason
          </button>
        </div>
      </section>
      <Status>{status}</Status>
      {asking ? <ReasonDialog answer={asking} /> : null}
    </>
  );
}

export const playbackPage = preactPage(
  {
    path: '/playback',
    title: 'Playback',
    needsUser: true,
    inMenu: (user) => mayOnSomeCamera(user, 'playback'),
  },
  PlaybackPage,
);
