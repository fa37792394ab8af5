import { z } from 'zod';
import { flag, isoTime, optionalText, text } from './common.js';

/** Transfer policies and transfers (src/api/routes/transfers.ts). */

const nullToUndefined = (v: unknown) => (v === null ? undefined : v);

/** Where a policy sends to, by kind; its fields sit beside the policy's own in the body. */
export const PolicyTargetBody = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('folder'), path: text(1000) }),
    z.object({
      kind: z.literal('sftp'),
      host: text(1000),
      port: z.preprocess(nullToUndefined, z.number({ invalid_type_error: 'must be a port number' }).int().min(1).max(65535).default(22)),
      path: text(1000),
      user: text(1000),
      keyFile: text(1000),
      hostKeyFingerprint: text(1000),
    }),
    z.object({ kind: z.literal('https'), url: text(1000), certFingerprint: text(1000) }),
    z.object({ kind: z.literal('download'), roles: z.array(z.string().max(16), { errorMap: () => ({ message: 'must be a list of owner, manager, viewer' }) }).max(3) }),
    // Sealed backups go to a drive or an SFTP server: `via` names which, with that kind's fields beside it.
    z.object({
      kind: z.literal('backup'),
      via: z.enum(['folder', 'sftp'], { errorMap: () => ({ message: 'a backup policy has via: folder or sftp, with that kind\'s fields' }) }),
      path: text(1000),
      host: optionalText(1000),
      port: z.preprocess(nullToUndefined, z.number({ invalid_type_error: 'must be a port number' }).int().min(1).max(65535).default(22)),
      user: optionalText(1000),
      keyFile: optionalText(1000),
      hostKeyFingerprint: optionalText(1000),
    }),
  ],
  { errorMap: () => ({ message: 'must be folder, sftp, https, download or backup' }) },
);
export type PolicyTargetBody = z.input<typeof PolicyTargetBody>;

export const NewPolicyBody = z.intersection(
  z.object({
    name: text(64),
    recipientOrg: text(500),
    country: text(500),
    legalBasis: text(500),
    expiresAt: isoTime,
    data: z.preprocess(nullToUndefined, z.array(z.string().max(20), { errorMap: () => ({ message: 'must be a list: exports, backups' }) }).max(10).optional()),
    requiresApproval: flag,
  }),
  PolicyTargetBody,
);
export type NewPolicyBody = z.input<typeof NewPolicyBody>;

export const RevokePolicyBody = z.object({ reason: text(500) });
export type RevokePolicyBody = z.input<typeof RevokePolicyBody>;

export const NewTransferBody = z.object({ policy: text(64) });
export type NewTransferBody = z.input<typeof NewTransferBody>;
