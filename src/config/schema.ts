import { z } from 'zod';
import { formatDuration, parseDuration } from '../shared/duration.js';
import { parseFloor, parseSize, RETENTION_PROFILES } from './retention.js';
import { vaguePurposeReason } from './purpose.js';
import { cameraNetworkSchema } from './camera-network.js';
import { signLanguageIssue } from './site-languages.js';
import { LANGUAGE_CODES, type Language } from '../shared/languages.js';

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

/**
 * Upper bounds on free text. A purpose or an address must still fit on a printed sign and in a report, and a
 * multi-megabyte value is a mistake (or an attack through the dashboard's scope form), never a real answer.
 */
export const TEXT = { name: 100, line: 200, host: 253, paragraph: 2000, url: 2048, path: 4096 } as const;
const tooLong = (max: number) => `too long: at most ${max} characters`;

const rtspUrl = z.string().max(TEXT.url, tooLong(TEXT.url)).superRefine((text, ctx) => {
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
export const JURISDICTIONS = ['CA-BC', 'CA', 'QC', 'EU', 'FR', 'LU', 'UK', 'custom'] as const;

const signage = z
  .object({
    location: z.string().min(1, 'say where the sign is posted').max(TEXT.line, tooLong(TEXT.line)),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date like 2026-11-26'),
    confirmedBy: z.string().min(1, 'say who confirmed the sign is posted').max(TEXT.name, tooLong(TEXT.name)),
  })
  .strict();

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const clockTime = (allow24: boolean) =>
  z
    .string()
    .regex(
      allow24 ? /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/ : /^(?:[01]\d|2[0-3]):[0-5]\d$/,
      `expected a local time like "07:30"${allow24 ? ' (or "24:00" for the end of the day)' : ''}`,
    );

/** A recording window in local time; `to` earlier than `from` means it ends the next day. */
const scheduleWindow = z
  .object({
    days: z.array(z.enum(WEEKDAYS)).min(1, 'list at least one day, e.g. [mon, tue, wed, thu, fri, sat, sun]').default([...WEEKDAYS]),
    from: clockTime(false),
    to: clockTime(true),
  })
  .strict()
  .refine((w) => w.from !== w.to, { message: 'from and to are equal; for a whole day write from: "00:00", to: "24:00"', path: ['to'] });

const fraction = (what: string) => z.number({ invalid_type_error: `${what} must be a number from 0 to 1 (a fraction of the picture)` }).min(0, `${what} must be from 0 to 1`).max(1, `${what} must be from 0 to 1`);

/** A rule "movement in this part of the picture while we are closed raises an alarm" (docs/activity.md). */
const zoneAlarm = z
  .object({
    name: z.string().trim().min(1, 'name the zone, e.g. "till" or "back door"').max(TEXT.name, tooLong(TEXT.name)),
    box: z
      .object({ x: fraction('box.x'), y: fraction('box.y'), width: fraction('box.width'), height: fraction('box.height') })
      .strict()
      .refine((b) => b.width > 0 && b.height > 0, { message: 'width and height must be more than 0' })
      .refine((b) => b.x + b.width <= 1.0001 && b.y + b.height <= 1.0001, { message: 'the box goes past the edge of the picture: x + width and y + height must be at most 1' }),
    closed: z.array(scheduleWindow).min(1, 'give the closed hours, e.g. [{ days: [mon, tue, wed, thu, fri, sat, sun], from: "23:00", to: "07:00" }]'),
    minCells: z.number().int().min(1).max(144).default(1),
  })
  .strict();

const purposes = z
  .array(z.string().trim().min(1, 'a purpose cannot be empty').max(TEXT.paragraph, tooLong(TEXT.paragraph)))
  .min(1, 'give at least one specific purpose, or leave the key out until you have one')
  .superRefine((list, ctx) => {
    list.forEach((purpose, index) => {
      const reason = vaguePurposeReason(purpose);
      if (reason) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [index], message: reason });
    });
  });

/** A written justification: long enough to state a problem and why this measure. */
const justification = (what: string) =>
  z.string().trim().min(20, `write the ${what} in at least 20 characters: what problem, and why this is needed here`).max(TEXT.paragraph, tooLong(TEXT.paragraph));

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const normalised = z.number().min(0, 'coordinates are fractions of the image: 0 to 1').max(1, 'coordinates are fractions of the image: 0 to 1');
/** A privacy mask: a polygon in normalised image coordinates ([0,0] top left, [1,1] bottom right), blacked out before anything is stored. */
const privacyMask = z
  .object({
    name: z.string().min(1).max(100).optional(),
    polygon: z.array(z.tuple([normalised, normalised])).min(3, 'a polygon needs at least 3 points'),
  })
  .strict();

const credentialsRef = {
  username: z.string().min(1).max(TEXT.name, tooLong(TEXT.name)).optional(),
  password_file: z.string().min(1).max(TEXT.path, tooLong(TEXT.path)).optional(),
  password_env: z.string().max(TEXT.name, tooLong(TEXT.name)).regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name').optional(),
};

const onvifXaddr = z.string().max(TEXT.url, tooLong(TEXT.url)).superRefine((text, ctx) => {
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
    profile: z.string().min(1).max(TEXT.name, tooLong(TEXT.name)).optional(),
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
    justification: z.string().min(20, 'write the justification out (at least 20 characters): why this camera needs footage longer than the cap').max(TEXT.paragraph, tooLong(TEXT.paragraph)).optional(),
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

const cameraObject = z
  .object({
    id: cameraId,
    name: z.string().min(1).max(100).optional(),
    rtsp: rtspUrl.optional(),
    /** The camera's second, smaller stream (same credentials as `rtsp`): live grid tiles and thumbnails use it. */
    subRtsp: rtspUrl.optional(),
    onvif: onvifCamera.optional(),
    ...credentialsRef,
    enabled: z.boolean().default(true),
    audio: z.boolean().default(false),
    purposes: purposes.optional(),
    area: z.enum(AREA_TYPES).optional(),
    signage: signage.optional(),
    /** Customer seating is off until this is given (consent gate `dining-needs-justification`). */
    diningJustification: justification('dining justification').optional(),
    audioJustification: justification('audio justification').optional(),
    /** The owner read that recording conversations can be criminal interception (Criminal Code s.184; all-party-consent states). */
    audioInterceptionWarningAcknowledged: z.boolean().optional(),
    /** Recording windows in local time (config `timezone`); absent means always. */
    schedule: z.array(scheduleWindow).min(1, 'give at least one window, or leave schedule out to record at all times').optional(),
    /** Legal basis printed on the second-layer notice for the EU and UK profiles. */
    legalBasis: z.string().trim().min(1).max(TEXT.paragraph, tooLong(TEXT.paragraph)).optional(),
    /** Privacy masks; a masked camera is re-encoded (about a core per 1080p stream, docs/masks.md). */
    masks: z.array(privacyMask).min(1, 'give at least one mask, or leave masks out').optional(),
    /** Movement in a zone during closed hours raises an alarm (docs/activity.md); evaluated on the activity index. */
    zoneAlarms: z.array(zoneAlarm).min(1, 'give at least one zone, or leave zoneAlarms out').optional(),
    /** Maximum age / byte quota; absent keys come from the jurisdiction profile (docs/retention-audit.md). */
    retention: cameraRetention.optional(),
  })
  .strict();

/**
 * The scope of a camera — purposes, area, signage, justifications, audio,
 * schedule, masks. Config cameras carry it in the YAML; cameras added at run
 * time (discovery) keep it in the index, validated with this same schema.
 */
export const cameraScopeSchema = cameraObject
  .pick({
    enabled: true,
    audio: true,
    purposes: true,
    area: true,
    signage: true,
    diningJustification: true,
    audioJustification: true,
    audioInterceptionWarningAcknowledged: true,
    schedule: true,
    legalBasis: true,
    masks: true,
  })
  .strict();

export const cameraSchema = cameraObject
  .superRefine((camera, ctx) => {
    if (camera.rtsp === undefined && camera.onvif === undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['rtsp'], message: 'give the camera either rtsp: (a stream URL) or onvif: (xaddr and credentials)' });
    }
    if (camera.rtsp !== undefined && camera.onvif !== undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['onvif'], message: 'give either rtsp: or onvif:, not both (an ONVIF camera tells Premises its stream URL)' });
    }
    if (camera.subRtsp !== undefined && camera.rtsp === undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['subRtsp'], message: 'subRtsp goes with rtsp:; an onvif: camera tells Premises its sub stream itself' });
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
    dataDir: z.string().min(1).max(TEXT.path, tooLong(TEXT.path)).default('./data'),
    listen: z
      .object({
        host: z.string().min(1).max(TEXT.host, tooLong(TEXT.host)).default('127.0.0.1'),
        port: z.number().int().min(1).max(65535).default(8080),
        /** Listening on a public (non-private) address needs this, written on purpose (docs/dashboard.md). */
        allowPublic: z.boolean().default(false),
      })
      .strict()
      .default({}),
    /** Which camera addresses Premises talks to (docs/onvif.md). */
    network: z
      .object({
        /** Cameras on 127.0.0.1: only the demo and tests, where simulated cameras run on this machine. */
        allowLoopbackCameras: z.boolean().default(false),
      })
      .strict()
      .default({}),
    timezone: z
      .string()
      .min(1)
      .refine(isTimeZone, (tz) => ({ message: `"${tz}" is not a time zone; write an IANA name like "America/Vancouver" or "Europe/Berlin"` }))
      .default('UTC'),
    jurisdiction: z.enum(JURISDICTIONS).default('CA-BC'),
    /** The premises themselves: which languages the public notices are printed in (docs/consent.md, "Languages"). */
    site: z
      .object({
        languages: z
          .array(
            z.string().refine((code): code is Language => (LANGUAGE_CODES as readonly string[]).includes(code), (code) => ({
              message: `"${code}" is not a notice language; write one of ${LANGUAGE_CODES.join(', ')}`,
            })),
          )
          .min(1, 'list at least one language, e.g. [en]')
          // Every language shares one printed page; more than three would set them too small to read.
          .max(3, 'a sign holds at most three languages and stays legible; post a second sign for further languages')
          .refine((list) => new Set(list).size === list.length, 'a language is listed twice')
          .optional(),
      })
      .strict()
      .default({}),
    business: z
      .object({
        name: z.string().min(1).max(TEXT.line, tooLong(TEXT.line)),
        address: z.string().min(1).max(TEXT.paragraph, tooLong(TEXT.paragraph)),
        contact: z
          .object({
            name: z.string().min(1, 'give the accountable person\'s name or title').max(TEXT.line, tooLong(TEXT.line)),
            phone: z.string().min(1).max(TEXT.name, tooLong(TEXT.name)).optional(),
            email: z.string().max(TEXT.host, tooLong(TEXT.host)).email().optional(),
          })
          .strict()
          .refine((c) => c.phone !== undefined || c.email !== undefined, { message: 'give a phone number or an email for the accountable contact' }),
        /** Who may view footage, printed on the policy page, e.g. ["owner", "manager on duty"]. */
        viewers: z.array(z.string().trim().min(1).max(TEXT.line, tooLong(TEXT.line))).min(1).optional(),
        /** How a person asks for footage of themselves; defaults to the accountable contact. */
        accessRequest: z.string().trim().min(1).max(TEXT.paragraph, tooLong(TEXT.paragraph)).optional(),
        /** Where the second-layer notice can be read, e.g. a local URL or "ask at the counter". */
        moreInfo: z.string().trim().min(1).max(TEXT.paragraph, tooLong(TEXT.paragraph)).optional(),
        /** Whether footage may be used in decisions about staff (printed on the staff notice). */
        staffFootageInDecisions: z.boolean().optional(),
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
    /** Scheduled sealed backups (docs/backup.md): every day at a local time, the newest `keep` kept. */
    backup: z
      .object({
        schedule: z.string().regex(/^daily at ([01]\d|2[0-3]):[0-5]\d$/, 'write the schedule as "daily at HH:MM" (24-hour, local time in `timezone`), e.g. "daily at 03:30"'),
        keep: z.number().int().min(1, 'keep at least 1 backup').max(366).default(7),
        /** A file holding the passphrase (mode 0600), relative to the configuration file or absolute. */
        passphraseFile: z.string().min(1, 'give the file that holds the backup passphrase'),
        /** A transfer policy of kind backup; each scheduled archive is sent under it. */
        policy: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
    /** Viewing recorded footage (docs/playback.md): a viewing session ends after this long without a request. */
    playback: z
      .object({ idleTimeout: duration('playback.idleTimeout').default('5m') })
      .strict()
      .default({}),
    /** Gateway mode: Premises runs the cameras' own network (docs/containment.md); absent: not contained. */
    cameraNetwork: cameraNetworkSchema.optional(),
    /** The activity index (docs/activity.md): where and when something changed, for search by place and time. */
    activity: z
      .object({
        enabled: z.boolean().default(true),
        /** How often closed segments are analysed; longer batches cost less CPU, results lag by this much. */
        interval: duration('activity.interval').default('2m'),
      })
      .strict()
      .default({}),
    // An empty `cameras:` (every entry commented out) means no cameras, not an error.
    cameras: z.preprocess((v) => v ?? [], z.array(cameraSchema)),
  })
  .strict()
  .superRefine((config, ctx) => {
    const languageIssue = signLanguageIssue(config.jurisdiction, config.site.languages);
    if (languageIssue) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['site', 'languages'], message: languageIssue });
    const { capMaxAgeMs: cap, absoluteMaxAgeMs: limit } = RETENTION_PROFILES[config.jurisdiction];
    if (cap !== undefined && config.retention.defaultMaxAge !== undefined && config.retention.defaultMaxAge > cap) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['retention', 'defaultMaxAge'],
        message: `${formatDuration(config.retention.defaultMaxAge)} is above the ${config.jurisdiction} cap of ${formatDuration(cap)}; set a longer maxAge per camera, with a justification${limit !== undefined ? ` (at most ${formatDuration(limit)})` : ''}`,
      });
    }
    config.cameras.forEach((camera, index) => {
      const maxAge = camera.retention?.maxAge;
      if (limit !== undefined && maxAge !== undefined && maxAge > limit) {
        // The law or the regulator sets the limit (FR: Code de la sécurité intérieure L252-5; LU: the CNPD): no written reason lifts it.
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['cameras', index, 'retention', 'maxAge'],
          message:
            `${formatDuration(maxAge)} is above the ${config.jurisdiction} limit of ${formatDuration(limit)}, which no justification lifts. ` +
            'Footage needed for an incident or legal proceedings is kept with a hold (premises hold add) instead',
        });
      } else if (cap !== undefined && maxAge !== undefined && maxAge > cap && !camera.retention?.justification) {
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
export type ZoneAlarmConfig = z.infer<typeof zoneAlarm>;
export type OnvifCameraConfig = z.infer<typeof onvifCamera>;
export type AreaType = (typeof AREA_TYPES)[number];
export type Jurisdiction = (typeof JURISDICTIONS)[number];
export type Weekday = (typeof WEEKDAYS)[number];
export type CameraScope = z.infer<typeof cameraScopeSchema>;
export type PrivacyMaskConfig = z.infer<typeof privacyMask>;
export type ScheduleWindowConfig = z.infer<typeof scheduleWindow>;
