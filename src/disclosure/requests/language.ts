import type { Config } from '../../config/schema.js';
import { siteLanguages } from '../../config/site-languages.js';
import { PremisesError } from '../../shared/errors.js';
import { LANGUAGES, type Language } from '../../shared/languages.js';
import type { AccessRequest } from './requests.js';

type LanguageConfig = Pick<Config, 'jurisdiction' | 'site'>;

/**
 * The requester's language, as the manager records it: one of the site's
 * languages (those its notices are written in), the site's main one when none
 * is given. `field` names the flag or key in the error.
 */
export function requesterLanguage(config: LanguageConfig, code: string | undefined, field: string): Language {
  const offered = siteLanguages(config);
  if (code === undefined) return offered[0] ?? 'en';
  const found = offered.find((l) => l === code);
  if (found === undefined) {
    const names = offered.map((l) => `${l} (${LANGUAGES.find((x) => x.code === l)?.english ?? l})`).join(', ');
    throw new PremisesError('InvalidArgument', `${field} must be one of the site's languages: ${names}; add others to site.languages first`);
  }
  return found;
}

/** The language a letter to this requester is written in: theirs when recorded, else the site's main language. */
export function letterLanguage(config: LanguageConfig, request: Pick<AccessRequest, 'language'>): Language {
  return request.language ?? requesterLanguage(config, undefined, 'language');
}
