import { readCatalogs } from '../../../db/seed/catalogs.ts';
import { fillPlaceholders } from '../../../shared/i18n/catalog.ts';
import { LANGUAGES, type Language, type LocalizedText } from '../../../shared/languages.ts';
import type { SurveyTexts } from '../../../shared/survey/definition.ts';
import type { ProcessRow } from '../processes/processes.repo.ts';

/**
 * The survey texts a process starts with until an admin writes its own (survey editor, "Texte
 * rund um die Umfrage"): a privacy notice, a thank-you page and labels that fit any process,
 * from shared/i18n/new-process/<language>.json with `{process}`, `{city}` and `{threshold}`
 * filled from the process row. The default process keeps the texts its seed published.
 */
const CATALOGS = readCatalogs('new-process');

type Params = (language: Language) => Record<string, string | number>;

function filled(key: string, params: Params): LocalizedText {
  return Object.fromEntries(
    LANGUAGES.flatMap((language) => {
      const message = CATALOGS[language][key];
      return message ? [[language, fillPlaceholders(message, params(language))]] : [];
    }),
  ) as LocalizedText;
}

function block(prefix: string, params: Params): SurveyTexts['privacy'] {
  const paragraphs = Object.keys(CATALOGS.de).filter((key) => key.startsWith(`${prefix}.paragraphs.`));
  return { title: filled(`${prefix}.title`, params), paragraphs: paragraphs.map((key) => filled(key, params)) };
}

export function neutralSurveyTexts(process: Pick<ProcessRow, 'title' | 'city' | 'suppressionThreshold'>): SurveyTexts {
  const params: Params = (language) => ({ process: process.title[language]?.trim() || process.title.de, city: process.city[language]?.trim() || process.city.de, threshold: process.suppressionThreshold });
  return {
    privacy: block('survey.privacy', params),
    thanks: block('survey.thanks', params),
    labels: {
      other: filled('survey.labels.other', params),
      noAnswer: filled('survey.labels.noAnswer', params),
      stadtteilOutside: filled('survey.labels.stadtteilOutside', params),
      stadtteilUnknown: filled('survey.labels.stadtteilUnknown', params),
    },
  };
}
