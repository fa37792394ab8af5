/**
 * Small inline-SVG line charts drawn by our own code: no chart library, no
 * outside asset, no inline style (the CSP forbids it; colours come from
 * presentation attributes and classes). Each series also gets its own dash
 * pattern and marker shape, so the lines differ without colour, and the
 * caller puts the same numbers in a table for screen readers.
 */
import type { JSX } from 'preact';

export interface Series {
  name: string;
  /** [x, y]; x in any unit the labels understand (ms, day index). */
  points: [number, number][];
}

export interface ChartOptions {
  title: string;
  series: Series[];
  xLabel: (x: number) => string;
  yLabel: (y: number) => string;
  /** Include zero on the y axis (default true). */
  fromZero?: boolean;
  /** The unit of each axis, written along it ("Mbit/s", "day"): a number without its unit reads as nothing. */
  xUnit: string;
  yUnit: string;
}

const COLOURS = ['#0047b3', '#a40000', '#0a6b1f', '#7a5200', '#6a1b9a', '#00695c', '#ad1457', '#37474f'];
const DASHES = ['', '6 3', '2 3', '8 3 2 3', '1 2', '10 4', '4 4', '12 2 2 2'];
const W = 640;
const H = 260;
const PAD = { left: 72, right: 12, top: 12, bottom: 48 };

function Marker(props: { kind: number; x: number; y: number; colour: string }): JSX.Element {
  const { x, y, colour } = props;
  switch (props.kind % 4) {
    case 0:
      return <circle cx={x} cy={y} r={3.5} fill={colour} />;
    case 1:
      return <rect x={x - 3.5} y={y - 3.5} width={7} height={7} fill={colour} />;
    case 2:
      return <polygon points={`${x},${y - 4.5} ${x + 4.5},${y + 3.5} ${x - 4.5},${y + 3.5}`} fill={colour} />;
    default:
      return <polygon points={`${x},${y - 4.5} ${x + 4.5},${y} ${x},${y + 4.5} ${x - 4.5},${y}`} fill={colour} />;
  }
}

/** Round tick values: 1, 2 or 5 times a power of ten. */
function ticks(min: number, max: number, count = 4): number[] {
  if (max <= min) return [min];
  const raw = (max - min) / count;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((st) => st >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(v);
  return out;
}

/** The dash pattern of series i, or none for the first (a solid line). */
const dash = (i: number) => DASHES[i % DASHES.length] || undefined;

export function LineChart(props: { options: ChartOptions }): JSX.Element {
  const o = props.options;
  const all = o.series.flatMap((se) => se.points);
  if (all.length === 0) {
    return (
      <svg viewBox={`0 0 ${W} ${H}`} class="chart" role="img" aria-label={o.title}>
        <title>{o.title}</title>
        <text x={W / 2} y={H / 2} text-anchor="middle" class="chart-empty">
          No data yet
        </text>
      </svg>
    );
  }
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  let [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  if (x0 === x1) [x0, x1] = [x0 - 1, x1 + 1];
  const y0 = o.fromZero === false ? Math.min(...ys) : Math.min(0, ...ys);
  let y1 = Math.max(...ys);
  if (y0 === y1) y1 += 1;
  y1 += (y1 - y0) * 0.05;
  const px = (x: number) => PAD.left + ((x - x0) / (x1 - x0)) * (W - PAD.left - PAD.right);
  const py = (y: number) => H - PAD.bottom - ((y - y0) / (y1 - y0)) * (H - PAD.top - PAD.bottom);
  const xTicks = [...new Set(xs)].sort((a, b) => a - b);
  const every = Math.max(1, Math.ceil(xTicks.length / 6));
  const yMid = (PAD.top + H - PAD.bottom) / 2;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} class="chart" role="img" aria-label={o.title}>
      <title>{o.title}</title>
      <g class="axes">
        {ticks(y0, y1).map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={py(t)} y2={py(t)} stroke="#d0d0d0" />
            <text x={PAD.left - 6} y={py(t) + 4} text-anchor="end">
              {o.yLabel(t)}
            </text>
          </g>
        ))}
        {xTicks
          .filter((_, i) => i % every === 0 || i === xTicks.length - 1)
          .map((t) => (
            <text key={t} x={px(t)} y={H - PAD.bottom + 18} text-anchor="middle">
              {o.xLabel(t)}
            </text>
          ))}
        <text x={14} y={yMid} text-anchor="middle" transform={`rotate(-90 14 ${yMid})`} class="axis-unit">
          {o.yUnit}
        </text>
        <text x={(PAD.left + W - PAD.right) / 2} y={H - 6} text-anchor="middle" class="axis-unit">
          {o.xUnit}
        </text>
        <line x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={H - PAD.bottom} stroke="#555" />
        <line x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} stroke="#555" />
      </g>
      {o.series.map((se, i) => {
        const colour = COLOURS[i % COLOURS.length] as string;
        const pts = [...se.points].sort((a, b) => a[0] - b[0]);
        return (
          <g class="series" key={se.name}>
            <title>{se.name}</title>
            {pts.length > 1 ? (
              <polyline points={pts.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ')} fill="none" stroke={colour} stroke-width={2} stroke-dasharray={dash(i)} />
            ) : null}
            {/* Markers only where few points would otherwise hide in the line. */}
            {pts.length <= 40 ? pts.map(([x, y]) => <Marker key={x} kind={i} x={px(x)} y={py(y)} colour={colour} />) : null}
          </g>
        );
      })}
    </svg>
  );
}

/** The legend as HTML: each series' name beside a small SVG sample of its line and marker. */
export function Legend(props: { names: string[] }): JSX.Element {
  return (
    <ul class="legend">
      {props.names.map((name, i) => {
        const colour = COLOURS[i % COLOURS.length] as string;
        return (
          <li key={name}>
            <svg viewBox="0 0 36 12" width={36} height={12} aria-hidden="true">
              <line x1={0} x2={36} y1={6} y2={6} stroke={colour} stroke-width={2} stroke-dasharray={dash(i)} />
              <Marker kind={i} x={18} y={6} colour={colour} />
            </svg>
            {` ${name}`}
          </li>
        );
      })}
    </ul>
  );
}

export function formatBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (Math.abs(v) >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v.toFixed(v >= 100 || u === 0 ? 0 : 1)} ${units[u] as string}`;
}
