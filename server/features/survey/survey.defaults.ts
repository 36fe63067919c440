import { readCatalogs } from '../../../db/seed/catalogs.ts';
import { fillPlaceholders } from '../../../shared/i18n/catalog.ts';
import { pluralMessageKey } from '../../../shared/i18n/plural.ts';
import { LANGUAGES, type Language, type LocalizedText } from '../../../shared/languages.ts';
import type { SurveyTexts } from '../../../shared/survey/definition.ts';
import type { ProcessRow } from '../processes/processes.repo.ts';

/**
 * The survey texts a process starts with until an admin writes its own (survey editor, "Texte
 * rund um die Umfrage"): a privacy notice, a thank-you page and labels that fit any process,
 * from shared/i18n/new-process/<language>.json with `{process}`, `{city}` and `{threshold}`
 * filled from the process row. The survey's own texts have no plural forms, so a catalog's
 * plural group (counted by `{threshold}`, shared/i18n/plural.ts) is filled here in the form its
 * language gives that threshold ("mindestens 11 شخصًا", "co najmniej 22 osoby"). The default
 * process keeps the texts its seed published.
 */
const CATALOGS = readCatalogs('new-process');

type Params = (language: Language) => Record<string, string | number>;

/** A plural group `x` by its forms `x.one`, `x.other`…: the group stands where its forms stand. */
const groupOf = (key: string): string => {
  const base = key.slice(0, key.lastIndexOf('.'));
  return base !== key && `${base}.other` in CATALOGS.de && `${base}.one` in CATALOGS.de ? base : key;
};

function filled(key: string, params: Params, threshold: number): LocalizedText {
  return Object.fromEntries(
    LANGUAGES.flatMap((language) => {
      const messages = CATALOGS[language];
      const message = messages[key] ?? messages[pluralMessageKey((candidate) => candidate in messages, language, key, threshold)];
      return message ? [[language, fillPlaceholders(message, params(language))]] : [];
    }),
  ) as LocalizedText;
}

function block(prefix: string, params: Params, threshold: number): SurveyTexts['privacy'] {
  const paragraphs = [...new Set(Object.keys(CATALOGS.de).filter((key) => key.startsWith(`${prefix}.paragraphs.`)).map(groupOf))];
  return { title: filled(`${prefix}.title`, params, threshold), paragraphs: paragraphs.map((key) => filled(key, params, threshold)) };
}

export function neutralSurveyTexts(process: Pick<ProcessRow, 'title' | 'city' | 'suppressionThreshold'>): SurveyTexts {
  const threshold = process.suppressionThreshold;
  const params: Params = (language) => ({ process: process.title[language]?.trim() || process.title.de, city: process.city[language]?.trim() || process.city.de, threshold });
  const label = (key: string) => filled(key, params, threshold);
  return {
    privacy: block('survey.privacy', params, threshold),
    thanks: block('survey.thanks', params, threshold),
    labels: {
      other: label('survey.labels.other'),
      noAnswer: label('survey.labels.noAnswer'),
      stadtteilOutside: label('survey.labels.stadtteilOutside'),
      stadtteilUnknown: label('survey.labels.stadtteilUnknown'),
    },
  };
}
