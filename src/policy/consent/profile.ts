import type { Jurisdiction } from '../../config/schema.js';

/**
 * What each jurisdiction profile means for notices and records
 * (docs/shared privacy-law reference, "Defaults"). The retention helper owns
 * per-camera retention; this module only supplies the profile default, which
 * callers pass into the renderers until per-camera retention is wired.
 */
export interface Retention {
  /** Milliseconds, or undefined when the owner sets it (custom profile). */
  ms: number | undefined;
  /** As printed on signs, e.g. "7 days". */
  text: string;
}

export interface JurisdictionProfile {
  jurisdiction: Jurisdiction;
  label: string;
  defaultRetention: Retention;
  /** Hard cap without a stored justification; undefined for custom. */
  capMs: number | undefined;
  capText: string;
  accessDeadline: string;
  /** Where a person may complain if the business does not resolve it. */
  regulator: string;
  gdpr: boolean;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

export function jurisdictionProfile(j: Jurisdiction): JurisdictionProfile {
  switch (j) {
    case 'CA-BC':
      return {
        jurisdiction: j,
        label: 'British Columbia, Canada (PIPA)',
        defaultRetention: { ms: 7 * DAY, text: '7 days' },
        capMs: 30 * DAY,
        capText: '30 days',
        accessDeadline: '30 business days (PIPA s.29), extendable under s.31',
        regulator: 'the Office of the Information and Privacy Commissioner for British Columbia (oipc.bc.ca)',
        gdpr: false,
      };
    case 'CA':
      return {
        jurisdiction: j,
        label: 'Canada (PIPEDA)',
        defaultRetention: { ms: 7 * DAY, text: '7 days' },
        capMs: 30 * DAY,
        capText: '30 days',
        accessDeadline: '30 days, extendable by 30',
        regulator: 'the Office of the Privacy Commissioner of Canada (priv.gc.ca)',
        gdpr: false,
      };
    case 'EU':
      return {
        jurisdiction: j,
        label: 'European Union (GDPR)',
        defaultRetention: { ms: 72 * HOUR, text: '72 hours' },
        capMs: 30 * DAY,
        capText: '30 days',
        accessDeadline: 'one month (GDPR Art. 12(3)), extendable by two',
        regulator: 'your national data protection authority',
        gdpr: true,
      };
    case 'UK':
      return {
        jurisdiction: j,
        label: 'United Kingdom (UK GDPR)',
        defaultRetention: { ms: 7 * DAY, text: '7 days' },
        capMs: 30 * DAY,
        capText: '30 days',
        accessDeadline: 'one month, extendable by two',
        regulator: "the Information Commissioner's Office (ico.org.uk)",
        gdpr: true,
      };
    case 'custom':
      return {
        jurisdiction: j,
        label: 'custom (set by the owner)',
        defaultRetention: { ms: undefined, text: 'as set by the owner' },
        capMs: undefined,
        capText: 'as set by the owner',
        accessDeadline: 'as set by the owner',
        regulator: 'the privacy regulator where you are',
        gdpr: false,
      };
  }
}

/** Retention per camera: the profile default until the retention config is wired in. */
export type RetentionOf = (cameraId: string) => Retention;

export function defaultRetentionOf(j: Jurisdiction): RetentionOf {
  const r = jurisdictionProfile(j).defaultRetention;
  return () => r;
}
