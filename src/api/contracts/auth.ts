import { z } from 'zod';
import { flag, text } from './common.js';

/** First-run setup, login, password and accounts (src/api/routes/auth.ts). */

export const ROLE_NAMES = ['owner', 'manager', 'viewer'] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

export interface CameraRightsView {
  live: boolean;
  playback: boolean;
  export: boolean;
}

export interface User {
  username: string;
  role: RoleName;
  cameras: Record<string, CameraRightsView>;
}

/** GET /api/session */
export interface SessionInfo {
  user: User | null;
  csrfToken: string;
  setupNeeded: boolean;
  tlsFingerprint: string | null;
  version: string;
}

/** POST /api/login and POST /api/setup */
export interface LoginResponse {
  user: User;
  csrfToken: string;
}

export const SetupBody = z.object({
  token: text(200),
  username: text(64),
  password: text(1024),
  businessConfirmed: flag,
});
export type SetupBody = z.input<typeof SetupBody>;

export const LoginBody = z.object({ username: text(64), password: text(1024) });
export type LoginBody = z.input<typeof LoginBody>;

export const PasswordBody = z.object({ current: text(1024), password: text(1024) });
export type PasswordBody = z.input<typeof PasswordBody>;

const rights = z
  .object({ live: flag, playback: flag, export: flag }, { invalid_type_error: 'must be an object {live, playback, export}' })
  .nullish()
  .transform((r): CameraRightsView => r ?? { live: false, playback: false, export: false });

/** A role and, for a viewer, per-camera rights. */
export const AccessBody = z.object({
  role: z.preprocess((v) => (v === '' || v === null ? undefined : v), z.enum(ROLE_NAMES, { errorMap: () => ({ message: `must be one of ${ROLE_NAMES.join(', ')}` }) })),
  cameras: z
    .record(z.string(), rights, { invalid_type_error: 'must be an object of camera id to {live, playback, export}' })
    .optional()
    .transform((c) => c ?? {}),
});
export type AccessBody = z.input<typeof AccessBody>;

export const NewUserBody = AccessBody.extend({ username: text(64), password: text(1024) });
export type NewUserBody = z.input<typeof NewUserBody>;
