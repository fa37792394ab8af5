import type { JSX } from 'preact';
import { api } from '../api.js';
import { useLoad } from '../hooks.js';

/** The host clock's sync state for the footer of every page, asked once a minute. */
interface HostTime {
  host: { synchronized: boolean | null; detail: string };
  cameras: { skewed: boolean | null }[];
}

const EVERY_MS = 60_000;

export function ClockState(): JSX.Element {
  const time = useLoad(() => api<HostTime>('GET', '/api/time'), EVERY_MS);
  const t = time.data;
  if (!t) return <small class="clock-state" />;
  const skewed = t.cameras.filter((c) => c.skewed === true).length;
  const host = t.host.synchronized === true ? 'clock synchronised' : t.host.synchronized === false ? 'clock NOT synchronised' : 'clock sync unknown';
  return (
    <small class="clock-state" title={t.host.detail}>
      {` · ${host}${skewed ? `; ${skewed} camera clock${skewed === 1 ? '' : 's'} off` : ''}`}
    </small>
  );
}
