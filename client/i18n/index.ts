import { signal } from '@preact/signals';
import { htmlLang, localize, textDirection, type Language, type LocalizedText } from '../../shared/languages.ts';

/** The language the page is shown in; German unless the survey picks another. */
export const currentLanguage = signal<Language>('de');

/** Switches the page language and lays the document out right to left where the language reads so. */
export function applyLanguage(language: Language): void {
  currentLanguage.value = language;
  document.documentElement.lang = htmlLang(language);
  document.documentElement.dir = textDirection(language);
}

/** The text in the current language, German when it has none. */
export function tx(text: LocalizedText): string {
  return localize(text, currentLanguage.value);
}

export type Catalog<K extends string> = { de: Record<K, string> } & Partial<Record<Language, Partial<Record<K, string>>>>;

/** A message lookup over one area's catalog, with German as the fallback for missing keys. */
export function createTranslator<K extends string>(catalog: Catalog<K>) {
  return (key: K, params?: Record<string, string | number>): string => {
    const message = catalog[currentLanguage.value]?.[key] ?? catalog.de[key];
    return params ? message.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? '')) : message;
  };
}
