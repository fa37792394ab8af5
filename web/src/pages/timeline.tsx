import './find.css';
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, type CameraView } from '../api.js';
import type { App } from '../app.js';
import { cameraLabel } from '../camera-label.js';
import { useLoad } from '../hooks.js';
import { preactPage } from '../preact-page.js';
import { ErrorLine } from '../ui.js';
import { DayPicker } from './day-picker.js';
import { clockText, DAY, dateInputValue, dayOf, fraction, shiftDay, ticks, timeText } from './playback-model.js';
import { ReasonDialog, rememberedReason, SyncPlayer, type ViewingReason } from './sync-playback.js';
import { SYNC_MAX, SYNC_MIN, toggled } from './sync-model.js';

/**
 * Every camera the user may play back, one row each, for one day: recorded
 * ranges, gaps (the hatched background), holds and the activity index's bars,
 * under one time cursor. Clicking a time (or Enter on a focused row) opens
 * playback of that camera there. Rows are keyed by camera and refresh in
 * place each minute, so focus and the cursor survive a refresh. With two to
 * four cameras ticked, a click plays them together under one playhead.
 */
interface TimelineBody {
  recorded: [string, string][];
  holds: { id: number; kind: string; from: string; to: string }[];
}
interface ActivityBody {
  bucketSeconds: number;
  buckets: { start: string; changedSamples: number; cells: number }[];
}

const REFRESH_MS = 60_000;
/** Five-minute bars: 288 on a day, each still a few pixels wide on a laptop. */
const BUCKET_SECONDS = 300;
const ms = (iso: string) => Date.parse(iso);
const isoOf = (t: number) => new Date(t).toISOString();

function place(a: number, b: number, from: number, to: number, minPercent = 0.15): { left: string; width: string } {
  const left = fraction(a, from, to) * 100;
  return { left: `${left}%`, width: `${Math.max(minPercent, fraction(b, from, to) * 100 - left)}%` };
}

function Row(props: {
  camera: CameraView;
  from: number;
  to: number;
  cursor: number | null;
  setCursor: (t: number | null) => void;
  open: (camera: string, t: number) => void;
  picked: boolean;
  pick: (camera: string) => void;
}): JSX.Element {
  const { camera, from, to } = props;
  const id = encodeURIComponent(camera.id);
  const data = useLoad(
    async () => {
      // The activity API answers at most one day; a 25-hour DST day loses its last hour of bars, not the row.
      const actTo = Math.min(to, from + DAY);
      const [timeline, activity] = await Promise.all([
        api<TimelineBody>('GET', `/api/cameras/${id}/timeline?from=${isoOf(from)}&to=${isoOf(to)}`),
        api<ActivityBody>('GET', `/api/cameras/${id}/activity?from=${isoOf(from)}&to=${isoOf(actTo)}&bucket=${BUCKET_SECONDS}`),
      ]);
      return { timeline, activity };
    },
    REFRESH_MS,
    [camera.id, from, to],
  );
  const timeAt = (e: MouseEvent) => {
    const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
    return from + ((e.clientX - r.left) / r.width) * (to - from);
  };
  // On a whole day a pixel is over a minute: a click just beside a short recording means that recording.
  const clickedAt = (e: MouseEvent) => {
    const t = timeAt(e);
    const slack = (4 / (e.currentTarget as HTMLElement).getBoundingClientRect().width) * (to - from);
    const ranges = (data.data?.timeline.recorded ?? []).map(([a, b]) => [ms(a), ms(b)] as const);
    if (ranges.some(([a, b]) => a <= t && t < b)) return t;
    const near = ranges.map(([a, b]) => (t < a ? a : b - 1000)).find((edge) => Math.abs(edge - t) <= slack);
    return near ?? t;
  };
  const most = Math.max(1, ...(data.data?.activity.buckets ?? []).map((b) => b.changedSamples));
  const cursor = props.cursor ?? from;
  const nameId = `tl-name-${camera.id}`;
  return (
    <div class="tl-row" data-row={camera.id}>
      <span class="tl-name tl-pick">
        <input type="checkbox" name="together" value={camera.id} checked={props.picked} aria-label={`Play ${cameraLabel(camera.name, camera.id)} together with other cameras`} onChange={() => props.pick(camera.id)} />
        <span id={nameId}>{cameraLabel(camera.name, camera.id)}</span>
      </span>
      <div
        class="tl-track"
        data-track={camera.id}
        role="slider"
        tabIndex={0}
        aria-labelledby={nameId}
        aria-roledescription="timeline"
        aria-valuemin={from}
        aria-valuemax={to}
        aria-valuenow={cursor}
        aria-valuetext={`${timeText(cursor)}: press Enter to play from here`}
        onMouseMove={(e) => props.setCursor(timeAt(e))}
        onMouseLeave={() => props.setCursor(null)}
        onClick={(e) => props.open(camera.id, clickedAt(e))}
        onKeyDown={(e) => {
          const step = e.shiftKey ? 3_600_000 : 300_000;
          if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') props.setCursor(Math.min(to, Math.max(from, cursor + (e.key === 'ArrowLeft' ? -step : step))));
          else if (e.key === 'Home' || e.key === 'End') props.setCursor(e.key === 'Home' ? from : to);
          else if (e.key === 'Enter' || e.key === ' ') props.open(camera.id, cursor);
          else return;
          e.preventDefault();
        }}
      >
        {(data.data?.timeline.holds ?? []).map((h) => (
          <span key={`h${h.id}`} class="tl-hold" title={`held: ${h.kind}`} style={place(ms(h.from), ms(h.to), from, to)} />
        ))}
        {(data.data?.timeline.recorded ?? []).map(([a, b]) => (
          <span key={`r${a}`} class="tl-recorded" title={`recorded ${timeText(ms(a))}–${timeText(ms(b))}`} style={place(ms(a), ms(b), from, to)} />
        ))}
        {(data.data?.activity.buckets ?? []).map((b) => {
          const start = ms(b.start);
          const style = { ...place(start, start + BUCKET_SECONDS * 1000, from, to, 0.25), height: `${Math.max(20, (b.changedSamples / most) * 100)}%` };
          return <span key={b.start} class="tl-bar" data-start={b.start} title={`activity from ${timeText(start)}`} style={style} />;
        })}
        {props.cursor !== null ? <span class="tl-cursor" aria-hidden="true" style={{ left: `${fraction(props.cursor, from, to) * 100}%` }} /> : null}
      </div>
      {data.error ? <p class="error">{data.error}</p> : null}
    </div>
  );
}

function TimelineBodyView(props: { app: App }): JSX.Element {
  const cams = useLoad(() => api<{ cameras: CameraView[] }>('GET', '/api/cameras').then((r) => r.cameras.filter((c) => c.rights.playback)));
  const [dayStart, setDayStart] = useState(dayOf(Date.now()).start);
  const [cursor, setCursor] = useState<number | null>(null);
  const [picked, setPicked] = useState<string[]>([]);
  const [pickNote, setPickNote] = useState('');
  const [reason, setReason] = useState<ViewingReason | undefined>(rememberedReason());
  const [askingFor, setAskingFor] = useState<number | null>(null);
  const [sync, setSync] = useState<{ t: number; n: number } | null>(null);
  const [playhead, setPlayhead] = useState<number | null>(null);
  const from = dayStart;
  const to = shiftDay(dayStart, 1);
  const together = picked.length >= SYNC_MIN;
  const playTogether = (t: number) => {
    if (!reason) setAskingFor(t);
    else setSync({ t, n: (sync?.n ?? 0) + 1 });
  };
  const open = (camera: string, t: number) => {
    if (together) playTogether(t);
    else props.app.go(`/playback?camera=${encodeURIComponent(camera)}&at=${encodeURIComponent(isoOf(t))}`);
  };
  const pick = (camera: string) => {
    const r = toggled(picked, camera);
    setPickNote(r.refused ? `At most ${SYNC_MAX} cameras play together: untick one first.` : '');
    setPicked(r.next);
    if (r.next.length < SYNC_MIN) setSync(null);
  };
  const cameras = cams.data ?? [];
  const pickedCameras = picked.map((id) => cameras.find((c) => c.id === id)).filter((c): c is CameraView => c !== undefined);
  // Without a chosen time, playing together starts a minute before now (or at noon of another day).
  const startTime = () => cursor ?? playhead ?? (dayOf(Date.now()).start === dayStart ? Date.now() - 60_000 : dayStart + 12 * 3_600_000);
  return (
    <>
      <h1>Timeline</h1>
      <p class="hint">Every camera you may play back, for one day: what was recorded, the gaps, footage on hold and when something moved. Click a time (or focus a row, move with ←/→, Shift for an hour, and press Enter) to play that camera from there.</p>
      <div class="pb-controls" role="group" aria-label="Day">
        <DayPicker dayStart={dayStart} shown={dayStart} onDay={setDayStart} />
      </div>
      <ul class="pb-legend hint" aria-label="Timeline colours">
        <li class="pb-key-item">
          <span class="pb-key tl-key-recorded" aria-hidden="true" /> recorded
        </li>
        <li class="pb-key-item">
          <span class="pb-key gap" aria-hidden="true" /> no recording
        </li>
        <li class="pb-key-item">
          <span class="pb-key hold" aria-hidden="true" /> held
        </li>
        <li class="pb-key-item">
          <span class="pb-key tl-key-bar" aria-hidden="true" /> activity (taller: more movement)
        </li>
      </ul>
      <div class="pb-controls" role="group" aria-label="Play together">
        <p class="hint">
          Tick {SYNC_MIN} to {SYNC_MAX} cameras to play them side by side under one playhead; then a click on any row plays them together from that time.
        </p>
        <button type="button" disabled={!together} onClick={() => playTogether(startTime())}>
          Play {together ? picked.length : ''} cameras together
        </button>
      </div>
      {pickNote ? (
        <p class="error" role="alert">
          {pickNote}
        </p>
      ) : null}
      <ErrorLine error={cams.error} />
      {cams.data && cameras.length === 0 ? <p>You have no playback right on any camera.</p> : null}
      <p class="pb-range" data-cursor-time="">
        {cursor !== null ? clockText(cursor) : `${dateInputValue(from)}`}
      </p>
      <div class="tl-rows">
        {cameras.map((c) => (
          <Row key={c.id} camera={c} from={from} to={to} cursor={cursor ?? playhead} setCursor={setCursor} open={open} picked={picked.includes(c.id)} pick={pick} />
        ))}
        <div class="tl-row" aria-hidden="true">
          <span class="tl-name" />
          <div class="pb-axis">
            {ticks(from, to).map((t) => (
              <span key={t} class="pb-tick" style={{ left: `${fraction(t, from, to) * 100}%` }}>
                {timeText(t)}
              </span>
            ))}
          </div>
        </div>
      </div>
      {askingFor !== null ? (
        <ReasonDialog
          onDone={(r) => {
            const t = askingFor;
            setAskingFor(null);
            if (!r) return;
            setReason(r);
            setSync({ t, n: (sync?.n ?? 0) + 1 });
          }}
        />
      ) : null}
      {sync && reason && together ? (
        <SyncPlayer
          cameras={pickedCameras}
          reason={reason}
          seekTo={sync}
          onPlayhead={(t) => {
            setPlayhead(t);
            if (t < dayStart || t >= to) setDayStart(dayOf(t).start);
          }}
          onClose={() => {
            setSync(null);
            setPlayhead(null);
          }}
        />
      ) : null}
    </>
  );
}

export const timelinePage = preactPage(
  {
    path: '/timeline',
    title: 'Timeline',
    needsUser: true,
    inMenu: (user) => user !== null && (user.role !== 'viewer' || Object.values(user.cameras).some((r) => r.playback)),
  },
  TimelineBodyView,
);
