import type { Actor, AuditLog } from '../../audit/log.js';
import type { Db } from '../../db/open.js';
import type { Clock } from '../../shared/clock.js';
import { PremisesError } from '../../shared/errors.js';
import { ROLES, type AuthUser, type CameraRights, type Role } from './roles.js';

/** Accounts in the index. Passwords arrive here already hashed (passwords.ts). */
export const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$/;

interface UserRow {
  id: number;
  username: string;
  password_hash: string;
  role: Role;
  created_at: number;
  disabled_at: number | null;
}

export interface UserSummary {
  id: number;
  username: string;
  role: Role;
  createdAt: number;
  cameras: Record<string, CameraRights>;
}

export function actorOf(user: Pick<AuthUser, 'username'>): Actor {
  return `user:${user.username}`;
}

export class UserStore {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  ownerExists(): boolean {
    return this.db.prepare("SELECT 1 FROM users WHERE role = 'owner' AND disabled_at IS NULL").get() !== undefined;
  }

  /** For login: the row with its hash, or undefined. */
  credentials(username: string): { id: number; passwordHash: string } | undefined {
    const row = this.db.prepare('SELECT id, password_hash FROM users WHERE username = ? AND disabled_at IS NULL').get(username) as
      | { id: number; password_hash: string }
      | undefined;
    return row ? { id: row.id, passwordHash: row.password_hash } : undefined;
  }

  get(id: number): AuthUser | undefined {
    const row = this.db.prepare('SELECT * FROM users WHERE id = ? AND disabled_at IS NULL').get(id) as UserRow | undefined;
    if (!row) return undefined;
    return { id: row.id, username: row.username, role: row.role, cameras: this.rights(row.id) };
  }

  private rights(userId: number): Map<string, CameraRights> {
    const rows = this.db.prepare('SELECT camera_id, live, playback, export FROM user_camera_rights WHERE user_id = ?').all(userId) as {
      camera_id: string;
      live: number;
      playback: number;
      export: number;
    }[];
    return new Map(rows.map((r) => [r.camera_id, { live: r.live === 1, playback: r.playback === 1, export: r.export === 1 }]));
  }

  list(): UserSummary[] {
    const rows = this.db.prepare('SELECT * FROM users WHERE disabled_at IS NULL ORDER BY id').all() as UserRow[];
    return rows.map((r) => ({ id: r.id, username: r.username, role: r.role, createdAt: r.created_at, cameras: Object.fromEntries(this.rights(r.id)) }));
  }

  /** Replace a password hash (audited); the caller revokes sessions as needed. */
  setPassword(userId: number, passwordHash: string, actor: Actor): void {
    this.db.transaction(() => {
      const row = this.db.prepare('SELECT username FROM users WHERE id = ? AND disabled_at IS NULL').get(userId) as { username: string } | undefined;
      if (!row) throw new PremisesError('NotFound', 'no such account');
      this.db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(passwordHash, userId);
      this.audit.append({ actor, action: 'user.password-changed', subject: `user:${row.username}` });
    })();
  }

  /**
   * Disable an account for good (someone left): it can no longer log in and
   * its sessions end. The last owner cannot be disabled.
   */
  disable(username: string, actor: Actor): void {
    this.db.transaction(() => {
      const row = this.db.prepare('SELECT id, role FROM users WHERE username = ? AND disabled_at IS NULL').get(username) as { id: number; role: Role } | undefined;
      if (!row) throw new PremisesError('NotFound', `no account "${username}"`);
      if (row.role === 'owner') {
        const owners = (this.db.prepare("SELECT COUNT(*) AS n FROM users WHERE role = 'owner' AND disabled_at IS NULL").get() as { n: number }).n;
        if (owners <= 1) throw new PremisesError('FailedPrecondition', 'this is the only owner account; add another owner first');
      }
      const now = this.clock.now();
      this.db.prepare('UPDATE users SET disabled_at = ? WHERE id = ?').run(now, row.id);
      const ended = this.db.prepare('UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').run(now, row.id).changes;
      this.audit.append({ actor, action: 'user.disabled', subject: `user:${username}`, details: { sessionsEnded: ended } });
    })();
  }

  /**
   * Change an account's role and, for a viewer, its camera rights (audited
   * with before and after). Takes effect on the account's next request: rights
   * are read per request. The last owner cannot be demoted.
   */
  changeAccess(username: string, role: Role, cameras: Record<string, CameraRights>, actor: Actor): UserSummary {
    if (!ROLES.includes(role)) throw new PremisesError('InvalidArgument', `role: one of ${ROLES.join(', ')}`);
    return this.db.transaction(() => {
      const row = this.db.prepare('SELECT * FROM users WHERE username = ? AND disabled_at IS NULL').get(username) as UserRow | undefined;
      if (!row) throw new PremisesError('NotFound', `no account "${username}"`);
      if (row.role === 'owner' && role !== 'owner') {
        const owners = (this.db.prepare("SELECT COUNT(*) AS n FROM users WHERE role = 'owner' AND disabled_at IS NULL").get() as { n: number }).n;
        if (owners <= 1) throw new PremisesError('FailedPrecondition', 'this is the only owner account; add another owner first');
      }
      const before = { role: row.role, cameras: Object.fromEntries(this.rights(row.id)) };
      const granted = role === 'viewer' ? cameras : {};
      this.db.prepare('UPDATE users SET role = ? WHERE id = ?').run(role, row.id);
      this.db.prepare('DELETE FROM user_camera_rights WHERE user_id = ?').run(row.id);
      const insert = this.db.prepare('INSERT INTO user_camera_rights (user_id, camera_id, live, playback, export) VALUES (?, ?, ?, ?, ?)');
      for (const [camera, r] of Object.entries(granted)) if (r.live || r.playback || r.export) insert.run(row.id, camera, r.live ? 1 : 0, r.playback ? 1 : 0, r.export ? 1 : 0);
      const after = { role, cameras: Object.fromEntries(this.rights(row.id)) };
      this.audit.append({ actor, action: 'user.access-changed', subject: `user:${username}`, details: { before, after } });
      return { id: row.id, username, role, createdAt: row.created_at, cameras: after.cameras };
    })();
  }

  /**
   * Create an account (audited in the same transaction). `onlyIfNoOwner`
   * makes first-run setup atomic: two racing setups create one owner.
   */
  create(
    input: { username: string; passwordHash: string; role: Role; cameras?: Record<string, CameraRights> },
    actor: Actor,
    options: { onlyIfNoOwner?: boolean; extra?: () => void } = {},
  ): UserSummary {
    if (!USERNAME.test(input.username)) {
      throw new PremisesError('InvalidArgument', 'username: use 2-64 letters, digits, ".", "_", "@" or "-", starting with a letter or digit');
    }
    if (!ROLES.includes(input.role)) throw new PremisesError('InvalidArgument', `role: one of ${ROLES.join(', ')}`);
    return this.db.transaction(() => {
      if (options.onlyIfNoOwner && this.ownerExists()) throw new PremisesError('PermissionDenied', 'setup is finished: an owner account exists');
      if (this.db.prepare('SELECT 1 FROM users WHERE username = ?').get(input.username)) {
        throw new PremisesError('AlreadyExists', `a user named "${input.username}" exists already`);
      }
      const now = this.clock.now();
      const info = this.db
        .prepare('INSERT INTO users (username, password_hash, role, created_at, created_by) VALUES (?, ?, ?, ?, ?)')
        .run(input.username, input.passwordHash, input.role, now, actor);
      const id = Number(info.lastInsertRowid);
      const cameras = input.role === 'viewer' ? (input.cameras ?? {}) : {};
      const insert = this.db.prepare('INSERT INTO user_camera_rights (user_id, camera_id, live, playback, export) VALUES (?, ?, ?, ?, ?)');
      for (const [camera, r] of Object.entries(cameras)) insert.run(id, camera, r.live ? 1 : 0, r.playback ? 1 : 0, r.export ? 1 : 0);
      this.audit.append({ actor, action: 'user.created', subject: `user:${input.username}`, details: { role: input.role, cameras } });
      options.extra?.();
      return { id, username: input.username, role: input.role, createdAt: now, cameras };
    })();
  }
}
