import type { Language } from '../../shared/languages.ts';
import { CENSUS_COMPARISONS, censusAgeClass, type AgeClass, type SingleQuestion, type SurveyQuestion } from '../../shared/survey/definition.ts';
import { ageBandLabel } from '../ui/labels.ts';
import { t } from './messages.ts';

type Census = NonNullable<SingleQuestion['census']>;

/** The question without its mark for the comparison with the Zensus. */
function unmarked(question: SingleQuestion): SingleQuestion {
  const { census: _dropped, ...rest } = question;
  return rest;
}

/** The question marked for `comparison`, its options preset where their keys say it (the Zensus's age classes, `since-birth`). */
function marked(question: SingleQuestion, comparison: Census['dimension'] | ''): SingleQuestion {
  if (comparison === '') return unmarked(question);
  if (comparison === 'age') return { ...question, census: { dimension: 'age' } };
  return { ...question, census: { dimension: 'immigration', notImmigrated: question.options.some((option) => option.key === 'since-birth') ? ['since-birth'] : [] } };
}

/** An option left out of the mark when it goes, so the mark never names an option the question lacks. */
export function withoutCensusOption(question: SurveyQuestion, key: string): SurveyQuestion {
  if (question.type !== 'single' || !question.census) return question;
  const { census } = question;
  if (census.dimension === 'immigration') return { ...question, census: { ...census, notImmigrated: census.notImmigrated.filter((option) => option !== key) } };
  if (!census.map || !Object.hasOwn(census.map, key)) return question;
  const { [key]: _dropped, ...map } = census.map;
  return { ...question, census: { ...census, map } };
}

/**
 * „Vergleich mit dem Zensus“ of a single-choice question: whether the participation page
 * compares its answers with the Zensus's age classes (each option's class) or with who immigrated
 * themselves (the options that mean "not immigrated"). One question per comparison; the schema
 * names a second one, an option left over and a class without an option beside the question.
 */
export function CensusComparisonEditor({ at, question, language, onChange }: { at: string; question: SingleQuestion; language: Language; onChange: (update: (question: SurveyQuestion) => SurveyQuestion) => void }) {
  const census = question.census;
  const single = (update: (question: SingleQuestion) => SingleQuestion) => onChange((q) => (q.type === 'single' ? update(q) : q));
  const optionLabel = (label: SingleQuestion['options'][number]['label']) => label[language] || label.de;
  function setAgeClass(option: string, ageClass: AgeClass | '') {
    single((q) => {
      if (q.census?.dimension !== 'age') return q;
      // The whole map as it reads now (without a map, the options whose keys are classes), with this option's class changed.
      const map: Record<string, AgeClass> = {};
      for (const other of q.options) {
        const value = other.key === option ? ageClass || null : censusAgeClass(q, other.key);
        if (value) map[other.key] = value;
      }
      return { ...q, census: { dimension: 'age', map } };
    });
  }
  function setNotImmigrated(option: string, checked: boolean) {
    single((q) => {
      if (q.census?.dimension !== 'immigration') return q;
      const rest = q.census.notImmigrated.filter((key) => key !== option);
      return { ...q, census: { dimension: 'immigration', notImmigrated: checked ? [...rest, option] : rest } };
    });
  }
  return (
    <fieldset class="census">
      <legend>{t('surveyEditor.censusComparison')}</legend>
      <p class="hint" id={`${at}-census-hint`}>
        {t('surveyEditor.censusHint')}
      </p>
      <div class="field">
        <label for={`${at}-census`}>{t('surveyEditor.censusCompareWith')}</label>
        <select id={`${at}-census`} aria-describedby={`${at}-census-hint`} value={census?.dimension ?? ''} onChange={(e) => single((q) => marked(q, e.currentTarget.value as Census['dimension'] | ''))}>
          <option value="">{t('surveyEditor.censusNone')}</option>
          <option value="age">{t('surveyEditor.censusAge')}</option>
          <option value="immigration">{t('surveyEditor.censusImmigration')}</option>
        </select>
      </div>
      {census?.dimension === 'age' && (
        <ul class="census-options">
          {question.options.map((option, o) => (
            <li key={option.key} class="field">
              <label for={`${at}-census-o${o}`}>{t('surveyEditor.censusAgeClassOf', { option: optionLabel(option.label) })}</label>
              <select id={`${at}-census-o${o}`} value={censusAgeClass(question, option.key) ?? ''} onChange={(e) => setAgeClass(option.key, e.currentTarget.value as AgeClass | '')}>
                <option value="">{t('surveyEditor.censusNotStated')}</option>
                {CENSUS_COMPARISONS.age.map((ageClass) => (
                  <option key={ageClass} value={ageClass}>
                    {ageBandLabel(ageClass)}
                  </option>
                ))}
              </select>
            </li>
          ))}
        </ul>
      )}
      {census?.dimension === 'immigration' && (
        <ul class="census-options">
          {question.options.map((option) => (
            <li key={option.key}>
              <label class="check">
                <input type="checkbox" checked={census.notImmigrated.includes(option.key)} onChange={(e) => setNotImmigrated(option.key, e.currentTarget.checked)} />
                {t('surveyEditor.censusNotImmigrated', { option: optionLabel(option.label) })}
              </label>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
