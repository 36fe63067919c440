import { useState } from 'preact/hooks';
import { RESPONSE_CHANNELS } from '../../shared/api/question-results.ts';
import type { ProcessDetail } from '../../shared/api/processes.ts';
import { PLACE_OUTSIDE, PLACE_UNKNOWN } from '../../shared/domain.ts';
import { selectionParts } from '../../shared/results/selection.ts';
import { allQuestions, type SurveyQuestion } from '../../shared/survey/definition.ts';
import type { Channel } from '../../shared/domain.ts';
import type { Language } from '../../shared/languages.ts';
import { channelLabel, dimensionValueLabel, languageLabel, outsideLabel, unknownLabel, type FieldOption } from '../ui/labels.ts';
import { StadtteilSelect } from '../ui/StadtteilSelect.tsx';
import { useApi } from '../ui/useApi.ts';
import { useUrlState } from './url-state.ts';
import { t } from './messages.ts';

/** The filters in the address (`?field=arbeit&band=years-in-germany:2-5`), so a view can be shared as a link. */
export const FILTER_KEYS = ['field', 'district', 'stadtteil', 'channel', 'language', 'band'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

/** The page's filters from the address; `respondents` is the respondents' filters for an API query (the field of action apart). */
export function useResultsFilters() {
  const state = useUrlState(FILTER_KEYS);
  const { field: _field, ...respondents } = state.values;
  return { ...state, respondents };
}

/** A demographic question the band filter offers: a `sensitive` single or multiple choice. */
export type BandQuestion = Extract<SurveyQuestion, { type: 'single' | 'multi' }>;

/** The demographic questions and their options, from the published survey (public); none while it loads. */
export function useBandQuestions(slug: string): BandQuestion[] {
  const survey = useApi('GET /api/processes/:slug/survey', { params: { slug } });
  return survey.data ? allQuestions(survey.data).filter((question): question is BandQuestion => Boolean(question.sensitive) && (question.type === 'single' || question.type === 'multi')) : [];
}

/**
 * What „Befragte eingrenzen“ narrows to, one part a filter, in the downloads' words („Stadtbezirk:
 * Bezirk 2“, „Sprache: Türkisch“, „Angabe der Befragten „…“: 2 bis 5 Jahre“); none without a filter.
 * The narrowed figures say it in their caption, so a district's counts are not read as the city's.
 */
export function narrowedParts(process: ProcessDetail, bands: readonly BandQuestion[], values: Record<FilterKey, string>): string[] {
  const place = (dimension: 'district' | 'stadtteil', key: string) => {
    if (!key) return undefined;
    const places = dimension === 'district' ? process.districts.map((d) => ({ key: d.key, label: d.name })) : process.districts.flatMap((d) => d.stadtteile.map((s) => ({ key: s.key, label: s.name })));
    return dimensionValueLabel(dimension, places.find((entry) => entry.key === key) ?? { key, label: key });
  };
  const [questionKey = '', optionKey = ''] = values.band.split(':');
  const question = bands.find((entry) => entry.key === questionKey);
  return selectionParts(
    {
      district: place('district', values.district),
      stadtteil: place('stadtteil', values.stadtteil),
      channel: values.channel ? channelLabel(values.channel as Channel) : undefined,
      language: values.language ? languageLabel(values.language as Language) : undefined,
      band: values.band ? { question: question?.title.de ?? questionKey, option: question?.options.find((entry) => entry.key === optionKey)?.label.de ?? optionKey } : undefined,
    },
    t,
  );
}

const PLACE_EXTRA = () => ([
  { value: PLACE_OUTSIDE, label: outsideLabel() },
  { value: PLACE_UNKNOWN, label: unknownLabel() },
]);

/**
 * The filters of the page: the field of action (for everything on it), then who among the
 * respondents is counted — statistical district, Stadtteil, channel, language and a
 * demographic band (one answer of a demographic question). Each is a labelled select that
 * applies on change and writes the address; the link to this view can be copied.
 */
export function ResultsFilters({ process, fields, bands }: { process: ProcessDetail; fields: FieldOption[]; bands: readonly BandQuestion[] }) {
  const { values, set } = useResultsFilters();
  const [copied, setCopied] = useState('');
  const active = FILTER_KEYS.filter((key) => key !== 'field' && values[key]).length;
  // Folded away until wanted, open when the address brings filters along.
  const [open, setOpen] = useState(active > 0);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(window.location.href);
      setCopied(t('resultsFilters.linkToThisView'));
    } catch {
      setCopied(t('resultsFilters.copyingIsNotPossible'));
    }
  };

  return (
    <section class="results-filters" aria-labelledby="filters-title">
      <h2 id="filters-title">{t('resultsFilters.filter')}</h2>
      <div class="field">
        <label for="wg-field">{t('resultsFilters.fieldOfAction')}</label>
        <select id="wg-field" value={values.field} onChange={(e) => set({ field: e.currentTarget.value })}>
          <option value="">{t('resultsFilters.allMyFieldsOf')}</option>
          {fields.map((node) => (
            <option key={node.key} value={node.key}>
              {node.depth > 0 ? `– ${node.label}` : node.label}
            </option>
          ))}
        </select>
      </div>
      <details class="filter-details" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>
          {t('resultsFilters.narrowDownRespondents')}{active > 0 ? ` ${t('resultsFilters.activeCount', { n: active })}` : ''}
        </summary>
      <fieldset class="filter-grid">
        <legend class="visually-hidden">{t('resultsFilters.narrowDownRespondents')}</legend>
        <p class="hint filter-scope">{t('resultsFilters.byPlaceChannelLanguage')}</p>
        <div class="field">
          <label for="filter-district">{t('resultsFilters.district')}</label>
          <select id="filter-district" value={values.district} onChange={(e) => set({ district: e.currentTarget.value, stadtteil: '' })}>
            <option value="">{t('resultsFilters.all')}</option>
            {process.districts.map((district) => (
              <option key={district.key} value={district.key}>
                {district.name}
              </option>
            ))}
            {PLACE_EXTRA().map((extra) => (
              <option key={extra.value} value={extra.value}>
                {extra.label}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-stadtteil">{t('resultsFilters.stadtteil')}</label>
          <StadtteilSelect
            id="filter-stadtteil"
            districts={values.district ? process.districts.filter((district) => district.key === values.district) : process.districts}
            value={values.stadtteil || null}
            onChange={(value) => set({ stadtteil: value ?? '' })}
            emptyLabel={t('resultsFilters.all')}
            extra={values.district ? [] : PLACE_EXTRA()}
          />
        </div>
        <div class="field">
          <label for="filter-channel">{t('resultsFilters.channel')}</label>
          <select id="filter-channel" value={values.channel} onChange={(e) => set({ channel: e.currentTarget.value })}>
            <option value="">{t('resultsFilters.all')}</option>
            {RESPONSE_CHANNELS.map((channel) => (
              <option key={channel} value={channel}>
                {channelLabel(channel)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-language">{t('resultsFilters.languageOfTheResponse')}</label>
          <select id="filter-language" value={values.language} onChange={(e) => set({ language: e.currentTarget.value })}>
            <option value="">{t('resultsFilters.all')}</option>
            {process.languages.map((language) => (
              <option key={language} value={language}>
                {languageLabel(language)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-band">{t('resultsFilters.groupPersonalDetail')}</label>
          <select id="filter-band" value={values.band} onChange={(e) => set({ band: e.currentTarget.value })} disabled={bands.length === 0 && !values.band}>
            <option value="">{t('resultsFilters.all')}</option>
            {bands.map((question) => (
              <optgroup key={question.key} label={question.title.de}>
                {question.options.map((option) => (
                  <option key={option.key} value={`${question.key}:${option.key}`}>
                    {option.label.de}
                  </option>
                ))}
              </optgroup>
            ))}
            {values.band && !bands.some((question) => values.band.startsWith(`${question.key}:`)) && <option value={values.band}>{values.band}</option>}
          </select>
        </div>
      </fieldset>
      </details>
      <div class="filter-actions">
        {active > 0 && (
          <button type="button" class="button secondary" onClick={() => set({ district: '', stadtteil: '', channel: '', language: '', band: '' })}>
            {t('resultsFilters.resetFilters')}
          </button>
        )}
        <button type="button" class="button secondary" onClick={copy}>
          {t('resultsFilters.copyLinkToThis')}
        </button>
        <p role="status" class="hint">
          {copied}
        </p>
      </div>
    </section>
  );
}
