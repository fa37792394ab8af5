import { api } from '../api.js';
import type { Page } from '../app.js';
import { h, replace, when } from '../dom.js';
import { verificationSection } from './audit-verification.js';

interface Entry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  details: unknown;
}

/** The audit log, newest first, a page at a time. Read-only. */
export const auditPage: Page = {
  path: '/audit',
  title: 'Audit log',
  needsUser: true,
  inMenu: (user) => user?.role === 'owner',
  async render(main) {
    const body = h('tbody');
    const more = h('button', { type: 'button' }, 'Older entries');
    let before: number | null = null;
    const load = async () => {
      const r = await api<{ entries: Entry[]; next: number | null }>('GET', `/api/audit?limit=50${before === null ? '' : `&before=${before}`}`);
      for (const e of r.entries) {
        body.append(
          h(
            'tr',
            {},
            h('td', {}, String(e.seq)),
            h('td', {}, when(e.at)),
            h('td', {}, e.actor),
            h('td', {}, e.action),
            h('td', {}, e.subject),
            h('td', { class: 'details' }, e.details === null ? '' : JSON.stringify(e.details)),
          ),
        );
      }
      before = r.next;
      more.hidden = r.next === null;
    };
    more.addEventListener('click', () => void load());
    replace(
      main,
      h('h1', {}, 'Audit log'),
      h('p', {}, 'Every change, login and alarm, newest first. Entries are hash-chained: none can be altered or removed unnoticed.'),
      // The verification is itself an entry: show it at the top.
      verificationSection(() => {
        body.replaceChildren();
        before = null;
        void load();
      }),
      h(
        'div',
        { class: 'scroll' },
        h(
          'table',
          { class: 'audit' },
          h('caption', { class: 'sr-only' }, 'Audit log entries'),
          h('thead', {}, h('tr', {}, ['#', 'When', 'Who', 'What', 'Subject', 'Details'].map((t) => h('th', { scope: 'col' }, t)))),
          body,
        ),
      ),
      more,
    );
    await load();
  },
};
