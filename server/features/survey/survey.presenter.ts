import type { PublishedSurvey, SurveyDistrict } from '../../../shared/api/survey.ts';
import type { SurveyTexts } from '../../../shared/survey/definition.ts';
import type { ProcessRow } from '../processes/processes.repo.ts';
import type { SurveyRow } from './survey.repo.ts';

/** Names every field residents' phones get; the stored row's ids and timestamps stay on the server. */
export function presentSurvey(process: ProcessRow, survey: SurveyRow, texts: SurveyTexts, districts: SurveyDistrict[], open: boolean): PublishedSurvey {
  const { definition } = survey;
  return {
    version: survey.version,
    languages: definition.languages,
    translations: definition.translations,
    sections: definition.sections,
    texts,
    open,
    process: { slug: process.slug, title: process.title },
    districts: districts.map((district) => ({
      key: district.key,
      nr: district.nr,
      name: district.name,
      stadtteile: district.stadtteile.map((stadtteil) => ({ key: stadtteil.key, name: stadtteil.name })),
    })),
  };
}
