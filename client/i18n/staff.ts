import { signal } from '@preact/signals';
import type { Language } from '../../shared/languages.ts';
import { STAFF_LANGUAGES } from '../../shared/i18n/status.ts';
import { lazyCatalog, pluralTranslator, setDocumentLanguage, translator, type CatalogFiles, type Translate } from './translate.ts';

export { STAFF_LANGUAGES };

/** Where this browser keeps the staff's choice of language (a tablet is shared by a stall team, so per device). */
const STAFF_CHOICE = 'mitreden.staffLanguage';

function rememberedStaffLanguage(): Language {
  try {
    const stored = localStorage.getItem(STAFF_CHOICE);
    if (STAFF_LANGUAGES.includes(stored as Language)) return stored as Language;
  } catch {
    // Storage switched off: German, the city's working language.
  }
  return 'de';
}

/**
 * The language of the staff areas (stall, moderation, results, admin, sign-in): German unless
 * someone on this device chose another with the switch in the header. Not the browser's: a
 * stall tablet is set up once and handed around, and German is the city's working language.
 */
export const staffLanguage = signal<Language>(rememberedStaffLanguage());

/** Bumped when a language file arrived, so pages that read it before show the new words. */
const arrived = signal(0);
const loaders: Array<(language: Language) => Promise<boolean>> = [];

/**
 * One staff area's words (shared/i18n/<area>/<language>.json) through the one loader
 * (`lazyCatalog`): German ships with the area, English is its own chunk, fetched when staff pick
 * it (or at start when they picked it before). `t` reads the staff language, so a page shows the
 * new words as soon as the switch changes it; `tn` picks a plural form by the CLDR rules and writes its count `{n}` as staff read numbers
 * (`staffLocale`).
 */
export function staffCatalog<K extends string>(de: Record<K, string>, files: CatalogFiles) {
  const words = lazyCatalog(de, files);
  loaders.push(words.load);
  // Now and at every switch: an area whose chunk arrived while a switch was under way (after it
  // gathered the loaders, before it set the language) still fetches its words.
  staffLanguage.subscribe((language) => {
    if (language !== 'de' && !words.catalog[language]) void words.load(language).then(() => arrived.value++);
  });
  const shown = () => (arrived.value, staffLanguage.value);
  const t: Translate<K> = translator(words.catalog, shown);
  const plural = pluralTranslator(words.catalog, shown);
  // The count as staff read numbers: „1.000 Beiträge“, "1,000 contributions".
  const tn: typeof plural = (key, count, params = {}) => plural(key, count, { n: count.toLocaleString(staffLocale()), ...params });
  return { t, tn };
}

/**
 * Switches every staff area to the language once its words are here, and keeps the choice on this
 * device. False, and nothing switched, when some area's words could not come (no connection and
 * not kept by the stall's service worker): the page keeps speaking the language it speaks rather
 * than put "English" in the switch over German words.
 */
export async function switchStaffLanguage(language: Language): Promise<boolean> {
  const loaded = await Promise.all(loaders.map((load) => load(language)));
  arrived.value++;
  if (loaded.includes(false)) return false;
  staffLanguage.value = language;
  setDocumentLanguage(language);
  try {
    localStorage.setItem(STAFF_CHOICE, language);
  } catch {
    // Storage switched off: the choice lasts until the page is reloaded.
  }
  return true;
}

/** The locale staff pages format dates and numbers in: German or British English. */
export function staffLocale(): string {
  return staffLanguage.value === 'en' ? 'en-GB' : 'de-DE';
}
