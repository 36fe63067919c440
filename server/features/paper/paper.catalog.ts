import { fromRoot } from '../../../db/root.ts';
import { readFileSync } from 'node:fs';
import { fillPlaceholders, flattenCatalog, type FlatCatalog } from '../../../shared/i18n/catalog.ts';
import { pluralText } from '../../../shared/i18n/plural.ts';
import { LANGUAGES, type Language } from '../../../shared/languages.ts';
import type { PaperPhrase } from '../../../shared/survey/paper.ts';

/**
 * The words of the paper questionnaire and the posters, one file per language in
 * shared/i18n/paper/ (tests/unit/catalogs.test.ts checks them against German). Read once at start;
 * a key a language lacks reads German, as everywhere else.
 */
const CATALOGS = Object.fromEntries(
  LANGUAGES.map((language) => [language, flattenCatalog(JSON.parse(readFileSync(fromRoot('shared', 'i18n', 'paper', `${language}.json`), 'utf8')))]),
) as Record<Language, FlatCatalog>;

/** The message `area.key` in `language` with its placeholders filled. */
export function paperText(language: Language, key: string, params: Record<string, string | number> = {}): string {
  const message = CATALOGS[language][key] ?? CATALOGS.de[key];
  if (message === undefined) throw new Error(`shared/i18n/paper/de.json has no text "${key}"`);
  return fillPlaceholders(message, params);
}

/** The plural group `area.key` in `language` for `count` (shared/i18n/plural.ts): "Höchstens 1 Kreuz.", "ضع علامتين على الأكثر.". */
export function paperPlural(language: Language, key: string, count: number, params: Record<string, string | number> = {}): string {
  return pluralText(CATALOGS[language], CATALOGS.de, language, key, count, params);
}

/** The questionnaire's phrases for the show-if sentences (shared/survey/paper.ts). */
export function questionnairePhrase(language: Language): PaperPhrase {
  return (key, params) => paperText(language, `questionnaire.${key}`, params);
}
