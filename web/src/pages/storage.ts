import { api } from '../api.js';
import type { Page } from '../app.js';
import { formatBytes, legend, lineChart } from '../chart.js';
import { h, replace, when } from '../dom.js';
import { isManager } from './forms.js';

interface StorageView {
  at: string;
  disk: { totalBytes: number; freeBytes: number; usedBytes: number; floorBytes: number } | null;
  diskError: string | null;
  recordings: { bytes: number; cameras: { camera: string; name: string; bytes: number }[] };
  daily: { camera: string; day: string; bytes: number; durationMs: number; bitrateBps: number | null }[];
  history: { source: string; samples: { at: string; totalBytes: number; freeBytes: number; recordingsBytes: number }[] };
  forecast: {
    capacityBytes: number;
    neededBytes: number;
    diskDays: number | null;
    cameras: { camera: string; retentionDays: number; daysKept: number; bytesNeeded: number; bytesPerDay: number; limitedBy: string }[];
  } | null;
}

interface TimeView {
  serverTime: string;
  host: { synchronized: boolean | null; source: string; reportedTime: string | null; detail: string };
  cameras: { camera: string; name: string; measured: boolean; offsetMs: number | null; skewed: boolean | null; measuredAt: string | null; how: string }[];
}

const DAY = 86_400_000;
/** Axis numbers with no more digits than they need: 0.05, 0.1, 2, 150. */
const axisNumber = (y: number) => String(Number(y.toPrecision(3)));
const days = (n: number) => (n >= 10 ? n.toFixed(0) : n.toFixed(1));

const LIMIT_TEXT: Record<string, string> = {
  retention: 'its retention',
  quota: 'its byte quota',
  disk: 'the disk',
  'not recording': 'not recording',
};

function timeSection(t: TimeView): HTMLElement {
  const hostText = t.host.synchronized === true ? 'Synchronised' : t.host.synchronized === false ? 'NOT synchronised' : 'Unknown';
  return h(
    'section',
    { 'aria-labelledby': 'time-h' },
    h('h2', { id: 'time-h' }, 'Time'),
    h(
      'p',
      {},
      'Host clock: ',
      h('span', { class: `badge ${t.host.synchronized === true ? 'ok' : t.host.synchronized === false ? 'bad' : 'muted'}` }, hostText),
      ` ${t.host.detail}. Server time ${when(t.serverTime)}.`,
    ),
    h(
      'div',
      { class: 'scroll' },
      h(
        'table',
        { class: 'clocks' },
        h('caption', { class: 'sr-only' }, 'Camera clocks'),
        h('thead', {}, h('tr', {}, ['Camera', 'Clock offset', 'Measured'].map((x) => h('th', { scope: 'col' }, x)))),
        h(
          'tbody',
          {},
          t.cameras.map((c) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, c.name),
              h(
                'td',
                {},
                c.measured && c.offsetMs !== null
                  ? [`${(c.offsetMs / 1000).toFixed(1)} s `, c.skewed ? h('span', { class: 'badge warn' }, 'Skewed: set its clock (NTP)') : h('span', { class: 'badge ok' }, 'OK')]
                  : 'Not measured',
              ),
              h('td', { class: 'hint' }, c.measuredAt ? `${when(c.measuredAt)} (${c.how})` : c.how),
            ),
          ),
        ),
      ),
    ),
  );
}

/** Disk use now and over time, what each camera writes, and how many days the disk keeps at this rate. */
export const storagePage: Page = {
  path: '/storage',
  title: 'Storage & health',
  needsUser: true,
  inMenu: (user) => isManager(user?.role),
  async render(main) {
    const [s, t] = await Promise.all([api<StorageView>('GET', '/api/storage?days=14'), api<TimeView>('GET', '/api/time')]);
    const names = new Map(s.recordings.cameras.map((c) => [c.camera, c.name]));
    const cameraIds = [...new Set(s.daily.map((d) => d.camera))];
    const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY;
    const dayLabel = (n: number) => new Date(n * DAY).toISOString().slice(5, 10);
    const bitrate = lineChart({
      title: 'Mean bitrate per camera per day (Mbit/s)',
      series: cameraIds.map((id) => ({ name: names.get(id) ?? id, points: s.daily.filter((d) => d.camera === id && d.bitrateBps !== null).map((d) => [dayNumber(d.day), (d.bitrateBps ?? 0) / 1e6]) })),
      xLabel: dayLabel,
      yLabel: axisNumber,
    });
    const diskChart = lineChart({
      title: 'Disk use over time (GB)',
      series: [
        { name: 'Disk used (everything)', points: s.history.samples.map((x) => [Date.parse(x.at), (x.totalBytes - x.freeBytes) / 1e9]) },
        { name: 'Recordings', points: s.history.samples.map((x) => [Date.parse(x.at), x.recordingsBytes / 1e9]) },
      ],
      xLabel: (ms) => new Date(ms).toLocaleDateString(undefined, { month: 'short', day: 'numeric' }),
      yLabel: axisNumber,
    });
    const perDay = new Map(s.forecast?.cameras.map((f) => [f.camera, f]) ?? []);
    const usedPct = s.disk ? Math.round((s.disk.usedBytes / s.disk.totalBytes) * 100) : null;
    replace(
      main,
      h('h1', {}, 'Storage & health'),
      s.disk
        ? h(
            'section',
            { 'aria-labelledby': 'disk-h' },
            h('h2', { id: 'disk-h' }, 'Disk now'),
            h('meter', { min: 0, max: 100, value: usedPct ?? 0, high: 90, 'aria-label': 'Disk used' }, `${usedPct ?? 0} %`),
            h(
              'dl',
              {},
              h('dt', {}, 'Size'),
              h('dd', {}, formatBytes(s.disk.totalBytes)),
              h('dt', {}, 'Used'),
              h('dd', {}, `${formatBytes(s.disk.usedBytes)} (${usedPct ?? 0} %)`),
              h('dt', {}, 'Free'),
              h('dd', {}, formatBytes(s.disk.freeBytes)),
              h('dt', {}, 'Recordings'),
              h('dd', {}, formatBytes(s.recordings.bytes)),
              h('dt', {}, 'Kept free'),
              h('dd', {}, `${formatBytes(s.disk.floorBytes)} (the floor: retention deletes the oldest unheld footage below it)`),
              s.forecast?.diskDays != null ? [h('dt', {}, 'At this rate'), h('dd', {}, `the disk holds ${days(s.forecast.diskDays)} days of all cameras`)] : null,
            ),
          )
        : h('p', { class: 'error' }, s.diskError ?? 'The disk cannot be read.'),
      h(
        'section',
        { 'aria-labelledby': 'cams-h' },
        h('h2', { id: 'cams-h' }, 'Per camera'),
        h(
          'div',
          { class: 'scroll' },
          h(
            'table',
            { class: 'storage' },
            h('caption', { class: 'sr-only' }, 'Storage per camera'),
            h('thead', {}, h('tr', {}, ['Camera', 'Footage now', 'Per day (last 24 h)', 'Bitrate while recording (today)', 'Retention', 'Days kept at this rate'].map((x) => h('th', { scope: 'col' }, x)))),
            h(
              'tbody',
              {},
              s.recordings.cameras.map((c) => {
                const f = perDay.get(c.camera);
                const short = f !== undefined && f.limitedBy === 'disk';
                const today = s.daily.filter((d) => d.camera === c.camera).at(-1);
                return h(
                  'tr',
                  { 'data-camera': c.camera },
                  h('th', { scope: 'row' }, c.name),
                  h('td', {}, formatBytes(c.bytes)),
                  h('td', {}, f && f.bytesPerDay > 0 ? formatBytes(f.bytesPerDay) : '—'),
                  h('td', {}, today?.bitrateBps ? `${(today.bitrateBps / 1e6).toFixed(2)} Mbit/s` : '—'),
                  h('td', {}, f ? `${days(f.retentionDays)} days` : '—'),
                  h(
                    'td',
                    {},
                    f && f.bytesPerDay > 0
                      ? [h('span', { class: `badge ${short ? 'bad' : 'ok'}` }, short ? 'Short' : 'OK'), ` ${days(f.daysKept)} days, limited by ${LIMIT_TEXT[f.limitedBy] ?? f.limitedBy}`]
                      : 'not recording',
                  ),
                );
              }),
            ),
          ),
        ),
        h('p', { class: 'hint' }, 'Forecast: at the last 24 hours\' rate, with the oldest unheld footage deleted first when the disk is short. Held footage shortens it further.'),
      ),
      h(
        'figure',
        {},
        h('figcaption', {}, 'Bitrate per camera, per day (UTC days), last 14 days'),
        bitrate,
        legend(cameraIds.map((id) => names.get(id) ?? id)),
        h(
          'details',
          {},
          h('summary', {}, 'The numbers'),
          h(
            'div',
            { class: 'scroll' },
            h(
              'table',
              {},
              h('thead', {}, h('tr', {}, ['Camera', 'Day (UTC)', 'Recorded', 'Hours', 'Mbit/s'].map((x) => h('th', { scope: 'col' }, x)))),
              h('tbody', {}, s.daily.map((d) => h('tr', {}, h('td', {}, names.get(d.camera) ?? d.camera), h('td', {}, d.day), h('td', {}, formatBytes(d.bytes)), h('td', {}, (d.durationMs / 3_600_000).toFixed(1)), h('td', {}, d.bitrateBps === null ? '—' : (d.bitrateBps / 1e6).toFixed(2))))),
            ),
          ),
        ),
      ),
      h(
        'figure',
        {},
        h('figcaption', {}, 'Disk use over time, last 14 days'),
        diskChart,
        legend(['Disk used (everything)', 'Recordings']),
        h('p', { class: 'hint' }, `History: ${s.history.source}. ${s.history.samples.length} sample${s.history.samples.length === 1 ? '' : 's'}.`),
      ),
      timeSection(t),
    );
  },
};
