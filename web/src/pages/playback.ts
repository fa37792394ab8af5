import './playback.css';
import { api, currentCsrfToken } from '../api.js';
import type { App, Page } from '../app.js';
import { field, h, replace } from '../dom.js';
import type { CameraView } from '../api.js';
import { clockText, dateInputValue, dayOf, fraction, HOUR, neighbour, segmentFor, shiftDay, SPANS, SPEEDS, ticks, timeText, zoomAround, type Seg } from './playback-model.js';

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

/** Everything one visit of the page holds; `leave` ends it. */
class PlaybackView {
  private cameras: CameraView[] = [];
  private from = 0;
  private to = 0;
  private cursor = 0;
  private playingCamera: string | undefined;
  private current: Seg | undefined;
  private segs = new Map<string, { from: number; to: number; list: Seg[] }>();
  private viewing: { id: string; camera: string; from: number; to: number } | undefined;
  private reason: ViewingReason | undefined = rememberedReason();
  private speed = 1;
  private pendingOffset = 0;
  private retried = false;
  private renderSeq = 0;

  private readonly tracks = new Map<string, HTMLElement>();
  private readonly timelines = h('div', { class: 'pb-timelines' });
  private readonly dayInput = h('input', { type: 'date', name: 'day' });
  private readonly status = h('p', { role: 'status', class: 'status' });
  private readonly video = h('video', { 'data-playback': '', muted: true, playsinline: true, preload: 'auto' });
  private readonly clock = h('output', { 'data-clock': '', class: 'pb-clock', 'aria-label': 'Time shown' }, '—');
  private readonly title = h('h2', {}, 'Nothing playing');
  private readonly playButton = h('button', { type: 'button', onclick: () => this.togglePlay() }, 'Pause');
  private readonly player = h('section', { class: 'pb-player', 'aria-label': 'Player', hidden: true });
  private readonly dialog = h('dialog', { 'aria-labelledby': 'pb-why' });

  constructor(
    private readonly main: HTMLElement,
    private readonly app: App,
  ) {}

  async start(): Promise<void> {
    const { cameras } = await api<{ cameras: CameraView[] }>('GET', '/api/cameras');
    const wanted = this.app.params.get('camera');
    this.cameras = cameras.filter((c) => c.rights.playback).sort((a, b) => (a.id === wanted ? -1 : b.id === wanted ? 1 : 0));
    const day = dayOf(Date.now());
    this.from = day.start;
    this.to = day.end;
    this.cursor = Date.now();
    this.video.muted = true;
    this.video.addEventListener('loadedmetadata', () => {
      if (this.pendingOffset > 0) this.video.currentTime = this.pendingOffset;
      this.pendingOffset = 0;
      this.video.playbackRate = this.speed;
    });
    this.video.addEventListener('timeupdate', () => this.onTime());
    this.video.addEventListener('ended', () => void this.step(1));
    this.video.addEventListener('error', () => void this.onError());
    this.video.addEventListener('play', () => (this.playButton.textContent = 'Pause'));
    this.video.addEventListener('pause', () => (this.playButton.textContent = 'Play'));
    this.dayInput.addEventListener('change', () => {
      const t = Date.parse(`${this.dayInput.value}T12:00:00`);
      if (Number.isFinite(t)) this.setView(dayOf(t).start, dayOf(t).end);
    });
    this.buildPlayer();
    window.addEventListener('pagehide', this.onPageHide);
    replace(
      this.main,
      h('h1', {}, 'Playback'),
      h('p', { class: 'hint' }, 'Recorded footage is for investigating something specific. Each viewing is logged with your name, the camera, the time range and your reason.'),
      this.cameras.length === 0 ? h('p', {}, 'You have no playback right on any camera.') : [this.controls(), this.legend(), this.timelines, this.player, this.status],
      this.dialog,
    );
    await this.renderTimelines();
    await this.openAt(wanted, this.app.params.get('at'));
  }

  /** A link from another page (the search's moments) names a camera and a time: show a quarter hour around it and play from there. */
  private async openAt(camera: string | null, atText: string | null): Promise<void> {
    const at = atText ? Date.parse(atText) : NaN;
    if (!camera || !Number.isFinite(at) || !this.cameras.some((c) => c.id === camera)) return;
    this.cursor = at;
    const view = zoomAround(at, 15 * 60_000);
    this.setView(view.from, view.to);
    await this.playAt(camera, at);
  }

  /** Closing the tab ends the viewing session now rather than at the idle timeout. */
  private readonly onPageHide = (): void => {
    const v = this.viewing;
    if (!v) return;
    this.viewing = undefined;
    void fetch(`/api/playback/${encodeURIComponent(v.id)}/end`, {
      method: 'POST',
      keepalive: true,
      credentials: 'same-origin',
      headers: { 'X-CSRF-Token': currentCsrfToken(), Accept: 'application/json' },
    }).catch(() => undefined);
  };

  leave(): void {
    window.removeEventListener('pagehide', this.onPageHide);
    this.video.pause();
    this.video.removeAttribute('src');
    this.video.load();
    void this.endViewing();
  }

  // ---- the timeline -------------------------------------------------------

  private controls(): HTMLElement {
    const btn = (label: string, fn: () => void, extra: Record<string, string> = {}) => h('button', { type: 'button', onclick: fn, ...extra }, label);
    const span = () => this.to - this.from;
    const zoom = (dir: 1 | -1) => {
      const i = SPANS.findIndex((s) => s <= span());
      const next = SPANS[Math.min(SPANS.length - 1, Math.max(0, (i < 0 ? SPANS.length - 1 : i) + dir))] ?? SPANS[0];
      const center = this.cursor >= this.from && this.cursor <= this.to ? this.cursor : (this.from + this.to) / 2;
      if (next === SPANS[0]) this.setView(dayOf(center).start, dayOf(center).end);
      else this.setView(zoomAround(center, next).from, zoomAround(center, next).to);
    };
    return h(
      'div',
      { class: 'pb-controls', role: 'group', 'aria-label': 'Timeline view' },
      btn('Previous day', () => this.setView(shiftDay(dayOf(this.from).start, -1), shiftDay(dayOf(this.from).start, 0))),
      field('Day', this.dayInput),
      btn('Next day', () => this.setView(shiftDay(dayOf(this.from).start, 1), shiftDay(dayOf(this.from).start, 2))),
      btn('Zoom out', () => zoom(-1)),
      btn('Zoom in', () => zoom(1)),
      btn('Earlier', () => this.setView(this.from - span() / 2, this.to - span() / 2)),
      btn('Later', () => this.setView(this.from + span() / 2, this.to + span() / 2)),
      btn('Latest recording', () => void this.latest()),
    );
  }

  private legend(): HTMLElement {
    // Each swatch stays on the line of its words; the help is its own paragraph, so a narrow screen wraps between keys, never inside one.
    const key = (kind: string, text: string) => h('li', { class: 'pb-key-item' }, h('span', { class: `pb-key ${kind}`, 'aria-hidden': 'true' }), ` ${text}`);
    return h(
      'div',
      { class: 'pb-legend-box' },
      h('ul', { class: 'pb-legend hint', 'aria-label': 'Timeline colours' }, key('recorded', 'recorded'), key('gap', 'no recording'), key('hold', 'held (kept past retention)')),
      h('p', { class: 'hint pb-help' }, 'Click a time, or focus a timeline and use ←/→ (Shift: faster), +/− to zoom, Enter to play. Ctrl + wheel zooms, Shift + wheel scrolls. Latest recording plays the last half minute.'),
    );
  }

  private setView(from: number, to: number): void {
    this.from = Math.round(from);
    this.to = Math.round(to);
    void this.renderTimelines();
  }

  private async latest(): Promise<void> {
    const camera = this.playingCamera ?? this.cameras[0]?.id;
    if (!camera) return;
    try {
      const t = await api<TimelineBody>('GET', `/api/cameras/${encodeURIComponent(camera)}/timeline`);
      const last = t.recorded.at(-1);
      if (!last) {
        this.status.textContent = `No recording of ${camera} in the last 24 hours.`;
        return;
      }
      const end = ms(last[1]);
      // Play the last half minute, not only show where it is: "latest" is what the owner wants to see.
      const start = Math.max(ms(last[0]), end - 30_000);
      this.cursor = start;
      this.setView(end - 4 * 60_000, end + 60_000);
      await this.playAt(camera, start);
    } catch (err) {
      this.status.textContent = message(err);
    }
  }

  private async renderTimelines(): Promise<void> {
    const seq = ++this.renderSeq;
    this.dayInput.value = dateInputValue((this.from + this.to) / 2);
    const { from, to } = this;
    const rows = await Promise.all(
      this.cameras.map(async (c) => {
        try {
          return { c, t: await api<TimelineBody>('GET', `/api/cameras/${encodeURIComponent(c.id)}/timeline?from=${isoOf(from)}&to=${isoOf(to)}`) };
        } catch (err) {
          return { c, error: message(err) };
        }
      }),
    );
    if (seq !== this.renderSeq) return;
    const hadFocus = document.activeElement instanceof HTMLElement ? document.activeElement.dataset['timeline'] : undefined;
    this.tracks.clear();
    const axis = h('div', { class: 'pb-axis', 'aria-hidden': 'true' });
    for (const t of ticks(from, to)) {
      const tick = h('span', { class: 'pb-tick' }, timeText(t, to - from <= 15 * 60_000));
      tick.style.left = `${fraction(t, from, to) * 100}%`;
      axis.append(tick);
    }
    replace(
      this.timelines,
      h('p', { class: 'pb-range' }, `${clockText(from)} – ${clockText(to)}`),
      rows.map((row) => {
        const track = this.track(row.c, 't' in row ? row.t : undefined);
        this.tracks.set(row.c.id, track);
        return h('div', { class: 'pb-row' }, h('span', { class: 'pb-name', id: `pb-name-${row.c.id}` }, row.c.name), track, 'error' in row ? h('p', { class: 'error' }, row.error) : null);
      }),
      h('div', { class: 'pb-row' }, h('span', { class: 'pb-name' }), axis),
    );
    if (hadFocus) this.tracks.get(hadFocus)?.focus();
    this.drawCursor();
  }

  private track(camera: CameraView, data: TimelineBody | undefined): HTMLElement {
    const { from, to } = this;
    const track = h('div', {
      class: 'pb-track',
      'data-timeline': camera.id,
      role: 'slider',
      tabindex: 0,
      'aria-labelledby': `pb-name-${camera.id}`,
      'aria-roledescription': 'timeline',
      'aria-valuemin': from,
      'aria-valuemax': to,
    });
    const place = (el: HTMLElement, a: number, b: number) => {
      el.style.left = `${fraction(a, from, to) * 100}%`;
      el.style.width = `${Math.max(0.15, (fraction(b, from, to) - fraction(a, from, to)) * 100)}%`;
      return el;
    };
    for (const hold of data?.holds ?? []) track.append(place(h('span', { class: 'hold', title: `held: ${hold.kind}` }), ms(hold.from), ms(hold.to)));
    for (const [a, b] of data?.recorded ?? []) track.append(place(h('span', { class: 'recorded', title: `recorded ${timeText(ms(a), true)}–${timeText(ms(b), true)}` }), ms(a), ms(b)));
    track.append(h('span', { class: 'pb-cursor', 'aria-hidden': 'true' }));
    track.addEventListener('click', (e: MouseEvent) => {
      const box = track.getBoundingClientRect();
      const t = from + ((e.clientX - box.left) / box.width) * (to - from);
      this.cursor = t;
      this.drawCursor();
      void this.playAt(camera.id, t);
    });
    track.addEventListener('keydown', (e: KeyboardEvent) => this.onKey(e, camera.id));
    track.addEventListener(
      'wheel',
      (e: WheelEvent) => {
        const box = track.getBoundingClientRect();
        if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
          // Sideways scrolling (or Shift + wheel) pans the view.
          e.preventDefault();
          const shift = ((e.shiftKey ? e.deltaY : e.deltaX) / box.width) * (to - from);
          this.setView(from + shift, to + shift);
          return;
        }
        if (!e.ctrlKey && !e.altKey) return;
        e.preventDefault();
        const at = from + ((e.clientX - box.left) / box.width) * (to - from);
        const span = Math.min(2 * 86_400_000, Math.max(60_000, (to - from) * (e.deltaY > 0 ? 1.5 : 1 / 1.5)));
        const left = (at - from) / (to - from);
        this.setView(at - left * span, at - left * span + span);
      },
      { passive: false },
    );
    return track;
  }

  private onKey(e: KeyboardEvent, camera: string): void {
    const span = this.to - this.from;
    const small = e.shiftKey ? span / 10 : span / 100;
    switch (e.key) {
      case 'ArrowLeft':
      case 'ArrowRight':
        this.cursor += e.key === 'ArrowLeft' ? -small : small;
        if (this.cursor < this.from || this.cursor > this.to) this.setView(this.cursor - span / 2, this.cursor + span / 2);
        else this.drawCursor();
        break;
      case 'Home':
        this.cursor = this.from;
        this.drawCursor();
        break;
      case 'End':
        this.cursor = this.to;
        this.drawCursor();
        break;
      case '+':
      case '=':
      case '-': {
        const v = zoomAround(this.cursor, e.key === '-' ? Math.min(86_400_000, span * 4) : Math.max(60_000, span / 4));
        this.setView(v.from, v.to);
        break;
      }
      case 'Enter':
      case ' ':
        void this.playAt(camera, this.cursor);
        break;
      default:
        return;
    }
    e.preventDefault();
  }

  private drawCursor(): void {
    for (const [id, track] of this.tracks) {
      const cursor = track.querySelector<HTMLElement>('.pb-cursor');
      const visible = this.cursor >= this.from && this.cursor <= this.to;
      if (cursor) {
        cursor.hidden = !visible;
        cursor.style.left = `${fraction(this.cursor, this.from, this.to) * 100}%`;
        cursor.classList.toggle('playing', id === this.playingCamera);
      }
      track.setAttribute('aria-valuenow', String(Math.round(this.cursor)));
      track.setAttribute('aria-valuetext', clockText(this.cursor));
    }
  }

  // ---- viewing sessions and the reason -------------------------------------

  private asking: Promise<ViewingReason | undefined> | undefined;

  /** The remembered reason, or the answer of the one dialog (a second click while it is open waits for the same answer). */
  private askReason(): Promise<ViewingReason | undefined> {
    if (this.reason) return Promise.resolve(this.reason);
    this.asking ??= this.reasonDialog().finally(() => (this.asking = undefined));
    return this.asking;
  }

  private reasonDialog(): Promise<ViewingReason | undefined> {
    return new Promise((resolve) => {
      const select = h('select', { name: 'reason', required: true }, REASONS.map((r) => h('option', { value: r }, r[0]?.toUpperCase() + r.slice(1))));
      const text = h('input', { name: 'reasonText', maxlength: 500 });
      const error = h('p', { class: 'error', role: 'alert' });
      const done = (value: ViewingReason | undefined) => {
        this.dialog.close();
        resolve(value);
      };
      replace(
        this.dialog,
        h(
          'form',
          {
            method: 'dialog',
            onsubmit: (e: Event) => {
              e.preventDefault();
              const reason = select.value as Reason;
              const reasonText = text.value.trim();
              if (reason === 'other' && !reasonText) {
                error.textContent = 'Say why in the details.';
                text.focus();
                return;
              }
              this.reason = { reason, ...(reasonText ? { reasonText } : {}) };
              sessionStorage.setItem(REASON_KEY, JSON.stringify(this.reason));
              done(this.reason);
            },
          },
          h('h2', { id: 'pb-why' }, 'Why are you viewing recorded footage?'),
          h('p', { class: 'hint' }, 'Recorded in the audit log with your name, the camera and the time range. Asked once for this browser tab.'),
          field('Reason', select),
          field('Details', text, 'Required for "other"; otherwise optional, e.g. an incident or case number.'),
          error,
          h('div', { class: 'pb-buttons' }, h('button', { type: 'submit' }, 'Start viewing'), h('button', { type: 'button', onclick: () => done(undefined) }, 'Cancel')),
        ),
      );
      this.dialog.addEventListener('cancel', () => resolve(undefined), { once: true });
      this.dialog.showModal();
      select.focus();
    });
  }

  /** A viewing session of the camera overlapping [start, end]: the open one, or a new one for the local day of start. */
  private async viewingFor(camera: string, t: number, end = t + 1): Promise<string | undefined> {
    const v = this.viewing;
    if (v && v.camera === camera && end > v.from && t < v.to) return v.id;
    const reason = await this.askReason();
    if (!reason) return undefined;
    await this.endViewing();
    const day = dayOf(t);
    const r = await api<{ sessionId: string }>('POST', `/api/cameras/${encodeURIComponent(camera)}/playback`, { from: isoOf(day.start), to: isoOf(day.end), ...reason });
    this.viewing = { id: r.sessionId, camera, from: day.start, to: day.end };
    return r.sessionId;
  }

  private async endViewing(): Promise<void> {
    const v = this.viewing;
    this.viewing = undefined;
    if (v) await api('POST', `/api/playback/${encodeURIComponent(v.id)}/end`).catch(() => undefined);
  }

  private changeReason(): void {
    this.reason = undefined;
    sessionStorage.removeItem(REASON_KEY);
    const camera = this.playingCamera;
    const at = this.current ? this.current.start + this.video.currentTime * 1000 : undefined;
    void this.endViewing().then(() => (camera && at !== undefined ? this.playAt(camera, at) : undefined));
  }

  // ---- segments and the player -------------------------------------------------

  private async segmentsAround(camera: string, from: number, to: number): Promise<Seg[]> {
    const cached = this.segs.get(camera);
    if (cached && from >= cached.from && to <= cached.to) return cached.list;
    const body = await api<SegmentsBody>('GET', `/api/cameras/${encodeURIComponent(camera)}/segments?from=${isoOf(from)}&to=${isoOf(to)}`);
    const fresh = body.segments.map((s) => ({ id: s.id, start: ms(s.start), end: ms(s.end), bytes: s.bytes, codec: s.codec }));
    // Merge with what is cached when the windows touch, so stepping keeps its place.
    const keep = cached && cached.to >= from && cached.from <= to ? cached : undefined;
    const byId = new Map([...(keep?.list ?? []), ...fresh].map((s) => [s.id, s]));
    const list = [...byId.values()].sort((a, b) => a.start - b.start || a.id - b.id);
    this.segs.set(camera, { from: Math.min(from, keep?.from ?? from), to: Math.max(to, keep?.to ?? to), list });
    return list;
  }

  private async playAt(camera: string, t: number): Promise<void> {
    try {
      if (!(await this.viewingFor(camera, t))) {
        this.status.textContent = 'Not played: viewing recorded footage needs a reason.';
        return;
      }
      const seg = segmentFor(await this.segmentsAround(camera, t - 30 * 60_000, t + 2 * HOUR), t);
      if (!seg) {
        this.status.textContent = `No recording of ${camera} at or after ${clockText(t)}.`;
        return;
      }
      this.playingCamera = camera;
      await this.load(seg, Math.max(0, (t - seg.start) / 1000));
    } catch (err) {
      this.status.textContent = message(err);
    }
  }

  private async load(seg: Seg, offsetSeconds: number, retry = false): Promise<void> {
    const camera = this.playingCamera;
    if (!camera) return;
    const type = seg.codec ? CODEC_TYPES[seg.codec] : undefined;
    if (type && this.video.canPlayType(type) === '') {
      // A clear message rather than a black picture.
      this.player.hidden = true;
      this.status.textContent =
        `This camera records ${CODEC_NAMES[seg.codec ?? ''] ?? seg.codec ?? ''}, which this browser cannot decode. ` +
        'Try Safari, or Chrome or Edge on a computer with hardware video decoding; or export the footage (exports play in VLC).';
      return;
    }
    const session = await this.viewingFor(camera, seg.start, seg.end);
    if (!session) return;
    this.current = seg;
    this.retried = retry;
    this.pendingOffset = offsetSeconds;
    this.player.hidden = false;
    this.title.textContent = `${this.cameras.find((c) => c.id === camera)?.name ?? camera}`;
    this.video.defaultPlaybackRate = this.speed;
    this.video.src = `/api/segments/${seg.id}?session=${encodeURIComponent(session)}`;
    this.video.playbackRate = this.speed;
    this.status.textContent = '';
    await this.video.play().catch(() => undefined);
  }

  private async step(dir: 1 | -1): Promise<void> {
    const camera = this.playingCamera;
    const cur = this.current;
    if (!camera || !cur) return;
    try {
      const around = dir === 1 ? [cur.end - 1000, cur.end + 2 * HOUR] : [cur.start - 2 * HOUR, cur.start + 1000];
      let next = neighbour(this.segs.get(camera)?.list ?? [], cur, dir);
      if (!next) next = neighbour(await this.segmentsAround(camera, around[0] as number, around[1] as number), cur, dir);
      if (!next) {
        this.status.textContent = dir === 1 ? 'End of the recording: no later footage yet.' : 'No earlier footage.';
        return;
      }
      if (dir === 1 && next.start - cur.end > 1500) this.status.textContent = `Skipped a gap of ${Math.round((next.start - cur.end) / 1000)} s with no recording.`;
      await this.load(next, 0);
    } catch (err) {
      this.status.textContent = message(err);
    }
  }

  private async onError(): Promise<void> {
    const seg = this.current;
    if (!seg || !this.video.getAttribute('src')) return;
    // Most likely the viewing session ended while paused (idle): start a new one once, with the same reason.
    if (!this.retried) {
      const at = this.video.currentTime;
      this.viewing = undefined;
      await this.load(seg, at, true);
      return;
    }
    this.status.textContent = 'This segment cannot be played here (it may have been deleted, or the browser cannot decode it).';
  }

  private onTime(): void {
    const seg = this.current;
    if (!seg) return;
    const t = seg.start + this.video.currentTime * 1000;
    this.clock.textContent = clockText(t);
    this.video.dataset['wallMs'] = String(Math.round(t));
    this.cursor = t;
    if (t > this.to || t < this.from) {
      const span = this.to - this.from;
      this.setView(t - span * 0.2, t + span * 0.8);
    } else this.drawCursor();
  }

  private togglePlay(): void {
    if (this.video.paused) void this.video.play().catch(() => undefined);
    else this.video.pause();
  }

  private buildPlayer(): void {
    const speed = h('select', { name: 'speed' }, SPEEDS.map((s) => h('option', { value: s, selected: s === 1 }, `${s}×`)));
    speed.addEventListener('change', () => {
      this.speed = Number(speed.value);
      this.video.defaultPlaybackRate = this.speed;
      this.video.playbackRate = this.speed;
    });
    replace(
      this.player,
      this.title,
      this.video,
      h(
        'div',
        { class: 'pb-bar' },
        h('button', { type: 'button', onclick: () => void this.step(-1) }, 'Previous segment'),
        this.playButton,
        h('button', { type: 'button', onclick: () => void this.step(1) }, 'Next segment'),
        field('Speed', speed),
        this.clock,
        h('button', { type: 'button', class: 'link', onclick: () => this.changeReason() }, 'Change reason'),
      ),
    );
  }
}

let view: PlaybackView | undefined;

export const playbackPage: Page = {
  path: '/playback',
  title: 'Playback',
  needsUser: true,
  inMenu: (user) => user !== null && (user.role !== 'viewer' || Object.values(user.cameras).some((r) => r.playback)),
  async render(main, app) {
    view?.leave();
    view = new PlaybackView(main, app);
    await view.start();
  },
  leave() {
    view?.leave();
    view = undefined;
  },
};
