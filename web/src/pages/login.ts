import { api, type User } from '../api.js';
import type { Page } from '../app.js';
import { field, h, replace } from '../dom.js';

export const loginPage: Page = {
  path: '/login',
  title: 'Log in',
  needsUser: false,
  inMenu: (user) => user === null,
  render(main, app) {
    const error = h('p', { class: 'error', role: 'alert' });
    const username = h('input', { name: 'username', autocomplete: 'username', required: true });
    const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
    const submit = h('button', { type: 'submit' }, 'Log in');
    const form = h(
      'form',
      {
        onsubmit: (e: Event) => {
          e.preventDefault();
          error.textContent = '';
          submit.disabled = true;
          void api<{ user: User; csrfToken: string }>('POST', '/api/login', { username: username.value, password: password.value })
            .then((r) => {
              app.signedIn(r);
              app.go('/cameras');
            })
            .catch((err: unknown) => {
              error.textContent = err instanceof Error ? err.message : String(err);
              password.value = '';
              password.focus();
            })
            .finally(() => {
              submit.disabled = false;
            });
        },
      },
      field('User name', username),
      field('Password', password),
      error,
      submit,
    );
    replace(main, h('h1', {}, 'Log in'), form);
    username.focus();
  },
};
