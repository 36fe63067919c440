import de from '../../shared/i18n/survey/de.json';
import { htmlLang, type Language } from '../../shared/languages.ts';
import { lazyCatalog, pluralTranslator, rememberLanguage, setDocumentLanguage, translator } from '../i18n/translate.ts';

/**
 * The survey's own words around the questions (buttons, progress, errors, notices), one file per
 * language in shared/i18n/survey/. German ships with the survey chunk; every other language is
 * its own small chunk, loaded only when a resident picks it.
 */
const words = lazyCatalog(de, import.meta.glob<string>(['./*.json', '!./de.json'], { base: '../../shared/i18n/survey', query: '?url&no-inline', import: 'default', eager: true }));

export type MessageKey = keyof typeof de;

let current: Language = 'de';

export const t = translator(words.catalog, () => current);

/** A message with a count (`tn('retrying', 3, { seconds: 3 })`): the plural form the language uses for it. */
export const tn = pluralTranslator(words.catalog, () => current);

/** Loads the language's words when needed; false when they could not come (offline before their file arrived). */
export const loadWords = (language: Language): Promise<boolean> => words.load(language);

/** Loads the language's words when needed, then switches the page (including `lang` and `dir`) and remembers the choice for the public pages. */
export async function switchLanguage(language: Language): Promise<void> {
  await words.load(language);
  current = language;
  rememberLanguage(language);
  setDocumentLanguage(language);
}

/** A day (YYYY-MM-DD) as the language writes it („2. Dezember 2026“), in Latin digits. */
export const formatDay = (iso: string, language: Language) =>
  new Intl.DateTimeFormat(`${htmlLang(language)}-u-nu-latn`, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
