import { RETENTION_PROFILES, retentionText } from '../../config/retention.js';
import { JURISDICTIONS, type Jurisdiction } from '../../config/schema.js';

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

const BY_OWNER = 'as set by the owner';

/** What differs per jurisdiction besides retention (docs/consent.md). */
const JURISDICTION_TEXT: Readonly<Record<Jurisdiction, Pick<JurisdictionProfile, 'label' | 'accessDeadline' | 'regulator' | 'gdpr'>>> = {
  'CA-BC': {
    label: 'British Columbia, Canada (PIPA)',
    accessDeadline: '30 business days (PIPA s.29), extendable under s.31',
    regulator: 'the Office of the Information and Privacy Commissioner for British Columbia (oipc.bc.ca)',
    gdpr: false,
  },
  CA: {
    label: 'Canada (PIPEDA)',
    accessDeadline: '30 days, extendable by 30',
    regulator: 'the Office of the Privacy Commissioner of Canada (priv.gc.ca)',
    gdpr: false,
  },
  EU: {
    label: 'European Union (GDPR)',
    accessDeadline: 'one month (GDPR Art. 12(3)), extendable by two',
    regulator: 'your national data protection authority',
    gdpr: true,
  },
  UK: {
    label: 'United Kingdom (UK GDPR)',
    accessDeadline: 'one month, extendable by two',
    regulator: "the Information Commissioner's Office (ico.org.uk)",
    gdpr: true,
  },
  custom: {
    label: 'custom (set by the owner)',
    accessDeadline: 'as set by the owner',
    regulator: 'the privacy regulator where you are',
    gdpr: false,
  },
};

/**
 * Retention figures come from the one table the sweeper enforces
 * (config/retention.ts). Under the custom profile the signs say the owner
 * sets them, although the sweeper falls back to a default when none is set.
 */
function retentionPart(j: Jurisdiction): Pick<JurisdictionProfile, 'defaultRetention' | 'capMs' | 'capText'> {
  const { defaultMaxAgeMs, capMaxAgeMs } = RETENTION_PROFILES[j];
  if (j === 'custom') return { defaultRetention: { ms: undefined, text: BY_OWNER }, capMs: undefined, capText: BY_OWNER };
  return {
    defaultRetention: { ms: defaultMaxAgeMs, text: retentionText(defaultMaxAgeMs) },
    capMs: capMaxAgeMs,
    capText: capMaxAgeMs === undefined ? BY_OWNER : retentionText(capMaxAgeMs),
  };
}

export const JURISDICTION_PROFILES: Readonly<Record<Jurisdiction, JurisdictionProfile>> = Object.fromEntries(
  JURISDICTIONS.map((j) => [j, { jurisdiction: j, ...JURISDICTION_TEXT[j], ...retentionPart(j) }]),
) as Record<Jurisdiction, JurisdictionProfile>;

export function jurisdictionProfile(j: Jurisdiction): JurisdictionProfile {
  return JURISDICTION_PROFILES[j];
}

/** Retention per camera: the profile default until the retention config is wired in. */
export type RetentionOf = (cameraId: string) => Retention;

export function defaultRetentionOf(j: Jurisdiction): RetentionOf {
  const r = jurisdictionProfile(j).defaultRetention;
  return () => r;
}
