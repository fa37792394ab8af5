import { api } from '../api.js';
import type { Page } from '../app.js';
import { field, h, replace } from '../dom.js';

/** Your own account: change the password (every other session of yours ends). */
export const accountPage: Page = {
  path: '/account',
  title: 'My account',
  needsUser: true,
  inMenu: (user) => user !== null,
  render(main, app) {
    const status = h('p', { role: 'status', class: 'status' });
    const error = h('p', { class: 'error', role: 'alert' });
    const current = h('input', { type: 'password', name: 'current-password', autocomplete: 'current-password', required: true });
    const next = h('input', { type: 'password', name: 'new-password', autocomplete: 'new-password', required: true, minlength: 12 });
    const again = h('input', { type: 'password', name: 'new-password2', autocomplete: 'new-password', required: true, minlength: 12 });
    const form = h(
      'form',
      {
        onsubmit: (e: Event) => {
          e.preventDefault();
          error.textContent = '';
          status.textContent = '';
          if (next.value !== again.value) {
            error.textContent = 'The two new passwords differ.';
            return;
          }
          void api<{ otherSessionsEnded: number }>('POST', '/api/password', { current: current.value, password: next.value })
            .then((r) => {
              form.reset();
              status.textContent = `Password changed.${r.otherSessionsEnded ? ` ${r.otherSessionsEnded} other session(s) logged out.` : ''}`;
            })
            .catch((err: unknown) => {
              error.textContent = err instanceof Error ? err.message : String(err);
            });
        },
      },
      h('h2', {}, 'Change your password'),
      field('Current password', current),
      field('New password', next, 'At least 12 characters.'),
      field('New password again', again),
      error,
      h('button', { type: 'submit' }, 'Change the password'),
    );
    replace(main, h('h1', {}, 'My account'), h('p', {}, `${app.user?.username ?? ''} · ${app.user?.role ?? ''}`), status, form);
  },
};
