import { api } from '../api.js';
import type { Page } from '../app.js';
import { field, h, replace, when } from '../dom.js';
import type { CameraView } from '../api.js';
import { cameraChecks, errorText, isManager, localToIso } from './forms.js';

interface HoldView {
  id: number;
  camera: string;
  from: string;
  to: string;
  kind: string;
  reason: string;
  createdBy: string;
  createdAt: string;
  reviewAt: string | null;
  reviewDue: boolean;
  releasableFrom: string | null;
  released: { at: string; by: string; reason: string } | null;
}

const KIND_TEXT: Record<string, string> = {
  incident: 'Incident',
  access_request: 'Access request',
  legal: 'Legal matter',
  police: 'Police request',
  decision: 'Used in a decision about a person (kept ≥ 1 year)',
};

function releaseForm(hold: HoldView, done: (message: string) => void, error: HTMLElement): HTMLElement {
  const reason = h('textarea', { name: 'release-reason', required: true, maxlength: 1000, rows: 2 });
  return h(
    'details',
    {},
    h('summary', {}, `Release hold ${hold.id}`),
    h(
      'form',
      {
        onsubmit: (e: Event) => {
          e.preventDefault();
          error.textContent = '';
          void api('POST', `/api/holds/${hold.id}/release`, { reason: reason.value })
            .then(() => done(`Hold ${hold.id} released: its footage follows the retention rules again.`))
            .catch((err: unknown) => {
              error.textContent = errorText(err);
            });
        },
      },
      field(`Why release hold ${hold.id}?`, reason, 'Goes into the audit log.'),
      h('button', { type: 'submit' }, `Release hold ${hold.id}`),
    ),
  );
}

/** Holds keep footage from every deletion: list them, add one over cameras and a time range, release one with a reason. */
export const holdsPage: Page = {
  path: '/holds',
  title: 'Holds',
  needsUser: true,
  inMenu: (user) => isManager(user?.role),
  async render(main, app) {
    const showAll = app.params.get('all') === '1';
    const [{ holds, kinds }, { cameras }] = await Promise.all([
      api<{ holds: HoldView[]; kinds: string[] }>('GET', `/api/holds${showAll ? '?all=1' : ''}`),
      api<{ cameras: CameraView[] }>('GET', '/api/cameras'),
    ]);
    const status = h('p', { role: 'status', class: 'status' });
    const error = h('p', { class: 'error', role: 'alert' });
    const again = (message: string) => {
      void Promise.resolve(holdsPage.render(main, app)).then(() => {
        const s = main.querySelector('[role="status"]');
        if (s) s.textContent = message;
      });
    };

    const picks = cameraChecks('Cameras to hold', cameras.filter((c) => c.rights.export), 'hold-camera');
    const from = h('input', { type: 'datetime-local', name: 'from', required: true });
    const to = h('input', { type: 'datetime-local', name: 'to', required: true });
    const kind = h('select', { name: 'kind' }, kinds.map((k) => h('option', { value: k }, KIND_TEXT[k] ?? k)));
    const reason = h('textarea', { name: 'reason', required: true, maxlength: 1000, rows: 3 });
    const review = h('input', { type: 'date', name: 'review' });
    const form = h(
      'form',
      {
        class: 'panel',
        onsubmit: (e: Event) => {
          e.preventDefault();
          error.textContent = '';
          const body = {
            cameras: picks.selected(),
            from: localToIso(from.value),
            to: localToIso(to.value),
            kind: kind.value,
            reason: reason.value,
            ...(review.value ? { review: `${review.value}T12:00:00Z` } : {}),
          };
          void api<{ holds: HoldView[] }>('POST', '/api/holds', body)
            .then((r) => again(`Added ${r.holds.length} hold${r.holds.length === 1 ? '' : 's'}.`))
            .catch((err: unknown) => {
              error.textContent = errorText(err);
            });
        },
      },
      h('h2', {}, 'Hold footage'),
      picks.fieldset,
      h('div', { class: 'row' }, field('From (your local time)', from), field('To (your local time)', to)),
      field('Kind', kind),
      field('Reason', reason, 'What happened and why the footage must be kept. Goes into the audit log.'),
      field('Review on (optional)', review, 'When to check whether the hold is still needed.'),
      error,
      h('button', { type: 'submit' }, 'Add the hold'),
    );

    const rows = holds.map((hold) =>
      h(
        'tr',
        { 'data-hold': hold.id },
        h('td', {}, String(hold.id)),
        h('td', {}, hold.camera),
        h('td', {}, when(hold.from), ' – ', when(hold.to)),
        h('td', {}, KIND_TEXT[hold.kind] ?? hold.kind),
        h('td', {}, hold.reason),
        h('td', {}, hold.createdBy, h('br'), h('small', {}, when(hold.createdAt))),
        h(
          'td',
          {},
          hold.released
            ? h('span', { class: 'badge muted' }, `Released ${when(hold.released.at)} by ${hold.released.by}: ${hold.released.reason}`)
            : [
                hold.reviewDue ? h('span', { class: 'badge warn' }, `Review due since ${when(hold.reviewAt)}`) : hold.reviewAt ? h('span', {}, `Review ${when(hold.reviewAt)}`) : null,
                hold.releasableFrom && Date.parse(hold.releasableFrom) > Date.now()
                  ? h('p', { class: 'hint' }, `Cannot be released before ${when(hold.releasableFrom)} (footage used in a decision is kept a year).`)
                  : releaseForm(hold, again, status),
              ],
        ),
      ),
    );
    replace(
      main,
      h('h1', {}, 'Holds'),
      h('p', {}, 'Held footage is never deleted by retention or by a full disk, until the hold is released.'),
      status,
      h(
        'p',
        {},
        h('a', { href: showAll ? '#/holds' : '#/holds?all=1' }, showAll ? 'Show active holds only' : 'Show released holds too'),
      ),
      holds.length === 0
        ? h('p', {}, showAll ? 'No holds.' : 'No active holds.')
        : h(
            'div',
            { class: 'scroll' },
            h(
              'table',
              { class: 'holds-table' },
              h('caption', { class: 'sr-only' }, 'Holds'),
              h('thead', {}, h('tr', {}, ['#', 'Camera', 'Footage', 'Kind', 'Reason', 'By', 'State'].map((t) => h('th', { scope: 'col' }, t)))),
              h('tbody', {}, rows),
            ),
          ),
      form,
    );
  },
};
