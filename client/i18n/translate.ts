import { htmlLang, textDirection, type Language } from '../../shared/languages.ts';

/**
 * The part of i18n that needs no reactive store, so an area that keeps its language in
 * component state (the survey, which must stay light on a phone) can use it without
 * pulling @preact/signals into its chunk.
 */
export type Catalog<K extends string> = { de: Record<K, string> } & Partial<Record<Language, Partial<Record<K, string>>>>;

export type Translate<K extends string> = (key: K, params?: Record<string, string | number>) => string;

/** A message lookup over one catalog for whatever language `language()` says, German for missing keys. */
export function translator<K extends string>(catalog: Catalog<K>, language: () => Language): Translate<K> {
  return (key, params) => {
    const message = catalog[language()]?.[key] ?? catalog.de[key];
    return params ? message.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? '')) : message;
  };
}

/** Sets `lang` and `dir` on the document, so Arabic lays out right to left. */
export function setDocumentLanguage(language: Language): void {
  document.documentElement.lang = htmlLang(language);
  document.documentElement.dir = textDirection(language);
}
