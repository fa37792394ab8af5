import './find.css';
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type CameraView } from '../api.js';
import type { App } from '../app.js';
import { cameraLabel } from '../camera-label.js';
import { useLoad } from '../hooks.js';
import { preactPage } from '../preact-page.js';
import { ErrorLine, Field, Status } from '../ui.js';
import { boxBetween, boxFromPercent, boxToPercent, durationText, localInputValue, rangeText, type Box } from './find-model.js';
import { errorText, mayOnSomeCamera } from './forms.js';
import { clockText, dayOf } from './playback-model.js';

/**
 * Region search: draw a box on a camera's picture and list the moments
 * something changed inside it (docs/activity.md). The picture is the live
 * snapshot for a user with the live right; anyone else draws on a plain
 * 16:9 grid, so the page never shows a stored frame (that is playback, with
 * its reason and its log). Every search is audited by the server.
 */
interface Moment {
  from: string;
  to: string;
  peak: string;
  peakCells: number;
}
interface Result {
  camera: string;
  from: number;
  to: number;
  moments: Moment[];
}

const MAX_DAYS = 7;

/** The picture to draw on, and the box over it. Pointer events cover mouse, pen and touch alike. */
function Picture(props: { camera: CameraView; box: Box | null; onBox: (box: Box) => void }): JSX.Element {
  const area = useRef<HTMLDivElement>(null);
  const start = useRef<{ x: number; y: number } | null>(null);
  const [draft, setDraft] = useState<Box | null>(null);
  const [snapshotFailed, setSnapshotFailed] = useState(false);
  const at = (e: PointerEvent) => {
    const r = (area.current as HTMLDivElement).getBoundingClientRect();
    return { x: (e.clientX - r.left) / r.width, y: (e.clientY - r.top) / r.height };
  };
  const shown = draft ?? props.box;
  const live = props.camera.rights.live && !snapshotFailed;
  return (
    <div
      ref={area}
      class={`find-picture${live ? '' : ' find-grid'}`}
      data-picture={props.camera.id}
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        e.preventDefault();
        e.currentTarget.setPointerCapture(e.pointerId);
        start.current = at(e);
        setDraft(boxBetween(start.current, start.current));
      }}
      onPointerMove={(e) => {
        if (start.current) setDraft(boxBetween(start.current, at(e)));
      }}
      onPointerUp={(e) => {
        if (!start.current) return;
        const box = boxBetween(start.current, at(e));
        start.current = null;
        setDraft(null);
        // A click without a drag draws nothing: keep the box there was.
        if (box.width >= 0.01 && box.height >= 0.01) props.onBox(box);
      }}
      onPointerCancel={() => {
        start.current = null;
        setDraft(null);
      }}
    >
      {live ? (
        <img
          key={props.camera.id}
          src={`/api/cameras/${encodeURIComponent(props.camera.id)}/snapshot.jpg`}
          alt={`Live picture of ${props.camera.name}`}
          draggable={false}
          onError={() => setSnapshotFailed(true)}
        />
      ) : null}
      {shown ? (
        <div
          class="find-box"
          data-box=""
          aria-hidden="true"
          style={{ left: `${shown.x * 100}%`, top: `${shown.y * 100}%`, width: `${shown.width * 100}%`, height: `${shown.height * 100}%` }}
        />
      ) : null}
    </div>
  );
}

/** The box as numbers: the keyboard way to draw, and a readout of a drawn box. */
function BoxNumbers(props: { box: Box | null; onBox: (box: Box) => void }): JSX.Element {
  const [typed, setTyped] = useState(props.box ? boxToPercent(props.box) : { x: '', y: '', width: '', height: '' });
  const [error, setError] = useState<string | null>(null);
  // A box drawn with the pointer replaces what was typed.
  useEffect(() => {
    if (props.box) setTyped(boxToPercent(props.box));
  }, [props.box]);
  const set = (key: keyof typeof typed) => (e: { currentTarget: HTMLInputElement }) => setTyped({ ...typed, [key]: e.currentTarget.value });
  const apply = () => {
    const box = boxFromPercent(typed);
    if (typeof box === 'string') setError(box);
    else {
      setError(null);
      props.onBox(box);
    }
  };
  const input = (key: keyof typeof typed) => (id: string) => (
    <input id={id} type="number" inputMode="decimal" name={`box-${key}`} min={0} max={100} step="any" value={typed[key]} onInput={set(key)} onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), apply())} />
  );
  return (
    <fieldset class="find-numbers">
      <legend>Box in percent of the picture</legend>
      <div class="row">
        <Field label="From the left">{input('x')}</Field>
        <Field label="From the top">{input('y')}</Field>
        <Field label="Width">{input('width')}</Field>
        <Field label="Height">{input('height')}</Field>
      </div>
      <ErrorLine error={error} />
      <button type="button" onClick={apply}>
        Use these numbers
      </button>
    </fieldset>
  );
}

function Moments(props: { result: Result }): JSX.Element {
  const { result } = props;
  if (result.moments.length === 0) return <Status>{`No change in that area between ${rangeText(result.from, result.to)}.`}</Status>;
  return (
    <section aria-labelledby="find-moments">
      <Status>{`${result.moments.length} moment${result.moments.length === 1 ? '' : 's'} with change in that area between ${rangeText(result.from, result.to)}.`}</Status>
      <h2 id="find-moments">Moments found</h2>
      <ol class="find-moments">
        {result.moments.map((m) => {
          const from = Date.parse(m.from);
          return (
            <li key={m.from} data-moment={m.from}>
              <span class="find-when">{clockText(from)}</span>
              {` · ${durationText(Date.parse(m.to) - from)} · `}
              <a href={`#/playback?camera=${encodeURIComponent(result.camera)}&at=${encodeURIComponent(m.from)}`}>{`Play from ${clockText(from).slice(11)}`}</a>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function SearchBody(props: { app: App }): JSX.Element {
  const cams = useLoad(() => api<{ cameras: CameraView[] }>('GET', '/api/cameras').then((r) => r.cameras.filter((c) => c.rights.playback)));
  const today = dayOf(Date.now());
  const [cameraId, setCameraId] = useState(props.app.params.get('camera') ?? '');
  const [from, setFrom] = useState(localInputValue(today.start));
  const [to, setTo] = useState(localInputValue(today.end));
  const [box, setBox] = useState<Box | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const cameras = cams.data ?? [];
  const camera = cameras.find((c) => c.id === cameraId) ?? cameras[0];

  const search = (e: Event) => {
    e.preventDefault();
    setError(null);
    if (!camera) return;
    if (!box) return setError('Draw a box on the picture first, or type it as numbers.');
    const fromMs = new Date(from).getTime();
    const toMs = new Date(to).getTime();
    if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) return setError('Give both a start and an end time.');
    if (toMs <= fromMs) return setError('The end must be after the start.');
    if (toMs - fromMs > MAX_DAYS * 86_400_000) return setError(`Search at most ${MAX_DAYS} days at a time.`);
    setBusy(true);
    void api<{ moments: Moment[] }>('POST', `/api/cameras/${encodeURIComponent(camera.id)}/activity/search`, { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(), box })
      .then((r) => setResult({ camera: camera.id, from: fromMs, to: toMs, moments: r.moments }))
      .catch((err: unknown) => setError(errorText(err)))
      .finally(() => setBusy(false));
  };

  return (
    <>
      <h1>Search</h1>
      <p class="hint">Find when something changed in one part of a camera's picture: draw a box over it (a till, a door, a shelf), choose the time, search. Each search is recorded in the audit log with your name, the camera, the box and the time range.</p>
      <ErrorLine error={cams.error} />
      {cams.data && cameras.length === 0 ? <p>You have no playback right on any camera.</p> : null}
      {camera ? (
        <form class="find-form" onSubmit={search}>
          <div class="row">
            <Field label="Camera">
              {(id) => (
                <select
                  id={id}
                  name="camera"
                  value={camera.id}
                  onChange={(e) => {
                    setCameraId(e.currentTarget.value);
                    setResult(null);
                  }}
                >
                  {cameras.map((c) => (
                    <option key={c.id} value={c.id}>
                      {cameraLabel(c.name, c.id)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="From (your local time)">{(id) => <input id={id} type="datetime-local" name="from" required value={from} onInput={(e) => setFrom(e.currentTarget.value)} />}</Field>
            <Field label="To (your local time)">{(id) => <input id={id} type="datetime-local" name="to" required value={to} onInput={(e) => setTo(e.currentTarget.value)} />}</Field>
          </div>
          <p class="hint" id="find-draw-help">
            {camera.rights.live
              ? 'Drag over the picture to draw the box (mouse, pen or finger). The picture is the camera as it is now.'
              : 'Drag over the grid to draw the box (mouse, pen or finger). The grid stands for the camera picture: you have no live right on this camera, so no picture is shown.'}
          </p>
          <Picture key={camera.id} camera={camera} box={box} onBox={setBox} />
          <BoxNumbers box={box} onBox={setBox} />
          <ErrorLine error={error} />
          <button type="submit" disabled={busy}>
            {busy ? 'Searching…' : 'Search'}
          </button>
        </form>
      ) : null}
      {result && result.camera === camera?.id ? <Moments result={result} /> : null}
    </>
  );
}

export const searchPage = preactPage(
  {
    path: '/search',
    title: 'Search',
    needsUser: true,
    inMenu: (user) => mayOnSomeCamera(user, 'playback'),
  },
  SearchBody,
);
