import { api } from '../api.js';
import { h, replace } from '../dom.js';

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

const clamp = (v: number) => Math.min(1, Math.max(0, Math.round(v * 1000) / 1000));

export async function maskEditor(cameraId: string, cameraName: string, done: (message: string) => void): Promise<HTMLElement> {
  const path = `/api/cameras/${encodeURIComponent(cameraId)}/scope`;
  const [{ scope }, cost] = await Promise.all([
    api<{ scope: { masks?: { name?: string; polygon: Pt[] }[] } }>('GET', path),
    api<Cost>('GET', `/api/masks/cost?camera=${encodeURIComponent(cameraId)}`),
  ]);
  const polygons: Pt[][] = (scope.masks ?? []).map((m) => m.polygon.map(([x, y]) => [x, y] as Pt));
  let selected = 0;

  const width = 480;
  const height = Math.round((width * cost.stream.height) / Math.max(1, cost.stream.width));
  const canvas = h('canvas', {
    width,
    height,
    class: 'mask-canvas',
    role: 'img',
    'aria-label': `Picture of ${cameraName}, ${cost.stream.width} by ${cost.stream.height}; masked areas in black. Click to add a point to the selected mask.`,
  });
  const list = h('div', { class: 'mask-list' });
  const costLine = h('p', { class: 'mask-cost', role: 'status', 'aria-live': 'polite' });
  const error = h('p', { class: 'error', role: 'alert' });
  const save = h('button', { type: 'submit' }, `Save the masks of ${cameraName}`);

  const draw = () => {
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.fillStyle = '#8a8f98';
    ctx.fillRect(0, 0, width, height);
    polygons.forEach((poly, i) => {
      if (poly.length === 0) return;
      ctx.beginPath();
      poly.forEach(([x, y], k) => (k === 0 ? ctx.moveTo(x * width, y * height) : ctx.lineTo(x * width, y * height)));
      ctx.closePath();
      ctx.fillStyle = '#000';
      if (poly.length >= 3) ctx.fill('evenodd');
      ctx.strokeStyle = i === selected ? '#ffcc00' : '#ffffff';
      ctx.lineWidth = 2;
      ctx.stroke();
      for (const [x, y] of poly) ctx.fillRect(x * width - 3, y * height - 3, 6, 6);
    });
    const complete = polygons.length > 0 && polygons.every((p) => p.length >= 3);
    save.disabled = !complete;
    costLine.textContent = polygons.length === 0 ? 'No masks: the camera is recorded by stream copy, no cost.' : cost.message;
  };

  const number = (value: number, label: string, set: (v: number) => void) => {
    const input = h('input', { type: 'number', min: 0, max: 1, step: 0.01, value: String(value), 'aria-label': label, class: 'coord' });
    input.addEventListener('input', () => {
      const v = Number(input.value);
      if (input.value !== '' && Number.isFinite(v)) {
        set(clamp(v));
        draw();
      }
    });
    return input;
  };

  const renderList = () => {
    replace(
      list,
      polygons.map((poly, i) =>
        h(
          'fieldset',
          { class: 'mask' },
          h('legend', {}, `Mask ${i + 1}`),
          h(
            'label',
            {},
            h('input', {
              type: 'radio',
              name: `mask-selected-${cameraId}`,
              checked: i === selected,
              onchange: () => {
                selected = i;
                draw();
              },
            }),
            ' add clicked points to this mask',
          ),
          h(
            'ol',
            {},
            poly.map((pt, k) =>
              h(
                'li',
                {},
                number(pt[0], `Mask ${i + 1} point ${k + 1} across (0 left, 1 right)`, (v) => (pt[0] = v)),
                number(pt[1], `Mask ${i + 1} point ${k + 1} down (0 top, 1 bottom)`, (v) => (pt[1] = v)),
                h(
                  'button',
                  {
                    type: 'button',
                    onclick: () => {
                      poly.splice(k, 1);
                      renderList();
                    },
                  },
                  `Remove point ${k + 1}`,
                ),
              ),
            ),
          ),
          poly.length < 3 ? h('p', { class: 'hint' }, 'A mask needs at least 3 points.') : null,
          h(
            'button',
            {
              type: 'button',
              onclick: () => {
                const last = poly.at(-1) ?? [0.5, 0.5];
                poly.push([clamp(last[0] + 0.05), clamp(last[1] + 0.05)]);
                renderList();
              },
            },
            `Add a point to mask ${i + 1}`,
          ),
          h(
            'button',
            {
              type: 'button',
              onclick: () => {
                polygons.splice(i, 1);
                selected = Math.max(0, Math.min(selected, polygons.length - 1));
                renderList();
              },
            },
            `Remove mask ${i + 1}`,
          ),
        ),
      ),
    );
    draw();
  };

  canvas.addEventListener('click', (e: MouseEvent) => {
    const rect = canvas.getBoundingClientRect();
    const pt: Pt = [clamp((e.clientX - rect.left) / rect.width), clamp((e.clientY - rect.top) / rect.height)];
    if (polygons.length === 0) polygons.push([]);
    (polygons[selected] ?? polygons[0] ?? []).push(pt);
    renderList();
  });

  renderList();
  return h(
    'form',
    {
      class: 'masks',
      onsubmit: (e: Event) => {
        e.preventDefault();
        error.textContent = '';
        void api('PUT', path, { masks: polygons.map((polygon, i) => ({ name: `mask ${i + 1}`, polygon })) })
          .then(() => done(`Masks of ${cameraName} saved; the camera restarts with them within seconds.`))
          .catch((err: unknown) => {
            error.textContent = err instanceof Error ? err.message : String(err);
          });
      },
    },
    h('p', { class: 'hint' }, 'Black areas are never recorded or shown. Click the picture to add a point to the selected mask, or type the coordinates.'),
    canvas,
    list,
    h(
      'button',
      {
        type: 'button',
        onclick: () => {
          polygons.push([
            [0.1, 0.1],
            [0.3, 0.1],
            [0.3, 0.3],
            [0.1, 0.3],
          ]);
          selected = polygons.length - 1;
          renderList();
        },
      },
      'Add a mask',
    ),
    // The cost is on screen before Save is pressed.
    costLine,
    error,
    save,
  );
}

/** The mask editor folded in a <details>, built on first open; `done` gets the message of a save. */
export function masksSection(cameraId: string, cameraName: string, done: (message: string) => void): HTMLElement {
  const holder = h('div');
  const details = h('details', {}, h('summary', {}, 'Privacy masks'), holder);
  details.addEventListener('toggle', () => {
    if (!details.open || holder.childElementCount) return;
    void maskEditor(cameraId, cameraName, done)
      .then((form) => replace(holder, form))
      .catch((err: unknown) => replace(holder, h('p', { class: 'error' }, err instanceof Error ? err.message : String(err))));
  });
  return details;
}
