import './style.css';
import { api, setCsrfToken, whenLoggedOut, type SessionInfo } from './api.js';
import type { App, Page } from './app.js';
import { h, replace } from './dom.js';
import { accountPage } from './pages/account.js';
import { renderBanner } from './banner.js';
import { alarmsPage } from './pages/alarms.js';
import { auditPage } from './pages/audit.js';
import { camerasPage } from './pages/cameras.js';
import { exportsPage } from './pages/exports.js';
import { loginPage } from './pages/login.js';
import { playbackPage } from './pages/playback.js';
import { setupPage } from './pages/setup.js';
import { usersPage } from './pages/users.js';
import { compliancePage } from './pages/compliance.js';
import { holdsPage } from './pages/holds.js';
import { requestsPage } from './pages/requests.js';
import { storagePage } from './pages/storage.js';
import { networkPage } from './pages/network.js';
import { clockFooter } from './pages/time-footer.js';
import { transfersPage } from './pages/transfers.js';
import { livePage } from './pages/live.js';
import { searchPage } from './pages/search.js';
import { gridPage } from './pages/grid.js';
import { timelinePage } from './pages/timeline.js';
import { alarmNotifications, registerServiceWorker } from './notify.js';
import { showUnreachable } from './unreachable.js';

const PAGES: Page[] = [setupPage, loginPage, camerasPage, livePage, gridPage, playbackPage, timelinePage, searchPage, exportsPage, alarmsPage, holdsPage, requestsPage, compliancePage, transfersPage, storagePage, networkPage, auditPage, usersPage, accountPage];
const BANNER_EVERY_MS = 10_000;

const main = document.getElementById('main') as HTMLElement;
const nav = document.getElementById('nav') as HTMLElement;
const who = document.getElementById('who') as HTMLElement;
const banner = document.getElementById('banner') as HTMLElement;
const footer = document.getElementById('footer') as HTMLElement;

let current: Page | undefined;
let bannerTimer: number | undefined;

const app: App = {
  session: { user: null, csrfToken: '', setupNeeded: false, tlsFingerprint: null, version: '' },
  user: null,
  params: new URLSearchParams(),
  go(path: string) {
    if (location.hash === `#${path}`) void route();
    else location.hash = path;
  },
  refreshBanner() {
    void renderBanner(banner, app);
  },
  signedIn(info) {
    app.session = { ...app.session, ...info, setupNeeded: false };
    app.user = info.user;
    setCsrfToken(info.csrfToken);
    shell();
  },
};

function shell(): void {
  const user = app.user;
  replace(
    nav,
    h(
      'ul',
      {},
      PAGES.filter((p) => p.inMenu(user) && !app.session.setupNeeded).map((p) => h('li', {}, h('a', { href: `#${p.path}`, ...(current === p ? { 'aria-current': 'page' } : {}) }, p.title))),
    ),
  );
  replace(
    who,
    user
      ? [
          h('span', {}, `${user.username} (${user.role})`),
          ' ',
          h('button', { type: 'button', class: 'link', onclick: () => void logout('/api/logout') }, 'Log out'),
          ' ',
          h('button', { type: 'button', class: 'link', onclick: () => void logout('/api/logout-all') }, 'Log out everywhere'),
        ]
      : '',
  );
  replace(
    footer,
    h('small', {}, `Premises ${app.session.version} · footage leaves this machine only under a logged transfer policy`),
    app.session.tlsFingerprint ? h('small', { class: 'fingerprint' }, ` · certificate SHA-256 ${app.session.tlsFingerprint}`) : null,
    user ? clockFooter() : null,
  );
  alarmNotifications(user);
  window.clearInterval(bannerTimer);
  if (user) {
    app.refreshBanner();
    bannerTimer = window.setInterval(() => app.refreshBanner(), BANNER_EVERY_MS);
  } else replace(banner);
}

async function logout(path: '/api/logout' | '/api/logout-all'): Promise<void> {
  try {
    await api('POST', path);
  } finally {
    const info = await api<SessionInfo>('GET', '/api/session');
    app.session = info;
    app.user = null;
    setCsrfToken(info.csrfToken);
    shell();
    app.go('/login');
  }
}

function parseHash(): { path: string; params: URLSearchParams } {
  const raw = location.hash.startsWith('#/') ? location.hash.slice(1) : '/cameras';
  const q = raw.indexOf('?');
  return q < 0 ? { path: raw, params: new URLSearchParams() } : { path: raw.slice(0, q), params: new URLSearchParams(raw.slice(q + 1)) };
}

async function route(): Promise<void> {
  const { path, params } = parseHash();
  let page = PAGES.find((p) => p.path === path) ?? camerasPage;
  if (app.session.setupNeeded) page = setupPage;
  else if (page === setupPage) page = app.user ? camerasPage : loginPage;
  else if (page.needsUser && !app.user) page = loginPage;
  else if (page === loginPage && app.user) page = camerasPage;
  current?.leave?.();
  current = page;
  app.params = params;
  document.title = `${page.title} · Premises`;
  shell();
  replace(main, h('p', {}, 'Loading…'));
  try {
    await page.render(main, app);
  } catch (err) {
    replace(main, h('h1', {}, page.title), h('p', { class: 'error', role: 'alert' }, err instanceof Error ? err.message : String(err)));
  }
  main.focus({ preventScroll: true });
}

async function start(): Promise<void> {
  (document.getElementById('skip') as HTMLElement).addEventListener('click', (e) => {
    e.preventDefault();
    main.focus();
  });
  registerServiceWorker();
  whenLoggedOut(() => {
    app.user = null;
    app.session = { ...app.session, user: null };
    app.go('/login');
  });
  const info = await api<SessionInfo>('GET', '/api/session');
  app.session = info;
  app.user = info.user;
  setCsrfToken(info.csrfToken);
  window.addEventListener('hashchange', () => {
    if (location.hash.startsWith('#/')) void route();
  });
  await route();
}

void start().catch(showUnreachable);
