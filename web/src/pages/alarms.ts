import { api } from '../api.js';
import type { App, Page } from '../app.js';
import { h, replace, when } from '../dom.js';

export interface AlarmView {
  id: number;
  kind: string;
  subject: string;
  severity: 'info' | 'warning' | 'critical';
  message: string;
  raisedAt: string;
  lastSeenAt: string;
  acknowledged: boolean;
  acknowledgedBy: string | null;
  canAcknowledge: boolean;
}

/** The banner on every page: open alarms nobody has acknowledged yet. */
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

export const alarmsPage: Page = {
  path: '/alarms',
  title: 'Alarms',
  needsUser: true,
  inMenu: (user) => user !== null,
  async render(main, app) {
    const { alarms } = await api<{ alarms: AlarmView[] }>('GET', '/api/alarms');
    const status = h('p', { role: 'status', class: 'status' });
    const items = alarms.map((a) =>
      h(
        'li',
        { class: `alarm ${a.severity}` },
        h('p', {}, h('strong', {}, a.severity.toUpperCase()), ' ', a.message),
        h('p', { class: 'hint' }, `${a.kind} · ${a.subject} · since ${when(a.raisedAt)}`, a.acknowledged ? ` · acknowledged by ${a.acknowledgedBy ?? ''}` : ''),
        a.canAcknowledge
          ? h(
              'button',
              {
                type: 'button',
                onclick: () => {
                  void api('POST', `/api/alarms/${a.id}/acknowledge`)
                    .then(() => {
                      app.refreshBanner();
                      return alarmsPage.render(main, app);
                    })
                    .catch((err: unknown) => {
                      status.textContent = err instanceof Error ? err.message : String(err);
                    });
                },
              },
              `Acknowledge "${a.kind}" for ${a.subject}`,
            )
          : null,
      ),
    );
    replace(
      main,
      h('h1', {}, 'Alarms'),
      status,
      alarms.length === 0 ? h('p', {}, 'No open alarms.') : h('ul', { class: 'alarms' }, items),
      h('p', { class: 'hint' }, 'An alarm closes by itself when its cause ends; acknowledging says someone has seen it.'),
    );
  },
};
