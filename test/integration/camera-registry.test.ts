import { MIGRATIONS } from '../../src/db/migrations/index.js';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AuditLog } from '../../src/audit/log.js';
import type { OnboardedCamera } from '../../src/cameras/onvif/onboard.js';
import { addOnvifCamera, addRtspCamera, indexCameraSources, listCameras, removeCamera, suggestId } from '../../src/cameras/registry.js';
import { KEY_FILE, SecretBox } from '../../src/cameras/secret-box.js';
import { indexCameras } from '../../src/recorder/sources.js';
import { openDb, schemaVersion, type Db } from '../../src/db/open.js';
import { FakeClock } from '../../src/shared/clock.js';

const CAMERA: OnboardedCamera = {
  xaddr: 'http://10.0.0.5/onvif/device_service',
  mediaXaddr: 'http://10.0.0.5/onvif/media_service',
  device: { manufacturer: 'Acme', model: 'IPC-1', firmware: '1.2', serial: 'S1', hardware: 'HW' },
  clockOffsetMs: 120_000,
  clockSkewed: true,
  profiles: [
    { token: 'main', name: 'Main', codec: 'H265', encoding: 'H265', width: 2560, height: 1440 },
    { token: 'sub', name: 'Sub', codec: 'H265', encoding: 'H265', width: 640, height: 360 },
  ],
  main: { token: 'main', name: 'Main', codec: 'H265', encoding: 'H265', width: 2560, height: 1440, streamUri: 'rtsp://10.0.0.5:554/main' },
  sub: { token: 'sub', name: 'Sub', codec: 'H265', encoding: 'H265', width: 640, height: 360, streamUri: 'rtsp://10.0.0.5:554/sub' },
  snapshotUri: 'http://10.0.0.5/snap.jpg',
  h265Only: true,
  warnings: [],
};
const SECRET = 'Sup3r$ecret-pw';

void describe('camera registry (real SQLite file, real key file)', () => {
  let dir: string;
  let db: Db;
  let box: SecretBox;
  const clock = new FakeClock();

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'premises-registry-'));
    db = openDb(join(dir, 'index.db'));
    box = SecretBox.open(join(dir, 'keys'));
  });
  after(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  void it('migrates to the latest version and creates the key file 0600 in a 0700 directory', () => {
    assert.equal(schemaVersion(db), MIGRATIONS.at(-1)?.version);
    assert.equal(statSync(join(dir, 'keys', KEY_FILE)).mode & 0o777, 0o600);
    assert.equal(statSync(join(dir, 'keys')).mode & 0o777, 0o700);
    assert.equal(readFileSync(join(dir, 'keys', KEY_FILE)).length, 32);
    // Opening again reuses the same key.
    assert.equal(SecretBox.open(join(dir, 'keys')).keyId, box.keyId);
  });

  void it('adds an ONVIF camera as an index row, audited, credentials encrypted', () => {
    const audit = new AuditLog(db, clock);
    const cam = addOnvifCamera({ db, audit, clock, box }, { id: 'yard', camera: CAMERA, credentials: { username: 'admin', password: SECRET }, actor: 'cli:test' });
    assert.equal(cam.origin, 'index');
    assert.equal(cam.rtspUrl, 'rtsp://10.0.0.5:554/main');
    assert.equal(cam.onvif?.h265Only, true);
    assert.equal(cam.onvif?.clockSkewed, true);
    assert.equal(cam.hasCredentials, true);
    const raw = readFileSync(join(dir, 'index.db'));
    assert.equal(raw.includes(Buffer.from(SECRET)), false, 'the password is in the index file in clear');
    const entry = db.prepare("SELECT actor, action, subject, details FROM audit_log WHERE action = 'camera.added'").get() as { actor: string; subject: string; details: string };
    assert.equal(entry.subject, 'camera:yard');
    assert.equal(entry.actor, 'cli:test');
    assert.equal(entry.details.includes(SECRET), false);
    assert.equal(JSON.stringify(listCameras(db)).includes(SECRET), false);
    assert.throws(() => addOnvifCamera({ db, audit, clock, box }, { id: 'yard', camera: CAMERA, actor: 'cli:test' }), /exists already/);
  });

  void it('gives the recorder each index camera with its URL and decrypted credentials', () => {
    const audit = new AuditLog(db, clock);
    addRtspCamera({ db, audit, clock, box }, { id: 'plain', rtspUrl: 'rtsp://192.168.1.9/live', actor: 'cli:test' });
    assert.throws(() => addRtspCamera({ db, audit, clock, box }, { id: 'bad', rtspUrl: 'rtsp://u:p@192.168.1.9/live', actor: 'cli:test' }), /user info/);
    const sources = indexCameraSources(db, box);
    assert.deepEqual(sources, [
      { id: 'plain', name: 'plain', rtspUrl: 'rtsp://192.168.1.9/live' },
      { id: 'yard', name: 'Acme IPC-1', rtspUrl: 'rtsp://10.0.0.5:554/main', codec: 'H265', subRtspUrl: 'rtsp://10.0.0.5:554/sub', credentials: { username: 'admin', password: SECRET } },
    ]);
    assert.equal(suggestId(db, 'Yard'), 'yard-2');
  });

  void it("offers the live view an ONVIF camera's sub profile with the same credentials, and nothing for a camera without one", async () => {
    const cameras = indexCameras(db, box, new Set());
    const yard = cameras.find((c) => c.config.id === 'yard');
    assert.deepEqual(await yard?.resolveSubSource?.(), { rtspUrl: 'rtsp://10.0.0.5:554/sub', credentials: { username: 'admin', password: SECRET } });
    assert.deepEqual(await yard?.resolveSource(), { rtspUrl: 'rtsp://10.0.0.5:554/main', credentials: { username: 'admin', password: SECRET } });
    assert.equal(cameras.find((c) => c.config.id === 'plain')?.resolveSubSource === undefined, true, 'a plain RTSP camera falls back to its one stream');
  });

  void it('keeps the sub stream given with an RTSP address (migration 22), without user info, audited', async () => {
    const audit = new AuditLog(db, clock);
    assert.throws(
      () => addRtspCamera({ db, audit, clock, box }, { id: 'lobby', rtspUrl: 'rtsp://192.168.1.11/s1', subRtspUrl: 'rtsp://u:p@192.168.1.11/s2', actor: 'cli:test' }),
      /the sub stream URL: the URL contains user info/,
    );
    assert.throws(() => addRtspCamera({ db, audit, clock, box }, { id: 'lobby', rtspUrl: 'rtsp://192.168.1.11/s1', subRtspUrl: 'http://192.168.1.11/s2', actor: 'cli:test' }), /the sub stream URL: expected an rtsp/);
    const cam = addRtspCamera({ db, audit, clock, box }, { id: 'lobby', rtspUrl: 'rtsp://192.168.1.11/s1', subRtspUrl: 'rtsp://192.168.1.11/s2', credentials: { username: 'v', password: 'w' }, actor: 'cli:test' });
    assert.equal(cam.subRtspUrl, 'rtsp://192.168.1.11/s2');
    assert.equal(listCameras(db).find((c) => c.id === 'yard')?.subRtspUrl, 'rtsp://10.0.0.5:554/sub', "an ONVIF camera's sub profile is its sub stream");
    assert.equal(listCameras(db).find((c) => c.id === 'plain')?.subRtspUrl, null);
    const lobby = indexCameras(db, box, new Set()).find((c) => c.config.id === 'lobby');
    assert.deepEqual(await lobby?.resolveSubSource?.(), { rtspUrl: 'rtsp://192.168.1.11/s2', credentials: { username: 'v', password: 'w' } });
    const entry = db.prepare("SELECT details FROM audit_log WHERE action = 'camera.added' AND subject = 'camera:lobby'").get() as { details: string };
    assert.equal((JSON.parse(entry.details) as { subRtspUrl: string }).subRtspUrl, 'rtsp://192.168.1.11/s2');
    removeCamera({ db, audit, clock }, 'lobby', 'cli:test');
  });

  void it('refuses credentials moved to another camera row (the camera id is authenticated data)', () => {
    const audit = new AuditLog(db, clock);
    addRtspCamera({ db, audit, clock, box }, { id: 'thief', rtspUrl: 'rtsp://192.168.1.10/live', credentials: { username: 'x', password: 'y' }, actor: 'cli:test' });
    db.prepare("UPDATE camera_credentials SET iv = (SELECT iv FROM camera_credentials WHERE camera_id = 'yard'), ciphertext = (SELECT ciphertext FROM camera_credentials WHERE camera_id = 'yard'), tag = (SELECT tag FROM camera_credentials WHERE camera_id = 'yard') WHERE camera_id = 'thief'").run();
    const sources = indexCameraSources(db, box);
    const thief = sources.find((x) => x.id === 'thief');
    assert.match(thief?.credentialsError ?? '', /do not decrypt/);
    assert.equal(thief?.credentials, undefined);
    // One damaged row does not stop the others.
    assert.equal(sources.find((x) => x.id === 'yard')?.credentials?.password, SECRET);
    removeCamera({ db, audit, clock }, 'thief', 'cli:test');
  });

  void it('removes a camera: row kept with removed_at, credentials deleted, audited', () => {
    const audit = new AuditLog(db, clock);
    removeCamera({ db, audit, clock }, 'yard', 'cli:test');
    assert.equal(listCameras(db).some((c) => c.id === 'yard'), false);
    assert.equal((db.prepare("SELECT COUNT(*) AS n FROM camera_credentials WHERE camera_id = 'yard'").get() as { n: number }).n, 0);
    assert.ok(db.prepare("SELECT 1 FROM audit_log WHERE action = 'camera.removed' AND subject = 'camera:yard'").get());
    assert.throws(() => removeCamera({ db, audit, clock }, 'yard', 'cli:test'), /no camera/);
    assert.throws(() => addRtspCamera({ db, audit, clock, box }, { id: 'yard', rtspUrl: 'rtsp://10.0.0.1/x', actor: 'cli:test' }), /removed camera/);
  });

  void it('refuses a key file others can read', () => {
    chmodSync(join(dir, 'keys', KEY_FILE), 0o644);
    try {
      assert.throws(() => SecretBox.open(join(dir, 'keys')), /chmod 600/);
    } finally {
      chmodSync(join(dir, 'keys', KEY_FILE), 0o600);
    }
  });
});
