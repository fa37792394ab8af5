import { api, type User } from '../api.js';
import type { Page } from '../app.js';
import { field, h, replace } from '../dom.js';

interface SetupInfo {
  needed: boolean;
  business: { name: string; address: string; contact: { name: string; phone?: string; email?: string } } | null;
  jurisdiction: string;
  timezone: string;
  configPath: string;
  tlsFingerprint: string | null;
}

/** First run: create the owner account with the one-time link's token, and confirm the business profile. */
export const setupPage: Page = {
  path: '/setup',
  title: 'Set up',
  needsUser: false,
  inMenu: () => false,
  async render(main, app) {
    const token = app.params.get('token') ?? '';
    const info = await api<SetupInfo>('GET', '/api/setup');
    const error = h('p', { class: 'error', role: 'alert' });
    const username = h('input', { name: 'username', autocomplete: 'username', required: true, minlength: 2, maxlength: 64 });
    const password = h('input', { name: 'password', type: 'password', autocomplete: 'new-password', required: true, minlength: 12 });
    const again = h('input', { name: 'password2', type: 'password', autocomplete: 'new-password', required: true, minlength: 12 });
    const confirm = h('input', { type: 'checkbox', name: 'businessConfirmed', id: 'business-confirmed' });
    const b = info.business;
    const profile = b
      ? h(
          'section',
          { 'aria-labelledby': 'profile-h' },
          h('h2', { id: 'profile-h' }, 'Business profile'),
          h('p', {}, 'This is printed on your privacy signs and in the record of processing. Check it now.'),
          h(
            'dl',
            {},
            h('dt', {}, 'Business'),
            h('dd', {}, b.name),
            h('dt', {}, 'Address'),
            h('dd', {}, b.address),
            h('dt', {}, 'Accountable contact'),
            h('dd', {}, [b.contact.name, b.contact.phone, b.contact.email].filter(Boolean).join(' · ')),
            h('dt', {}, 'Privacy rules followed'),
            h('dd', {}, info.jurisdiction),
            h('dt', {}, 'Time zone'),
            h('dd', {}, info.timezone),
          ),
          h('p', { class: 'hint' }, 'To change it, edit the business: section of ', h('code', {}, info.configPath), ' and restart Premises; then open a fresh setup link.'),
          h('div', { class: 'field check' }, confirm, h('label', { for: 'business-confirmed' }, 'The business profile above is correct')),
        )
      : h(
          'section',
          { class: 'warn' },
          h('h2', {}, 'Business profile missing'),
          h('p', {}, 'No business: section in ', h('code', {}, info.configPath), '. Cameras will not record until it is there (name, address, accountable contact). You can still create the owner account now.'),
        );
    const form = h(
      'form',
      {
        onsubmit: (e: Event) => {
          e.preventDefault();
          error.textContent = '';
          if (password.value !== again.value) {
            error.textContent = 'The two passwords differ.';
            return;
          }
          void api<{ user: User; csrfToken: string }>('POST', '/api/setup', {
            token,
            username: username.value,
            password: password.value,
            businessConfirmed: confirm.checked,
          })
            .then((r) => {
              app.signedIn(r);
              app.go('/cameras');
            })
            .catch((err: unknown) => {
              error.textContent = err instanceof Error ? err.message : String(err);
            });
        },
      },
      h('h2', {}, 'Owner account'),
      field('User name', username),
      field('Password', password, 'At least 12 characters. A few unrelated words make a good one.'),
      field('Password again', again),
      profile,
      error,
      h('button', { type: 'submit' }, 'Create the owner account'),
    );
    replace(
      main,
      h('h1', {}, 'Set up Premises'),
      token ? null : h('p', { class: 'error', role: 'alert' }, 'This page needs the one-time link printed by "premises start". Run "premises setup-link" on the recorder for a fresh one.'),
      info.tlsFingerprint ? h('p', {}, 'Check that your browser shows this certificate fingerprint (SHA-256): ', h('code', { class: 'fingerprint' }, info.tlsFingerprint)) : null,
      form,
    );
    username.focus();
  },
};
