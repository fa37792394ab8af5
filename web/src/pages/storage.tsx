import type { JSX } from 'preact';
import type { StorageView, TimeView } from '../api-types.js';
import { api } from '../api.js';
import { formatBytes, Legend, LineChart, type ChartOptions } from '../chart.js';
import { dayText, when } from '../format.js';
import { useLoad } from '../hooks.js';
import { preactPage } from '../preact-page.js';
import { isManager } from './forms.js';
import { ColumnHeads } from '../ui.js';

const DAY = 86_400_000;
const REFRESH_MS = 60_000;
/** Axis numbers with no more digits than they need: 0.05, 0.1, 2, 150. */
const axisNumber = (y: number) => String(Number(y.toPrecision(3)));
const days = (n: number) => (n >= 10 ? n.toFixed(0) : n.toFixed(1));
/** The index counts bytes per UTC day (YYYY-MM-DD). */
const utcDay = (day: string) => Date.parse(`${day}T00:00:00Z`);

const LIMIT_TEXT: Record<string, string> = {
  retention: 'its retention',
  quota: 'its byte quota',
  disk: 'the disk',
  'not recording': 'not recording',
};

function TimeSection(props: { t: TimeView }): JSX.Element {
  const t = props.t;
  const hostText = t.host.synchronized === true ? 'Synchronised' : t.host.synchronized === false ? 'NOT synchronised' : 'Unknown';
  return (
    <section aria-labelledby="time-h">
      <h2 id="time-h">Time</h2>
      <p>
        {'Host clock: '}
        <span class={`badge ${t.host.synchronized === true ? 'ok' : t.host.synchronized === false ? 'bad' : 'muted'}`}>{hostText}</span>
        {` ${t.host.detail}. Server time ${when(t.serverTime)}.`}
      </p>
      <div class="scroll">
        <table class="clocks">
          <caption class="sr-only">Camera clocks</caption>
          <ColumnHeads names={['Camera', 'Clock offset', 'Measured']} />
          <tbody>
            {t.cameras.map((c) => (
              <tr key={c.camera}>
                <th scope="row">{c.name}</th>
                <td>
                  {c.measured && c.offsetMs !== null ? (
                    <>
                      {`${(c.offsetMs / 1000).toFixed(1)} s `}
                      {c.skewed ? <span class="badge warn">Skewed: set its clock (NTP)</span> : <span class="badge ok">OK</span>}
                    </>
                  ) : (
                    'Not measured'
                  )}
                </td>
                <td class="hint">{c.measuredAt ? `${when(c.measuredAt)} (${c.how})` : c.how}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Disk(props: { s: StorageView }): JSX.Element {
  const s = props.s;
  if (!s.disk) return <p class="error">{s.diskError ?? 'The disk cannot be read.'}</p>;
  const usedPct = Math.round((s.disk.usedBytes / s.disk.totalBytes) * 100);
  return (
    <section aria-labelledby="disk-h">
      <h2 id="disk-h">Disk now</h2>
      <meter min={0} max={100} value={usedPct} high={90} aria-label="Disk used">{`${usedPct} %`}</meter>
      <dl>
        <dt>Size</dt>
        <dd>{formatBytes(s.disk.totalBytes)}</dd>
        <dt>Used</dt>
        <dd>{`${formatBytes(s.disk.usedBytes)} (${usedPct} %)`}</dd>
        <dt>Free</dt>
        <dd>{formatBytes(s.disk.freeBytes)}</dd>
        <dt>Recordings</dt>
        <dd>{formatBytes(s.recordings.bytes)}</dd>
        <dt>Kept free</dt>
        <dd>{`${formatBytes(s.disk.floorBytes)} (the floor: retention deletes the oldest unheld footage below it)`}</dd>
        {s.forecast?.diskDays != null ? (
          <>
            <dt>At this rate</dt>
            <dd>{`the disk holds ${days(s.forecast.diskDays)} days of all cameras`}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

function PerCamera(props: { s: StorageView }): JSX.Element {
  const s = props.s;
  const perDay = new Map(s.forecast?.cameras.map((f) => [f.camera, f]) ?? []);
  return (
    <section aria-labelledby="cams-h">
      <h2 id="cams-h">Per camera</h2>
      <div class="scroll">
        <table class="storage">
          <caption class="sr-only">Storage per camera</caption>
          <ColumnHeads names={['Camera', 'Footage now', 'Per day (last 24 h)', 'Bitrate while recording (today)', 'Retention', 'Days kept at this rate']} />
          <tbody>
            {s.recordings.cameras.map((c) => {
              const f = perDay.get(c.camera);
              const short = f !== undefined && f.limitedBy === 'disk';
              const today = s.daily.filter((d) => d.camera === c.camera).at(-1);
              return (
                <tr key={c.camera} data-camera={c.camera}>
                  <th scope="row">{c.name}</th>
                  <td>{formatBytes(c.bytes)}</td>
                  <td>{f && f.bytesPerDay > 0 ? formatBytes(f.bytesPerDay) : '—'}</td>
                  <td>{today?.bitrateBps ? `${(today.bitrateBps / 1e6).toFixed(2)} Mbit/s` : '—'}</td>
                  <td>{f ? `${days(f.retentionDays)} days` : '—'}</td>
                  <td>
                    {f && f.bytesPerDay > 0 ? (
                      <>
                        <span class={`badge ${short ? 'bad' : 'ok'}`}>{short ? 'Short' : 'OK'}</span>
                        {` ${days(f.daysKept)} days, limited by ${LIMIT_TEXT[f.limitedBy] ?? f.limitedBy}`}
                      </>
                    ) : (
                      'not recording'
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p class="hint">Forecast: at the last 24 hours' rate, with the oldest unheld footage deleted first when the disk is short. Held footage shortens it further.</p>
    </section>
  );
}

function Charts(props: { s: StorageView }): JSX.Element {
  const s = props.s;
  const names = new Map(s.recordings.cameras.map((c) => [c.camera, c.name]));
  const cameraIds = [...new Set(s.daily.map((d) => d.camera))];
  // Both charts write dates the same way (dayText); the per-day one in UTC, the day its numbers belong to.
  const bitrate: ChartOptions = {
    title: 'Mean bitrate per camera per day (Mbit/s)',
    series: cameraIds.map((id) => ({ name: names.get(id) ?? id, points: s.daily.filter((d) => d.camera === id && d.bitrateBps !== null).map((d) => [utcDay(d.day) / DAY, (d.bitrateBps ?? 0) / 1e6]) })),
    xLabel: (n) => dayText(n * DAY, { utc: true }),
    yLabel: axisNumber,
    xUnit: 'Day (UTC)',
    yUnit: 'Mbit/s',
  };
  const disk: ChartOptions = {
    title: 'Disk use over time (GB)',
    series: [
      { name: 'Disk used (everything)', points: s.history.samples.map((x) => [Date.parse(x.at), (x.totalBytes - x.freeBytes) / 1e9]) },
      { name: 'Recordings', points: s.history.samples.map((x) => [Date.parse(x.at), x.recordingsBytes / 1e9]) },
    ],
    xLabel: (ms) => dayText(ms),
    yLabel: axisNumber,
    xUnit: 'Date',
    yUnit: 'GB',
  };
  return (
    <>
      <figure>
        <figcaption>Bitrate per camera, per day (UTC days), last 14 days</figcaption>
        <LineChart options={bitrate} />
        <Legend names={bitrate.series.map((x) => x.name)} />
        <details>
          <summary>The numbers</summary>
          <div class="scroll">
            <table>
              <ColumnHeads names={['Camera', 'Day (UTC)', 'Recorded', 'Hours', 'Mbit/s']} />
              <tbody>
                {s.daily.map((d) => (
                  <tr key={`${d.camera}/${d.day}`}>
                    <td>{names.get(d.camera) ?? d.camera}</td>
                    <td>{dayText(utcDay(d.day), { utc: true, year: true })}</td>
                    <td>{formatBytes(d.bytes)}</td>
                    <td>{(d.durationMs / 3_600_000).toFixed(1)}</td>
                    <td>{d.bitrateBps === null ? '—' : (d.bitrateBps / 1e6).toFixed(2)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      </figure>
      <figure>
        <figcaption>Disk use over time, last 14 days (dates in your time zone)</figcaption>
        <LineChart options={disk} />
        <Legend names={disk.series.map((x) => x.name)} />
        <p class="hint">{`History: ${s.history.source}. ${s.history.samples.length} sample${s.history.samples.length === 1 ? '' : 's'}.`}</p>
      </figure>
    </>
  );
}

/** Disk use now and over time, what each camera writes, and how many days the disk keeps at this rate; refreshed each minute in place. */
function StoragePage(): JSX.Element {
  const data = useLoad(() => Promise.all([api<StorageView>('GET', '/api/storage?days=14'), api<TimeView>('GET', '/api/time')]), REFRESH_MS);
  return (
    <>
      <h1>{'Storage & health'}</h1>
      {data.error ? (
        <p class="error" role="alert">
          {data.error}
        </p>
      ) : null}
      {data.data ? (
        <>
          <Disk s={data.data[0]} />
          <PerCamera s={data.data[0]} />
          <Charts s={data.data[0]} />
          <TimeSection t={data.data[1]} />
        </>
      ) : (
        <p>Loading…</p>
      )}
    </>
  );
}

export const storagePage = preactPage({ path: '/storage', title: 'Storage & health', needsUser: true, inMenu: (user) => isManager(user?.role) }, StoragePage);
