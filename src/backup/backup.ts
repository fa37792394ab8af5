import { createHash } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  copyFileSync,
  createReadStream,
  existsSync,
  fsyncSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AuditLog, sha256Hex, type Actor } from '../audit/log.js';
import { parseConfig, formatProblems } from '../config/load.js';
import { openDb, schemaVersion, type Db } from '../db/open.js';
import { SigningKey } from '../keys/signing.js';
import { DataLayout } from '../shared/data-layout.js';
import type { Clock } from '../shared/clock.js';
import { errorMessage, PremisesError } from '../shared/errors.js';
import { tarStream, type OutgoingFile } from '../egress/tar.js';
import { fsyncDir, fsyncPath, mkdirDurable } from '../shared/fsync.js';
import { checkPassphrase, unseal, type Sealed } from './crypto.js';
import { sealStream, unsealStream } from './sealed-stream.js';
import { BackupStore, type BackupTrigger } from './store.js';
import { extractTar } from './tar-read.js';
import { fileSha256 } from './digest.js';

/**
 * A backup is one sealed archive, <dataDir>/backups/premises-backup-<UTC>.pbk:
 * a ustar stream of a consistent snapshot of the index (SQLite online backup,
 * taken while Premises runs), the configuration file, the keys and a
 * manifest with each file's sha256, encrypted and authenticated as a whole
 * (sealed-stream.ts, docs/backup.md). Nothing of it is ever left in clear:
 * the snapshot is taken into a private working folder that is removed at the
 * end, the archive is written under `.part`, fsynced and renamed. Footage is
 * not in it (it is far too big and has its own lifetime).
 * Older installs wrote a folder (format premises-backup-v1); restore still reads those.
 */
export const MANIFEST = 'manifest.json';
export const MANIFEST_FORMAT = 'premises-backup-v1';
export const ARCHIVE_FORMAT = 'premises-backup-v2';
export const ARCHIVE_ROOT = 'premises-backup';
export const ARCHIVE_SUFFIX = '.pbk';
export const PART_SUFFIX = '.part';
/** Working folders inside backups/ (the snapshot in clear while it is sealed) start with this. */
export const WORK_PREFIX = '.work-';

export interface Manifest {
  format: typeof MANIFEST_FORMAT | typeof ARCHIVE_FORMAT;
  createdAt: string;
  schemaVersion: number;
  keyFingerprint: string | null;
  /** UUID in recordings/.premises-db when the backup was made (the recordings it belongs to). */
  recordingsUuid: string | null;
  files: Record<string, { sha256: string; bytes: number }>;
}

interface KeyBundle {
  files: Record<string, { mode: number; data: string }>;
}

function writeDurable(path: string, data: string | Buffer, mode = 0o600): void {
  const fd = openSync(path, 'wx', mode);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fileEntry(path: string): { sha256: string; bytes: number } {
  const data = readFileSync(path);
  return { sha256: sha256Hex(data), bytes: data.length };
}

export interface BackupOptions {
  db: Db;
  layout: DataLayout;
  configText: string;
  passphrase: string;
  audit: AuditLog;
  clock: Clock;
  actor: Actor;
  trigger?: BackupTrigger;
}

export interface BackupResult {
  id: number;
  path: string;
  bytes: number;
  sha256: string;
}

/** `premises-backup-20261206T033000Z.pbk` (a second-resolution UTC stamp; a clash gets -2, -3…). */
function archiveName(layout: DataLayout, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  let name = `premises-backup-${stamp}${ARCHIVE_SUFFIX}`;
  for (let n = 2; existsSync(join(layout.backupsDir, name)) || existsSync(join(layout.backupsDir, name + PART_SUFFIX)); n++) {
    name = `premises-backup-${stamp}-${n}${ARCHIVE_SUFFIX}`;
  }
  return name;
}

export async function createBackup(opts: BackupOptions): Promise<BackupResult> {
  const { db, layout, clock, audit } = opts;
  checkPassphrase(opts.passphrase);
  const key = SigningKey.loadOrCreate(layout.keysDir); // a backup without the key could not prove anything later
  mkdirDurable(layout.backupsDir);
  chmodSync(layout.backupsDir, 0o700);
  const trigger = opts.trigger ?? 'manual';
  const store = new BackupStore(db);
  const name = archiveName(layout, clock.now());
  const id = store.start(name, trigger, clock.now());
  const work = join(layout.backupsDir, `${WORK_PREFIX}${id}`);
  const part = join(layout.backupsDir, name + PART_SUFFIX);
  const final = join(layout.backupsDir, name);
  try {
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { mode: 0o700 });
    await db.backup(join(work, 'index.db'));
    writeDurable(join(work, 'config.yaml'), opts.configText);
    const files: OutgoingFile[] = [];
    const add = async (name: string, path: string) => files.push({ name, path, ...(await fileSha256(path)) });
    await add('index.db', join(work, 'index.db'));
    await add('config.yaml', join(work, 'config.yaml'));
    for (const k of readdirSync(layout.keysDir).sort()) {
      const p = join(layout.keysDir, k);
      if (statSync(p).isFile()) await add(`keys/${k}`, p);
    }
    const manifest: Manifest = {
      format: ARCHIVE_FORMAT,
      createdAt: new Date(clock.now()).toISOString(),
      schemaVersion: schemaVersion(db),
      keyFingerprint: key.fingerprint(),
      recordingsUuid: existsSync(layout.dbUuidPath) ? readFileSync(layout.dbUuidPath, 'utf8').trim() : null,
      files: Object.fromEntries(files.map((f) => [f.name, { sha256: f.sha256, bytes: f.bytes }])),
    };
    writeDurable(join(work, MANIFEST), JSON.stringify(manifest, null, 2));
    const all = [{ name: MANIFEST, path: join(work, MANIFEST), ...fileEntry(join(work, MANIFEST)) }, ...files];

    const hash = createHash('sha256');
    let bytes = 0;
    const fd = openSync(part, 'wx', 0o600);
    try {
      for await (const chunk of sealStream(tarStream(ARCHIVE_ROOT, all, Math.floor(clock.now() / 1000)), opts.passphrase)) {
        hash.update(chunk);
        bytes += chunk.length;
        writeSync(fd, chunk);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(part, final);
    fsyncDir(layout.backupsDir);
    const sha256 = hash.digest('hex');
    db.transaction(() => {
      store.done(id, clock.now(), bytes, sha256);
      audit.append({
        actor: opts.actor,
        action: 'backup.created',
        subject: `backup:${id}`,
        details: { file: final, trigger, bytes, sha256, sealed: 'scrypt + AES-256-GCM (premises-sealed-backup-v1)', files: Object.fromEntries(Object.entries(manifest.files).map(([n, f]) => [n, f.sha256])) },
      });
    })();
    return { id, path: final, bytes, sha256 };
  } catch (err) {
    rmSync(part, { force: true });
    if (db.open) {
      db.transaction(() => {
        store.ended(id, 'failed', clock.now(), errorMessage(err));
        audit.append({ actor: opts.actor, action: 'backup.failed', subject: `backup:${id}`, details: { file: final, trigger, reason: errorMessage(err) } });
      })();
    }
    throw err;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function readManifest(backupDir: string): Manifest {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(join(backupDir, MANIFEST), 'utf8')) as Manifest;
  } catch (err) {
    throw new PremisesError('InvalidArgument', `${backupDir} is not a Premises backup (${(err as Error).message})`);
  }
  if (manifest.format !== MANIFEST_FORMAT && manifest.format !== ARCHIVE_FORMAT) throw new PremisesError('InvalidArgument', `${backupDir}: unknown backup format "${String(manifest.format)}"`);
  for (const [name, expected] of Object.entries(manifest.files)) {
    const actual = fileEntry(join(backupDir, name));
    if (actual.sha256 !== expected.sha256) throw new PremisesError('DataLoss', `${join(backupDir, name)} does not match the backup manifest: the backup is damaged or was altered`);
  }
  return manifest;
}

/** Decrypt and unpack a sealed archive into `dest` (an empty private folder), then check every file against its manifest. */
export async function unsealArchive(archive: string, passphrase: string, dest: string): Promise<Manifest> {
  await extractTar(unsealStream(createReadStream(archive) as AsyncIterable<Buffer>, passphrase), dest, ARCHIVE_ROOT);
  const manifest = readManifest(dest);
  if (manifest.format !== ARCHIVE_FORMAT) throw new PremisesError('DataLoss', `${archive}: its manifest says format ${manifest.format}, not ${ARCHIVE_FORMAT}`);
  return manifest;
}

/**
 * Restore onto a new machine from a sealed archive (or an older backup
 * folder): writes the configuration to `configOut`, the index and the keys
 * into the data directory it names. Refuses to overwrite an existing index,
 * configuration or key. The archive is decrypted and every part
 * authenticated into a private staging folder first; nothing is put in
 * place unless all of it is intact. The recordings folder is not touched;
 * its UUID check refuses recordings that belong to another index.
 */
export async function restoreBackup(opts: { backup: string; configOut: string; passphrase: string; clock: Clock; actor: Actor }): Promise<{ dataDir: string; manifest: Manifest }> {
  const configOut = resolve(opts.configOut);
  if (existsSync(configOut)) throw new PremisesError('AlreadyExists', `${configOut} exists; restore writes a new configuration file, give another path`);
  if (statSync(opts.backup).isDirectory()) return restoreFolder(opts.backup, configOut, opts);
  mkdirDurable(dirname(configOut));
  const staging = mkdtempSync(join(dirname(configOut), '.premises-restore-'));
  try {
    chmodSync(staging, 0o700);
    const manifest = await unsealArchive(opts.backup, opts.passphrase, staging);
    const keys: KeyBundle = { files: {} };
    const keysDir = join(staging, 'keys');
    for (const name of existsSync(keysDir) ? readdirSync(keysDir) : []) keys.files[name] = { mode: 0o600, data: readFileSync(join(keysDir, name)).toString('base64') };
    return place({ from: opts.backup, staging, manifest, keys, configOut, clock: opts.clock, actor: opts.actor });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function restoreFolder(backupDir: string, configOut: string, opts: { passphrase: string; clock: Clock; actor: Actor }): { dataDir: string; manifest: Manifest } {
  const manifest = readManifest(backupDir);
  const keys = JSON.parse(unseal(JSON.parse(readFileSync(join(backupDir, 'keys.sealed.json'), 'utf8')) as Sealed, opts.passphrase).toString('utf8')) as KeyBundle;
  return place({ from: backupDir, staging: backupDir, manifest, keys, configOut, clock: opts.clock, actor: opts.actor });
}

function place(o: { from: string; staging: string; manifest: Manifest; keys: KeyBundle; configOut: string; clock: Clock; actor: Actor }): { dataDir: string; manifest: Manifest } {
  const { configOut, manifest } = o;
  const configText = readFileSync(join(o.staging, 'config.yaml'), 'utf8');
  const { config, problems } = parseConfig(configText);
  if (!config) throw new PremisesError('InvalidArgument', `the configuration in the backup is not valid:\n${formatProblems('config.yaml', problems)}`);
  const layout = new DataLayout(resolve(dirname(configOut), config.dataDir));
  if (existsSync(layout.indexPath)) throw new PremisesError('AlreadyExists', `${layout.indexPath} exists; restore only into an empty data directory`);
  if (existsSync(layout.keysDir) && readdirSync(layout.keysDir).length > 0) throw new PremisesError('AlreadyExists', `${layout.keysDir} already holds keys`);

  mkdirDurable(dirname(configOut));
  mkdirDurable(layout.dataDir);
  mkdirSync(layout.keysDir, { recursive: true, mode: 0o700 });
  chmodSync(layout.keysDir, 0o700);
  for (const [name, file] of Object.entries(o.keys.files)) {
    if (name.includes('/') || name.startsWith('.')) throw new PremisesError('InvalidArgument', `unexpected key file name "${name}" in the backup`);
    // Private material is never restored more open than 0600, whatever the backup says.
    writeDurable(join(layout.keysDir, name), Buffer.from(file.data, 'base64'), 0o600);
    chmodSync(join(layout.keysDir, name), name.endsWith('.pub.pem') ? 0o644 : 0o600);
  }
  fsyncDir(layout.keysDir);
  copyFileSync(join(o.staging, 'index.db'), layout.indexPath);
  fsyncPath(layout.indexPath);
  fsyncDir(layout.dataDir);
  writeDurable(configOut, configText, 0o640);
  fsyncDir(dirname(configOut));

  const db = openDb(layout.indexPath);
  try {
    new AuditLog(db, o.clock).append({
      actor: o.actor,
      action: 'backup.restored',
      subject: 'backup',
      details: { from: o.from, format: manifest.format, createdAt: manifest.createdAt, recordingsUuid: manifest.recordingsUuid },
    });
  } finally {
    db.close();
  }
  return { dataDir: layout.dataDir, manifest };
}

/** The passphrase from --passphrase-file or PREMISES_BACKUP_PASSPHRASE; never from the command line. */
export function readPassphrase(file: string | undefined, env: NodeJS.ProcessEnv): string {
  if (file) return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  const fromEnv = env['PREMISES_BACKUP_PASSPHRASE'];
  if (fromEnv) return fromEnv;
  throw new PremisesError('InvalidArgument', 'give the backup passphrase with --passphrase-file FILE or the PREMISES_BACKUP_PASSPHRASE environment variable');
}
