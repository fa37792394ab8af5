import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { LANGUAGES, type Language } from '../../src/shared/languages.js';
import { Field } from './ui.js';

/** What the API says a printed document may be written in (src/policy/consent/document-language.ts). */
export interface DocumentLanguages {
  offered: Language[];
  default: Language;
}

const nameOf = (code: Language): string => {
  const l = LANGUAGES.find((x) => x.code === code);
  return l ? (l.native === l.english ? l.english : `${l.native} (${l.english})`) : code;
};

/**
 * The language chosen for the printed record of processing or assessment.
 * Starts on the one the law asks for (or the site's first) and keeps the
 * owner's choice across the page's polls.
 */
export function useDocumentLanguage(languages: DocumentLanguages | undefined): [Language | undefined, (lang: Language) => void] {
  const [chosen, setChosen] = useState<Language | null>(null);
  const lang = chosen !== null && languages?.offered.includes(chosen) ? chosen : languages?.default;
  return [lang, setChosen];
}

/** `href` with `?lang=` (or `&lang=`) for the chosen language. */
export function withLang(href: string, lang: Language | undefined): string {
  return lang ? `${href}${href.includes('?') ? '&' : '?'}lang=${encodeURIComponent(lang)}` : href;
}

export function DocumentLanguagePicker(props: { languages: DocumentLanguages; value: Language | undefined; onChange: (lang: Language) => void; hint: string }): JSX.Element {
  return (
    <Field label="Language of the printed document" hint={props.hint}>
      {(id, hint) => (
        <select
          id={id}
          class="document-language"
          aria-describedby={hint}
          value={props.value}
          onChange={(e) => {
            const code = props.languages.offered.find((l) => l === e.currentTarget.value);
            if (code) props.onChange(code);
          }}
        >
          {props.languages.offered.map((code) => (
            <option key={code} value={code}>
              {`${nameOf(code)}${code === props.languages.default ? ' — default' : ''}`}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
