import { signal } from '@preact/signals';
import { fallbackAttributes, localize, type Language, type LocalizedText } from '../../shared/languages.ts';
import { setDocumentLanguage, translator, type Catalog } from './translate.ts';

export type { Catalog } from './translate.ts';

/** The language the page is shown in: the visitor's on the public pages (client/pages/), German in the staff areas. */
export const currentLanguage = signal<Language>('de');

/** Switches the page language and lays the document out right to left where the language reads so. */
export function applyLanguage(language: Language): void {
  currentLanguage.value = language;
  setDocumentLanguage(language);
}

/** The text in the current language, German when it has none. */
export function tx(text: LocalizedText): string {
  return localize(text, currentLanguage.value);
}

/** `lang`/`dir` for the element showing `tx(text)`: set when it falls back to German. */
export const txAttributes = (text: LocalizedText) => fallbackAttributes(text, currentLanguage.value);

/** A message lookup over one area's catalog, with German as the fallback for missing keys. */
export function createTranslator<K extends string>(catalog: Catalog<K>) {
  return translator(catalog, () => currentLanguage.value);
}
