import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDb } from '../../src/db/open.js';
import { DataLayout } from '../../src/shared/data-layout.js';
import type { DashboardClient } from '../support/dashboard-client.js';
import { cookieOf, rawGet, setupOwner } from '../support/playback.js';
import { PremisesProcess, readIndex, REPO_ROOT, tempDir, writeConfig } from '../support/premises.js';
import { RtspServer } from '../support/rtsp.js';

/**
 * Path traversal on every route that serves a file — the segment route and
 * the static web root — against a real `premises start` recording one
 * GStreamer camera: `..`, `%2e%2e`, `%2f`, absolute paths, NUL, symlinks
 * planted in the recordings folder and index rows pointing outside it. Every
 * attempt gets a 4xx and never the content of a file outside.
 */
const MARKER = 'OUTSIDE-SECRET-MARKER';
const LEAKS = [MARKER, 'root:x:0', '"name": "premises"', 'IN-DATA-DIR-MARKER'];

describe('path traversal on the routes that serve files', () => {
  const dir = tempDir('premises-traversal-');
  let rtsp: RtspServer;
  let premises: PremisesProcess;
  let origin = '';
  let dataDir = '';
  let owner: DashboardClient;
  let session = '';
  let realId = 0;
  const planted = new Map<string, number>();

  before(async () => {
    rtsp = await RtspServer.start({ door: 'live:320x240@15' });
    const config = await writeConfig(dir.path, [{ id: 'door', rtsp: rtsp.url('door') }], { segment: '1s' });
    origin = `http://127.0.0.1:${config.port}`;
    dataDir = join(dir.path, 'data');
    premises = await PremisesProcess.startRecording(config.path, config.port);
    owner = await setupOwner(premises, origin);

    // Files outside the recordings folder: one outside the data dir, one in the data dir but not under recordings.
    const outside = join(dir.path, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.mp4'), `${MARKER}\n`.repeat(100));
    writeFileSync(join(dataDir, 'secret-in-data.mp4'), 'IN-DATA-DIR-MARKER\n'.repeat(100));
    const layout = new DataLayout(dataDir);
    const now = Date.now();
    const day = new Date(now).toISOString().slice(0, 10);
    mkdirSync(join(layout.recordingsRoot, 'door', day), { recursive: true });
    symlinkSync(join(outside, 'secret.mp4'), join(layout.recordingsRoot, 'door', day, 'planted-link.mp4'));
    symlinkSync(outside, join(layout.recordingsRoot, 'door', 'planted-dir'));
    symlinkSync('/etc/passwd', join(layout.recordingsRoot, 'door', day, 'passwd.mp4'));

    // Index rows as a damaged or tampered index could hold them, inside the viewing window.
    const rows: Record<string, string> = {
      'relative escape': '../../outside/secret.mp4',
      'escape into the data dir': '../secret-in-data.mp4',
      'absolute path': join(outside, 'secret.mp4'),
      'absolute /etc/passwd': '/etc/passwd',
      'escape after the camera folder': 'door/../../../outside/secret.mp4',
      'symlinked file': `door/${day}/planted-link.mp4`,
      'symlink to /etc/passwd': `door/${day}/passwd.mp4`,
      'symlinked directory': 'door/planted-dir/secret.mp4',
      'NUL in the path': `door/${day}/x.mp4\0/../../../../outside/secret.mp4`,
      'percent-encoded dots': '%2e%2e/%2e%2e/outside/secret.mp4',
      'the recordings root itself': '.',
    };
    const db = openDb(layout.indexPath);
    try {
      const run = db.prepare('SELECT id FROM runs WHERE camera_id = ? ORDER BY id DESC LIMIT 1').get('door') as { id: number };
      const insert = db.prepare('INSERT INTO segments (camera_id, run_id, start_ms, end_ms, bytes, sha256, path) VALUES (?, ?, ?, ?, ?, ?, ?)');
      let t = now - 30 * 60_000;
      for (const [name, path] of Object.entries(rows)) {
        planted.set(name, Number(insert.run('door', run.id, t, t + 1000, 1900, 'a'.repeat(64), path).lastInsertRowid));
        t += 2000;
      }
    } finally {
      db.close();
    }
    realId = readIndex<{ id: number }>(dataDir, "SELECT id FROM segments WHERE camera_id = 'door' AND sha256 != ? ORDER BY id LIMIT 1", 'a'.repeat(64))[0]?.id ?? 0;
    const started = await owner.request('POST', '/api/cameras/door/playback', {
      from: new Date(now - 3_600_000).toISOString(),
      to: new Date(now + 3_600_000).toISOString(),
      reason: 'incident',
    });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    session = started.body['sessionId'] as string;
  });

  after(async () => {
    await premises?.stop();
    await rtsp?.stop();
    dir.remove();
  });

  const refused = async (path: string): Promise<string | undefined> => {
    const r = await rawGet(origin, path, cookieOf(owner));
    const text = r.body.toString('latin1');
    if (r.status < 400 || r.status >= 500) return `${path}: ${r.status}`;
    const leak = LEAKS.find((l) => text.includes(l));
    return leak ? `${path}: leaked ${leak}` : undefined;
  };

  it('serves a real segment in the session (the refusals below are not for a bad session)', async () => {
    assert.ok(realId > 0);
    const r = await rawGet(origin, `/api/segments/${realId}?session=${session}`, cookieOf(owner));
    assert.equal(r.status, 200);
    assert.equal(r.body.subarray(4, 8).toString('latin1'), 'ftyp', 'an MP4 file');
  });

  it('refuses every index row that points outside the recordings folder, or at a symlink, with a 4xx', async () => {
    const failures: string[] = [];
    for (const [name, id] of planted) {
      const problem = await refused(`/api/segments/${id}?session=${session}`);
      if (problem) failures.push(`${name}: ${problem}`);
    }
    assert.deepEqual(failures, []);
    assert.match(premises.output.join(''), /refused to serve a segment file/, 'a tampered row is logged');
  });

  it('refuses traversal in the segment route URL', async () => {
    const s = `session=${session}`;
    const paths = [
      `/api/segments/..%2f..%2f..%2foutside%2fsecret.mp4?${s}`,
      `/api/segments/%2e%2e%2f%2e%2e%2fpackage.json?${s}`,
      `/api/segments/%2e%2e/%2e%2e/package.json?${s}`,
      `/api/segments/../../package.json?${s}`,
      `/api/segments/${realId}/../../../etc/passwd?${s}`,
      `/api/segments/${realId}%2f..%2f..%2fetc%2fpasswd?${s}`,
      `/api/segments/%2fetc%2fpasswd?${s}`,
      `/api/segments//etc/passwd?${s}`,
      `/api/segments/${encodeURIComponent(join(dir.path, 'outside', 'secret.mp4'))}?${s}`,
      `/api/segments/%00?${s}`,
      `/api/segments/${realId}%00?${s}`,
      `/api/segments/${realId}%00.mp4?${s}`,
      `/api/segments/-1?${s}`,
      `/api/segments/0x10?${s}`,
      `/api/segments/1e3?${s}`,
      `/api/segments/${realId}?session=${session}%00`,
      `/api/segments/${realId}?session=..%2f..%2fetc%2fpasswd`,
      `/api/segments/${realId}?session=${session}&session=${session}`,
      `/api/segments/${realId}?session[]=${session}`,
    ];
    const failures = (await Promise.all(paths.map(refused))).filter((p) => p !== undefined);
    assert.deepEqual(failures, []);
  });

  it('refuses traversal in the static web root', async () => {
    const paths = [
      '/../package.json',
      '/../../package.json',
      '/assets/../../package.json',
      '/assets/..%2f..%2fpackage.json',
      '/%2e%2e/%2e%2e/package.json',
      '/%2e%2e%2f%2e%2e%2fpackage.json',
      '/..%5c..%5cpackage.json',
      '/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '//etc/passwd',
      '/%2fetc%2fpasswd',
      `/${encodeURIComponent(join(REPO_ROOT, 'package.json'))}`,
      `${join(REPO_ROOT, 'package.json')}`,
      '/%00',
      '/index.html%00',
      '/index.html%00.js',
      '/assets/%00',
      '/.vite/manifest.json',
      '/%2e%2e/data/index.db',
    ];
    const failures = (await Promise.all(paths.map(refused))).filter((p) => p !== undefined);
    assert.deepEqual(failures, []);
  });
});
