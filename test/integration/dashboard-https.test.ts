import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runIn } from '../support/netns.js';
import { BUSINESS_LINES, PremisesProcess, runCli, sleepMs, tempDir } from '../support/premises.js';

/**
 * HTTPS on a LAN address, in a network namespace of its own with the address
 * 10.77.x.1 on its loopback device (nothing reaches the machine's network). The client
 * runs inside the namespace and trusts only the certificate Premises made.
 */
const ADDR = `10.77.${process.pid % 250}.1`;
const PORT = 8443;

const CLIENT = `
const https = require('node:https');
const [url, caFile] = process.argv.slice(1);
const req = https.get(url, { ca: require('node:fs').readFileSync(caFile) }, (res) => {
  let body = '';
  res.on('data', (d) => (body += d));
  res.on('end', () => console.log(JSON.stringify({ status: res.statusCode, headers: res.headers, body })));
});
req.on('error', (e) => console.log(JSON.stringify({ error: e.code || e.message })));
`;

describe('dashboard over HTTPS on a LAN address', () => {
  const dir = tempDir('premises-dash-https-');
  const ns = `pdash-${process.pid}`;
  let premises: PremisesProcess;
  const cert = () => join(dir.path, 'data', 'tls', 'cert.pem');
  const get = async (url: string) => {
    const r = await runIn(ns, [process.execPath, '-e', CLIENT, url, cert()]);
    return JSON.parse(r.stdout.trim() || '{}') as { status?: number; headers?: Record<string, string | string[]>; body?: string; error?: string };
  };

  before(async () => {
    execFileSync('ip', ['netns', 'add', ns]);
    execFileSync('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    // A LAN-like address on the namespace's own loopback device: not 127/8, so Premises treats it as the LAN.
    execFileSync('ip', ['-n', ns, 'addr', 'add', `${ADDR}/32`, 'dev', 'lo']);
    const configPath = join(dir.path, 'premises.yaml');
    writeFileSync(configPath, ['dataDir: ./data', ...BUSINESS_LINES, `listen: { host: ${ADDR}, port: ${PORT} }`, 'cameras: []', ''].join('\n'));
    premises = PremisesProcess.start(configPath, PORT, {}, ns);
    const deadline = Date.now() + 20_000;
    while (!premises.output.join('').includes('Stop with Ctrl+C')) {
      if (Date.now() > deadline || premises.child.exitCode !== null) throw new Error(`premises did not start:\n${premises.output.join('')}`);
      await sleepMs(100);
    }
  });

  after(async () => {
    await premises?.stop();
    try {
      execFileSync('ip', ['netns', 'del', ns]);
    } catch {
      /* not created */
    }
    dir.remove();
  });

  it('makes a certificate for the address, prints its fingerprint, keeps the key private', () => {
    const x = new X509Certificate(readFileSync(cert()));
    assert.match(x.subjectAltName ?? '', new RegExp(`IP Address:${ADDR.replace(/\./g, '\\.')}`));
    const out = premises.output.join('');
    assert.ok(out.includes(`fingerprint (SHA-256), check it in your browser: ${x.fingerprint256}`), out);
    assert.match(out, new RegExp(`Create it within one hour at: https://${ADDR.replace(/\./g, '\\.')}:${PORT}/#/setup\\?token=`));
    assert.equal(statSync(join(dir.path, 'data', 'tls', 'key.pem')).mode & 0o777, 0o600);
  });

  it('serves HTTPS with Secure __Host- cookies, health only with a login off loopback, and no plain HTTP', async () => {
    const session = await get(`https://${ADDR}:${PORT}/api/session`);
    assert.equal(session.status, 200, JSON.stringify(session));
    const cookies = ([] as string[]).concat(session.headers?.['set-cookie'] ?? []);
    assert.ok(cookies.some((c) => /^__Host-premises_csrf=.*; Secure/.test(c) && /HttpOnly/.test(c) && /SameSite=Strict/.test(c)), cookies.join('\n'));
    assert.match(String(session.headers?.['content-security-policy']), /default-src 'self'/);
    assert.doesNotMatch(String(session.headers?.['content-security-policy']), /https:|upgrade-insecure-requests/);
    assert.equal((await get(`https://${ADDR}:${PORT}/api/health`)).status, 401, 'health names cameras and alarms: a login off loopback');
    const plain = await runIn(ns, [process.execPath, '-e', `fetch('http://${ADDR}:${PORT}/api/health').then(r => console.log(r.status), e => console.log('refused'))`]);
    assert.equal(plain.stdout.trim(), 'refused', 'no plain HTTP on a LAN address');
  });

  it('sets up and logs in over HTTPS; off loopback health is for owners and managers only', async () => {
    // The DashboardClient itself, run inside the namespace, trusting only this certificate.
    const client = new URL('../support/dashboard-client.js', import.meta.url).href;
    const script = `
      import { readFileSync } from 'node:fs';
      import { DashboardClient } from ${JSON.stringify(client)};
      const [origin, linkFile] = process.argv.slice(1);
      const token = /token=([A-Za-z0-9_-]+)/.exec(readFileSync(linkFile, 'utf8'))[1];
      const owner = new DashboardClient(origin);
      await owner.session();
      const setup = await owner.request('POST', '/api/setup', { token, username: 'owner', password: 'owner passphrase 1', businessConfirmed: true });
      const created = await owner.request('POST', '/api/users', { username: 'viewer', password: 'viewer passphrase 2', role: 'viewer' });
      const viewer = new DashboardClient(origin);
      const login = await viewer.login('viewer', 'viewer passphrase 2');
      console.log(JSON.stringify({
        setup: setup.status, created: created.status, login: login.status,
        sessionCookie: setup.setCookies.find((c) => c.includes('premises_session')) ?? null,
        ownerHealth: (await owner.request('GET', '/api/health')).status,
        viewerHealth: (await viewer.request('GET', '/api/health')).status,
        viewerStatusPage: (await viewer.request('GET', '/status')).status,
        viewerCameras: (await viewer.request('GET', '/api/cameras')).status,
      }));
    `;
    const r = await runIn(ns, ['env', `NODE_EXTRA_CA_CERTS=${cert()}`, process.execPath, '--input-type=module', '-e', script, `https://${ADDR}:${PORT}`, join(dir.path, 'data', 'setup-link.txt')]);
    const out = JSON.parse(r.stdout.trim() || '{}') as Record<string, unknown>;
    assert.equal(out['setup'], 201, `${r.stdout}\n${r.stderr}`);
    assert.equal(out['created'], 201);
    assert.equal(out['login'], 200);
    assert.match(String(out['sessionCookie']), /^__Host-premises_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Secure$/);
    assert.equal(out['ownerHealth'], 200);
    assert.equal(out['viewerHealth'], 403);
    assert.equal(out['viewerStatusPage'], 403);
    assert.equal(out['viewerCameras'], 200);
  });

  it('refuses a public listen address unless listen.allowPublic is set', () => {
    const other = tempDir('premises-dash-public-');
    try {
      const configPath = join(other.path, 'premises.yaml');
      writeFileSync(configPath, ['dataDir: ./data', 'listen: { host: 203.0.113.7, port: 8443 }', 'cameras: []', ''].join('\n'));
      const r = runCli(['start', '--config', configPath]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /not a private LAN address.*allowPublic: true/s);
    } finally {
      other.remove();
    }
  });
});
