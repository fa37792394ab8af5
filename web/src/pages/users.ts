import { api } from '../api.js';
import type { Page } from '../app.js';
import { field, h, replace, when } from '../dom.js';
import type { CameraView } from '../api.js';

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

type Rights = Record<string, Record<(typeof RIGHTS)[number], boolean>>;

/**
 * A table of per-camera rights. `label` names each box for screen readers and
 * tests ("live on Door" for a new account, "live of Door for clerk" when changing one).
 */
function rightsGrid(cameras: CameraView[], legend: string, label: (right: string, camera: CameraView) => string, initial: UserView['cameras'] = {}): { element: HTMLFieldSetElement; value: () => Rights } {
  const boxes = new Map<string, HTMLInputElement>();
  const element = h(
    'fieldset',
    { class: 'rights' },
    h('legend', {}, legend),
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
                  const box = h('input', { type: 'checkbox', 'aria-label': label(r, c), checked: initial[c.id]?.[r] === true });
                  boxes.set(`${c.id}\u0000${r}`, box);
                  return h('td', {}, box);
                }),
              ),
            ),
          ),
        )
      : h('p', {}, 'No cameras yet.'),
  );
  const value = () => {
    const rights: Rights = {};
    for (const c of cameras) {
      const r = Object.fromEntries(RIGHTS.map((k) => [k, boxes.get(`${c.id}\u0000${k}`)?.checked === true])) as Rights[string];
      if (Object.values(r).some(Boolean)) rights[c.id] = r;
    }
    return rights;
  };
  return { element, value };
}

const ROLE_CHOICES: [UserView['role'], string][] = [
  ['viewer', 'Viewer: only the cameras ticked below'],
  ['manager', 'Manager: every camera, alarms, pauses'],
  ['owner', 'Owner: everything, including accounts and the audit log'],
];

function roleSelect(name: string, initial: UserView['role'] = 'viewer'): HTMLSelectElement {
  return h('select', { name }, ROLE_CHOICES.map(([value, text]) => h('option', { value, selected: value === initial }, text)));
}

/** Change an existing account's role and camera rights; takes effect on that person's next click. */
function accessForm(u: UserView, cameras: CameraView[], done: (message: string) => void, fail: (message: string) => void): HTMLElement {
  const role = roleSelect(`role-${u.username}`, u.role);
  const grid = rightsGrid(cameras, `Camera rights of ${u.username} as a viewer`, (r, c) => `${r} of ${c.name} for ${u.username}`, u.cameras);
  grid.element.disabled = u.role !== 'viewer';
  role.addEventListener('change', () => {
    grid.element.disabled = role.value !== 'viewer';
  });
  return h(
    'form',
    {
      class: 'access',
      onsubmit: (e: Event) => {
        e.preventDefault();
        void api('PUT', `/api/users/${encodeURIComponent(u.username)}`, { role: role.value, ...(role.value === 'viewer' ? { cameras: grid.value() } : {}) })
          .then(() => done(`Access of ${u.username} changed.`))
          .catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
      },
    },
    field(`Access level of ${u.username}`, role),
    grid.element,
    h('button', { type: 'submit' }, `Save the access of ${u.username}`),
  );
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
    const role = roleSelect('role');
    const grid = rightsGrid(cameras, 'Camera rights for a viewer', (r, c) => `${r} on ${c.name}`);
    role.addEventListener('change', () => {
      grid.element.disabled = role.value !== 'viewer';
    });
    const form = h(
      'form',
      {
        onsubmit: (e: Event) => {
          e.preventDefault();
          error.textContent = '';
          void api('POST', '/api/users', { username: username.value, password: password.value, role: role.value, ...(role.value === 'viewer' ? { cameras: grid.value() } : {}) })
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
      field('Password', password, 'At least 12 characters. Give it to the person in private; they change it under My account.'),
      field('Role', role),
      grid.element,
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
                    : [
                        h(
                          'details',
                          {},
                          h('summary', {}, `Change access of ${u.username}`),
                          accessForm(
                            u,
                            cameras,
                            (message) =>
                              void Promise.resolve(usersPage.render(main, app)).then(() => {
                                const s = main.querySelector('.status');
                                if (s) s.textContent = message;
                              }),
                            (message) => {
                              error.textContent = message;
                            },
                          ),
                        ),
                        h(
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
                      ],
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
