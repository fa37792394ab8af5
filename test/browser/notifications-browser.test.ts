import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openBrowser, type BrowserFixture } from '../support/browser.js';
import type { DashboardClient } from '../support/dashboard-client.js';
import { setupOwner } from '../support/playback.js';
import { PremisesProcess, REPO_ROOT, sleepMs, tempDir, writeConfig } from '../support/premises.js';
import { RtspServer } from '../support/rtsp.js';

/**
 * The installable dashboard in Debian's chromium against a real Premises recording a GStreamer camera: the
 * manifest and the service worker come from the recorder itself under the same CSP; notifications are allowed
 * for the page; the camera is then switched off, the daemon raises its real camera-down alarm, and the open
 * dashboard shows it as a notification through its service worker — with no push service: every request the
 * page and its service worker made went to 127.0.0.1. With the recorder stopped, the shell still opens from
 * the service worker's copy and says the recorder cannot be reached.
 */
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'notifications');

interface Shown {
  title: string;
  body: string;
  tag: string;
}

describe('installable dashboard with alarm notifications on the LAN', () => {
  const dir = tempDir('premises-notify-browser-');
  let rtsp: RtspServer;
  let premises: PremisesProcess;
  let owner: DashboardClient;
  let web: BrowserFixture;
  let origin = '';
  /** Every request of the context, the service worker's included (playwright reports them at context level). */
  const requests: string[] = [];

  before(async () => {
    rtsp = await RtspServer.start({ door: 'live:320x180@10' });
    const config = await writeConfig(dir.path, [{ id: 'door', rtsp: rtsp.url('door') }], { segment: '1s', downAlarm: '3s', top: ['activity: { enabled: false }'] });
    origin = `http://127.0.0.1:${config.port}`;
    premises = await PremisesProcess.startRecording(config.path, config.port);
    owner = await setupOwner(premises, origin);
    web = await openBrowser(dir.path, { origin, loggedInAs: owner });
    web.context.on('request', (r) => requests.push(r.url()));
    await web.context.grantPermissions(['notifications'], { origin });
  });

  after(async () => {
    await web?.close();
    await premises?.stop();
    await rtsp?.stop();
    dir.remove();
  });

  const notifications = () =>
    web.page.evaluate<Shown[]>(`navigator.serviceWorker.ready.then((r) => r.getNotifications()).then((list) => list.map((n) => ({ title: n.title, body: n.body, tag: n.tag })))`);

  it('serves a manifest and a service worker from the recorder, under the dashboard CSP', async () => {
    const manifest = await fetch(`${origin}/manifest.webmanifest`);
    assert.equal(manifest.status, 200);
    assert.match(manifest.headers.get('content-type') ?? '', /application\/manifest\+json/);
    const body = (await manifest.json()) as { display: string; start_url: string; icons: { src: string }[] };
    assert.equal(body.display, 'standalone');
    for (const icon of body.icons) {
      assert.ok(icon.src.startsWith('/'), `icon ${icon.src} is on the recorder`);
      assert.equal((await fetch(`${origin}${icon.src}`)).status, 200);
    }
    const sw = await fetch(`${origin}/sw.js`);
    assert.equal(sw.status, 200);
    assert.match(sw.headers.get('content-type') ?? '', /javascript/);
    assert.match(sw.headers.get('content-security-policy') ?? '', /default-src 'self'/);

    await web.page.goto(`${origin}/#/account`);
    await web.page.getByRole('heading', { name: 'My account' }).waitFor();
    const scope = await web.page.evaluate<string>(`navigator.serviceWorker.ready.then((r) => r.scope)`);
    assert.equal(scope, `${origin}/`);
    await web.page.locator('[data-notifications="on"]').waitFor();
    assert.deepEqual(await notifications(), [], 'no alarm yet, no notification');
  });

  it('a real camera-down alarm reaches the open dashboard as a notification', async () => {
    // The dashboard is on another page, in the background of the owner's day.
    await web.page.goto(`${origin}/#/cameras`);
    await web.page.getByRole('heading', { name: 'Cameras', exact: true }).waitFor();
    await rtsp.stop();
    let shown: Shown[] = [];
    const until = Date.now() + 45_000;
    while (shown.length === 0 && Date.now() < until) {
      await sleepMs(500);
      shown = await notifications();
    }
    const alarms = (await owner.request('GET', '/api/alarms')).body['alarms'] as { id: number; kind: string; subject: string; message: string }[];
    const down = alarms.find((a) => a.kind === 'camera-down' && a.subject === 'door');
    assert.ok(down, `the daemon raised camera-down: ${JSON.stringify(alarms)}`);
    assert.deepEqual(shown, [{ title: 'Camera door is not recording', body: down.message, tag: `premises-alarm-${down.id}` }]);
    await web.shot(ARTIFACTS, '01-alarm-notified');
    // Shown once per alarm and device: later polls and a reload do not repeat it.
    await web.page.reload();
    await web.page.getByRole('heading', { name: 'Cameras', exact: true }).waitFor();
    await sleepMs(6_000);
    assert.equal((await notifications()).length, 1);
  });

  it('no request of the page or its service worker left 127.0.0.1', () => {
    assert.ok(requests.some((u) => u.endsWith('/sw.js')) && requests.some((u) => u.includes('/api/alarms')), 'the log saw the worker and the polls');
    assert.deepEqual(
      requests.filter((u) => new URL(u).hostname !== '127.0.0.1'),
      [],
    );
    assert.deepEqual(web.foreign, []);
    assert.deepEqual(web.consoleErrors, []);
  });

  it('with the recorder stopped, the shell still opens from the service worker and says why nothing loads', async () => {
    await premises.stop();
    await web.page.reload();
    await web.page.getByRole('heading', { name: 'The recorder cannot be reached' }).waitFor({ timeout: 10_000 });
    await web.shot(ARTIFACTS, '02-recorder-unreachable');
    assert.deepEqual(
      requests.filter((u) => new URL(u).hostname !== '127.0.0.1'),
      [],
    );
  });
});
