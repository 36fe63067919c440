import type { PublishedSurvey, SurveyDistrict } from '../../../shared/api/survey.ts';
import { LANGUAGES, type Language } from '../../../shared/languages.ts';
import type { SurveyTexts } from '../../../shared/survey/definition.ts';
import type { ProcessRow } from '../processes/processes.repo.ts';
import type { SurveyRow } from './survey.repo.ts';

const isLanguageKey = (key: string) => (LANGUAGES as readonly string[]).includes(key);

/** Every localized text ({ de, en, … }) in the value reduced to German and `language`: a phone downloads one language, not nine. */
function onlyLanguage<T>(value: T, language: Language): T {
  if (Array.isArray(value)) return value.map((item: unknown) => onlyLanguage(item, language)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  if (entries.length > 0 && typeof (value as Record<string, unknown>).de === 'string' && entries.every(([key]) => isLanguageKey(key))) {
    return Object.fromEntries(entries.filter(([key]) => key === 'de' || key === language)) as T;
  }
  return Object.fromEntries(entries.map(([key, item]) => [key, onlyLanguage(item, language)])) as T;
}

/**
 * Names every field residents' phones get; the stored row's ids and timestamps stay on the
 * server. With `language`, texts come in German (every text's fallback) and that language only:
 * a tenth of the bytes on a slow link. `languages` and `translations` still list all, for the switcher.
 */
export function presentSurvey(process: ProcessRow, survey: SurveyRow, texts: SurveyTexts, districts: SurveyDistrict[], open: boolean, language?: Language): PublishedSurvey {
  const full = presentAll(process, survey, texts, districts, open);
  if (!language) return full;
  return { ...full, sections: onlyLanguage(full.sections, language), texts: onlyLanguage(full.texts, language), process: onlyLanguage(full.process, language) };
}

function presentAll(process: ProcessRow, survey: SurveyRow, texts: SurveyTexts, districts: SurveyDistrict[], open: boolean): PublishedSurvey {
  const { definition } = survey;
  return {
    version: survey.version,
    languages: definition.languages,
    translations: definition.translations,
    sections: definition.sections,
    texts,
    open,
    process: { slug: process.slug, title: process.title, city: process.city, status: process.status },
    districts: districts.map((district) => ({
      key: district.key,
      nr: district.nr,
      name: district.name,
      stadtteile: district.stadtteile.map((stadtteil) => ({ key: stadtteil.key, name: stadtteil.name })),
    })),
  };
}
