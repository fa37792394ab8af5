import { LANGUAGES, type Language } from '../shared/languages.js';
import type { Jurisdiction } from './schema.js';

/**
 * Which languages the law asks public notices to be in, per jurisdiction
 * profile, and the languages printed when `site.languages` is not set.
 *
 * - QC: Charter of the French Language s.58 — public signs in French; another
 *   language only if French is markedly predominant (the sign lays French out
 *   first, in type at least twice as large: signage-html.ts).
 * - FR: Loi n° 94-665 (Toubon) art. 3–4 — notices to the public in French;
 *   translations may accompany it, no more legible than the French.
 * - Elsewhere no language is fixed by law; English is the default.
 *
 * The first language listed is the notice's main language: it is printed
 * first, and where the law asks for a language, it must be that one.
 */
export interface SignLanguageRule {
  /** The language the law requires, first on the sign; undefined where none is fixed. */
  required: Language | undefined;
  /** Where the required language must be markedly predominant over every other one (QC). */
  predominant: boolean;
  /** Why, in a few words, for error messages and the docs. */
  basis: string;
  /** Printed when `site.languages` is not set. */
  defaults: readonly Language[];
}

export const SIGN_LANGUAGE_RULES: Readonly<Record<Jurisdiction, SignLanguageRule>> = {
  'CA-BC': { required: undefined, predominant: false, basis: 'no language fixed by law', defaults: ['en'] },
  CA: { required: undefined, predominant: false, basis: 'no language fixed by law', defaults: ['en'] },
  QC: { required: 'fr', predominant: true, basis: 'Charter of the French Language s.58: French, markedly predominant', defaults: ['fr'] },
  EU: { required: undefined, predominant: false, basis: 'no language fixed by EU law', defaults: ['en'] },
  FR: { required: 'fr', predominant: false, basis: 'loi n° 94-665 (Toubon): notices to the public in French', defaults: ['fr'] },
  LU: { required: undefined, predominant: false, basis: 'no language fixed by law (French is the usual language of notices)', defaults: ['fr'] },
  UK: { required: undefined, predominant: false, basis: 'no language fixed by law', defaults: ['en'] },
  custom: { required: undefined, predominant: false, basis: 'no language fixed by the profile', defaults: ['en'] },
};

const nameOf = (code: Language) => LANGUAGES.find((l) => l.code === code)?.english ?? code;

/** Why `languages` does not satisfy the profile, or undefined when it does. */
export function signLanguageIssue(j: Jurisdiction, languages: readonly Language[] | undefined): string | undefined {
  const rule = SIGN_LANGUAGE_RULES[j];
  if (languages === undefined || rule.required === undefined) return undefined;
  if (!languages.includes(rule.required)) {
    return `the ${j} profile requires ${nameOf(rule.required)} on public notices (${rule.basis}); add ${rule.required} to site.languages, first`;
  }
  if (languages[0] !== rule.required) {
    return `the ${j} profile requires ${nameOf(rule.required)} first on public notices (${rule.basis}); list ${rule.required} first in site.languages`;
  }
  return undefined;
}

/** The languages notices are printed in: the configured list, or the profile's default. */
export function siteLanguages(config: { jurisdiction: Jurisdiction; site: { languages?: readonly Language[] | undefined } }): readonly Language[] {
  return config.site.languages ?? SIGN_LANGUAGE_RULES[config.jurisdiction].defaults;
}
