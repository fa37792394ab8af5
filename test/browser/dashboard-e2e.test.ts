import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { openBrowser, type BrowserFixture } from '../support/browser.js';
import { createLoopbackNamespace, runIn, type LoopbackNamespace } from '../support/netns.js';
import { playbackInBrowser } from '../support/playback.js';
import { spawnSim, type SimProcess } from '../support/onvif-sim/process.js';
import { PremisesProcess, readIndex, REPO_ROOT, runCli, sleepMs, tempDir, writeConfig } from '../support/premises.js';
import { RtspServer } from '../support/rtsp.js';
import { stopAll } from '../support/teardown.js';

/**
 * The owner's whole first hour, in a real browser (Debian's chromium) against
 * a real `premises start`, with nothing typed on a command line: set up with
 * the printed link, search the network, add the camera it finds with its
 * password, give it a purpose, area and sign, watch it live, play back what it
 * recorded, export it, and read every step in the audit log. Premises, the
 * simulated ONVIF camera, GStreamer's RTSP server and the browser share one
 * network namespace whose loopback carries multicast; any request to another
 * origin fails the test.
 */
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'e2e');
const PASSWORD = 'the owner passphrase';
const CAMERA_PASSWORD = 'cam-secret-e2e-77';

describe('end to end in a real browser', () => {
  const dir = tempDir('premises-e2e-');
  let network: LoopbackNamespace;
  let rtsp: RtspServer;
  let sim: SimProcess;
  let premises: PremisesProcess;
  let web: BrowserFixture;
  let page: Page;
  let origin = '';
  let dataDir = '';
  let configPath = '';
  const shot = (name: string) => web.shot(ARTIFACTS, name);

  before(async () => {
    network = createLoopbackNamespace('e2e-web');
    rtsp = await RtspServer.start({ main: 'live:640x360@15' }, 8554, network.ns);
    sim = await spawnSim(
      { bind: '127.0.0.1', discovery: true, username: 'admin', password: CAMERA_PASSWORD, rtspUrl: 'rtsp://127.0.0.1:8554/main', name: 'Back door' },
      network.ns,
    );
    const config = await writeConfig(dir.path, [], { top: ['network: { allowLoopbackCameras: true }'] });
    dataDir = join(dir.path, 'data');
    configPath = config.path;
    origin = `http://127.0.0.1:${config.port}`;
    premises = PremisesProcess.start(config.path, config.port, {}, network.ns);
    web = await openBrowser(dir.path, { origin, netns: network.ns, acceptDownloads: true });
    page = web.page;
  });

  after(() => stopAll(web, premises, sim, rtsp, network, dir));

  it('setup → discover → add → scope → records → live → plays back → exports → downloads a verified export → audit, with no request to another host', async (t) => {
    t.after(async () => {
      // The page as it was when a step failed, beside the step screenshots.
      await shot('zz-last').catch(() => undefined);
    });
    const setupUrl = (await premises.waitForOutput(/Create it within one hour at: (\S+)/, 20_000))[1] as string;
    await page.goto(setupUrl);
    await page.getByRole('heading', { name: 'Set up Premises' }).waitFor();
    await page.getByLabel('User name').fill('owner');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Password again').fill(PASSWORD);
    await page.getByLabel('The business profile above is correct').check();
    await shot('01-setup');
    await page.getByRole('button', { name: 'Create the owner account' }).click();
    await page.getByRole('heading', { name: 'Cameras', exact: true }).waitFor();

    // Discover: the simulated camera answers the WS-Discovery probe.
    await page.getByRole('button', { name: 'Search the network for cameras' }).click();
    const found = page.locator(`ul.found li[data-xaddr="${sim.xaddr}"]`);
    await found.waitFor({ timeout: 15_000 });
    await shot('02-discovered');
    await found.locator('summary').click();
    const form = found.locator('form.add-camera');
    await form.getByLabel(/^Name of /).fill('Back door');
    await form.getByLabel(/^Short id of /).fill('backdoor');
    await form.getByLabel(/^Camera user name for /).fill('admin');
    await form.getByLabel(/^Camera password for /).fill(CAMERA_PASSWORD);
    await form.getByRole('button', { name: /^Add / }).click();
    await page.locator('#camera-status', { hasText: /Added Back door \(backdoor\)/ }).waitFor({ timeout: 15_000 });

    // Held by the consent gates until the owner states purpose, area and sign.
    const card = page.locator('article[data-camera="backdoor"]');
    await card.waitFor({ timeout: 15_000 });
    await card.getByText(/has no stated purpose/).waitFor({ timeout: 15_000 });
    await card.getByText('Purposes, area and signage').click();
    await card.getByLabel('Purposes of Back door, one per line').fill('Investigate break-ins at the back door after closing');
    await card.getByLabel('Area it films').selectOption('storage');
    await card.getByLabel('Where the sign is').fill('Back door, outside');
    await card.getByLabel('Date posted').fill(new Date().toISOString().slice(0, 10));
    await card.getByLabel('Confirmed by').fill('The owner');
    await shot('03-scope');
    await card.getByRole('button', { name: 'Save the scope of Back door' }).click();
    await card.locator('.state', { hasText: /^Recording$/ }).waitFor({ timeout: 30_000 });
    await shot('04-recording');

    const [stored] = readIndex<{ rtsp_url: string }>(dataDir, "SELECT rtsp_url FROM cameras WHERE id = 'backdoor'");
    assert.equal(stored?.rtsp_url, 'rtsp://127.0.0.1:8554/main', 'the stream URL is stored without the password');

    // Watch it live: the video element's time advances.
    await page.getByRole('link', { name: 'Live', exact: true }).click();
    const tile = page.locator('.live-tile[data-camera="backdoor"]');
    await tile.and(page.locator('[data-first-frame-ms]')).waitFor({ timeout: 30_000 });
    const liveTime = () => tile.locator('video').evaluate((v) => (v as unknown as { currentTime: number }).currentTime);
    const t1 = await liveTime();
    await sleepMs(2_000);
    const t2 = await liveTime();
    assert.ok(t2 - t1 > 1, `the live video advances (${t1} → ${t2})`);
    await shot('05-live');

    // Play back what it recorded: a click on the timeline, the viewing reason, the video advances.
    const recordedMs = () => readIndex<{ ms: number | null }>(dataDir, "SELECT sum(end_ms - start_ms) AS ms FROM segments WHERE camera_id = 'backdoor'")[0]?.ms ?? 0;
    const deadline = Date.now() + 30_000;
    while (recordedMs() < 12_000 && Date.now() < deadline) await sleepMs(500);
    const played = await playbackInBrowser(page, 'backdoor', { secondsBeforeEnd: 8, reason: 'incident' });
    assert.ok(played.wallMs > played.wallStartMs, 'the recorded picture advances in time');
    await shot('06-playback');

    // Export the footage with the wizard: progress to the end, verified against its signed manifest.
    // The owner allowed downloads by the owner beforehand (a transfer policy, on the box's command line).
    const policy = runCli([
      'transfer-policy', 'add', 'owner-download', '--kind', 'download', '--roles', 'owner', '--recipient', 'Vancouver Police',
      '--country', 'Canada', '--legal-basis', 'PIPA s.18(1)(j)', '--expires', '2099-01-01T00:00:00Z', '--config', configPath,
    ]);
    assert.equal(policy.code, 0, policy.stdout + policy.stderr);
    await page.getByRole('link', { name: 'Exports' }).click();
    await page.getByRole('heading', { name: 'Exports', level: 1 }).waitFor();
    await page.getByLabel('Back door (backdoor)').check();
    await page.getByLabel('Reason').fill('Break-in at the back door, 26 Nov');
    await page.getByLabel('Requested by').fill('Cst. Lee, Vancouver Police, file 26-123');
    await page.getByLabel('Legal basis').fill('PIPA s.18(1)(j)');
    await page.getByRole('button', { name: 'Create export' }).click();
    await page.locator('.progress-text').getByText(/Export \S+ is ready: \d+ file\(s\)/).waitFor({ timeout: 60_000 });
    const row = page.locator('tr[data-state="ready"]').first();
    await row.getByText(/Verified: \d+ file\(s\) match the signed manifest/).waitFor({ timeout: 20_000 });
    await shot('07-export');

    // Download it (a transfer under the download policy) and verify the package offline with the pinned key.
    const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: /^Download/ }).click()]);
    const tarFile = join(dir.path, 'download.tar');
    await download.saveAs(tarFile);
    const unpacked = join(dir.path, 'unpacked');
    mkdirSync(unpacked);
    execFileSync('tar', ['-xf', tarFile, '-C', unpacked]);
    const [folder] = readdirSync(unpacked);
    const fingerprint = runCli(['key', 'fingerprint', '--config', configPath]).stdout.trim().split('\n').at(-1) as string;
    const verified = runCli(['export', 'verify', join(unpacked, folder as string), '--fingerprint', fingerprint]);
    assert.equal(verified.code, 0, `the downloaded export verifies against its manifest:\n${verified.stdout}${verified.stderr}`);

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log', exact: true }).waitFor();
    const table = page.locator('table.audit');
    await table.locator('tbody tr').first().waitFor();
    const text = await table.innerText();
    for (const action of ['setup.completed', 'discovery.started', 'camera.added', 'camera.scope-changed', 'live.view-started', 'playback.started', 'export.created', 'transfer.started', 'transfer.completed']) {
      assert.ok(text.includes(action), `the audit page shows ${action}:\n${text}`);
    }
    await shot('09-audit');

    const health = await runIn(network.ns, ['curl', '-s', `${origin}/api/health`]);
    assert.ok(!health.stdout.includes(CAMERA_PASSWORD) && !premises.output.join('').includes(CAMERA_PASSWORD), 'the camera password is in no log and no API answer');
    assert.deepEqual(web.foreign, [], 'the browser asked no other host for anything');
  });
});
