import type { JSX } from 'preact';
import { api } from './api.js';
import type { AlarmView } from './api-types.js';

/** How often the banner asks for open alarms; a page that acknowledges one asks at once (App.refreshBanner). */
export const BANNER_EVERY_MS = 10_000;

/** Open alarms nobody has acknowledged yet; none while logged out (asking would only be refused). */
export async function openAlarms(loggedIn: boolean): Promise<AlarmView[]> {
  if (!loggedIn) return [];
  return (await api<{ alarms: AlarmView[] }>('GET', '/api/alarms')).alarms.filter((a) => !a.acknowledged);
}

/** The banner on every page: the open alarms, the first one's message, a link to the Alarms page. */
export function Banner(props: { open: AlarmView[] }): JSX.Element {
  const { open } = props;
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
