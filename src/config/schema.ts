import { z } from 'zod';
import { formatDuration, parseDuration } from '../shared/duration.js';
import { parseFloor, parseSize, RETENTION_PROFILES } from './retention.js';

/**
 * The YAML file holds install settings and may declare cameras for simple
 * set-ups. Everything changed at run time lives in the index. Unknown keys
 * are rejected everywhere (`.strict()`), so a typo never silently disables a
 * rule.
 */

const duration = (what: string) =>
  z.string({ invalid_type_error: `expected a duration such as "10s", "15m", "72h" or "7d" for ${what}` }).transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === undefined || ms <= 0) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${text}" is not a duration; write it like "10s", "15m", "72h" or "7d"` });
      return z.NEVER;
    }
    return ms;
  });

const cameraId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'use 1-64 lower-case letters, digits, "-" or "_", starting with a letter or digit');

const rtspUrl = z.string().superRefine((text, ctx) => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${text}" is not a URL; expected rtsp://host:554/path` });
    return;
  }
  if (url.protocol !== 'rtsp:' && url.protocol !== 'rtsps:') {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `expected an rtsp:// or rtsps:// URL, got ${url.protocol}//` });
  }
  if (!url.hostname) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'the URL has no host' });
  if (url.password) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message:
        'the URL contains a password. Remove "user:password@" from it and give the credentials by reference: ' +
        'username: USER and password_file: /path/to/file (or password_env: VARIABLE)',
    });
  }
});

export const AREA_TYPES = ['entrance', 'cash', 'kitchen', 'storage', 'staff', 'dining', 'outdoor', 'washroom', 'changing'] as const;
export const JURISDICTIONS = ['CA-BC', 'CA', 'EU', 'UK', 'custom'] as const;

const signage = z
  .object({
    location: z.string().min(1, 'say where the sign is posted'),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date like 2026-11-26'),
    confirmedBy: z.string().min(1, 'say who confirmed the sign is posted'),
  })
  .strict();

const byteSize = (what: string) =>
  z.union([z.string(), z.number()]).transform((value, ctx) => {
    const bytes = parseSize(value);
    if (bytes === undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${value}" is not a size for ${what}; write it like "500MB", "20GB" or "1TiB"` });
      return z.NEVER;
    }
    return bytes;
  });

/** Per-camera retention; absent keys fall back to the jurisdiction profile. */
const cameraRetention = z
  .object({
    maxAge: duration('retention.maxAge').optional(),
    maxBytes: byteSize('retention.maxBytes').optional(),
    justification: z.string().min(20, 'write the justification out (at least 20 characters): why this camera needs footage longer than the cap').optional(),
  })
  .strict();

const globalRetention = z
  .object({
    /** Default maximum age for cameras without their own (must respect the cap). */
    defaultMaxAge: duration('retention.defaultMaxAge').optional(),
    /** "5%" or "20GB"; default max(5 % of the disk, 1 hour at the measured total bitrate). */
    freeSpaceFloor: z
      .union([z.string(), z.number()])
      .transform((value, ctx) => {
        const floor = parseFloor(value);
        if (floor === undefined) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${value}" is not a free-space floor; write it like "5%" or "20GB"` });
          return z.NEVER;
        }
        return floor;
      })
      .optional(),
    sweepInterval: duration('retention.sweepInterval').default('1m'),
    /** A wall clock this far past the newest segment pauses age-based deletion. */
    clockAheadLimit: duration('retention.clockAheadLimit').default('1d'),
  })
  .strict();

const credentialsRef = {
  username: z.string().min(1).optional(),
  password_file: z.string().min(1).optional(),
  password_env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name').optional(),
};

export const cameraSchema = z
  .object({
    id: cameraId,
    name: z.string().min(1).max(100).optional(),
    rtsp: rtspUrl,
    ...credentialsRef,
    enabled: z.boolean().default(true),
    audio: z.boolean().default(false),
    purposes: z.array(z.string().min(1)).optional(),
    area: z.enum(AREA_TYPES).optional(),
    signage: signage.optional(),
    retention: cameraRetention.optional(),
  })
  .strict()
  .superRefine((camera, ctx) => {
    if (camera.password_file && camera.password_env) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['password_env'], message: 'give either password_file or password_env, not both' });
    }
    if ((camera.password_file || camera.password_env) && !camera.username) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['username'], message: 'a password reference needs a username' });
    }
  });

export const configSchema = z
  .object({
    dataDir: z.string().min(1).default('./data'),
    listen: z
      .object({
        host: z.string().min(1).default('127.0.0.1'),
        port: z.number().int().min(1).max(65535).default(8080),
      })
      .strict()
      .default({}),
    timezone: z.string().min(1).default('UTC'),
    jurisdiction: z.enum(JURISDICTIONS).default('CA-BC'),
    business: z
      .object({
        name: z.string().min(1),
        address: z.string().min(1),
        contact: z
          .object({
            name: z.string().min(1, 'give the accountable person\'s name or title'),
            phone: z.string().min(1).optional(),
            email: z.string().email().optional(),
          })
          .strict()
          .refine((c) => c.phone !== undefined || c.email !== undefined, { message: 'give a phone number or an email for the accountable contact' }),
      })
      .strict()
      .optional(),
    recording: z
      .object({
        segmentDuration: duration('recording.segmentDuration').default('10s'),
        rtspTimeout: duration('recording.rtspTimeout').default('5s'),
        cameraDownAlarmAfter: duration('recording.cameraDownAlarmAfter').default('2m'),
        stopGrace: duration('recording.stopGrace').default('5s'),
      })
      .strict()
      .default({}),
    retention: globalRetention.default({}),
    cameras: z.array(cameraSchema).default([]),
  })
  .strict()
  .superRefine((config, ctx) => {
    const cap = RETENTION_PROFILES[config.jurisdiction].capMaxAgeMs;
    if (cap !== undefined && config.retention.defaultMaxAge !== undefined && config.retention.defaultMaxAge > cap) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['retention', 'defaultMaxAge'],
        message: `${formatDuration(config.retention.defaultMaxAge)} is above the ${config.jurisdiction} cap of ${formatDuration(cap)}; set a longer maxAge per camera, with a justification`,
      });
    }
    config.cameras.forEach((camera, index) => {
      const maxAge = camera.retention?.maxAge;
      if (cap !== undefined && maxAge !== undefined && maxAge > cap && !camera.retention?.justification) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['cameras', index, 'retention', 'maxAge'],
          message:
            `${formatDuration(maxAge)} is above the ${config.jurisdiction} cap of ${formatDuration(cap)}. ` +
            'Keep footage no longer than needed, or add retention.justification saying why this camera needs longer (it is logged)',
        });
      }
    });
    const seen = new Set<string>();
    config.cameras.forEach((camera, index) => {
      if (seen.has(camera.id)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['cameras', index, 'id'], message: `camera id "${camera.id}" is used twice` });
      }
      seen.add(camera.id);
    });
  });

export type Config = z.infer<typeof configSchema>;
export type CameraConfig = z.infer<typeof cameraSchema>;
export type AreaType = (typeof AREA_TYPES)[number];
export type Jurisdiction = (typeof JURISDICTIONS)[number];
