import { SessionStore } from '../api/auth/sessions.js';
import { issueSetupLink } from '../api/first-run.js';
import { baseUrl, isLoopback, localNames } from '../api/net.js';
import { createApp, createLiveHub, listen, type ApiServer } from '../api/server.js';
import { ensureCertificate } from '../api/tls.js';
import type { LiveHub } from '../live/hub.js';
import { VERSION } from '../shared/version.js';
import { component, type Component } from './components.js';
import { need, type DaemonState } from './state.js';

/**
 * The dashboard and API, with live view. Plain HTTP on loopback; anywhere
 * else HTTPS with a certificate made at first start (docs/dashboard.md).
 * While no owner account exists, a setup link is issued for `start` to print.
 */
export function dashboard(s: DaemonState): Component {
  let server: ApiServer | undefined;
  let live: LiveHub | undefined;
  return component('dashboard', {
    async start() {
      const { loaded, layout, db, audit, alarms, clock, log } = s.app;
      const recorder = need(s.recorder, 'recorder', 'dashboard');
      const { host, port, allowPublic } = loaded.config.listen;
      const secure = !isLoopback(host);
      const tls = secure ? await ensureCertificate(layout.dataDir, localNames(host)) : undefined;
      s.tlsFingerprint = tls?.fingerprint ?? null;
      new SessionStore(db, clock).prune();
      live = createLiveHub({ recorder, clock, log, loaded, layout });
      const app = createApp({ recorder, alarms, clock, version: VERSION, db, audit, loaded, layout, log, secure, tlsFingerprint: s.tlsFingerprint, live });
      server = await listen(app, { host, port, allowPublic, ...(tls ? { tls } : {}) });
      s.url = baseUrl(host, port, secure);
      s.setupLink = issueSetupLink({ db, audit, clock, dataDir: layout.dataDir }, s.url);
    },
    async stop(reason) {
      // Live sockets are upgraded connections the server no longer tracks: end them (and their ffmpegs) first.
      await live?.stopAll(reason);
      const open = server;
      if (!open) return;
      open.closeAllConnections();
      await new Promise<void>((resolve) => open.close(() => resolve()));
    },
  });
}
