import type { Actor, AuditLog } from '../audit/log.js';
import type { Db } from '../db/open.js';
import type { CameraConfig } from '../config/schema.js';
import { statement } from '../db/statements.js';
import type { Clock } from '../shared/clock.js';
import { PremisesError } from '../shared/errors.js';
import { redactUrl } from '../shared/redact.js';
import type { Credentials } from './onvif/digest.js';
import type { MediaProfile, OnboardedCamera } from './onvif/onboard.js';
import type { SecretBox } from './secret-box.js';

/**
 * Cameras added at run time (discovery or `camera add`) live in the index as
 * origin 'index' rows; config cameras are the lead's 'config' rows. Every
 * change here is audited in the same transaction. Credentials go in sealed
 * and come out only through indexCameraSources(), for the recorder.
 */
export interface RegistryDeps {
  db: Db;
  audit: AuditLog;
  clock: Clock;
  box: SecretBox;
}

export interface CameraSummary {
  id: string;
  name: string;
  origin: 'config' | 'index';
  /** Without credentials. */
  rtspUrl: string | null;
  /** The sub stream (grid tiles, thumbnails), without credentials: given with the RTSP address, or the ONVIF sub profile's. */
  subRtspUrl: string | null;
  createdAt: number;
  hasCredentials: boolean;
  onvif?: {
    xaddr: string;
    urn: string | null;
    manufacturer: string;
    model: string;
    firmware: string;
    mainProfile: string;
    mainCodec: string;
    subProfile: string | null;
    subRtspUrl: string | null;
    snapshotUrl: string | null;
    clockOffsetMs: number;
    clockSkewed: boolean;
    h265Only: boolean;
    profiles: MediaProfile[];
  };
}

/** What the recorder needs for one index camera. The only place credentials leave the box. */
export interface CameraSource {
  id: string;
  name: string;
  rtspUrl: string;
  credentials?: Credentials;
  /** Recorded stream codec when known (H.265-only cameras are flagged for playback). */
  codec?: string;
  /** The sub stream (given with the RTSP address, or the ONVIF sub profile's), for grid tiles and thumbnails; same credentials. */
  subRtspUrl?: string;
  /**
   * Set when the stored credentials cannot be opened (wrong key file, damaged
   * row): this camera cannot be recorded — raise an alarm for it — but the
   * others are unaffected.
   */
  credentialsError?: string;
}

export const CAMERA_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

function checkNewId(db: Db, id: string): void {
  if (!CAMERA_ID.test(id)) throw new PremisesError('InvalidArgument', `camera id "${id}": use 1-64 lower-case letters, digits, "-" or "_", starting with a letter or digit`);
  const row = db.prepare('SELECT removed_at FROM cameras WHERE id = ?').get(id) as { removed_at: number | null } | undefined;
  if (row) {
    throw new PremisesError(
      'AlreadyExists',
      row.removed_at === null ? `a camera with id "${id}" exists already; choose another --id` : `id "${id}" belonged to a removed camera whose footage may still exist; choose another --id`,
    );
  }
}

/** A camera id from a name or model: "Front Door" -> "front-door", made unique. */
export function suggestId(db: Db, base: string): string {
  const stem = base.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50) || 'camera';
  const taken = db.prepare('SELECT 1 FROM cameras WHERE id = ?');
  if (!taken.get(stem)) return stem;
  for (let i = 2; ; i++) if (!taken.get(`${stem}-${i}`)) return `${stem}-${i}`;
}

function sealCredentials(deps: RegistryDeps, id: string, credentials: Credentials): void {
  const sealed = deps.box.seal(JSON.stringify({ username: credentials.username, password: credentials.password }), id);
  deps.db
    .prepare('INSERT INTO camera_credentials (camera_id, key_id, iv, ciphertext, tag, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(id, sealed.keyId, sealed.iv, sealed.ciphertext, sealed.tag, deps.clock.now());
}

export function addOnvifCamera(
  deps: RegistryDeps,
  input: { id: string; name?: string; camera: OnboardedCamera; credentials?: Credentials; urn?: string; actor: Actor },
): CameraSummary {
  const { db, audit, clock } = deps;
  const c = input.camera;
  const name = input.name ?? ([c.device.manufacturer, c.device.model].filter(Boolean).join(' ') || input.id);
  db.transaction(() => {
    checkNewId(db, input.id);
    const now = clock.now();
    db.prepare("INSERT INTO cameras (id, name, origin, rtsp_url, created_at) VALUES (?, ?, 'index', ?, ?)").run(input.id, name, c.main.streamUri, now);
    db.prepare(
      `INSERT INTO camera_onvif (camera_id, xaddr, urn, media_xaddr, manufacturer, model, firmware, serial, hardware, main_profile, main_codec,
         sub_profile, sub_rtsp_url, snapshot_url, clock_offset_ms, clock_skewed, h265_only, profiles, onboarded_at)
       VALUES (@id, @xaddr, @urn, @media, @manufacturer, @model, @firmware, @serial, @hardware, @main, @codec, @sub, @subUrl, @snap, @offset, @skewed, @h265, @profiles, @now)`,
    ).run({
      id: input.id,
      xaddr: c.xaddr,
      urn: input.urn ?? null,
      media: c.mediaXaddr,
      manufacturer: c.device.manufacturer,
      model: c.device.model,
      firmware: c.device.firmware,
      serial: c.device.serial,
      hardware: c.device.hardware,
      main: c.main.token,
      codec: c.main.codec,
      sub: c.sub?.token ?? null,
      subUrl: c.sub?.streamUri ?? null,
      snap: c.snapshotUri ?? null,
      offset: c.clockOffsetMs,
      skewed: c.clockSkewed ? 1 : 0,
      h265: c.h265Only ? 1 : 0,
      profiles: JSON.stringify(c.profiles),
      now,
    });
    if (input.credentials) sealCredentials(deps, input.id, input.credentials);
    audit.append({
      actor: input.actor,
      action: 'camera.added',
      subject: `camera:${input.id}`,
      details: {
        origin: 'index',
        via: 'onvif',
        name,
        xaddr: c.xaddr,
        manufacturer: c.device.manufacturer,
        model: c.device.model,
        mainProfile: c.main.token,
        subProfile: c.sub?.token ?? null,
        codec: c.main.codec,
        h265Only: c.h265Only,
        clockSkewed: c.clockSkewed,
        credentials: input.credentials ? 'stored encrypted' : 'none',
      },
    });
  })();
  return getCamera(db, input.id) as CameraSummary;
}

/** A stream address as stored: rtsp(s), no user info (credentials are stored apart, sealed). `what` names it in the error. */
function streamUrl(text: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new PremisesError('InvalidArgument', `${what} "${text}" is not a URL; expected rtsp://host:554/path`);
  }
  if (url.protocol !== 'rtsp:' && url.protocol !== 'rtsps:') throw new PremisesError('InvalidArgument', `${what}: expected an rtsp:// or rtsps:// URL, got ${url.protocol}//`);
  if (url.username || url.password) {
    throw new PremisesError('InvalidArgument', `${what}: the URL contains user info; remove "user:password@" and give --username with --password-stdin`);
  }
  return url;
}

export function addRtspCamera(
  deps: RegistryDeps,
  input: { id: string; name?: string; rtspUrl: string; subRtspUrl?: string; credentials?: Credentials; actor: Actor },
): CameraSummary {
  const { db, audit, clock } = deps;
  const url = streamUrl(input.rtspUrl, 'the stream URL');
  const sub = input.subRtspUrl !== undefined ? streamUrl(input.subRtspUrl, 'the sub stream URL').toString() : null;
  db.transaction(() => {
    checkNewId(db, input.id);
    db.prepare("INSERT INTO cameras (id, name, origin, rtsp_url, sub_rtsp_url, created_at) VALUES (?, ?, 'index', ?, ?, ?)").run(input.id, input.name ?? input.id, url.toString(), sub, clock.now());
    if (input.credentials) sealCredentials(deps, input.id, input.credentials);
    audit.append({
      actor: input.actor,
      action: 'camera.added',
      subject: `camera:${input.id}`,
      details: { origin: 'index', via: 'rtsp', name: input.name ?? input.id, rtspUrl: url.toString(), subRtspUrl: sub, credentials: input.credentials ? 'stored encrypted' : 'none' },
    });
  })();
  return getCamera(db, input.id) as CameraSummary;
}

/** Remove an index camera: its row stays (footage refers to it), its credentials go. */
export function removeCamera(deps: Omit<RegistryDeps, 'box'>, id: string, actor: Actor): void {
  const { db, audit, clock } = deps;
  db.transaction(() => {
    const row = db.prepare('SELECT origin, removed_at FROM cameras WHERE id = ?').get(id) as { origin: string; removed_at: number | null } | undefined;
    if (!row || row.removed_at !== null) throw new PremisesError('NotFound', `no camera "${id}"`);
    if (row.origin !== 'index') throw new PremisesError('FailedPrecondition', `camera "${id}" comes from the configuration file; remove it there`);
    db.prepare('UPDATE cameras SET removed_at = ? WHERE id = ?').run(clock.now(), id);
    db.prepare('DELETE FROM camera_credentials WHERE camera_id = ?').run(id);
    audit.append({ actor, action: 'camera.removed', subject: `camera:${id}`, details: { origin: 'index' } });
  })();
}

interface Row {
  id: string;
  name: string;
  origin: 'config' | 'index';
  rtsp_url: string | null;
  sub_url: string | null;
  created_at: number;
  has_credentials: number;
  xaddr: string | null;
  urn: string | null;
  manufacturer: string | null;
  model: string | null;
  firmware: string | null;
  main_profile: string | null;
  main_codec: string | null;
  sub_profile: string | null;
  sub_rtsp_url: string | null;
  snapshot_url: string | null;
  clock_offset_ms: number | null;
  clock_skewed: number | null;
  h265_only: number | null;
  profiles: string | null;
}

const SELECT = `SELECT c.id, c.name, c.origin, c.rtsp_url, COALESCE(c.sub_rtsp_url, o.sub_rtsp_url) AS sub_url, c.created_at,
  (SELECT COUNT(*) FROM camera_credentials k WHERE k.camera_id = c.id) AS has_credentials,
  o.xaddr, o.urn, o.manufacturer, o.model, o.firmware, o.main_profile, o.main_codec, o.sub_profile, o.sub_rtsp_url,
  o.snapshot_url, o.clock_offset_ms, o.clock_skewed, o.h265_only, o.profiles
  FROM cameras c LEFT JOIN camera_onvif o ON o.camera_id = c.id`;

function summary(r: Row): CameraSummary {
  const s: CameraSummary = { id: r.id, name: r.name, origin: r.origin, rtspUrl: r.rtsp_url, subRtspUrl: r.sub_url, createdAt: r.created_at, hasCredentials: r.has_credentials > 0 };
  if (r.xaddr !== null) {
    s.onvif = {
      xaddr: r.xaddr,
      urn: r.urn,
      manufacturer: r.manufacturer ?? '',
      model: r.model ?? '',
      firmware: r.firmware ?? '',
      mainProfile: r.main_profile ?? '',
      mainCodec: r.main_codec ?? '',
      subProfile: r.sub_profile,
      subRtspUrl: r.sub_rtsp_url,
      snapshotUrl: r.snapshot_url,
      clockOffsetMs: r.clock_offset_ms ?? 0,
      clockSkewed: r.clock_skewed === 1,
      h265Only: r.h265_only === 1,
      profiles: JSON.parse(r.profiles ?? '[]') as MediaProfile[],
    };
  }
  return s;
}

/** A camera id the index has ever known (removed ones too: their footage and holds still name them). */
export function cameraInIndex(db: Db, id: string): boolean {
  return statement(db, 'SELECT 1 FROM cameras WHERE id = ?').get(id) !== undefined;
}

/** Known to the config file or to the index: what commands naming a camera accept. */
export function isKnownCamera(config: { cameras: readonly { id: string }[] }, db: Db, id: string): boolean {
  return config.cameras.some((c) => c.id === id) || cameraInIndex(db, id);
}

export interface ClockReading {
  offsetMs: number;
  skewed: boolean;
  measuredAt: number;
}

/** The clock offset each ONVIF camera showed when it was added, by camera id. */
export function onvifClockReadings(db: Db): Map<string, ClockReading> {
  const rows = statement(db, 'SELECT camera_id, clock_offset_ms, clock_skewed, onboarded_at FROM camera_onvif').all() as {
    camera_id: string;
    clock_offset_ms: number;
    clock_skewed: number;
    onboarded_at: number;
  }[];
  return new Map(rows.map((r) => [r.camera_id, { offsetMs: r.clock_offset_ms, skewed: r.clock_skewed === 1, measuredAt: r.onboarded_at }]));
}

export function getCamera(db: Db, id: string): CameraSummary | undefined {
  const r = db.prepare(`${SELECT} WHERE c.id = ? AND c.removed_at IS NULL`).get(id) as Row | undefined;
  return r ? summary(r) : undefined;
}

/** Every camera not removed, config and index, without credentials: safe for the API and the CLI. */
export function listCameras(db: Db): CameraSummary[] {
  return (db.prepare(`${SELECT} WHERE c.removed_at IS NULL ORDER BY c.id`).all() as Row[]).map(summary);
}

/**
 * For the recorder: every index camera to record, with its RTSP URL (no user
 * info) and decrypted credentials. Insert the credentials into the URL only
 * when spawning ffmpeg (config/credentials.ts urlWithCredentials) and never log them.
 */
export function indexCameraSources(db: Db, box: SecretBox): CameraSource[] {
  const rows = db
    .prepare(
      `SELECT c.id, c.name, c.rtsp_url, o.main_codec, COALESCE(c.sub_rtsp_url, o.sub_rtsp_url) AS sub_rtsp_url, k.key_id, k.iv, k.ciphertext, k.tag
       FROM cameras c LEFT JOIN camera_onvif o ON o.camera_id = c.id LEFT JOIN camera_credentials k ON k.camera_id = c.id
       WHERE c.origin = 'index' AND c.removed_at IS NULL AND c.rtsp_url IS NOT NULL ORDER BY c.id`,
    )
    .all() as { id: string; name: string; rtsp_url: string; main_codec: string | null; sub_rtsp_url: string | null; key_id: string | null; iv: Buffer | null; ciphertext: Buffer | null; tag: Buffer | null }[];
  return rows.map((r) => {
    const source: CameraSource = { id: r.id, name: r.name, rtspUrl: r.rtsp_url };
    if (r.main_codec) source.codec = r.main_codec;
    if (r.sub_rtsp_url) source.subRtspUrl = r.sub_rtsp_url;
    if (r.key_id && r.iv && r.ciphertext && r.tag) {
      try {
        const plain = JSON.parse(box.open({ keyId: r.key_id, iv: r.iv, ciphertext: r.ciphertext, tag: r.tag }, r.id)) as Credentials;
        source.credentials = { username: plain.username, password: plain.password };
      } catch (err) {
        source.credentialsError = err instanceof Error ? err.message : String(err);
      }
    }
    return source;
  });
}

/** Insert the camera row, or refresh its name and address; true when it is new. */
export function ensureCamera(db: Db, id: string, name: string, origin: 'config' | 'index', rtspUrl: string | null, now: number): boolean {
  const info = db
    .prepare('INSERT INTO cameras (id, name, origin, rtsp_url, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING')
    .run(id, name, origin, rtspUrl, now);
  if (info.changes === 0) {
    db.prepare('UPDATE cameras SET name = ?, rtsp_url = COALESCE(?, rtsp_url), removed_at = NULL WHERE id = ?').run(name, rtspUrl, id);
  }
  return info.changes > 0;
}

/** The YAML's cameras as 'config' rows (address without credentials); a camera seen for the first time is audited. */
export function registerConfigCameras(deps: Omit<RegistryDeps, 'box'>, cameras: readonly CameraConfig[]): void {
  const { db, audit, clock } = deps;
  db.transaction(() => {
    for (const camera of cameras) {
      const source = camera.rtsp ? redactUrl(camera.rtsp) : (camera.onvif?.xaddr ?? null);
      if (ensureCamera(db, camera.id, camera.name ?? camera.id, 'config', source, clock.now())) {
        audit.append({ actor: 'system', action: 'camera.added', subject: `camera:${camera.id}`, details: { origin: 'config', source } });
      }
    }
  })();
}
