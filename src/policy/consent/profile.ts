import { RETENTION_PROFILES, retentionText } from '../../config/retention.js';
import { JURISDICTIONS, type Jurisdiction } from '../../config/schema.js';
import { SIGN_LANGUAGE_RULES, type SignLanguageRule } from '../../config/site-languages.js';
import { SIGN_WORDS } from './sign-text.js';

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
  /** What the first-layer sign must say under this profile. */
  noticeFields: readonly NoticeField[];
  /** Which language the law asks notices to be in (config/site-languages.ts). */
  languages: SignLanguageRule;
  /** The most a stored justification allows (the law's or regulator's own maximum); undefined: no such limit. */
  absoluteMaxMs: number | undefined;
}

const BY_OWNER = 'as set by the owner';

/**
 * What a first-layer notice (the sign at the entrance) must say under each
 * profile, beyond what every sign says. The renderer prints exactly these
 * fields (data-field on each), and test/unit/sign-fields.test.ts checks them
 * against its own reading of each law.
 */
export const NOTICE_FIELDS = ['recording', 'audio', 'purposes', 'retention', 'access', 'elsewhere', 'controller', 'contact', 'rights', 'complaints', 'moreInfo'] as const;
export type NoticeField = (typeof NOTICE_FIELDS)[number];

const EVERY_SIGN: readonly NoticeField[] = ['recording', 'audio', 'purposes', 'retention', 'access', 'elsewhere', 'controller', 'contact', 'moreInfo'];
/** EDPB 3/2019 ¶114–115 and the CNIL's model sign: the rights and the right to complain belong on the sign itself. */
const GDPR_SIGN: readonly NoticeField[] = [...EVERY_SIGN, 'rights', 'complaints'];
/** Quebec Law 25 s.8: at collection, the rights of access and rectification; the CAI as the place to complain. */
const QC_SIGN: readonly NoticeField[] = [...EVERY_SIGN, 'rights', 'complaints'];

/** What differs per jurisdiction besides retention (docs/consent.md); the words are the English catalog's. */
const JURISDICTION_FACTS: Readonly<Record<Jurisdiction, Pick<JurisdictionProfile, 'gdpr' | 'noticeFields'>>> = {
  'CA-BC': { gdpr: false, noticeFields: EVERY_SIGN },
  CA: { gdpr: false, noticeFields: EVERY_SIGN },
  QC: { gdpr: false, noticeFields: QC_SIGN },
  EU: { gdpr: true, noticeFields: GDPR_SIGN },
  FR: { gdpr: true, noticeFields: GDPR_SIGN },
  LU: { gdpr: true, noticeFields: GDPR_SIGN },
  UK: { gdpr: true, noticeFields: GDPR_SIGN },
  custom: { gdpr: false, noticeFields: EVERY_SIGN },
};

function jurisdictionText(j: Jurisdiction): Pick<JurisdictionProfile, 'label' | 'accessDeadline' | 'regulator' | 'gdpr' | 'noticeFields' | 'languages'> {
  const { label, accessDeadline, regulator } = SIGN_WORDS.en.profiles[j];
  return { label, accessDeadline, regulator, ...JURISDICTION_FACTS[j], languages: SIGN_LANGUAGE_RULES[j] };
}

/**
 * Retention figures come from the one table the sweeper enforces
 * (config/retention.ts). Under the custom profile the signs say the owner
 * sets them, although the sweeper falls back to a default when none is set.
 */
function retentionPart(j: Jurisdiction): Pick<JurisdictionProfile, 'defaultRetention' | 'capMs' | 'capText' | 'absoluteMaxMs'> {
  const { defaultMaxAgeMs, capMaxAgeMs, absoluteMaxAgeMs } = RETENTION_PROFILES[j];
  if (j === 'custom') return { defaultRetention: { ms: undefined, text: BY_OWNER }, capMs: undefined, capText: BY_OWNER, absoluteMaxMs: undefined };
  return {
    absoluteMaxMs: absoluteMaxAgeMs,
    defaultRetention: { ms: defaultMaxAgeMs, text: retentionText(defaultMaxAgeMs) },
    capMs: capMaxAgeMs,
    capText: capMaxAgeMs === undefined ? BY_OWNER : retentionText(capMaxAgeMs),
  };
}

export const JURISDICTION_PROFILES: Readonly<Record<Jurisdiction, JurisdictionProfile>> = Object.fromEntries(
  JURISDICTIONS.map((j) => [j, { jurisdiction: j, ...jurisdictionText(j), ...retentionPart(j) }]),
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
