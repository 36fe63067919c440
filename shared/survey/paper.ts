import { POSTER_PARAM } from '../poster-address.ts';
import { localize, type Language } from '../languages.ts';
import { allQuestions, type ShowIf, type SurveyDefinition, type SurveyQuestion } from './definition.ts';

/**
 * The survey's show-if logic in words, for the printed questionnaire: on paper nothing hides a
 * question, so each conditional question says when to answer it ("Nur beantworten, wenn Sie bei
 * Frage 4 „Ja“ angekreuzt haben.") and a single-choice question whose answers skip the questions
 * after it says where to go on ("Wenn Nein: weiter mit Frage 6"). Both are read off the same
 * condition trees `shownQuestionKeys` evaluates; the words come from the paper catalog
 * (shared/i18n/paper/), "and" and "or" from `Intl.ListFormat` in the questionnaire's language.
 */

/** The catalog's messages this module uses, each with its `{placeholders}` filled. */
export type PaperPhrase = (
  key: 'conditionChosen' | 'conditionNotChosen' | 'conditionAnswered' | 'conditionNotAnswered' | 'conditionNot' | 'onlyIf' | 'skipTo' | 'skipToEnd',
  params: Record<string, string | number>,
) => string;

/** Questions numbered 1, 2, … in survey order, across sections, as the paper prints them. */
export function questionNumbers(definition: SurveyDefinition): Map<string, number> {
  return new Map(allQuestions(definition).map((question, index) => [question.key, index + 1]));
}

/**
 * The Stadtteile as the questionnaire prints them to tick: in the alphabet's order of their German
 * names, since the page names no statistical districts. Paper entry at the stall lists them in the
 * same order, so staff find the ticked one where the sheet has it.
 */
export function stadtteileInPrintOrder<T extends { name: string }>(districts: ReadonlyArray<{ stadtteile: ReadonlyArray<T> }>): T[] {
  const collator = new Intl.Collator('de');
  return districts.flatMap((district) => district.stadtteile).sort((a, b) => collator.compare(a.name, b.name));
}

/** `Intl.ListFormat` wants a BCP 47 tag; Leichte Sprache is German. */
const listLocale = (language: Language) => (language === 'de-easy' ? 'de' : language);

function optionLabel(question: SurveyQuestion | undefined, key: string, language: Language): string {
  const option = question && 'options' in question ? question.options.find((each) => each.key === key) : undefined;
  return option ? localize(option.label, language) : key;
}

/** A condition tree as a clause that completes "wenn Sie …" in the catalog's `onlyIf`. */
export function conditionInWords(showIf: ShowIf, definition: SurveyDefinition, language: Language, phrase: PaperPhrase): string {
  const numbers = questionNumbers(definition);
  const byKey = new Map(allQuestions(definition).map((question) => [question.key, question]));
  const conjunction = new Intl.ListFormat(listLocale(language), { type: 'conjunction' });
  const disjunction = new Intl.ListFormat(listLocale(language), { type: 'disjunction' });
  const words = (condition: ShowIf, nested: boolean): string => {
    if ('all' in condition || 'any' in condition) {
      const parts = 'all' in condition ? condition.all : condition.any;
      const joined = ('all' in condition ? conjunction : disjunction).format(parts.map((part) => words(part, true)));
      return nested ? `(${joined})` : joined;
    }
    if ('not' in condition) {
      const inner = condition.not;
      if ('equals' in inner || 'includes' in inner) {
        const answer = optionLabel(byKey.get(inner.question), 'equals' in inner ? inner.equals : inner.includes, language);
        return phrase('conditionNotChosen', { n: numbers.get(inner.question) ?? '?', answer });
      }
      if ('answered' in inner) return phrase('conditionNotAnswered', { n: numbers.get(inner.question) ?? '?' });
      return phrase('conditionNot', { condition: words(inner, false) });
    }
    const n = numbers.get(condition.question) ?? '?';
    if ('answered' in condition) return phrase('conditionAnswered', { n });
    return phrase('conditionChosen', { n, answer: optionLabel(byKey.get(condition.question), 'equals' in condition ? condition.equals : condition.includes, language) });
  };
  return words(showIf, false);
}

/** "Nur beantworten, wenn …" for a conditional question; null for one that is always asked. */
export function onlyIfSentence(question: SurveyQuestion, definition: SurveyDefinition, language: Language, phrase: PaperPhrase): string | null {
  return question.showIf ? phrase('onlyIf', { condition: conditionInWords(question.showIf, definition, language, phrase) }) : null;
}

/** What a condition comes to when one question's answer is known and the others' are not: true, false or null (it depends). */
type Known = boolean | null;

function evaluate(condition: ShowIf, source: string, value: unknown, state: ReadonlyMap<string, Known>): Known {
  if ('all' in condition || 'any' in condition) {
    const all = 'all' in condition;
    const results = (all ? condition.all : condition.any).map((part) => evaluate(part, source, value, state));
    if (results.includes(!all)) return !all;
    return results.every((result) => result === all) ? all : null;
  }
  if ('not' in condition) {
    const inner = evaluate(condition.not, source, value, state);
    return inner === null ? null : !inner;
  }
  // A leaf on a question that is surely hidden sees no answer; on any other but the source, it depends.
  if (condition.question !== source) return state.get(condition.question) === false ? false : null;
  if ('equals' in condition) return value === condition.equals;
  if ('includes' in condition) return false;
  return true;
}

/** One "Wenn …: weiter mit Frage n" under a question: the answers it is for and where to go (null: to the end). */
export interface SkipInstruction {
  answers: string[];
  to: number | null;
}

/**
 * Where each answer of a single-choice question leads when it surely hides the questions right
 * after it: for every option (and "other"), the first later question that may still be asked. An
 * answer that leads to the next question anyway needs no instruction. Questions whose showing
 * depends on other answers too count as "may be asked", so an instruction never skips a question
 * the resident might have to answer.
 */
export function skipInstructions(question: SurveyQuestion, definition: SurveyDefinition, language: Language, otherLabel: string): SkipInstruction[] {
  if (question.type !== 'single') return [];
  const questions = allQuestions(definition);
  const at = questions.findIndex((each) => each.key === question.key);
  const later = questions.slice(at + 1);
  if (!later.some((each) => each.showIf)) return [];
  const cases: Array<{ value: unknown; label: string }> = question.options.map((option) => ({ value: option.key, label: localize(option.label, language) }));
  if (question.allowOther) cases.push({ value: { other: '…' }, label: otherLabel });
  const byTarget = new Map<number | null, string[]>();
  for (const { value, label } of cases) {
    const state = new Map<string, Known>();
    let next: number | null = null;
    for (const [offset, each] of later.entries()) {
      const shown = each.showIf ? evaluate(each.showIf, question.key, value, state) : true;
      state.set(each.key, shown);
      if (shown !== false) {
        next = at + 1 + offset;
        break;
      }
    }
    if (next === at + 1) continue;
    const to = next === null ? null : next + 1;
    byTarget.set(to, [...(byTarget.get(to) ?? []), label]);
  }
  return [...byTarget].map(([to, answers]) => ({ answers, to }));
}

/** A skip instruction in words: "Wenn Nein: weiter mit Frage 6". */
export function skipSentence(instruction: SkipInstruction, language: Language, phrase: PaperPhrase): string {
  const answers = new Intl.ListFormat(listLocale(language), { type: 'disjunction' }).format(instruction.answers);
  return instruction.to === null ? phrase('skipToEnd', { answers }) : phrase('skipTo', { answers, n: instruction.to });
}

/** The stall's query parameter for the language of a paper questionnaire. */
export const PAPER_LANGUAGE_PARAM = 'sprache';

/** The stall tablet's paper entry for one survey version (the address on every printed page). */
export function paperEntryPath(slug: string, version: number, language: Language): string {
  return `/stand/papier/${encodeURIComponent(slug)}/${version}?${PAPER_LANGUAGE_PARAM}=${encodeURIComponent(language)}`;
}

/** The survey in one language, opened from a poster (the address in a poster's QR code). */
export function posterSurveyPath(slug: string, language: Language, posterId: string): string {
  return `/p/${encodeURIComponent(slug)}/umfrage?lang=${encodeURIComponent(language)}&${POSTER_PARAM}=${encodeURIComponent(posterId)}`;
}
