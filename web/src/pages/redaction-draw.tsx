import type { JSX } from 'preact';
import { useRef, useState } from 'preact/hooks';
import type { RedactionFrameView } from '../../../src/api/contracts/redactions.js';

/**
 * Drawing a box the detector missed on a review frame (docs/redaction.md,
 * "From the dashboard"): a rectangle dragged with a mouse, pen or finger
 * (pointer events), or typed as numbers, always in pixels of the recorded
 * picture whatever size the frame is shown at; then the review frames it is
 * to be blurred from and to. The boxes the job already has are outlined over
 * the picture with their track number, so the list under it can be matched
 * to them.
 */

export interface PixelBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A box being drawn: on which review frame, where, and over which review frames (indexes into the job's frames). */
export interface Draft {
  /** Changes with every new drawing, so the typed fields start again from the drawn numbers. */
  seq: number;
  frame: number;
  box: PixelBox;
  from: number;
  to: number;
  /** Opened from the keyboard: the first field takes the focus. */
  typed: boolean;
}

/** A box of the review JSON; `kind` (a face, a whole person, …) may be added by the detector, and a kind or role this page does not know is still shown. */
export type ShownBox = { track: number; role: string; kind?: string; box: PixelBox };

const KNOWN_ROLES = new Set(['requester', 'bystander', 'not-a-face']);
/** Below this many CSS pixels of movement a press is a click (the requester pick), not a drawing. */
const DRAG_MIN_PX = 4;
/** Review frames further apart than this are taken to be in different clips (a gap in the footage): a box does not span them. */
const RUN_GAP_MS = 2_500;
/** Frames either side of the one drawn on that the box covers at first: a missed face is usually missed in its neighbours too. */
const DEFAULT_REACH = 2;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const atMs = (f: RedactionFrameView) => Date.parse(f.at);

/** The review frames of the same camera without a gap in the footage around frame `index`: the frames one box may span. */
export function runAround(frames: readonly RedactionFrameView[], index: number): { first: number; last: number } {
  const same = (a: number, b: number) => {
    const fa = frames[a];
    const fb = frames[b];
    return fa !== undefined && fb !== undefined && fa.camera === fb.camera && atMs(fb) > atMs(fa) && atMs(fb) - atMs(fa) <= RUN_GAP_MS;
  };
  let first = index;
  while (same(first - 1, first)) first--;
  let last = index;
  while (same(last, last + 1)) last++;
  return { first, last };
}

export function newDraft(frames: readonly RedactionFrameView[], index: number, box: PixelBox, typed: boolean, seq: number): Draft {
  const run = runAround(frames, index);
  return { seq, frame: index, box, from: Math.max(run.first, index - DEFAULT_REACH), to: Math.min(run.last, index + DEFAULT_REACH), typed };
}

/**
 * The footage the box covers, in UTC ms: from the first chosen frame to the
 * last, and half-way to the review frames either side (the footage between
 * two review frames is nearer one or the other). Before the run's first frame
 * nothing is added (the clip may start there); after its last, half a second
 * (the server ends the box at the clip's end).
 */
export function draftSpan(frames: readonly RedactionFrameView[], d: Draft): { from: number; to: number } {
  const run = runAround(frames, d.frame);
  const a = frames[d.from]!;
  const b = frames[d.to]!;
  const before = d.from > run.first ? frames[d.from - 1] : undefined;
  const after = d.to < run.last ? frames[d.to + 1] : undefined;
  return {
    from: before ? Math.round((atMs(before) + atMs(a)) / 2) : atMs(a),
    to: after ? Math.round((atMs(b) + atMs(after)) / 2) : atMs(b) + 500,
  };
}

/** A box in the middle of the picture, a fifth of its height: the start for someone who types the numbers. */
export function middleBox(frame: RedactionFrameView): PixelBox {
  const side = Math.max(1, Math.round(Math.min(frame.width, frame.height) / 5));
  return { x: Math.round((frame.width - side) / 2), y: Math.round((frame.height - side) / 2), w: side, h: side };
}

export function roleClass(role: string): string {
  return KNOWN_ROLES.has(role) ? `role-${role}` : 'role-other';
}

/**
 * The review frame's picture with the boxes outlined over it. A drag draws
 * a box (`onDraw`); a press without a drag is a click on a point (`onPoint`).
 * Points are read against the picture's box on screen at that moment, so
 * they are right at any zoom, size or device pixel ratio.
 */
export function FramePicture(props: {
  frame: RedactionFrameView;
  boxes: ShownBox[];
  draft: PixelBox | null;
  src: string;
  alt: string;
  onDraw: (box: PixelBox) => void;
  onPoint: (x: number, y: number) => void;
}): JSX.Element {
  const { frame } = props;
  const press = useRef<{ pointer: number; cx: number; cy: number; x: number; y: number; dragging: boolean } | null>(null);
  const drew = useRef(false);
  const [live, setLive] = useState<PixelBox | null>(null);

  const point = (e: MouseEvent): { x: number; y: number } => {
    const r = (e.currentTarget as Element).getBoundingClientRect();
    return {
      x: clamp(Math.round(((e.clientX - r.left) * frame.width) / Math.max(1, r.width)), 0, frame.width),
      y: clamp(Math.round(((e.clientY - r.top) * frame.height) / Math.max(1, r.height)), 0, frame.height),
    };
  };
  const boxTo = (p: { x: number; y: number }): PixelBox | null => {
    const s = press.current;
    if (!s) return null;
    const box = { x: Math.min(s.x, p.x), y: Math.min(s.y, p.y), w: Math.abs(p.x - s.x), h: Math.abs(p.y - s.y) };
    return box.w >= 1 && box.h >= 1 ? box : null;
  };

  const down = (e: PointerEvent) => {
    if (e.button !== 0 || press.current) return;
    // No native image drag or text selection while a box is drawn.
    e.preventDefault();
    (e.currentTarget as Element).setPointerCapture(e.pointerId);
    press.current = { pointer: e.pointerId, cx: e.clientX, cy: e.clientY, ...point(e), dragging: false };
  };
  const move = (e: PointerEvent) => {
    const s = press.current;
    if (!s || s.pointer !== e.pointerId) return;
    if (!s.dragging && Math.abs(e.clientX - s.cx) < DRAG_MIN_PX && Math.abs(e.clientY - s.cy) < DRAG_MIN_PX) return;
    s.dragging = true;
    setLive(boxTo(point(e)));
  };
  const up = (e: PointerEvent) => {
    const s = press.current;
    if (!s || s.pointer !== e.pointerId) return;
    const box = s.dragging ? boxTo(point(e)) : null;
    press.current = null;
    setLive(null);
    // The click that follows a drag is not a pick.
    drew.current = s.dragging;
    if (box) props.onDraw(box);
  };
  const cancel = () => {
    press.current = null;
    setLive(null);
  };

  const shown = live ?? props.draft;
  const fontSize = Math.max(10, Math.round(frame.height / 18));
  return (
    <div class="redaction-picture">
      <img
        src={props.src}
        alt={props.alt}
        width={320}
        draggable={false}
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={cancel}
        onClick={(e) => {
          if (drew.current) {
            drew.current = false;
            return;
          }
          const p = point(e);
          props.onPoint(p.x, p.y);
        }}
      />
      <svg class="redaction-boxes" viewBox={`0 0 ${frame.width} ${frame.height}`} preserveAspectRatio="none" aria-hidden="true">
        {props.boxes.map((b) => (
          <g key={b.track} class={roleClass(b.role)} data-box={b.track}>
            <rect x={b.box.x} y={b.box.y} width={b.box.w} height={b.box.h} vector-effect="non-scaling-stroke" />
            <text x={b.box.x + fontSize / 4} y={b.box.y + fontSize} font-size={fontSize}>
              {`#${b.track}${b.kind && b.kind !== 'face' ? ` ${b.kind}` : ''}`}
            </text>
          </g>
        ))}
        {shown ? <rect class="draft" data-draft="" x={shown.x} y={shown.y} width={shown.w} height={shown.h} vector-effect="non-scaling-stroke" /> : null}
      </svg>
    </div>
  );
}

/** A whole number of pixels, typed: the field keeps what is typed; only a whole number in range changes the box. */
function PixelField(props: { label: string; value: number; min: number; max: number; autoFocus?: boolean; onValue: (v: number) => void }): JSX.Element {
  const [text, setText] = useState(String(props.value));
  return (
    <label class="redaction-px">
      {props.label}
      <input
        type="number"
        inputMode="numeric"
        min={props.min}
        max={props.max}
        step={1}
        required
        autoFocus={props.autoFocus}
        value={text}
        onInput={(e) => {
          const raw = e.currentTarget.value;
          setText(raw);
          const v = Number(raw);
          if (raw.trim() !== '' && Number.isInteger(v) && v >= props.min && v <= props.max) props.onValue(v);
        }}
      />
    </label>
  );
}

const clock = (f: RedactionFrameView) => new Date(f.at).toLocaleTimeString();

/** One end of the span, as a review frame of the run (choosing the other end past it moves this one along). */
function FrameSelect(props: { label: string; name: string; choices: { index: number; label: string }[]; value: number; onValue: (index: number) => void }): JSX.Element {
  return (
    <label>
      {props.label}
      <select name={props.name} value={String(props.value)} onChange={(e) => props.onValue(Number(e.currentTarget.value))}>
        {props.choices.map((c) => (
          <option key={c.index} value={String(c.index)}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * "Blur this from … to …": the box in numbers (editable, and the way to draw
 * without a pointer) and the first and last review frame it is blurred on.
 */
export function BoxForm(props: {
  frames: readonly RedactionFrameView[];
  draft: Draft;
  onChange: (d: Draft) => void;
  onSubmit: (d: Draft) => void;
  onCancel: () => void;
}): JSX.Element {
  const { frames, draft: d } = props;
  const frame = frames[d.frame]!;
  const run = runAround(frames, d.frame);
  const choices = frames.slice(run.first, run.last + 1).map((f, k) => ({ index: run.first + k, label: clock(f) }));
  const set = (change: Partial<PixelBox>) => props.onChange({ ...d, box: { ...d.box, ...change } });
  const inside = d.box.x + d.box.w <= frame.width && d.box.y + d.box.h <= frame.height;
  const count = d.to - d.from + 1;
  return (
    <form
      class="redaction-draft"
      aria-label={`New box on the frame of ${frame.camera} at ${clock(frame)}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (inside) props.onSubmit(d);
      }}
    >
      <p class="hint">{`New box, in pixels of the ${frame.width}×${frame.height} picture (left, top, width, height):`}</p>
      <div class="redaction-px-row" key={d.seq}>
        <PixelField label="Left" value={d.box.x} min={0} max={frame.width - 1} autoFocus={d.typed} onValue={(x) => set({ x })} />
        <PixelField label="Top" value={d.box.y} min={0} max={frame.height - 1} onValue={(y) => set({ y })} />
        <PixelField label="Width" value={d.box.w} min={1} max={frame.width} onValue={(w) => set({ w })} />
        <PixelField label="Height" value={d.box.h} min={1} max={frame.height} onValue={(h) => set({ h })} />
      </div>
      {inside ? null : <p class="error">{`The box must lie inside the ${frame.width}×${frame.height} picture: make it smaller or move it.`}</p>}
      <div class="redaction-span">
        <FrameSelect label="Blur it from" name="box-from" choices={choices} value={d.from} onValue={(from) => props.onChange({ ...d, from, to: Math.max(d.to, from) })} />
        <FrameSelect label="to" name="box-to" choices={choices} value={d.to} onValue={(to) => props.onChange({ ...d, to, from: Math.min(d.from, to) })} />
      </div>
      <p class="hint">{`${count} review frame${count === 1 ? '' : 's'}, and the footage up to half-way to the frames either side.`}</p>
      <button type="submit" disabled={!inside}>
        Blur this box
      </button>{' '}
      <button type="button" onClick={props.onCancel}>
        Cancel
      </button>
    </form>
  );
}
