/**
 * The languages Premises writes its notices in (signs, the policy page, staff
 * notices, access-request letters). It is data: adding a language is one entry
 * here plus a translation in each catalog, and the type checker then lists every
 * catalog that still lacks it, because catalogs are typed `Translated<T>`.
 */
export const LANGUAGES = [
  { code: 'en', english: 'English', native: 'English' },
  { code: 'fr', english: 'French', native: 'Français' },
  { code: 'es', english: 'Spanish', native: 'Español' },
  { code: 'zh-Hans', english: 'Chinese (Simplified)', native: '简体中文' },
  { code: 'zh-Hant', english: 'Chinese (Traditional)', native: '繁體中文' },
] as const;

export type Language = (typeof LANGUAGES)[number]['code'];

/** One value per language; a missing translation is a type error, not a blank line on a sign. */
export type Translated<T> = Readonly<Record<Language, T>>;

export const LANGUAGE_CODES: readonly Language[] = LANGUAGES.map((l) => l.code);

export function isLanguage(code: string): code is Language {
  return (LANGUAGE_CODES as readonly string[]).includes(code);
}
