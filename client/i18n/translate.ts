import type { ComponentChild } from 'preact';
import { fillPlaceholders, PLACEHOLDER } from '../../shared/i18n/catalog.ts';
import { pluralMessageKey, type MessageParams, type PluralKey } from '../../shared/i18n/plural.ts';
import { htmlLang, LANGUAGES, pickLanguage, textDirection, type Language } from '../../shared/languages.ts';
import { fetchAsset } from '../api.ts';

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
    return params ? fillPlaceholders(message, params) : message;
  };
}

/** A plural lookup: the form of group `key` that `count` takes (shared/i18n/plural.ts), `{n}` filled with the count unless `params` name it. */
export type TranslatePlural<K extends string> = (key: PluralKey<K>, count: number, params?: MessageParams) => string;

/** Plural groups over one catalog for whatever language `language()` says; the forms of the language shown (German's until its file arrived). */
export function pluralTranslator<K extends string>(catalog: Catalog<K>, language: () => Language): TranslatePlural<K> {
  const t = translator(catalog, language);
  return (key, count, params = {}) => {
    const shown = language();
    const messages: Partial<Record<string, string>> = catalog[shown] ?? catalog.de;
    return t(pluralMessageKey((form) => form in messages, catalog[shown] ? shown : 'de', key, count) as K, { n: count, ...params });
  };
}

/**
 * A message whose placeholders are filled with parts of a page rather than text (a name marked as
 * another language, `<bdi lang="de">`): the message's words around them, in the message's order.
 * A placeholder not given reads empty, as in `fillPlaceholders`.
 */
export function fillParts(message: string, params: Record<string, ComponentChild>): ComponentChild[] {
  const parts: ComponentChild[] = [];
  let at = 0;
  for (const match of message.matchAll(PLACEHOLDER)) {
    parts.push(message.slice(at, match.index), params[match[1]!] ?? '');
    at = match.index + match[0].length;
  }
  parts.push(message.slice(at));
  return parts;
}

/**
 * Items as a list of the language's own („A, B und C“, „A وB وC“, „A, B ve C“), each item a part
 * of the page (a name marked German stays marked), the joining words and commas the language's
 * from `Intl.ListFormat`: a Latin „, “ between Arabic words reads wrong.
 */
export function listParts(items: ComponentChild[], language: Language): ComponentChild[] {
  const format = new Intl.ListFormat(htmlLang(language), { type: 'conjunction' });
  return format.formatToParts(items.map((_, index) => String(index))).map((part) => (part.type === 'element' ? items[Number(part.value)] : part.value));
}

/**
 * Catalogs bundled whole (`import.meta.glob('…/<area>/*.json', { eager: true, import: 'default' })`),
 * by the language each file is named for, read with `read`: for words needed in every language at
 * once and offline, not fetched per visitor (the receipt card, a new process's texts).
 */
export function bundledCatalogs<T, R = T>(files: Record<string, T>, read: (file: T) => R = (file) => file as unknown as R): Partial<Record<Language, R>> {
  return Object.fromEntries(Object.entries(files).map(([path, file]) => [path.slice(path.lastIndexOf('/') + 1, -'.json'.length), read(file)]));
}

/**
 * What `import.meta.glob<string>('…/<area>/*.json', { query: '?url&no-inline', import: 'default',
 * eager: true })` gives: the built address of each language's file.
 */
export type CatalogFiles = Record<string, string>;

/*
 * A language's file is fetched (`fetchAsset`), not imported: a browser keeps a dynamic import
 * that failed (the phone was offline for a moment) in its module map, and Chromium up to at
 * least 150 answers every later `import()` of that chunk with the same failure until the page is
 * reloaded, so a resident back online could never get the language. A failed fetch is simply
 * tried again at the next pick.
 */

/**
 * The one loader of an area's words (shared/i18n/<area>/<language>.json): German ships with the
 * area, every other language is a file of its own (a hashed asset, cached for a year), fetched
 * once when a visitor picks it, so a phone downloads one language, not nine. A language missing
 * a key reads German there.
 */
export function lazyCatalog<K extends string>(de: Record<K, string>, files: CatalogFiles) {
  const catalog: Catalog<K> = { de };
  const addresses = new Map<Language, string>();
  for (const [path, url] of Object.entries(files)) {
    const language = LANGUAGES.find((code) => path.endsWith(`/${code}.json`));
    if (language) addresses.set(language, url);
  }
  /** One request per language at a time: a second pick while the first is on its way waits for it. */
  const inFlight = new Map<Language, Promise<void>>();
  return {
    catalog,
    /**
     * Fetches the language's file unless it is here already. False when its words are not here
     * (offline before its file arrived): a page then keeps the language it speaks rather than
     * claim one whose words it lacks (`LanguageStatus`), and the next pick tries again.
     */
    async load(language: Language): Promise<boolean> {
      const url = addresses.get(language);
      if (url && !catalog[language]) {
        let pending = inFlight.get(language);
        if (!pending) {
          pending = fetchAsset(url)
            .then((words) => {
              catalog[language as Exclude<Language, 'de'>] = words as Partial<Record<K, string>>;
            })
            .catch(() => {
              // Offline before the language's file arrived: the next pick asks again.
            })
            .finally(() => inFlight.delete(language));
          inFlight.set(language, pending);
        }
        await pending;
      }
      return language === 'de' || catalog[language] !== undefined;
    },
  };
}

/**
 * Sets `lang` and `dir` on the document, so Arabic lays out right to left, and `data-language`: Leichte Sprache is
 * `lang="de"` to browsers and screen readers, yet breaks no word at a line's end (its rules), which the CSS keys on.
 */
export function setDocumentLanguage(language: Language): void {
  document.documentElement.lang = htmlLang(language);
  document.documentElement.dir = textDirection(language);
  document.documentElement.dataset.language = language;
}

/** Where a resident's choice of language lives for the rest of the visit (survey and public pages alike). */
const CHOSEN = 'mitreden.language';

/** Keeps the resident's language for this browser tab, so the next page speaks it too. */
export function rememberLanguage(language: Language): void {
  try {
    sessionStorage.setItem(CHOSEN, language);
  } catch {
    // Storage switched off: the `?lang=` of the links still carries the language.
  }
}

/**
 * The language a resident's page opens in: the address's (`?lang=tr`, from a poster or a link
 * of ours), else `earlier` (a survey draft's), else the one chosen before in this tab, else the
 * browser's preferences; each only when offered.
 */
export function chooseLanguage(offered: readonly Language[], earlier?: Language): Language {
  let remembered: string | null = null;
  try {
    remembered = sessionStorage.getItem(CHOSEN);
  } catch {
    // Storage switched off: nothing remembered.
  }
  const found = [new URLSearchParams(location.search).get('lang'), earlier, remembered].find((language) => offered.includes(language as Language));
  return (found as Language | undefined) ?? pickLanguage(navigator.languages, offered);
}
