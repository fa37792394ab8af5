import { chmodSync, closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AuditLog, sha256Hex, type Actor } from '../audit/log.js';
import { parseConfig, formatProblems } from '../config/load.js';
import { openDb, schemaVersion, type Db } from '../db/open.js';
import { SigningKey } from '../keys/signing.js';
import { DataLayout } from '../shared/data-layout.js';
import type { Clock } from '../shared/clock.js';
import { PremisesError } from '../shared/errors.js';
import { fsyncDir, fsyncPath, mkdirDurable } from '../shared/fsync.js';
import { seal, unseal, type Sealed } from './crypto.js';

/**
 * A backup is a folder under <dataDir>/backups/: a consistent snapshot of the
 * index (SQLite online backup, taken while Premises runs), the configuration
 * file, the keys sealed with a passphrase, and a manifest with each file's
 * sha256. Footage is not in it (it is far too big and has its own lifetime).
 */
export const MANIFEST = 'manifest.json';
export const MANIFEST_FORMAT = 'premises-backup-v1';

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
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

export async function createBackup(opts: { db: Db; layout: DataLayout; configText: string; passphrase: string; audit: AuditLog; clock: Clock; actor: Actor }): Promise<string> {
  const { db, layout, clock } = opts;
  const key = SigningKey.loadOrCreate(layout.keysDir); // a backup without the key could not prove anything later
  const bundle: KeyBundle = { files: {} };
  for (const name of readdirSync(layout.keysDir)) {
    const p = join(layout.keysDir, name);
    const st = statSync(p);
    if (st.isFile()) bundle.files[name] = { mode: st.mode & 0o777, data: readFileSync(p).toString('base64') };
  }
  const sealed = seal(Buffer.from(JSON.stringify(bundle)), opts.passphrase);

  mkdirDurable(layout.backupsDir);
  chmodSync(layout.backupsDir, 0o700);
  const stamp = new Date(clock.now()).toISOString().replaceAll(':', '').replace('.', '_');
  const dir = join(layout.backupsDir, stamp);
  mkdirSync(dir, { mode: 0o700 });
  await db.backup(join(dir, 'index.db'));
  fsyncPath(join(dir, 'index.db'));
  writeDurable(join(dir, 'config.yaml'), opts.configText);
  writeDurable(join(dir, 'keys.sealed.json'), JSON.stringify(sealed, null, 2));
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    createdAt: new Date(clock.now()).toISOString(),
    schemaVersion: schemaVersion(db),
    keyFingerprint: key.fingerprint(),
    recordingsUuid: existsSync(layout.dbUuidPath) ? readFileSync(layout.dbUuidPath, 'utf8').trim() : null,
    files: Object.fromEntries(['index.db', 'config.yaml', 'keys.sealed.json'].map((n) => [n, fileEntry(join(dir, n))])),
  };
  writeDurable(join(dir, MANIFEST), JSON.stringify(manifest, null, 2));
  fsyncDir(dir);
  fsyncDir(layout.backupsDir);
  opts.audit.append({
    actor: opts.actor,
    action: 'backup.created',
    subject: 'backup',
    details: { dir, files: Object.fromEntries(Object.entries(manifest.files).map(([n, f]) => [n, f.sha256])) },
  });
  return dir;
}

export function readManifest(backupDir: string): Manifest {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(join(backupDir, MANIFEST), 'utf8')) as Manifest;
  } catch (err) {
    throw new PremisesError('InvalidArgument', `${backupDir} is not a Premises backup (${(err as Error).message})`);
  }
  if (manifest.format !== MANIFEST_FORMAT) throw new PremisesError('InvalidArgument', `${backupDir}: unknown backup format "${String(manifest.format)}"`);
  for (const [name, expected] of Object.entries(manifest.files)) {
    const actual = fileEntry(join(backupDir, name));
    if (actual.sha256 !== expected.sha256) throw new PremisesError('DataLoss', `${join(backupDir, name)} does not match the backup manifest: the backup is damaged or was altered`);
  }
  return manifest;
}

/**
 * Restore onto a new machine: writes the configuration to `configOut`, the
 * index and the keys into the data directory it names. Refuses to overwrite
 * an existing index, configuration or key. The recordings folder is not
 * touched; its UUID check refuses recordings that belong to another index.
 */
export function restoreBackup(opts: { backupDir: string; configOut: string; passphrase: string; clock: Clock; actor: Actor }): { dataDir: string; manifest: Manifest } {
  const manifest = readManifest(opts.backupDir);
  const bundle = JSON.parse(unseal(JSON.parse(readFileSync(join(opts.backupDir, 'keys.sealed.json'), 'utf8')) as Sealed, opts.passphrase).toString('utf8')) as KeyBundle;
  const configText = readFileSync(join(opts.backupDir, 'config.yaml'), 'utf8');
  const { config, problems } = parseConfig(configText);
  if (!config) throw new PremisesError('InvalidArgument', `the configuration in the backup is not valid:\n${formatProblems('config.yaml', problems)}`);
  const configOut = resolve(opts.configOut);
  const layout = new DataLayout(resolve(dirname(configOut), config.dataDir));
  if (existsSync(configOut)) throw new PremisesError('AlreadyExists', `${configOut} exists; restore writes a new configuration file, give another path`);
  if (existsSync(layout.indexPath)) throw new PremisesError('AlreadyExists', `${layout.indexPath} exists; restore only into an empty data directory`);
  if (existsSync(layout.keysDir) && readdirSync(layout.keysDir).length > 0) throw new PremisesError('AlreadyExists', `${layout.keysDir} already holds keys`);

  mkdirDurable(dirname(configOut));
  mkdirDurable(layout.dataDir);
  mkdirSync(layout.keysDir, { recursive: true, mode: 0o700 });
  chmodSync(layout.keysDir, 0o700);
  for (const [name, file] of Object.entries(bundle.files)) {
    if (name.includes('/') || name.startsWith('.')) throw new PremisesError('InvalidArgument', `unexpected key file name "${name}" in the backup`);
    // Private material is never restored more open than 0600, whatever the backup says.
    writeDurable(join(layout.keysDir, name), Buffer.from(file.data, 'base64'), 0o600);
    chmodSync(join(layout.keysDir, name), name.endsWith('.pub.pem') ? 0o644 : 0o600);
  }
  fsyncDir(layout.keysDir);
  copyFileSync(join(opts.backupDir, 'index.db'), layout.indexPath);
  fsyncPath(layout.indexPath);
  fsyncDir(layout.dataDir);
  writeDurable(configOut, configText, 0o640);
  fsyncDir(dirname(configOut));

  const db = openDb(layout.indexPath);
  try {
    new AuditLog(db, opts.clock).append({
      actor: opts.actor,
      action: 'backup.restored',
      subject: 'backup',
      details: { from: opts.backupDir, createdAt: manifest.createdAt, recordingsUuid: manifest.recordingsUuid },
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
