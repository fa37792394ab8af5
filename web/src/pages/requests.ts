import { api } from '../api.js';
import type { Page } from '../app.js';
import { field, h, replace, when } from '../dom.js';
import type { CameraView } from '../api.js';
import { cameraChecks, errorText, isManager, localToIso, todayLocal } from './forms.js';

interface RequestView {
  id: number;
  requester: string;
  identityVerification: string;
  receivedOn: string;
  cameras: string[];
  from: string;
  to: string;
  description: string;
  dueOn: string;
  deadlineRule: string;
  createdBy: string;
  closed: { at: string; by: string; outcome: string } | null;
  holds: number[];
  due: string;
  daysLeft: number;
  overdue: boolean;
  urgency: 'closed' | 'overdue' | 'due-today' | 'due-soon' | 'on-time';
  extension: { taken: boolean; available: boolean; extendedDue: string; reason: string | null };
}

/** The deadline in words: the colour of the badge only repeats what the text says. */
export function deadlineText(r: Pick<RequestView, 'urgency' | 'daysLeft' | 'due'>): string {
  const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;
  switch (r.urgency) {
    case 'closed':
      return 'Closed';
    case 'overdue':
      return `OVERDUE by ${days(-r.daysLeft)} (was due ${r.due})`;
    case 'due-today':
      return `Due TODAY (${r.due})`;
    case 'due-soon':
      return `Due soon: ${days(r.daysLeft)} left (${r.due})`;
    case 'on-time':
      return `On time: ${days(r.daysLeft)} left (${r.due})`;
  }
}

function actionForm(label: string, fieldLabel: string, hint: string, submit: string, send: (text: string) => Promise<unknown>, done: () => void, error: HTMLElement): HTMLElement {
  const text = h('textarea', { required: true, maxlength: 2000, rows: 2 });
  return h(
    'details',
    {},
    h('summary', {}, label),
    h(
      'form',
      {
        onsubmit: (e: Event) => {
          e.preventDefault();
          error.textContent = '';
          void send(text.value)
            .then(done)
            .catch((err: unknown) => {
              error.textContent = errorText(err);
            });
        },
      },
      field(fieldLabel, text, hint),
      h('button', { type: 'submit' }, submit),
    ),
  );
}

/** Access requests from people filmed: intake (which holds the footage), deadlines, extension, closing. */
export const requestsPage: Page = {
  path: '/requests',
  title: 'Access requests',
  needsUser: true,
  inMenu: (user) => isManager(user?.role),
  async render(main, app) {
    const showAll = app.params.get('all') === '1';
    const [list, { cameras }] = await Promise.all([
      api<{ today: string; jurisdiction: string; requests: RequestView[] }>('GET', `/api/requests${showAll ? '?all=1' : ''}`),
      api<{ cameras: CameraView[] }>('GET', '/api/cameras'),
    ]);
    const status = h('p', { role: 'status', class: 'status' });
    const rowError = h('p', { class: 'error', role: 'alert' });
    const error = h('p', { class: 'error', role: 'alert' });
    const again = (message: string) => () => {
      void Promise.resolve(requestsPage.render(main, app)).then(() => {
        const s = main.querySelector('[role="status"]');
        if (s) s.textContent = message;
      });
    };

    const cards = list.requests.map((r) =>
      h(
        'article',
        { class: `request ${r.urgency}`, 'data-request': r.id, 'aria-labelledby': `req-${r.id}` },
        h('h2', { id: `req-${r.id}` }, `Request ${r.id}: ${r.requester}`),
        h('p', { class: `badge ${r.urgency}` }, deadlineText(r)),
        h(
          'dl',
          {},
          h('dt', {}, 'Received'),
          h('dd', {}, r.receivedOn),
          h('dt', {}, 'Identity'),
          h('dd', {}, r.identityVerification),
          h('dt', {}, 'Footage'),
          h('dd', {}, `${r.cameras.join(', ')}: ${when(r.from)} – ${when(r.to)}`),
          h('dt', {}, 'What'),
          h('dd', {}, r.description),
          h('dt', {}, 'Deadline'),
          h(
            'dd',
            {},
            r.extension.taken
              ? `${r.dueOn}, extended to ${r.extension.extendedDue} (${r.extension.reason ?? ''})`
              : r.extension.available
                ? `${r.dueOn}; with the extension ${r.extension.extendedDue}`
                : `${r.dueOn}; no extension possible now`,
          ),
          h('dt', {}, 'Rule'),
          h('dd', { class: 'hint' }, r.deadlineRule),
          h('dt', {}, 'Holds'),
          h('dd', {}, r.holds.length ? r.holds.map((id) => `#${id}`).join(', ') : '—'),
          r.closed ? [h('dt', {}, 'Closed'), h('dd', {}, `${when(r.closed.at)} by ${r.closed.by}: ${r.closed.outcome}`)] : null,
        ),
        r.closed
          ? null
          : [
              r.extension.available
                ? actionForm(
                    `Take the extension (to ${r.extension.extendedDue})`,
                    `What was request ${r.id}'s requester told?`,
                    'The law allows it once, before the deadline, with the requester told why.',
                    `Extend request ${r.id}`,
                    (text) => api('POST', `/api/requests/${r.id}/extend`, { reason: text }),
                    again(`Request ${r.id} extended.`),
                    rowError,
                  )
                : null,
              actionForm(
                'Close the request',
                `How was request ${r.id} answered?`,
                'For example: footage disclosed as an export on a date, others masked. Holds stay until released.',
                `Close request ${r.id}`,
                (text) => api('POST', `/api/requests/${r.id}/close`, { outcome: text }),
                again(`Request ${r.id} closed.`),
                rowError,
              ),
            ],
      ),
    );

    const requester = h('input', { name: 'requester', required: true, maxlength: 500, autocomplete: 'off' });
    const identity = h('input', { name: 'identity', required: true, maxlength: 1000, autocomplete: 'off' });
    const received = h('input', { type: 'date', name: 'received', required: true, value: todayLocal() });
    const picks = cameraChecks('Cameras that may show the requester', cameras, 'request-camera');
    const from = h('input', { type: 'datetime-local', name: 'from', required: true });
    const to = h('input', { type: 'datetime-local', name: 'to', required: true });
    const description = h('textarea', { name: 'description', required: true, maxlength: 2000, rows: 3 });
    const due = h('input', { type: 'date', name: 'due' });
    const form = h(
      'form',
      {
        class: 'panel',
        onsubmit: (e: Event) => {
          e.preventDefault();
          error.textContent = '';
          void api<{ request: RequestView }>('POST', '/api/requests', {
            requester: requester.value,
            identity: identity.value,
            received: received.value,
            cameras: picks.selected(),
            from: localToIso(from.value),
            to: localToIso(to.value),
            description: description.value,
            ...(due.value ? { due: due.value } : {}),
          })
            .then((r) => again(`Request ${r.request.id} recorded; its footage is held. Due ${r.request.due}.`)())
            .catch((err: unknown) => {
              error.textContent = errorText(err);
            });
        },
      },
      h('h2', {}, 'Record a new request'),
      field('Requester', requester, 'The person asking for footage of themselves.'),
      field('How their identity was checked', identity),
      field('Received on', received),
      picks.fieldset,
      h('div', { class: 'row' }, field('From (your local time)', from), field('To (your local time)', to)),
      field('What they asked for', description),
      list.jurisdiction === 'custom' ? field('Deadline (custom profile)', due) : null,
      error,
      h('button', { type: 'submit' }, 'Record the request and hold its footage'),
    );

    replace(
      main,
      h('h1', {}, 'Access requests'),
      h('p', {}, `People filmed may ask for a copy of footage of themselves. Today is ${list.today} (business time zone); deadlines follow the ${list.jurisdiction} profile.`),
      status,
      rowError,
      h('p', {}, h('a', { href: showAll ? '#/requests' : '#/requests?all=1' }, showAll ? 'Show open requests only' : 'Show closed requests too')),
      cards.length ? h('div', { class: 'requests' }, cards) : h('p', {}, showAll ? 'No access requests.' : 'No open access requests.'),
      form,
    );
  },
};
