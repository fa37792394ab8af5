import type { JSX } from 'preact';
import { api } from './api.js';
import type { AlarmView } from './api-types.js';
import { useLoad } from './hooks.js';

const BANNER_EVERY_MS = 10_000;

/**
 * The banner on every page: open alarms nobody has acknowledged yet. Polled;
 * `tick` changes when a page acknowledged one, so it goes at once. A failed
 * poll keeps what was shown.
 */
export function Banner(props: { tick: number }): JSX.Element {
  const alarms = useLoad(() => api<{ alarms: AlarmView[] }>('GET', '/api/alarms').then((r) => r.alarms.filter((a) => !a.acknowledged)), BANNER_EVERY_MS, [props.tick]);
  const open = alarms.data ?? [];
  if (open.length === 0) return <div id="banner" />;
  const one = open.length === 1;
  return (
    <div id="banner" class={open.some((a) => a.severity === 'critical') ? 'banner critical' : 'banner'} role="status">
      <strong>{`${open.length} alarm${one ? '' : 's'} need${one ? 's' : ''} attention: `}</strong>
      <span>{open[0]?.message ?? ''}</span>
      {one ? null : <span>{` (and ${open.length - 1} more)`}</span>} <a href="#/alarms">See alarms</a>
    </div>
  );
}
