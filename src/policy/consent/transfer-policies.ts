import { isAbsolute, normalize, relative } from 'node:path';
import type { Actor, AuditLog } from '../../audit/log.js';
import type { Db } from '../../db/open.js';
import type { Clock } from '../../shared/clock.js';
import { PremisesError } from '../../shared/errors.js';

/**
 * Transfer policies (docs/transfers.md): the only way anything leaves the
 * premises. A policy names one exact destination, who receives, where they
 * are, on what legal basis, which kind of data, until when, and whether a
 * second person must approve each transfer. None exists by default.
 */
export const POLICY_KINDS = ['folder', 'sftp', 'https', 'download', 'backup'] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];

/** What may ever be sent. Live video, raw recordings, the index and keys in clear are not in this list and never will be. */
export const TRANSFERABLE_DATA = ['exports', 'backups'] as const;
export type TransferableData = (typeof TRANSFERABLE_DATA)[number];

export const DOWNLOAD_ROLES = ['owner', 'manager', 'viewer'] as const;

export type FolderTarget = { kind: 'folder'; path: string };
export type SftpPolicyTarget = { kind: 'sftp'; host: string; port: number; path: string; user: string; keyFile: string; hostKeyFingerprint: string };

export type PolicyTarget =
  | FolderTarget
  | SftpPolicyTarget
  | { kind: 'https'; url: string; certFingerprint: string }
  | { kind: 'download'; roles: (typeof DOWNLOAD_ROLES)[number][] }
  /** Sealed backup archives (src/backup/send.ts) to a drive or an SFTP server; nothing else goes under it. */
  | { kind: 'backup'; destination: FolderTarget | SftpPolicyTarget };

export interface TransferPolicy {
  name: string;
  target: PolicyTarget;
  recipientOrg: string;
  country: string;
  legalBasis: string;
  data: TransferableData[];
  expiresAt: number;
  requiresApproval: boolean;
  createdBy: string;
  createdAt: number;
  revokedAt: number | null;
  revokedBy: string | null;
  revokeReason: string | null;
  /** Whether the SFTP server fsynced the last transfer's files ('yes'), could not ('no'), or not known yet (null). */
  serverFsync?: 'yes' | 'no' | null;
}

export type NewPolicy = Pick<TransferPolicy, 'name' | 'target' | 'recipientOrg' | 'country' | 'legalBasis' | 'data' | 'expiresAt' | 'requiresApproval'>;

export const POLICY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** OpenSSH's `SHA256:` + unpadded base64 of the key blob's sha256 (43 characters). */
export const SSH_FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/;
const HOST = /^[A-Za-z0-9.-]{1,253}$|^[0-9a-fA-F:]+$/;

/** A certificate's SHA-256 as hex, with or without colons (openssl x509 -fingerprint -sha256 prints the colon form). */
export function normalizeCertFingerprint(text: string): string | undefined {
  const hex = text.replace(/^sha256 fingerprint=/i, '').replace(/[:\s]/g, '').toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : undefined;
}

/** Every problem with a new policy, in words; empty when it may be stored. Pure. */
export function policyProblems(p: NewPolicy, context: { dataDir: string; now: number }): string[] {
  const out: string[] = [];
  if (!POLICY_NAME.test(p.name)) out.push('the name is 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit');
  for (const [field, label] of [
    ['recipientOrg', 'the recipient organisation'],
    ['country', 'the country the data goes to'],
    ['legalBasis', 'the legal basis'],
  ] as const) {
    if (!p[field].trim()) out.push(`${label} is required`);
    else if (p[field].length > 500) out.push(`${label} is too long`);
  }
  if (p.data.length === 0) out.push(`say which data it allows: ${TRANSFERABLE_DATA.join(', ')}`);
  for (const d of p.data) {
    if (!(TRANSFERABLE_DATA as readonly string[]).includes(d)) {
      out.push(`data "${String(d)}" can never be transferred: only ${TRANSFERABLE_DATA.join(' and ')} (never live video, raw recordings, the index or keys in clear)`);
    }
  }
  if (!Number.isFinite(p.expiresAt) || p.expiresAt <= context.now) out.push('the expiry date must be in the future');
  if (p.target.kind === 'backup') {
    if (p.data.length !== 1 || p.data[0] !== 'backups') out.push('a backup policy carries sealed backup archives only: its data is "backups" and nothing else');
    if (p.requiresApproval) out.push('a backup policy sends scheduled backups unattended, so it cannot wait for a second person; leave out requires-approval');
  } else if (p.data.includes('backups')) {
    out.push('backups leave only sealed, under a policy of kind "backup"; this policy can carry exports only');
  }
  out.push(...targetProblems(p.target, context.dataDir));
  return out;
}

function targetProblems(t: PolicyTarget, dataDir: string): string[] {
  const out: string[] = [];
  const context = { dataDir };
  switch (t.kind) {
    case 'folder': {
      if (!isAbsolute(t.path)) out.push('a folder destination is an absolute path (the mount point of a removable drive)');
      else {
        const path = normalize(t.path);
        if (path === '/') out.push('the destination cannot be / : give the mount point of a removable drive');
        if (isInside(path, context.dataDir) || isInside(context.dataDir, path)) {
          out.push(`the destination ${path} overlaps the data directory ${context.dataDir}: a transfer must go to another drive`);
        }
      }
      break;
    }
    case 'sftp':
      if (!HOST.test(t.host)) out.push(`"${t.host}" is not a host name or address`);
      if (!Number.isInteger(t.port) || t.port < 1 || t.port > 65535) out.push('the port is 1 to 65535');
      if (!t.path.startsWith('/')) out.push('the remote folder is an absolute path');
      if (!/^[A-Za-z0-9._-]{1,64}$/.test(t.user)) out.push('the remote user name is letters, digits, dots, dashes or underscores');
      if (!isAbsolute(t.keyFile)) out.push('the private key file is an absolute path');
      if (!SSH_FINGERPRINT.test(t.hostKeyFingerprint)) {
        out.push('the host key fingerprint is written as OpenSSH prints it (ssh-keygen -lf KEY.pub): SHA256: followed by 43 characters');
      }
      break;
    case 'https': {
      let url: URL | undefined;
      try {
        url = new URL(t.url);
      } catch {
        out.push(`"${t.url}" is not a URL`);
      }
      if (url && url.protocol !== 'https:') out.push('the URL must start with https://');
      if (url && (url.username || url.password)) out.push('put no credentials in the URL');
      if (!normalizeCertFingerprint(t.certFingerprint)) out.push("the certificate fingerprint is its SHA-256 in hex (openssl x509 -noout -fingerprint -sha256)");
      break;
    }
    case 'download':
      if (t.roles.length === 0) out.push(`name the roles that may download: ${DOWNLOAD_ROLES.join(', ')}`);
      for (const r of t.roles) if (!(DOWNLOAD_ROLES as readonly string[]).includes(r)) out.push(`"${String(r)}" is not a role (${DOWNLOAD_ROLES.join(', ')})`);
      break;
    case 'backup': {
      const via = (t.destination as { kind?: string } | undefined)?.kind;
      if (via !== 'folder' && via !== 'sftp') out.push('a backup policy sends to a removable drive (via folder) or an SFTP server (via sftp)');
      else out.push(...targetProblems(t.destination, dataDir));
      break;
    }
  }
  return out;
}

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Where a policy sends, in words (no key paths). */
export function describeTarget(t: PolicyTarget): string {
  switch (t.kind) {
    case 'folder':
      return `removable drive at ${t.path}`;
    case 'sftp':
      return `SFTP ${t.user}@${t.host}:${t.port}${t.path} (host key ${t.hostKeyFingerprint})`;
    case 'https':
      return `HTTPS ${t.url} (certificate sha256 ${normalizeCertFingerprint(t.certFingerprint) ?? t.certFingerprint})`;
    case 'download':
      return `dashboard download by ${t.roles.join(', ')}`;
    case 'backup':
      return `sealed backups to ${describeTarget(t.destination)}`;
  }
}

/** Active: not revoked and not expired at `now`. */
export function isActive(p: TransferPolicy, now: number): boolean {
  return p.revokedAt === null && p.expiresAt > now;
}

interface Row {
  name: string;
  kind: PolicyKind;
  target: string;
  recipient_org: string;
  country: string;
  legal_basis: string;
  data: string;
  expires_at: number;
  requires_approval: number;
  created_by: string;
  created_at: number;
  revoked_at: number | null;
  revoked_by: string | null;
  revoke_reason: string | null;
  server_fsync?: 'yes' | 'no' | null;
}

function toPolicy(r: Row): TransferPolicy {
  return {
    name: r.name,
    target: { kind: r.kind, ...(JSON.parse(r.target) as object) } as PolicyTarget,
    recipientOrg: r.recipient_org,
    country: r.country,
    legalBasis: r.legal_basis,
    data: JSON.parse(r.data) as TransferableData[],
    expiresAt: r.expires_at,
    requiresApproval: r.requires_approval === 1,
    createdBy: r.created_by,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
    revokedBy: r.revoked_by,
    revokeReason: r.revoke_reason,
    serverFsync: r.server_fsync ?? null,
  };
}

/** The policy as the audit log records it: everything but nothing secret (a key file's path is not secret; its content never leaves the disk). */
export function policyAuditDetails(p: NewPolicy): Record<string, unknown> {
  return {
    kind: p.target.kind,
    destination: describeTarget(p.target),
    recipientOrg: p.recipientOrg,
    country: p.country,
    legalBasis: p.legalBasis,
    data: p.data,
    expiresAt: new Date(p.expiresAt).toISOString(),
    requiresApproval: p.requiresApproval,
  };
}

export class PolicyStore {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  get(name: string): TransferPolicy | undefined {
    const row = this.db.prepare('SELECT * FROM transfer_policies WHERE name = ?').get(name) as Row | undefined;
    return row ? toPolicy(row) : undefined;
  }

  list(options: { includeInactive?: boolean } = {}): TransferPolicy[] {
    const all = (this.db.prepare('SELECT * FROM transfer_policies ORDER BY created_at, name').all() as Row[]).map(toPolicy);
    const now = this.clock.now();
    return options.includeInactive ? all : all.filter((p) => isActive(p, now));
  }

  /** Store a new policy and audit it in one transaction. */
  add(p: NewPolicy, actor: Actor, dataDir: string): TransferPolicy {
    const problems = policyProblems(p, { dataDir, now: this.clock.now() });
    if (problems.length > 0) throw new PremisesError('InvalidArgument', `the transfer policy "${p.name}" cannot be stored: ${problems.join('; ')}`);
    const { kind, ...target } = p.target;
    const now = this.clock.now();
    this.db.transaction(() => {
      if (this.get(p.name)) throw new PremisesError('AlreadyExists', `a transfer policy named "${p.name}" exists already (revoked policies keep their name); choose another name`);
      this.db
        .prepare(
          `INSERT INTO transfer_policies (name, kind, target, recipient_org, country, legal_basis, data, expires_at, requires_approval, created_by, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(p.name, kind, JSON.stringify(target), p.recipientOrg, p.country, p.legalBasis, JSON.stringify(p.data), p.expiresAt, p.requiresApproval ? 1 : 0, actor, now);
      this.audit.append({ actor, action: 'transfer-policy.created', subject: `transfer-policy:${p.name}`, details: policyAuditDetails(p) });
    })();
    return this.get(p.name)!;
  }

  revoke(name: string, reason: string, actor: Actor): TransferPolicy {
    if (!reason.trim()) throw new PremisesError('InvalidArgument', 'say why the policy is revoked');
    this.db.transaction(() => {
      const p = this.get(name);
      if (!p) throw new PremisesError('NotFound', `no transfer policy named "${name}"`);
      if (p.revokedAt !== null) throw new PremisesError('FailedPrecondition', `the transfer policy "${name}" was revoked already`);
      this.db.prepare('UPDATE transfer_policies SET revoked_at = ?, revoked_by = ?, revoke_reason = ? WHERE name = ?').run(this.clock.now(), actor, reason, name);
      this.audit.append({ actor, action: 'transfer-policy.revoked', subject: `transfer-policy:${name}`, details: { reason } });
    })();
    return this.get(name)!;
  }
}
