import './style.css';
import { render, type JSX } from 'preact';
import { useEffect, useErrorBoundary, useRef, useState } from 'preact/hooks';
import { api, setCsrfToken, whenLoggedOut, type SessionInfo, type User } from './api.js';
import type { App, Page } from './app.js';
import { Banner, BANNER_EVERY_MS, openAlarms } from './banner.js';
import { useLoad } from './hooks.js';
import { accountPage } from './pages/account.js';
import { alarmsPage } from './pages/alarms.js';
import { auditPage } from './pages/audit.js';
import { camerasPage } from './pages/cameras.js';
import { exportsPage } from './pages/exports.js';
import { loginPage } from './pages/login.js';
import { playbackPage } from './pages/playback.js';
import { setupPage } from './pages/setup.js';
import { usersPage } from './pages/users.js';
import { compliancePage } from './pages/compliance.js';
import { staffPage } from './pages/staff.js';
import { assessmentPage } from './pages/assessment.js';
import { holdsPage } from './pages/holds.js';
import { casesPage } from './pages/cases.js';
import { requestsPage } from './pages/requests.js';
import { redactionPage } from './pages/redaction.js';
import { storagePage } from './pages/storage.js';
import { networkPage } from './pages/network.js';
import { ClockState } from './pages/time-footer.js';
import { errorText } from './pages/forms.js';
import { transfersPage } from './pages/transfers.js';
import { livePage } from './pages/live-page.js';
import { searchPage } from './pages/search.js';
import { gridPage } from './pages/grid.js';
import { timelinePage } from './pages/timeline.js';
import { alarmNotifications, registerServiceWorker } from './notify.js';
import { showUnreachable } from './unreachable.js';

const PAGES: Page[] = [setupPage, loginPage, camerasPage, livePage, gridPage, playbackPage, timelinePage, searchPage, exportsPage, alarmsPage, holdsPage, casesPage, requestsPage, redactionPage, compliancePage, staffPage, assessmentPage, transfersPage, storagePage, networkPage, auditPage, usersPage, accountPage];

interface Route {
  path: string;
  params: URLSearchParams;
  /** Counts every routing, so going to the page already shown starts it afresh. */
  seq: number;
}

function parseHash(seq: number): Route {
  const raw = location.hash.startsWith('#/') ? location.hash.slice(1) : '/cameras';
  const q = raw.indexOf('?');
  return q < 0 ? { path: raw, params: new URLSearchParams(), seq } : { path: raw.slice(0, q), params: new URLSearchParams(raw.slice(q + 1)), seq };
}

/** The page a route shows to this session: setup first, then login, then what was asked for. */
function pageFor(path: string, session: SessionInfo): Page {
  const page = PAGES.find((p) => p.path === path) ?? camerasPage;
  if (session.setupNeeded) return setupPage;
  if (page === setupPage) return session.user ? camerasPage : loginPage;
  if (page.needsUser && !session.user) return loginPage;
  if (page === loginPage && session.user) return camerasPage;
  return page;
}

/** A page that throws while drawing says so under its title instead of leaving an empty screen. */
function PageFrame(props: { page: Page; app: App }): JSX.Element {
  const [error] = useErrorBoundary() as [unknown, () => void];
  const Body = props.page.Body;
  if (error) {
    return (
      <>
        <h1>{props.page.title}</h1>
        <p class="error" role="alert">
          {errorText(error)}
        </p>
      </>
    );
  }
  return <Body app={props.app} />;
}

function Who(props: { user: User; logout: (path: '/api/logout' | '/api/logout-all') => void }): JSX.Element {
  return (
    <span id="who">
      <span>{`${props.user.username} (${props.user.role})`}</span>{' '}
      <button type="button" class="link" onClick={() => props.logout('/api/logout')}>
        Log out
      </button>{' '}
      <button type="button" class="link" onClick={() => props.logout('/api/logout-all')}>
        Log out everywhere
      </button>
    </span>
  );
}

/** The whole dashboard: menu, alarm banner, the routed page and the footer, one Preact tree. */
function Shell(props: { initial: SessionInfo }): JSX.Element {
  const [session, setSession] = useState(props.initial);
  const [route, setRoute] = useState(() => parseHash(0));
  const main = useRef<HTMLElement>(null);
  const seq = useRef(0);
  const reroute = () => setRoute(parseHash(++seq.current));

  // Pages keep the one App object (an effect may read it later): its fields follow the shell's state.
  const app = useRef<App>({
    session,
    user: session.user,
    params: route.params,
    go(path: string) {
      if (location.hash === `#${path}`) reroute();
      else location.hash = path;
    },
    // Read at once, not at the next render, so the banner is cleared before the page that acknowledged shows its list again.
    refreshBanner: () => void alarmsNow.current(),
    signedIn(info) {
      setCsrfToken(info.csrfToken);
      setSession((s) => ({ ...s, ...info, setupNeeded: false }));
    },
  }).current;
  app.session = session;
  app.user = session.user;
  app.params = route.params;
  const loggedIn = session.user !== null;
  const alarms = useLoad(() => openAlarms(loggedIn), BANNER_EVERY_MS, [loggedIn]);
  const alarmsNow = useRef(alarms.reload);
  alarmsNow.current = alarms.reload;

  useEffect(() => {
    const onHash = () => {
      if (location.hash.startsWith('#/')) reroute();
    };
    window.addEventListener('hashchange', onHash);
    whenLoggedOut(() => {
      setSession((s) => ({ ...s, user: null }));
      app.go('/login');
    });
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const page = pageFor(route.path, session);
  useEffect(() => {
    document.title = `${page.title} · Premises`;
  }, [page]);
  // A new page takes the focus, so a screen reader starts there; a page that focused its own first field keeps that.
  useEffect(() => {
    const m = main.current;
    if (m && !m.contains(document.activeElement)) m.focus({ preventScroll: true });
  }, [page, route.seq]);

  const logout = (path: '/api/logout' | '/api/logout-all') => {
    void api('POST', path)
      .catch(() => undefined)
      .then(() => api<SessionInfo>('GET', '/api/session'))
      .then((info) => {
        setCsrfToken(info.csrfToken);
        setSession(info);
        app.go('/login');
      })
      .catch(() => undefined);
  };

  const user = session.user;
  useEffect(() => alarmNotifications(user), [user?.username, user?.role]);
  return (
    <>
      <a
        id="skip"
        class="skip"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          main.current?.focus();
        }}
      >
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Premises</span>
        <nav id="nav" aria-label="Main">
          <ul>
            {PAGES.filter((p) => p.inMenu(user) && !session.setupNeeded).map((p) => (
              <li key={p.path}>
                <a href={`#${p.path}`} aria-current={p === page ? 'page' : undefined}>
                  {p.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        {user ? <Who user={user} logout={logout} /> : <span id="who" />}
      </header>
      <Banner open={user ? (alarms.data ?? []) : []} />
      <main id="main" tabindex={-1} ref={main}>
        <PageFrame key={`${page.path} ${route.seq}`} page={page} app={app} />
      </main>
      <footer id="footer">
        <small>{`Premises ${session.version} · footage leaves this machine only under a logged transfer policy`}</small>
        {session.tlsFingerprint ? <small class="fingerprint">{` · certificate SHA-256 ${session.tlsFingerprint}`}</small> : null}
        {user ? <ClockState /> : null}
      </footer>
    </>
  );
}

async function start(): Promise<void> {
  registerServiceWorker();
  const root = document.getElementById('app') as HTMLElement;
  const info = await api<SessionInfo>('GET', '/api/session');
  setCsrfToken(info.csrfToken);
  root.replaceChildren();
  render(<Shell initial={info} />, root);
}

void start().catch(showUnreachable);
