import type { Config, Jurisdiction } from './schema.js';

/**
 * Jurisdiction profiles: the default maximum age of footage and the hard cap
 * above which a camera needs a written justification. Figures from
 * docs (privacy-law): EDPB Guidelines 3/2019 ¶121 for the EU's 72 h; FR's one
 * month is the legal maximum (Code de la sécurité intérieure L252-5, as the
 * CNIL applies it to shops); LU's 8 days, up to 30 with the reason recorded,
 * is the CNPD's guidance; the Canadian (QC included) and UK figures are product
 * choices (regulators fix no number).
 */
export interface RetentionProfile {
  defaultMaxAgeMs: number;
  /** Undefined: no cap (custom). */
  capMaxAgeMs: number | undefined;
  /**
   * The most any justification allows, where the law or the regulator sets
   * one (FR: one month; LU: 30 days); beyond it only a hold on specific
   * footage keeps it. Undefined: a stored justification may go past the cap.
   */
  absoluteMaxAgeMs: number | undefined;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const RETENTION_PROFILES: Readonly<Record<Jurisdiction, RetentionProfile>> = {
  'CA-BC': { defaultMaxAgeMs: 7 * DAY, capMaxAgeMs: 30 * DAY, absoluteMaxAgeMs: undefined },
  CA: { defaultMaxAgeMs: 7 * DAY, capMaxAgeMs: 30 * DAY, absoluteMaxAgeMs: undefined },
  QC: { defaultMaxAgeMs: 7 * DAY, capMaxAgeMs: 30 * DAY, absoluteMaxAgeMs: undefined },
  EU: { defaultMaxAgeMs: 72 * HOUR, capMaxAgeMs: 30 * DAY, absoluteMaxAgeMs: undefined },
  FR: { defaultMaxAgeMs: 7 * DAY, capMaxAgeMs: 30 * DAY, absoluteMaxAgeMs: 30 * DAY },
  LU: { defaultMaxAgeMs: 8 * DAY, capMaxAgeMs: 8 * DAY, absoluteMaxAgeMs: 30 * DAY },
  UK: { defaultMaxAgeMs: 7 * DAY, capMaxAgeMs: 30 * DAY, absoluteMaxAgeMs: undefined },
  custom: { defaultMaxAgeMs: 7 * DAY, capMaxAgeMs: undefined, absoluteMaxAgeMs: undefined },
};

const SIZE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/** "500MB", "20GB", "1.5TiB", or a plain number of bytes. */
export function parseSize(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isSafeInteger(text) && text > 0 ? text : undefined;
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]i?b|b)$/i.exec(text.trim());
  if (!m) return undefined;
  const bytes = Math.round(Number(m[1]) * (SIZE_UNITS[(m[2] as string).toLowerCase()] ?? NaN));
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined;
}

/** The free-space floor as configured: a share of the disk or a byte count. */
export type FloorSetting = { percent: number } | { bytes: number };

export function parseFloor(text: string | number): FloorSetting | undefined {
  if (typeof text === 'string') {
    const m = /^(\d+(?:\.\d+)?)\s*%$/.exec(text.trim());
    if (m) {
      const percent = Number(m[1]);
      return percent > 0 && percent < 100 ? { percent } : undefined;
    }
  }
  const bytes = parseSize(text);
  return bytes === undefined ? undefined : { bytes };
}

/** How long a period reads on a sign: "7 days", "72 hours" (short periods in hours, as the EDPB writes them), "90 minutes". */
export function retentionText(ms: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (ms % 86_400_000 === 0 && ms >= 7 * 86_400_000) return plural(ms / 86_400_000, 'day');
  if (ms % 3_600_000 === 0) return plural(ms / 3_600_000, 'hour');
  if (ms % 86_400_000 === 0) return plural(ms / 86_400_000, 'day');
  return plural(Math.round(ms / 60_000), 'minute');
}

/** Each camera's retention as the sweeper enforces it, for signs and the record of processing. */
export function configuredRetentionOf(config: Pick<Config, 'jurisdiction' | 'cameras' | 'retention'>): (cameraId: string) => { ms: number; text: string } {
  const profile = RETENTION_PROFILES[config.jurisdiction];
  const fallback = config.retention.defaultMaxAge ?? profile.defaultMaxAgeMs;
  return (cameraId) => {
    const ms = config.cameras.find((c) => c.id === cameraId)?.retention?.maxAge ?? fallback;
    return { ms, text: retentionText(ms) };
  };
}
