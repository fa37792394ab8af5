import { z } from 'zod';
import { parseDuration } from '../shared/duration.js';

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

const credentialsRef = {
  username: z.string().min(1).optional(),
  password_file: z.string().min(1).optional(),
  password_env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name').optional(),
};

const onvifXaddr = z.string().superRefine((text, ctx) => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${text}" is not a URL; expected http://host/onvif/device_service` });
    return;
  }
  if (url.protocol !== 'http:') ctx.addIssue({ code: z.ZodIssueCode.custom, message: `expected an http:// device service URL, got ${url.protocol}//` });
  if (url.username || url.password) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'the URL contains user info; give username and password_file (or password_env) beside xaddr' });
});

/** A camera onboarded over ONVIF at start: its stream URI is asked from the camera, never typed. */
const onvifCamera = z
  .object({
    xaddr: onvifXaddr,
    ...credentialsRef,
    /** Media profile token to record; default: the best H.264 profile. */
    profile: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.password_file && o.password_env) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['password_env'], message: 'give either password_file or password_env, not both' });
    }
    if ((o.password_file || o.password_env) && !o.username) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['username'], message: 'a password reference needs a username' });
    }
  });

export const cameraSchema = z
  .object({
    id: cameraId,
    name: z.string().min(1).max(100).optional(),
    rtsp: rtspUrl.optional(),
    onvif: onvifCamera.optional(),
    ...credentialsRef,
    enabled: z.boolean().default(true),
    audio: z.boolean().default(false),
    purposes: z.array(z.string().min(1)).optional(),
    area: z.enum(AREA_TYPES).optional(),
    signage: signage.optional(),
  })
  .strict()
  .superRefine((camera, ctx) => {
    if (camera.rtsp === undefined && camera.onvif === undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['rtsp'], message: 'give the camera either rtsp: (a stream URL) or onvif: (xaddr and credentials)' });
    }
    if (camera.rtsp !== undefined && camera.onvif !== undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['onvif'], message: 'give either rtsp: or onvif:, not both (an ONVIF camera tells Premises its stream URL)' });
    }
    if (camera.onvif !== undefined && (camera.username || camera.password_file || camera.password_env)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['username'], message: 'for an onvif: camera, put username and password_file (or password_env) inside onvif:' });
    }
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
    cameras: z.array(cameraSchema).default([]),
  })
  .strict()
  .superRefine((config, ctx) => {
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
export type OnvifCameraConfig = z.infer<typeof onvifCamera>;
export type AreaType = (typeof AREA_TYPES)[number];
export type Jurisdiction = (typeof JURISDICTIONS)[number];
