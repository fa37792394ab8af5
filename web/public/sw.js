/*
 * The dashboard's service worker. It keeps the app's shell (the page, its
 * script and styles, the manifest and icons) so the dashboard opens on this
 * network even when the recorder is briefly unreachable, and it shows the
 * alarm notifications the open dashboard hands it. It never caches anything
 * under /api/ (recordings, snapshots, alarms, the session) and never talks to
 * any other origin: there is no push service, nothing leaves the premises.
 */
const SHELL = 'premises-shell-v1';
const FIXED = ['/', '/manifest.webmanifest', '/icons/premises-192.png', '/icons/premises-512.png'];

/** The shell's files: the fixed ones and the hashed assets the page names. */
async function shellFiles() {
  const res = await fetch('/', { cache: 'no-store', credentials: 'same-origin' });
  const html = await res.text();
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
  return [...new Set([...FIXED, ...assets])];
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL);
      await cache.addAll(await shellFiles());
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== SHELL) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

/** Only this origin's shell files: API calls, footage and the status page always go to the recorder. */
function isShell(request) {
  if (request.method !== 'GET') return false;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return false;
  return !url.pathname.startsWith('/api/') && url.pathname !== '/status' && url.pathname !== '/sw.js';
}

self.addEventListener('fetch', (event) => {
  if (!isShell(event.request)) return;
  // Network first, so an updated dashboard is used as soon as the recorder serves it; the cache when it cannot.
  event.respondWith(
    (async () => {
      const cache = await caches.open(SHELL);
      try {
        const res = await fetch(event.request);
        if (res.ok) await cache.put(event.request, res.clone());
        return res;
      } catch (err) {
        const cached = (await cache.match(event.request, { ignoreSearch: true })) ?? (event.request.mode === 'navigate' ? await cache.match('/') : undefined);
        if (cached) return cached;
        throw err;
      }
    })(),
  );
});

/** A click on an alarm's notification opens (or brings forward) the dashboard's alarms page. */
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
      if (open) {
        await open.focus();
        if ('navigate' in open) await open.navigate('/#/alarms');
        return;
      }
      await self.clients.openWindow('/#/alarms');
    })(),
  );
});
