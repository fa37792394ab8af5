import { api } from '../api.js';
import type { Page } from '../app.js';
import { field, h, replace, when } from '../dom.js';
import type { CameraView } from './cameras.js';

interface UserView {
  id: number;
  username: string;
  role: 'owner' | 'manager' | 'viewer';
  createdAt: number;
  cameras: Record<string, { live: boolean; playback: boolean; export: boolean }>;
}

const RIGHTS = ['live', 'playback', 'export'] as const;

function rightsText(u: UserView): string {
  if (u.role !== 'viewer') return 'every camera';
  const parts = Object.entries(u.cameras)
    .map(([camera, r]) => `${camera}: ${RIGHTS.filter((k) => r[k]).join(', ') || 'none'}`)
    .filter(Boolean);
  return parts.length ? parts.join('; ') : 'no camera';
}

/** Accounts (owner only): who may log in, with which role and, for viewers, which cameras. */
export const usersPage: Page = {
  path: '/users',
  title: 'Users',
  needsUser: true,
  inMenu: (user) => user?.role === 'owner',
  async render(main, app) {
    const [{ users }, { cameras }] = await Promise.all([
      api<{ users: UserView[] }>('GET', '/api/users'),
      api<{ cameras: CameraView[] }>('GET', '/api/cameras'),
    ]);
    const status = h('p', { role: 'status', class: 'status' });
    const error = h('p', { class: 'error', role: 'alert' });
    const username = h('input', { name: 'new-username', autocomplete: 'off', required: true, minlength: 2, maxlength: 64 });
    const password = h('input', { name: 'new-password', type: 'password', autocomplete: 'new-password', required: true, minlength: 12 });
    const role = h('select', { name: 'role' }, h('option', { value: 'viewer' }, 'Viewer: only the cameras ticked below'), h('option', { value: 'manager' }, 'Manager: every camera, alarms, pauses'), h('option', { value: 'owner' }, 'Owner: everything, including accounts and the audit log'));
    const boxes = new Map<string, HTMLInputElement>();
    const grid = h(
      'fieldset',
      { class: 'rights' },
      h('legend', {}, 'Camera rights for a viewer'),
      cameras.length
        ? h(
            'table',
            {},
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Camera'), RIGHTS.map((r) => h('th', { scope: 'col' }, r)))),
            h(
              'tbody',
              {},
              cameras.map((c) =>
                h(
                  'tr',
                  {},
                  h('th', { scope: 'row' }, c.name),
                  RIGHTS.map((r) => {
                    const box = h('input', { type: 'checkbox', 'aria-label': `${r} on ${c.name}` });
                    boxes.set(`${c.id}\u0000${r}`, box);
                    return h('td', {}, box);
                  }),
                ),
              ),
            ),
          )
        : h('p', {}, 'No cameras yet.'),
    );
    role.addEventListener('change', () => {
      grid.disabled = role.value !== 'viewer';
    });
    const form = h(
      'form',
      {
        onsubmit: (e: Event) => {
          e.preventDefault();
          error.textContent = '';
          const rights: Record<string, Record<string, boolean>> = {};
          for (const c of cameras) {
            const r = Object.fromEntries(RIGHTS.map((k) => [k, boxes.get(`${c.id}\u0000${k}`)?.checked === true]));
            if (Object.values(r).some(Boolean)) rights[c.id] = r;
          }
          void api('POST', '/api/users', { username: username.value, password: password.value, role: role.value, ...(role.value === 'viewer' ? { cameras: rights } : {}) })
            .then(() => usersPage.render(main, app))
            .then(() => {
              const s = main.querySelector('.status');
              if (s) s.textContent = `Account ${username.value} created.`;
            })
            .catch((err: unknown) => {
              error.textContent = err instanceof Error ? err.message : String(err);
            });
        },
      },
      h('h2', {}, 'Add an account'),
      field('User name', username),
      field('Password', password, 'At least 12 characters. Give it to the person in private; they cannot change it yet.'),
      field('Role', role),
      grid,
      error,
      h('button', { type: 'submit' }, 'Add the account'),
    );
    replace(
      main,
      h('h1', {}, 'Users'),
      status,
      h(
        'div',
        { class: 'scroll' },
        h(
          'table',
          { class: 'users' },
          h('thead', {}, h('tr', {}, ['User', 'Role', 'Cameras', 'Since', ''].map((t) => h('th', { scope: 'col' }, t)))),
          h(
            'tbody',
            {},
            users.map((u) =>
              h(
                'tr',
                {},
                h('td', {}, u.username),
                h('td', {}, u.role),
                h('td', {}, rightsText(u)),
                h('td', {}, when(new Date(u.createdAt).toISOString())),
                h(
                  'td',
                  {},
                  u.username === app.user?.username
                    ? ''
                    : h(
                        'button',
                        {
                          type: 'button',
                          onclick: () => {
                            if (!window.confirm(`Disable ${u.username}? They can no longer log in; this cannot be undone.`)) return;
                            void api('POST', `/api/users/${encodeURIComponent(u.username)}/disable`)
                              .then(() => usersPage.render(main, app))
                              .catch((err: unknown) => {
                                error.textContent = err instanceof Error ? err.message : String(err);
                              });
                          },
                        },
                        `Disable ${u.username}`,
                      ),
                ),
              ),
            ),
          ),
        ),
      ),
      form,
    );
  },
};
