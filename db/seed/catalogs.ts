import { fromRoot } from '../root.ts';
import { readFileSync } from 'node:fs';
import { flattenCatalog, type FlatCatalog } from '../../shared/i18n/catalog.ts';
import { LANGUAGES, type Language, type LocalizedText } from '../../shared/languages.ts';

/**
 * The default process's and default survey's texts, one file per language in
 * shared/i18n/default-process/ (nested JSON a translator opens alone). The seed's structure
 * (default-survey.ts, process-texts.ts) names each text by its key; German must have every key,
 * any other language may lack one and then reads German, as everywhere else
 * (tests/unit/catalogs.test.ts names every gap).
 */
const CATALOGS = readCatalogs('default-process');

/** A residents' area's catalogs, every language, with dotted keys (also the neutral texts of a new process, `new-process`). */
export function readCatalogs(area: string): Record<Language, FlatCatalog> {
  return Object.fromEntries(
    LANGUAGES.map((language) => [language, flattenCatalog(JSON.parse(readFileSync(fromRoot('shared', 'i18n', area, `${language}.json`), 'utf8')))]),
  ) as Record<Language, FlatCatalog>;
}

/** The text with this key in every language that has it. */
export function text(key: string): LocalizedText {
  if (CATALOGS.de[key] === undefined) throw new Error(`shared/i18n/default-process/de.json has no text "${key}"`);
  return Object.fromEntries(LANGUAGES.flatMap((language) => (CATALOGS[language][key] ? [[language, CATALOGS[language][key]]] : []))) as LocalizedText;
}

/** The texts directly under a key (`process.phases` → `{ 1: …, 2: … }`), in the German file's order. */
export function textsUnder(prefix: string): Record<string, LocalizedText> {
  const keys = Object.keys(CATALOGS.de).filter((key) => key.startsWith(`${prefix}.`) && !key.slice(prefix.length + 1).includes('.'));
  return Object.fromEntries(keys.map((key) => [key.slice(prefix.length + 1), text(key)]));
}

/** A question's options, each labelled by `survey.questions.<question>.options.<option>`. */
export function options(question: string, keys: readonly string[]): Array<{ key: string; label: LocalizedText }> {
  return keys.map((key) => ({ key, label: text(`survey.questions.${question}.options.${key}`) }));
}

/** A block of prose (privacy notice, thank-you page): its title and its numbered paragraphs. */
export function block(prefix: string): { title: LocalizedText; paragraphs: LocalizedText[] } {
  return { title: text(`${prefix}.title`), paragraphs: Object.values(textsUnder(`${prefix}.paragraphs`)) };
}
