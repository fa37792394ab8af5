import { spawnSync } from 'node:child_process';
import { DashboardClient } from './dashboard-client.js';
import { CLI } from './premises.js';

/**
 * Run inside Premises' namespace (its API listens on that loopback): make
 * the owner account from a setup link if none exists yet, log in, and print
 * the answer of one GET. argv: CONFIG PORT PATH
 */
const [config = '', port = '', path = '/api/network'] = process.argv.slice(2);
const owner = new DashboardClient(`http://127.0.0.1:${port}`);
await owner.session();
const link = spawnSync(process.execPath, [CLI, 'setup-link', '--config', config], { encoding: 'utf8' });
const token = /token=([A-Za-z0-9_-]+)/.exec(link.stdout)?.[1];
if (token) await owner.request('POST', '/api/setup', { token, username: 'owner', password: 'owner passphrase 1', businessConfirmed: true });
if (!owner.cookies.has('premises_session')) await owner.login('owner', 'owner passphrase 1');
const reply = await owner.request('GET', path);
process.stdout.write(JSON.stringify({ status: reply.status, body: reply.body }));
