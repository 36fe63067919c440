import { MAX_SHORT_TEXT_LENGTH } from '../domain.ts';
import type { Language, LocalizedText } from '../languages.ts';
import { POPULATION_DIMENSIONS, type PopulationCategory } from '../population.ts';
import type { QuestionOption, SurveyDefinition, SurveyQuestion, SurveySection, SurveyTextBlock, SurveyTexts } from './definition.schema.ts';

/**
 * The survey definition format: what `GET /api/processes/:slug/survey` serves and
 * what `surveys.definition` stores. A published version is never edited, so
 * everything that could make answers ambiguous later is rejected up front by the
 * consistency check in `definition.schema.ts` rather than tolerated at answer time.
 *
 * This module holds the format's words, limits and the functions that read a definition; it
 * imports no zod, because the resident's survey pages run on it. The zod schemas (the contract
 * the server and the admin area validate with) and the types inferred from them are in
 * `definition.schema.ts`; the types are re-exported here, as types only.
 */

export type { QuestionOption, SurveyDefinition, SurveyQuestion, SurveySection, SurveyTextBlock, SurveyTexts };

export const QUESTION_TYPES = ['single', 'multi', 'scale', 'ranking', 'text', 'stadtteil', 'number'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/**
 * Stored answers mark a chosen "other" with this key (its text goes to a
 * contribution), so it may not also be a regular option of such a question.
 */
export const OTHER_OPTION_KEY = 'other';
/** "Other" is a short specification, not an essay; long thoughts belong in text questions. */
export const MAX_OTHER_LENGTH = MAX_SHORT_TEXT_LENGTH;
/** More steps than this are not readable as a row of buttons on a phone. */
export const MAX_SCALE_STEPS = 11;
export const MAX_OPTIONS = 40;

/**
 * Show a question only when earlier questions' answers match. A leaf tests one earlier
 * question: `equals` an option of a `single` question, `includes` an option of a `multi`
 * question, or `answered` for any question type. `all` (and), `any` (or) and `not` combine
 * leaves, as XLSForm's `relevant` does with `and`, `or` and `not(…)`. A leaf on a question
 * that is hidden sees no answer (as XLSForm treats a non-relevant question as empty), so
 * `not` of it holds. `shownQuestionKeys` (answers.ts) evaluates it, in the browser and on
 * the server alike; nesting is bounded by `MAX_CONDITION_DEPTH`.
 */
export type ShowIfLeaf = { question: string; equals: string } | { question: string; includes: string } | { question: string; answered: true };
export type ShowIf = ShowIfLeaf | { all: ShowIf[] } | { any: ShowIf[] } | { not: ShowIf };

/** Deep enough for any condition an editor can read; a limit so evaluation never recurses without end. */
export const MAX_CONDITION_DEPTH = 6;

/** The questions a condition tests, in the order it names them. */
export function conditionQuestions(showIf: ShowIf): string[] {
  if ('all' in showIf) return showIf.all.flatMap(conditionQuestions);
  if ('any' in showIf) return showIf.any.flatMap(conditionQuestions);
  if ('not' in showIf) return conditionQuestions(showIf.not);
  return [showIf.question];
}

/**
 * Version-1 names in stored surveys. Published versions never change (an answered one cannot:
 * migration 0016; only migration 0033 added the default survey's marks for the comparison with the
 * Zensus, which say how answers are compared, not what they are), and version 1 named the Stadtteil question type `district` and its labels
 * `districtOutside`/`districtUnknown`, a word that now means the statistical district only.
 * Stored rows stay byte for byte as they are and are read under the current names: the schemas
 * (`definition.schema.ts`) accept the old names and decode them to the current ones (a `z.codec`
 * whose encoding is the identity, so answers are written under the current names only), and the
 * database columns read them through `definitionFromVersion1`/`textsFromVersion1` (`db/schema.ts`).
 */
const VERSION_1_QUESTION_TYPES: Readonly<Record<string, QuestionType>> = { district: 'stadtteil' };
const VERSION_1_LABELS = { districtOutside: 'stadtteilOutside', districtUnknown: 'stadtteilUnknown' } as const;

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** A question under the current names (the type `district` of version 1 is `stadtteil`). */
export function questionFromVersion1(raw: unknown): unknown {
  if (!isRecord(raw) || typeof raw.type !== 'string' || !Object.hasOwn(VERSION_1_QUESTION_TYPES, raw.type)) return raw;
  return { ...raw, type: VERSION_1_QUESTION_TYPES[raw.type] };
}

/** The survey's labels under the current names; a label named under both keeps the current one's text. */
export function labelsFromVersion1(raw: unknown): unknown {
  if (!isRecord(raw) || !Object.keys(VERSION_1_LABELS).some((old) => Object.hasOwn(raw, old))) return raw;
  const labels: Record<string, unknown> = { ...raw };
  for (const [old, current] of Object.entries(VERSION_1_LABELS)) {
    if (!Object.hasOwn(labels, old)) continue;
    if (!Object.hasOwn(labels, current)) labels[current] = labels[old];
    delete labels[old];
  }
  return labels;
}

/** A stored definition under the current names; one without old names is returned as it is. */
export function definitionFromVersion1<T>(raw: T): T {
  if (!isRecord(raw) || !Array.isArray(raw.sections)) return raw;
  let changed = false;
  const sections = raw.sections.map((section: unknown) => {
    if (!isRecord(section) || !Array.isArray(section.questions)) return section;
    const questions = section.questions.map((question: unknown) => {
      const current = questionFromVersion1(question);
      if (current !== question) changed = true;
      return current;
    });
    return { ...section, questions };
  });
  return changed ? ({ ...raw, sections } as T) : raw;
}

/** Stored survey texts under the current names. */
export function textsFromVersion1<T>(raw: T): T {
  if (!isRecord(raw)) return raw;
  const labels = labelsFromVersion1(raw.labels);
  return labels === raw.labels ? raw : ({ ...raw, labels } as T);
}

export type QuestionOf<T extends QuestionType> = Extract<SurveyQuestion, { type: T }>;
export type SingleQuestion = QuestionOf<'single'>;
export type MultiQuestion = QuestionOf<'multi'>;
export type ScaleQuestion = QuestionOf<'scale'>;
export type RankingQuestion = QuestionOf<'ranking'>;
export type TextQuestion = QuestionOf<'text'>;
export type StadtteilQuestion = QuestionOf<'stadtteil'>;
export type NumberQuestion = QuestionOf<'number'>;
/** Questions whose answers may carry a free "other" text. */
export type ChoiceQuestion = SingleQuestion | MultiQuestion;
type DefinitionText = SurveyQuestion['title'];

const questionsOfFrozen = new WeakMap<SurveyDefinition, readonly SurveyQuestion[]>();

/**
 * All questions in survey order (the order `showIf` and answers are evaluated in). A frozen
 * definition (a published version as the server keeps it in memory) cannot change, so its list is
 * made once: each submission walks it a handful of times.
 */
export function allQuestions(definition: SurveyDefinition): readonly SurveyQuestion[] {
  if (!Object.isFrozen(definition)) return definition.sections.flatMap((section) => section.questions);
  let questions = questionsOfFrozen.get(definition);
  if (!questions) questionsOfFrozen.set(definition, (questions = Object.freeze(definition.sections.flatMap((section) => section.questions))));
  return questions;
}

/** Every text a resident reads, with a readable path for editors' error lists. */
export function collectTexts(definition: SurveyDefinition): Array<{ path: string; text: DefinitionText }> {
  const texts: Array<{ path: string; text: DefinitionText }> = [];
  for (const section of definition.sections) {
    const at = `sections.${section.key}`;
    texts.push({ path: `${at}.title`, text: section.title });
    if (section.intro) texts.push({ path: `${at}.intro`, text: section.intro });
    for (const question of section.questions) {
      const q = `questions.${question.key}`;
      texts.push({ path: `${q}.title`, text: question.title });
      if (question.help) texts.push({ path: `${q}.help`, text: question.help });
      if ('options' in question) {
        for (const option of question.options) texts.push({ path: `${q}.options.${option.key}`, text: option.label });
      }
      if (question.type === 'scale') {
        texts.push({ path: `${q}.scale.minLabel`, text: question.scale.minLabel });
        texts.push({ path: `${q}.scale.maxLabel`, text: question.scale.maxLabel });
      }
    }
  }
  return texts;
}

/**
 * The languages whose checked translation of a text a change of its German text outdates: each
 * offered language but German with a text of its own there that is marked `reviewed`. The status is
 * kept per language, not per text, so such a language goes back to `machine` (not checked) until a
 * person checks it again; one without a text of its own shows the new German anyway.
 */
export function outdatedTranslations(definition: Pick<SurveyDefinition, 'languages' | 'translations'>, text: LocalizedText | undefined, german: string): Language[] {
  if (!text || german === text.de) return [];
  return definition.languages.filter((language) => language !== 'de' && definition.translations[language] === 'reviewed' && !!text[language]?.trim());
}

/** The texts around the survey (privacy notice, thank-you page, labels), with a path each, as `collectTexts` gives the definition's. */
function collectSurveyTexts(texts: SurveyTexts): Array<{ path: string; text: LocalizedText }> {
  const block = (name: string, { title, paragraphs }: SurveyTextBlock) => [{ path: `texts.${name}.title`, text: title }, ...paragraphs.map((text, i) => ({ path: `texts.${name}.paragraphs.${i}`, text }))];
  const labels = Object.entries(texts.labels).flatMap(([key, text]) => (text ? [{ path: `texts.labels.${key}`, text }] : []));
  return [...block('privacy', texts.privacy), ...block('thanks', texts.thanks), ...labels];
}

/** Every text of a survey, the definition's and those around it, with the path that matches it across saves. */
export function surveyTextsWithPaths(survey: { definition: SurveyDefinition; texts: SurveyTexts }): Array<{ path: string; text: LocalizedText }> {
  return [...collectTexts(survey.definition), ...collectSurveyTexts(survey.texts)];
}

/**
 * Every text a resident of `survey` can read in its language: the definition's (`collectTexts`:
 * section titles and introductions, questions, help texts, answers, scale ends), the privacy notice
 * and the thank-you page, and the labels the questions show — „Anderes“ where a choice question
 * offers it, „keine Angabe“ where a scale does, the Stadtteil question's two places outside the
 * list. A label no question shows is nobody's to read, so it is no text missing either.
 */
export function residentTexts(survey: { definition: SurveyDefinition; texts: SurveyTexts }): Array<{ path: string; text: LocalizedText }> {
  const questions = allQuestions(survey.definition);
  const shown: Record<keyof SurveyTexts['labels'], boolean> = {
    other: questions.some((question) => (question.type === 'single' || question.type === 'multi') && question.allowOther === true),
    noAnswer: questions.some((question) => question.type === 'scale' && question.scale.allowNoAnswer),
    stadtteilOutside: questions.some((question) => question.type === 'stadtteil'),
    stadtteilUnknown: questions.some((question) => question.type === 'stadtteil'),
  };
  return surveyTextsWithPaths(survey).filter(({ path }) => {
    const label = path.startsWith('texts.labels.') ? (path.slice('texts.labels.'.length) as keyof SurveyTexts['labels']) : null;
    return label === null || shown[label];
  });
}

/**
 * How much of a survey each offered language has: of every text a resident reads
 * (`residentTexts`), those with a text of their own in it. German is the source and the fallback,
 * complete whenever the survey is valid. The editor's table, the versions on the „Verfahren“ page
 * and the question before publishing an incomplete language all count with it.
 */
export function translationCompleteness(survey: { definition: SurveyDefinition; texts: SurveyTexts }): Array<{ language: Language; translated: number; total: number }> {
  const texts = residentTexts(survey);
  return survey.definition.languages.map((language) => ({ language, translated: texts.filter(({ text }) => !!text[language]?.trim()).length, total: texts.length }));
}

/**
 * The languages a save of `next` over the stored `base` sets back to `machine`, by the survey
 * editor's rule for every save path: each whose checked translation of a text (the definition's
 * or one around the survey) the save's new German outdates (`outdatedTranslations`, texts matched
 * by their keys' path), unless the save marks it checked itself (`reviewed`: checked against this
 * German). Nothing without a base.
 */
export function translationsOutdatedBy(
  base: { definition: SurveyDefinition; texts: SurveyTexts } | null,
  next: { definition: SurveyDefinition; texts: SurveyTexts },
  reviewed: readonly Language[],
): Language[] {
  if (!base) return [];
  const germanBefore = new Map(surveyTextsWithPaths(base).map(({ path, text }) => [path, text.de]));
  const outdated = new Set<Language>();
  for (const { path, text } of surveyTextsWithPaths(next)) {
    const german = germanBefore.get(path);
    if (german === undefined) continue;
    for (const language of outdatedTranslations(next.definition, { ...text, de: german }, text.de)) if (!reviewed.includes(language)) outdated.add(language);
  }
  return next.definition.languages.filter((language) => outdated.has(language));
}

/** `definition` with `languages` marked not checked (`machine`). */
export function withTranslationsUnchecked(definition: SurveyDefinition, languages: readonly Language[]): SurveyDefinition {
  if (languages.length === 0) return definition;
  return { ...definition, translations: { ...definition.translations, ...Object.fromEntries(languages.map((language) => [language, 'machine' as const])) } };
}

/**
 * Texts that fall back to German in an offered language. Not an error (German is
 * the documented fallback), but editors and tests want to see the gaps.
 */
export function missingTranslations(definition: SurveyDefinition): Array<{ path: string; language: Language }> {
  const missing: Array<{ path: string; language: Language }> = [];
  for (const { path, text } of collectTexts(definition)) {
    for (const language of definition.languages) {
      if (!text[language]?.trim()) missing.push({ path, language });
    }
  }
  return missing;
}

/** Whether two JSON values are the same: objects key by key in any order (a key set to `undefined` counts as left out), arrays item by item. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => sameJson(item, b[index]));
  }
  const keysOf = (value: object) => Object.keys(value).filter((key) => (value as Record<string, unknown>)[key] !== undefined);
  const keys = keysOf(a);
  return keys.length === keysOf(b).length && keys.every((key) => Object.hasOwn(b, key) && sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/**
 * Whether two surveys ask the same in the same words: the definition (its version number aside)
 * and the texts around it. A draft that is the same as the newest published version would only
 * publish a copy of it, so the editor offers no publishing and the server refuses it.
 */
export function sameSurvey(a: { definition: SurveyDefinition; texts: SurveyTexts }, b: { definition: SurveyDefinition; texts: SurveyTexts }): boolean {
  return sameJson({ ...a.definition, version: 0 }, { ...b.definition, version: 0 }) && sameJson(a.texts, b.texts);
}

/**
 * The comparisons with the Zensus („Vergleich mit dem Zensus“) a single-choice question can be
 * marked for (`census` of the question), with the Zensus's groups each compares with: the five
 * age classes, and immigrated themselves or not (the Zensus's "selbst eingewandert").
 */
export const CENSUS_COMPARISONS = { age: POPULATION_DIMENSIONS.age, immigration: ['immigrated', 'born-here'] } as const;
export type CensusComparison = keyof typeof CENSUS_COMPARISONS;
export type AgeClass = PopulationCategory<'age'>;

/** The question a survey marks for a comparison with the Zensus, if any (the schema allows one per comparison). */
export function censusQuestion(definition: SurveyDefinition, comparison: CensusComparison): SingleQuestion | undefined {
  return allQuestions(definition).find((question): question is SingleQuestion => question.type === 'single' && question.census?.dimension === comparison);
}

/** The Zensus age class an option of an age-marked question counts in: its `map` entry, or without a map the option's key if it is a class; null: not stated. */
export function censusAgeClass(question: SingleQuestion, option: string): AgeClass | null {
  if (question.census?.dimension !== 'age') return null;
  if (question.census.map) return Object.hasOwn(question.census.map, option) ? question.census.map[option]! : null;
  return (POPULATION_DIMENSIONS.age as readonly string[]).includes(option) ? (option as AgeClass) : null;
}

/** The Zensus group an answer to a question counts in (`CENSUS_COMPARISONS`), or null (not stated, or not a group). */
export function censusGroup(question: SingleQuestion, answer: string): string | null {
  if (question.census?.dimension === 'age') return censusAgeClass(question, answer);
  if (question.census?.dimension === 'immigration') return question.census.notImmigrated.includes(answer) ? 'born-here' : 'immigrated';
  return null;
}
