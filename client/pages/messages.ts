import de from '../../shared/i18n/public/de.json';
import { htmlLang, type Language } from '../../shared/languages.ts';
import { applyLanguage, createTranslator, currentLanguage } from '../i18n/index.ts';
import { lazyCatalog, pluralTranslator, rememberLanguage } from '../i18n/translate.ts';

/**
 * The public pages' own words (start page, process page, not-found page and their frame), one
 * file per language in shared/i18n/public/. German ships with the pages; every other language
 * is its own small chunk, loaded only when a visitor needs it, as the survey's are.
 */
const words = lazyCatalog(de, import.meta.glob<string>(['./*.json', '!./de.json'], { base: '../../shared/i18n/public', query: '?url&no-inline', import: 'default', eager: true }));

export type MessageKey = keyof typeof de;

export const t = createTranslator(words.catalog);

/** A message with a count (`tn('resultsSources', 3)`): the plural form the visitor's language uses for it. */
export const tn = pluralTranslator(words.catalog, () => currentLanguage.value);

/**
 * Loads the language's words when needed, then shows the public pages in it (`lang`, `dir` and
 * every text that reads the current language) and remembers it for the rest of the visit.
 * `stillWanted` lets a page that went away in the meantime keep its own language. False, the
 * pages unchanged, when the words could not come (offline before their file arrived).
 */
export async function showLanguage(language: Language, stillWanted: () => boolean = () => true): Promise<boolean> {
  if (!(await words.load(language))) return false;
  if (!stillWanted()) return true;
  rememberLanguage(language);
  applyLanguage(language);
  return true;
}

/** A link to another public page or the survey that keeps the visitor's language (`?lang=tr`). */
export function withLanguage(path: string): string {
  return `${path}?lang=${currentLanguage.value}`;
}

/** A day (YYYY-MM-DD) as the visitor's language writes it: "30. November 2026", "30 November 2026", "٣٠ نوفمبر" with Latin digits. */
export function formatDay(day: string): string {
  const date = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(numberLocale(currentLanguage.value), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}

/** The locale numbers and dates are written in: the language's, with Latin digits as in the tables. */
export function numberLocale(language: Language): string {
  return `${htmlLang(language)}-u-nu-latn`;
}
