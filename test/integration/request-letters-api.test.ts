import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { PRINT_CSP } from '../../src/api/routes/compliance.js';
import { createOwner, setupTokenIn } from '../support/browser.js';
import { DashboardClient } from '../support/dashboard-client.js';
import { PremisesProcess, readIndex, runCli, tempDir, writeConfig } from '../support/premises.js';
import { RtspServer } from '../support/rtsp.js';

/**
 * The access-request letters the dashboard serves, against a real `premises
 * start` under the QC profile with the site in French and English: owners and
 * managers only; in the language recorded on the request (and changed from
 * the dashboard); the requester's name escaped; a response that encloses an
 * export made for the request (by `premises export --request`) names it with
 * its manifest's SHA-256 and the key fingerprint to check it against; each
 * letter written is audited by the same function as `premises request
 * letter`, so the two entries differ only in their actor.
 */
const OWNER_PW = 'owner passphrase letters 1';
const MANAGER_PW = 'manager passphrase letters 2';
const VIEWER_PW = 'viewer passphrase letters 3';
const NAME = '<script>alert("x")</script> Tremblay';

interface AuditRow {
  actor: string;
  subject: string;
  details: string;
}

/** An audit row as [actor, subject, parsed details]. */
const entry = (r: AuditRow): [string, string, unknown] => [r.actor, r.subject, JSON.parse(r.details) as unknown];

describe('access-request letters from the dashboard', () => {
  const dir = tempDir('premises-letters-api-');
  let rtsp: RtspServer;
  let premises: PremisesProcess;
  let configPath = '';
  let dataDir = '';
  let origin = '';
  let owner: DashboardClient;
  let manager: DashboardClient;
  let viewer: DashboardClient;
  let anonymous: DashboardClient;
  let window = { from: '', to: '' };
  const letters = () => readIndex<AuditRow>(dataDir, "SELECT actor, subject, details FROM audit_log WHERE action = 'access_request.letter' ORDER BY seq");

  before(async () => {
    rtsp = await RtspServer.start({ door: 'live:640x360@15' });
    const config = await writeConfig(dir.path, [{ id: 'door', rtsp: rtsp.url('door') }], { top: ['jurisdiction: QC', 'timezone: America/Toronto', 'site: { languages: [fr, en] }'] });
    configPath = config.path;
    dataDir = join(dir.path, 'data');
    premises = PremisesProcess.start(config.path, config.port);
    // Three closed segments of door (2 s each): footage for the export the response encloses.
    await premises.waitFor(
      () => readIndex<{ n: number }>(dataDir, "SELECT count(*) AS n FROM segments WHERE camera_id = 'door'")[0]!.n >= 3,
      40_000,
      'three segments of door',
    );
    const span = readIndex<{ s: number; e: number }>(dataDir, "SELECT MIN(start_ms) AS s, MAX(end_ms) AS e FROM segments WHERE camera_id = 'door'")[0]!;
    window = { from: new Date(span.s).toISOString(), to: new Date(span.e).toISOString() };
    origin = `http://127.0.0.1:${config.port}`;
    const link = runCli(['setup-link', '--config', config.path]);
    assert.equal(link.code, 0, link.stderr);
    owner = await createOwner(origin, setupTokenIn(link.stdout), OWNER_PW);
    assert.equal((await owner.request('POST', '/api/users', { username: 'manager', password: MANAGER_PW, role: 'manager' })).status, 201);
    assert.equal((await owner.request('POST', '/api/users', { username: 'viewer', password: VIEWER_PW, role: 'viewer', cameras: { door: { live: true, playback: true } } })).status, 201);
    manager = new DashboardClient(origin);
    viewer = new DashboardClient(origin);
    anonymous = new DashboardClient(origin);
    assert.equal((await manager.login('manager', MANAGER_PW)).status, 200);
    assert.equal((await viewer.login('viewer', VIEWER_PW)).status, 200);
  });

  after(async () => {
    await premises?.stop();
    await rtsp?.stop();
    dir.remove();
  });

  const intake = (extra: Record<string, unknown>) =>
    manager.request('POST', '/api/requests', { requester: NAME, identity: 'carte vue au comptoir', received: '2026-03-10', cameras: ['door'], ...window, description: 'manteau bleu', ...extra });

  it('records the language from the site\'s languages only, the main one by default', async () => {
    for (const language of ['es', 'de']) {
      const refused = await intake({ language });
      assert.equal(refused.status, 400, JSON.stringify(refused.body));
      assert.match(JSON.stringify(refused.body), /language must be one of the site's languages: fr \(French\), en \(English\)/);
    }
    const created = await intake({ language: 'fr' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const r = created.body['request'] as { id: number; language: string; letterLanguage: string; due: string };
    assert.deepEqual([r.id, r.language, r.letterLanguage, r.due], [1, 'fr', 'fr', '2026-04-09']);
    const byDefault = (await intake({})).body['request'] as { language: string };
    assert.equal(byDefault.language, 'fr', 'QC: French, the site\'s main language');
    const list = await manager.request('GET', '/api/requests');
    assert.deepEqual(list.body['languages'], ['fr', 'en']);
  });

  it('serves the acknowledgement to owners and managers only, in French, escaped, under the print CSP, audited', async () => {
    const path = '/api/requests/1/letter.html?kind=acknowledgement';
    assert.equal((await anonymous.request('GET', path)).status, 401);
    assert.equal((await viewer.request('GET', path)).status, 403);
    assert.equal(letters().length, 0, 'a refused letter is not recorded');

    const res = await fetch(`${origin}${path}`, { headers: { cookie: [...manager.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.equal(res.headers.get('content-security-policy'), PRINT_CSP);
    const html = await res.text();
    assert.match(html, /<html lang="fr">/);
    assert.match(html, /Nous vous répondrons au plus tard le 2026-04-09 \(la loi nous accorde 30 jours/);
    assert.ok(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Tremblay'), 'the name is shown as text');
    assert.doesNotMatch(html, /<script/i, 'no script element, from the name or anywhere');
    assert.doesNotMatch(html, /\b(src|href)\s*=|@import|url\(/i, 'nothing loaded from anywhere');
    assert.match(html, /@page\{size:letter/, 'QC prints on Letter by default');
    assert.match((await owner.request('GET', `${path}&paper=a4`)).body['text'] as string, /@page\{size:A4/);

    const rows = letters();
    assert.deepEqual(
      rows.map(entry),
      [
        ['user:manager', 'access_request:1', { kind: 'acknowledgement', lang: 'fr', export: null }],
        ['user:owner', 'access_request:1', { kind: 'acknowledgement', lang: 'fr', export: null }],
      ],
    );
  });

  it('follows a change of language made on the dashboard, audited', async () => {
    assert.equal((await viewer.request('POST', '/api/requests/1/language', { language: 'en' })).status, 403);
    assert.equal((await manager.request('POST', '/api/requests/1/language', { language: 'zh-Hans' })).status, 400, 'not one of the site\'s');
    const changed = await manager.request('POST', '/api/requests/1/language', { language: 'en' });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal((changed.body['request'] as { letterLanguage: string }).letterLanguage, 'en');
    const changes = readIndex<AuditRow>(dataDir, "SELECT actor, subject, details FROM audit_log WHERE action = 'access_request.language' ORDER BY seq");
    assert.deepEqual(changes.map(entry), [['user:manager', 'access_request:1', { language: 'en', was: 'fr' }]]);
    const html = (await manager.request('GET', '/api/requests/1/letter.html?kind=acknowledgement')).body['text'] as string;
    assert.match(html, /<html lang="en">/);
    assert.match(html, /We will answer by 2026-04-09 at the latest/);
  });

  it('answers with the export made for the request: its id, what it holds, its manifest hash and the key fingerprint', async () => {
    const made = runCli(['export', '--camera', 'door', ...['--from', window.from, '--to', window.to], '--reason', 'access request', '--requested-by', 'the person filmed', '--legal-basis', 'Loi sur le secteur privé, art. 27', '--request', '1', '--json', '--config', configPath]);
    assert.equal(made.code, 0, made.stderr);
    const exportId = (JSON.parse(made.stdout) as { id: string }).id;
    const listed = (await manager.request('GET', '/api/requests')).body['requests'] as { id: number; exports: { id: string }[] }[];
    assert.deepEqual(listed.find((r) => r.id === 1)?.exports.map((x) => x.id), [exportId], 'the request lists the export made for it');
    assert.deepEqual(listed.find((r) => r.id === 2)?.exports, []);

    const manifest = readFileSync(join(dataDir, 'exports', exportId, 'manifest.json'));
    const { signer, files } = JSON.parse(manifest.toString('utf8')) as { signer: { fingerprint: string }; files: unknown[] };
    const sha = readIndex<{ sha: string }>(dataDir, 'SELECT manifest_sha256 AS sha FROM exports WHERE id = ?', exportId)[0]!.sha;
    const page = await manager.request('GET', `/api/requests/1/letter.html?kind=response&export=${encodeURIComponent(exportId)}`);
    assert.equal(page.status, 200, JSON.stringify(page.body));
    const html = page.body['text'] as string;
    assert.ok(html.includes(`export ${exportId}`), 'names the export');
    assert.ok(html.includes(sha), 'the SHA-256 of manifest.json');
    assert.ok(html.includes((signer.fingerprint.match(/.{4}/g) ?? []).join(' ')), 'the signing key fingerprint, grouped');
    assert.match(html, new RegExp(`It holds ${files.length} video files? from door`));
    assert.match(html, /sha256sum -c SHA256SUMS/);

    const none = await manager.request('GET', '/api/requests/2/letter.html?kind=response&none=1');
    assert.match(none.body['text'] as string, /ne détenons aucune image de vous/);

    for (const [query, status] of [
      ['kind=letter', 400],
      ['kind=response', 400],
      [`kind=response&none=1&export=${exportId}`, 400],
      [`kind=acknowledgement&export=${exportId}`, 400],
      ['kind=acknowledgement&paper=a3', 400],
      ['kind=response&export=20260101T000000Z-000000', 404],
    ] as const) {
      assert.equal((await manager.request('GET', `/api/requests/1/letter.html?${query}`)).status, status, query);
    }
    assert.equal((await manager.request('GET', '/api/requests/99/letter.html?kind=acknowledgement')).status, 404);

    const last = letters().slice(-2);
    assert.deepEqual(
      last.map(entry),
      [
        ['user:manager', 'access_request:1', { kind: 'response', lang: 'en', export: exportId }],
        ['user:manager', 'access_request:2', { kind: 'response', lang: 'fr', export: null }],
      ],
    );
  });

  it('the command writes the same entry as the dashboard, only the actor differs', () => {
    const out = join(dir.path, 'ack.html');
    const cli = runCli(['request', 'letter', '1', '--kind', 'acknowledgement', '--out', out, '--config', configPath]);
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(readFileSync(out, 'utf8'), /<html lang="en">/, 'the command also uses the recorded language');
    const rows = letters();
    const fromCli = rows.at(-1)!;
    const fromDashboard = rows.find((r) => r.actor === 'user:manager' && isDeepStrictEqual(JSON.parse(r.details), { kind: 'acknowledgement', lang: 'en', export: null }))!;
    assert.ok(fromDashboard, 'the dashboard wrote an English acknowledgement earlier');
    assert.match(fromCli.actor, /^cli:/);
    assert.equal(fromCli.subject, fromDashboard.subject);
    assert.equal(fromCli.details, fromDashboard.details, 'identical details, byte for byte');
  });
});
