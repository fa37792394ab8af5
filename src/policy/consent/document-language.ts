import { SIGN_LANGUAGE_RULES, siteLanguages } from '../../config/site-languages.js';
import type { Jurisdiction } from '../../config/schema.js';
import { PremisesError } from '../../shared/errors.js';
import { isLanguage, type Language } from '../../shared/languages.js';

/**
 * Which language the record of processing and the assessment are written in,
 * and how their dates and numbers are written in it.
 *
 * Offered: the site's notice languages (site.languages, or the profile's
 * default) and English, the language of Premises itself and its dashboard, so
 * the owner can always read what they file. The default is the language the
 * profile requires (French under QC and FR), else the site's first language.
 */
export function documentLanguages(config: { jurisdiction: Jurisdiction; site: { languages?: readonly Language[] | undefined } }): { offered: Language[]; default: Language } {
  const site = siteLanguages(config);
  const offered = [...new Set<Language>([...site, 'en'])];
  return { offered, default: SIGN_LANGUAGE_RULES[config.jurisdiction].required ?? site[0] ?? 'en' };
}

/** The language asked for (`--lang`, `?lang=`), checked against what the site offers; undefined or empty: the default. */
export function documentLanguage(config: Parameters<typeof documentLanguages>[0], asked: string | undefined, what = '--lang'): Language {
  const { offered, default: fallback } = documentLanguages(config);
  if (asked === undefined || asked === '') return fallback;
  if (!isLanguage(asked) || !offered.includes(asked)) {
    throw new PremisesError('InvalidArgument', `${what} ${asked}: write one of ${offered.join(', ')} (the site's languages, site.languages, and English)`);
  }
  return asked;
}

/**
 * The locale for dates and numbers: Canadian French under the Canadian
 * profiles (QC: "6 décembre 2026, 14 h 42"), France's French elsewhere;
 * mainland and Taiwan conventions for the two Chinese scripts.
 */
export function documentLocale(lang: Language, jurisdiction: string): string {
  switch (lang) {
    case 'en':
      return jurisdiction === 'UK' ? 'en-GB' : 'en-CA';
    case 'fr':
      return jurisdiction === 'QC' || jurisdiction === 'CA' || jurisdiction === 'CA-BC' ? 'fr-CA' : 'fr-FR';
    case 'es':
      return 'es-ES';
    case 'zh-Hans':
      return 'zh-CN';
    case 'zh-Hant':
      return 'zh-TW';
  }
}

/** Dates, times and counts in one document's language. English keeps ISO 8601, as the record always printed it. */
export interface DocumentFormat {
  lang: Language;
  /** A moment, in the business's time zone with the zone named. */
  when: (ms: number) => string;
  /** A calendar day (UTC, as review days are computed). */
  day: (ms: number) => string;
  count: (n: number) => string;
}

export function documentFormat(lang: Language, jurisdiction: string, timeZone: string): DocumentFormat {
  if (lang === 'en') {
    return { lang, when: (ms) => new Date(ms).toISOString(), day: (ms) => new Date(ms).toISOString().slice(0, 10), count: (n) => String(n) };
  }
  const locale = documentLocale(lang, jurisdiction);
  const when = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' });
  const day = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
  const count = new Intl.NumberFormat(locale);
  return { lang, when: (ms) => when.format(ms), day: (ms) => day.format(ms), count: (n) => count.format(n) };
}
