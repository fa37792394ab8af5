import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import { useLoad } from '../hooks.js';
import { ErrorLine } from '../ui.js';
import { errorText } from './forms.js';

/**
 * The privacy-mask editor of a discovered camera: polygons drawn by clicking
 * on a picture-shaped canvas, or typed as numbers (0 = left/top edge, 1 =
 * right/bottom), every control reachable by keyboard. Before Save it says
 * what masking will cost: nothing when the camera masks itself (verified),
 * otherwise the expected share of a core, next to what masking already uses.
 * There is no snapshot route yet, so the canvas is blank, shaped like the
 * camera's picture.
 */
type Pt = [number, number];

interface Cost {
  method: 'camera' | 'premises' | null;
  stream: { width: number; height: number; fps: number; source: string; assumed: boolean };
  percentOfCore: number;
  cores: number;
  inUse: { cameras: string[]; percentOfCore: number };
  message: string;
}

/** A point and a mask carry ids, so removing one keeps the others' inputs (and what is typed in them) in place. */
interface Point {
  id: number;
  x: number;
  y: number;
}
interface Mask {
  id: number;
  points: Point[];
}

const WIDTH = 480;
const clamp = (v: number) => Math.min(1, Math.max(0, Math.round(v * 1000) / 1000));

function drawMasks(canvas: HTMLCanvasElement, masks: Mask[], selected: number): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const { width, height } = canvas;
  ctx.fillStyle = '#8a8f98';
  ctx.fillRect(0, 0, width, height);
  masks.forEach((mask, i) => {
    const poly = mask.points;
    if (poly.length === 0) return;
    ctx.beginPath();
    poly.forEach(({ x, y }, k) => (k === 0 ? ctx.moveTo(x * width, y * height) : ctx.lineTo(x * width, y * height)));
    ctx.closePath();
    ctx.fillStyle = '#000';
    if (poly.length >= 3) ctx.fill('evenodd');
    ctx.strokeStyle = i === selected ? '#ffcc00' : '#ffffff';
    ctx.lineWidth = 2;
    ctx.stroke();
    for (const { x, y } of poly) ctx.fillRect(x * width - 3, y * height - 3, 6, 6);
  });
}

/** A coordinate typed as a number: the field keeps what is typed ("0." on the way to "0.5"); only a valid number moves the point. */
function Coord(props: { value: number; label: string; onValue: (v: number) => void }): JSX.Element {
  const [text, setText] = useState(String(props.value));
  return (
    <input
      type="number"
      min={0}
      max={1}
      step={0.01}
      class="coord"
      aria-label={props.label}
      value={text}
      onInput={(e) => {
        const raw = e.currentTarget.value;
        setText(raw);
        const v = Number(raw);
        if (raw !== '' && Number.isFinite(v)) props.onValue(clamp(v));
      }}
    />
  );
}

function MaskEditor(props: { cameraId: string; cameraName: string; done: (message: string) => void }): JSX.Element {
  const { cameraId, cameraName } = props;
  const path = `/api/cameras/${encodeURIComponent(cameraId)}/scope`;
  const loaded = useLoad(() =>
    Promise.all([api<{ scope: { masks?: { name?: string; polygon: Pt[] }[] } }>('GET', path), api<Cost>('GET', `/api/masks/cost?camera=${encodeURIComponent(cameraId)}`)]),
  );
  const nextId = useRef(0);
  const newId = () => ++nextId.current;
  const [masks, setMasks] = useState<Mask[] | null>(null);
  const [selected, setSelected] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const scope = loaded.data?.[0].scope;
    if (scope && masks === null) setMasks((scope.masks ?? []).map((m) => ({ id: newId(), points: m.polygon.map(([x, y]) => ({ id: newId(), x, y })) })));
  }, [loaded.data]);
  useEffect(() => {
    if (canvas.current && masks) drawMasks(canvas.current, masks, selected);
  }, [masks, selected]);

  if (!loaded.data || !masks) return loaded.error ? <p class="error">{loaded.error}</p> : <p>Loading…</p>;
  const cost = loaded.data[1];
  const height = Math.round((WIDTH * cost.stream.height) / Math.max(1, cost.stream.width));
  const complete = masks.length > 0 && masks.every((m) => m.points.length >= 3);

  const changeMask = (i: number, points: (p: Point[]) => Point[]) => setMasks(masks.map((m, k) => (k === i ? { ...m, points: points(m.points) } : m)));
  const movePoint = (i: number, id: number, change: Partial<Point>) => changeMask(i, (pts) => pts.map((p) => (p.id === id ? { ...p, ...change } : p)));
  const addMask = () => {
    const square: Pt[] = [
      [0.1, 0.1],
      [0.3, 0.1],
      [0.3, 0.3],
      [0.1, 0.3],
    ];
    setMasks([...masks, { id: newId(), points: square.map(([x, y]) => ({ id: newId(), x, y })) }]);
    setSelected(masks.length);
  };
  const removeMask = (i: number) => {
    setMasks(masks.filter((_, k) => k !== i));
    setSelected(Math.max(0, Math.min(selected, masks.length - 2)));
  };
  const clickCanvas = (e: MouseEvent) => {
    const rect = (e.currentTarget as HTMLCanvasElement).getBoundingClientRect();
    const pt: Point = { id: newId(), x: clamp((e.clientX - rect.left) / rect.width), y: clamp((e.clientY - rect.top) / rect.height) };
    if (masks.length === 0) {
      setMasks([{ id: newId(), points: [pt] }]);
      setSelected(0);
    } else changeMask(masks[selected] ? selected : 0, (pts) => [...pts, pt]);
  };
  const submit = (e: Event) => {
    e.preventDefault();
    setError(null);
    const body = { masks: masks.map((m, i) => ({ name: `mask ${i + 1}`, polygon: m.points.map((p) => [p.x, p.y]) })) };
    void api('PUT', path, body)
      .then(() => props.done(`Masks of ${cameraName} saved; the camera restarts with them within seconds.`))
      .catch((err: unknown) => setError(errorText(err)));
  };

  return (
    <form class="masks" onSubmit={submit}>
      <p class="hint">Black areas are never recorded or shown. Click the picture to add a point to the selected mask, or type the coordinates.</p>
      <canvas
        ref={canvas}
        width={WIDTH}
        height={height}
        class="mask-canvas"
        role="img"
        aria-label={`Picture of ${cameraName}, ${cost.stream.width} by ${cost.stream.height}; masked areas in black. Click to add a point to the selected mask.`}
        onClick={clickCanvas}
      />
      <div class="mask-list">
        {masks.map((mask, i) => (
          <fieldset class="mask" key={mask.id}>
            <legend>{`Mask ${i + 1}`}</legend>
            <label>
              <input type="radio" name={`mask-selected-${cameraId}`} checked={i === selected} onChange={() => setSelected(i)} /> add clicked points to this mask
            </label>
            <ol>
              {mask.points.map((pt, k) => (
                <li key={pt.id}>
                  <Coord value={pt.x} label={`Mask ${i + 1} point ${k + 1} across (0 left, 1 right)`} onValue={(x) => movePoint(i, pt.id, { x })} />
                  <Coord value={pt.y} label={`Mask ${i + 1} point ${k + 1} down (0 top, 1 bottom)`} onValue={(y) => movePoint(i, pt.id, { y })} />
                  <button type="button" onClick={() => changeMask(i, (pts) => pts.filter((p) => p.id !== pt.id))}>
                    {`Remove point ${k + 1}`}
                  </button>
                </li>
              ))}
            </ol>
            {mask.points.length < 3 ? <p class="hint">A mask needs at least 3 points.</p> : null}
            <button
              type="button"
              onClick={() =>
                changeMask(i, (pts) => {
                  const last = pts.at(-1) ?? { x: 0.5, y: 0.5 };
                  return [...pts, { id: newId(), x: clamp(last.x + 0.05), y: clamp(last.y + 0.05) }];
                })
              }
            >
              {`Add a point to mask ${i + 1}`}
            </button>
            <button type="button" onClick={() => removeMask(i)}>
              {`Remove mask ${i + 1}`}
            </button>
          </fieldset>
        ))}
      </div>
      <button type="button" onClick={addMask}>
        Add a mask
      </button>
      {/* The cost is on screen before Save is pressed. */}
      <p class="mask-cost" role="status" aria-live="polite">
        {masks.length === 0 ? 'No masks: the camera is recorded by stream copy, no cost.' : cost.message}
      </p>
      <ErrorLine error={error} />
      <button type="submit" disabled={!complete}>{`Save the masks of ${cameraName}`}</button>
    </form>
  );
}

/** The mask editor folded in a <details>, loaded on first open; `done` gets the message of a save. */
export function MasksSection(props: { cameraId: string; cameraName: string; done: (message: string) => void }): JSX.Element {
  const [opened, setOpened] = useState(false);
  return (
    <details onToggle={(e) => e.currentTarget.open && setOpened(true)}>
      <summary>Privacy masks</summary>
      {opened ? <MaskEditor cameraId={props.cameraId} cameraName={props.cameraName} done={props.done} /> : null}
    </details>
  );
}
