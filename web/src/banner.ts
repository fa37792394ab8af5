import { api } from './api.js';
import type { AlarmView } from './api-types.js';
import type { App } from './app.js';
import { h, replace } from './dom.js';

/** The banner on every page (part of the shell, still dom.ts): open alarms nobody has acknowledged yet. */
export async function renderBanner(banner: HTMLElement, app: App): Promise<void> {
  if (!app.user) return;
  let alarms: AlarmView[];
  try {
    alarms = (await api<{ alarms: AlarmView[] }>('GET', '/api/alarms')).alarms;
  } catch {
    return;
  }
  const open = alarms.filter((a) => !a.acknowledged);
  if (open.length === 0) {
    replace(banner);
    banner.removeAttribute('role');
    banner.className = '';
    return;
  }
  banner.className = open.some((a) => a.severity === 'critical') ? 'banner critical' : 'banner';
  banner.setAttribute('role', 'status');
  replace(
    banner,
    h('strong', {}, `${open.length} alarm${open.length === 1 ? '' : 's'} need${open.length === 1 ? 's' : ''} attention: `),
    h('span', {}, open[0]?.message ?? ''),
    open.length > 1 ? h('span', {}, ` (and ${open.length - 1} more)`) : null,
    ' ',
    h('a', { href: '#/alarms' }, 'See alarms'),
  );
}
