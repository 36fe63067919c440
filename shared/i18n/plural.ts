import { htmlLang, type Language } from '../languages.ts';
import { fillPlaceholders, type FlatCatalog } from './catalog.ts';

/**
 * Plural groups, the one mechanism of residents' and staff's catalogs: a message that puts a
 * count into a sentence is a group of keys `x.one`, `x.other`, plus `x.zero`, `x.two`, `x.few`,
 * `x.many` exactly where the language's CLDR rules (`Intl.PluralRules`) have them; the count
 * picks the form. A form may leave out the count where the words say it ("ثانية واحدة").
 */

/** The plural groups among a catalog's keys: `x.one`, `x.other` → `x`. */
export type PluralKey<K extends string> = K extends `${infer Base}.other` ? Base : never;

/** The message parameters of a lookup. */
export type MessageParams = Record<string, string | number>;

const rules = new Map<Language, Intl.PluralRules>();

/**
 * The CLDR plural category of `count` in the language (Leichte Sprache as German). A count
 * written with a decimal ("1,5-mal") is judged with up to one decimal, as the pages write it.
 */
export function pluralCategory(language: Language, count: number): Intl.LDMLPluralRule {
  let found = rules.get(language);
  if (!found) {
    found = new Intl.PluralRules(htmlLang(language), { maximumFractionDigits: 1 });
    rules.set(language, found);
  }
  return found.select(count);
}

/** The key of the form `count` takes in the group `key` (`x.few` for 3 in Russian); `x.other` where `has` lacks that form. */
export function pluralMessageKey(has: (key: string) => boolean, language: Language, key: string, count: number): string {
  const form = `${key}.${pluralCategory(language, count)}`;
  return has(form) ? form : `${key}.other`;
}

/** Group `key` of a language's flat catalog for `count`, with `{n}` the count unless `params` name it otherwise; German where the language lacks it. */
export function pluralText(messages: FlatCatalog, german: FlatCatalog, language: Language, key: string, count: number, params: MessageParams = {}): string {
  const form = pluralMessageKey((candidate) => candidate in messages, language, key, count);
  const message = messages[form] ?? german[pluralMessageKey((candidate) => candidate in german, 'de', key, count)];
  if (message === undefined) throw new Error(`the catalog has no plural group "${key}"`);
  return fillPlaceholders(message, { n: count, ...params });
}
