import { PLACE_OUTSIDE, PLACE_UNKNOWN, MAX_CONTRIBUTION_LENGTH } from '../domain.ts';
import { normalizeFreeText } from '../text/normalize.ts';
import {
  MAX_OTHER_LENGTH,
  OTHER_OPTION_KEY,
  allQuestions,
  type ChoiceQuestion,
  type MultiQuestion,
  type RankingQuestion,
  type ScaleQuestion,
  type NumberQuestion,
  type ShowIf,
  type SingleQuestion,
  type SurveyDefinition,
  type SurveyQuestion,
  type TextQuestion,
} from './definition.ts';
import type { ResponseSubmission, ResponseSubmissionInput } from './answers.schema.ts';

// The survey's rules for answers, run in the resident's browser and on the server alike. No zod
// here (the survey's pages load this module); the body a response is sent in is checked by
// `responseSubmissionSchema` in answers.schema.ts, whose types are re-exported here.
export type { ResponseSubmission, ResponseSubmissionInput };

/**
 * Answer encoding, one value per question key:
 *
 * - `single`   → an option key, or `{ other: "…" }` when the question allows other.
 * - `multi`    → an array of option keys, plus at most one `{ other: "…" }` entry when
 *                the question allows other. Keeping "other" inside the question's own
 *                value means no pseudo-keys, and the unknown-key check stays exact.
 * - `scale`    → an integer from `scale.min` to `scale.max`, or `null` for "keine Angabe"
 *                when the scale offers it.
 * - `ranking`  → distinct option keys, most important first. Residents may stop early:
 *                1 to `maxRanked` (default: all options) entries; options left out are
 *                "not placed". A forced full order on a phone mostly records the order
 *                the options happened to be shown in.
 * - `text`     → a string; it becomes a contribution.
 * - `number`   → an integer within the question's `min` and `max` (where given).
 * - `stadtteil` → a Stadtteil key or a place sentinel (`outside`, `unknown`). Stored definitions
 *                of version 1 call the type `district`; they are read as `stadtteil`.
 *
 * Not answered: a missing key, `""` or whitespace, `[]`, and `null` on anything but a
 * scale. Blank values are dropped from the normalized answers. A ticked "other" with a
 * blank text is not "not answered" but half an answer (`other_missing`): the resident
 * meant something and is asked to say what, rather than have the tick silently dropped.
 *
 * Lengths count what people see as characters (grapheme clusters, `countCharacters`), so
 * an emoji, a flag or an accented letter typed as two code points counts as one, on the
 * phone's live counter and on the server alike.
 *
 * Hidden questions: a non-blank answer to a question whose `showIf` is not met is
 * rejected (`not_shown`), not silently dropped, because the server and the client run
 * the same `isQuestionShown`, so a disagreement is a bug worth seeing. Clients call
 * `pruneHiddenAnswers` before sending to forget answers the resident made hidden by
 * changing an earlier answer.
 */

export type OtherAnswer = { other: string };
export type ChoiceAnswer = string | OtherAnswer;
export type AnswerValue = string | number | null | OtherAnswer | ChoiceAnswer[];
/** Validated answers: only shown, answered questions, in survey order, texts normalized. */
export type NormalizedAnswers = Record<string, AnswerValue>;

export const ANSWER_ERROR_CODES = [
  'unknown_question',
  'invalid_option',
  'wrong_type',
  'required',
  'out_of_range',
  'too_long',
  'not_shown',
  'duplicate',
  'other_missing',
  /** Not one question answered: a blank questionnaire is no response (`question` is empty). */
  'empty',
] as const;
export type AnswerErrorCode = (typeof ANSWER_ERROR_CODES)[number];
export interface AnswerError {
  question: string;
  code: AnswerErrorCode;
  message: string;
}
export type AnswerValidationResult = { ok: true; answers: NormalizedAnswers } | { ok: false; errors: AnswerError[] };
export interface AnswerContext {
  /** Stadtteil keys of the process; `outside` and `unknown` are always accepted as well. */
  stadtteilKeys: readonly string[];
  /** Accept answers that answer nothing (a resend of a response stored before blank ones were refused). */
  allowEmpty?: boolean;
}

type RawAnswers = Readonly<Record<string, unknown>>;
type Checked<T> = { value: T } | { error: Omit<AnswerError, 'question'> };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads an answer without ever picking up inherited properties such as `constructor`. */
function answerOf(answers: RawAnswers, key: string): unknown {
  return Object.hasOwn(answers, key) ? answers[key] : undefined;
}

function isOtherAnswer(value: unknown): value is OtherAnswer {
  return isRecord(value) && typeof value.other === 'string' && Object.keys(value).length === 1;
}

let graphemes: Intl.Segmenter | null | undefined;
/**
 * How many characters a person sees in the text: grapheme clusters, so "👨‍👩‍👧‍👦" (eleven UTF-16
 * units) or "é" typed as e + accent count as one. Where a browser has no `Intl.Segmenter`
 * (Firefox before 125), code points are the closest count it can make.
 */
export function countCharacters(text: string): number {
  graphemes ??= typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;
  if (!graphemes) return [...text].length;
  let count = 0;
  for (const _ of graphemes.segment(text)) count += 1;
  return count;
}

/** Whether a text is within a limit in characters; most texts are, by their UTF-16 length alone, without segmenting. */
function withinLength(text: string, limit: number): boolean {
  return text.length <= limit || countCharacters(text) <= limit;
}

function isBlankAnswer(question: SurveyQuestion, value: unknown): boolean {
  if (value === undefined) return true;
  if (value === null) return question.type !== 'scale';
  if (typeof value === 'string') return normalizeFreeText(value) === '';
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

/** A ticked "other" whose text is still empty. */
function isBlankOther(value: unknown): boolean {
  return isOtherAnswer(value) && normalizeFreeText(value.other) === '';
}

/** Nothing but ticked "other"s without text: half an answer, which neither opens follow-ups nor counts against a hidden question. */
function isOnlyBlankOther(value: unknown): boolean {
  return isBlankOther(value) || (Array.isArray(value) && value.length > 0 && value.every(isBlankOther));
}

/** Whether a condition holds; a leaf on a question that is not shown (or not earlier) sees no answer. */
function conditionHolds(showIf: ShowIf, byKey: ReadonlyMap<string, SurveyQuestion>, shown: ReadonlySet<string>, answers: RawAnswers): boolean {
  if ('all' in showIf) return showIf.all.every((part) => conditionHolds(part, byKey, shown, answers));
  if ('any' in showIf) return showIf.any.some((part) => conditionHolds(part, byKey, shown, answers));
  if ('not' in showIf) return !conditionHolds(showIf.not, byKey, shown, answers);
  const target = byKey.get(showIf.question);
  if (!target || !shown.has(target.key)) return false;
  const value = answerOf(answers, target.key);
  if ('equals' in showIf) return value === showIf.equals;
  if ('includes' in showIf) return Array.isArray(value) && value.includes(showIf.includes);
  // A lone "other" without its text does not yet open follow-up questions.
  return !isBlankAnswer(target, value) && !isOnlyBlankOther(value);
}

/**
 * Which questions are shown for these (raw, possibly half-filled) answers. Evaluated in
 * survey order, and a condition on a hidden question sees no answer, so chains collapse
 * together: hiding a question hides everything that asks for its answer.
 */
export function shownQuestionKeys(definition: SurveyDefinition, answers: RawAnswers): Set<string> {
  const byKey = new Map<string, SurveyQuestion>();
  const shown = new Set<string>();
  for (const question of allQuestions(definition)) {
    // Only earlier questions are in byKey yet; a leaf on anything else (a malformed definition) never holds.
    if (!question.showIf || conditionHolds(question.showIf, byKey, shown, answers)) shown.add(question.key);
    byKey.set(question.key, question);
  }
  return shown;
}

/** Whether the question is shown for these answers; false for unknown keys. */
export function isQuestionShown(definition: SurveyDefinition, key: string, answers: RawAnswers): boolean {
  return shownQuestionKeys(definition, answers).has(key);
}

/** The answers without those to questions that are hidden now; what a client sends. */
export function pruneHiddenAnswers<T>(definition: SurveyDefinition, answers: Readonly<Record<string, T>>): Record<string, T> {
  const shown = shownQuestionKeys(definition, answers);
  const pruned: Record<string, T> = {};
  for (const key of Object.keys(answers)) {
    if (shown.has(key)) pruned[key] = answers[key] as T;
  }
  return pruned;
}

function otherText(question: ChoiceQuestion, value: OtherAnswer): Checked<OtherAnswer> {
  if (!question.allowOther) return { error: { code: 'invalid_option', message: 'this question has no "other" choice' } };
  const text = normalizeFreeText(value.other);
  if (text === '') return { error: { code: 'other_missing', message: '"other" is ticked but its text is empty' } };
  if (!withinLength(text, MAX_OTHER_LENGTH)) {
    return { error: { code: 'too_long', message: `"other" text is longer than ${MAX_OTHER_LENGTH} characters` } };
  }
  return { value: { other: text } };
}

function hasOption(question: SingleQuestion | MultiQuestion | RankingQuestion, key: string): boolean {
  return question.options.some((option) => option.key === key);
}

function checkSingle(question: SingleQuestion, value: unknown): Checked<ChoiceAnswer> {
  if (typeof value === 'string') {
    return hasOption(question, value) ? { value } : { error: { code: 'invalid_option', message: `unknown option ${value}` } };
  }
  if (isOtherAnswer(value)) return otherText(question, value);
  return { error: { code: 'wrong_type', message: 'expected an option key' } };
}

function checkMulti(question: MultiQuestion, value: unknown): Checked<ChoiceAnswer[]> {
  if (!Array.isArray(value)) return { error: { code: 'wrong_type', message: 'expected an array of option keys' } };
  const selected = new Set<string>();
  let other: OtherAnswer | undefined;
  for (const entry of value) {
    if (typeof entry === 'string') {
      if (!hasOption(question, entry)) return { error: { code: 'invalid_option', message: `unknown option ${entry}` } };
      if (selected.has(entry)) return { error: { code: 'duplicate', message: `option ${entry} is selected twice` } };
      selected.add(entry);
    } else if (isOtherAnswer(entry)) {
      const checked = otherText(question, entry);
      if ('error' in checked) return checked;
      if (other) return { error: { code: 'duplicate', message: 'more than one "other" entry' } };
      other = checked.value;
    } else {
      return { error: { code: 'wrong_type', message: 'entries must be option keys or { other: string }' } };
    }
  }
  const count = selected.size + (other ? 1 : 0);
  if (question.maxSelected !== undefined && count > question.maxSelected) {
    return { error: { code: 'out_of_range', message: `at most ${question.maxSelected} selections` } };
  }
  // Definition order, "other" last: the same choice always serialises (and hashes) the same way.
  const normalized: ChoiceAnswer[] = question.options.map((option) => option.key).filter((key) => selected.has(key));
  if (other) normalized.push(other);
  return { value: normalized };
}

function checkScale(question: ScaleQuestion, value: unknown): Checked<number | null> {
  const { min, max, allowNoAnswer } = question.scale;
  if (value === null) {
    return allowNoAnswer ? { value: null } : { error: { code: 'out_of_range', message: 'this scale offers no "keine Angabe"' } };
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    return { error: { code: 'wrong_type', message: 'expected an integer or null' } };
  }
  if (value < min || value > max) return { error: { code: 'out_of_range', message: `expected ${min} to ${max}` } };
  return { value };
}

function checkRanking(question: RankingQuestion, value: unknown): Checked<string[]> {
  if (!Array.isArray(value)) return { error: { code: 'wrong_type', message: 'expected an array of option keys' } };
  const ranked: string[] = [];
  for (const entry of value) {
    if (typeof entry !== 'string') return { error: { code: 'wrong_type', message: 'entries must be option keys' } };
    if (!hasOption(question, entry)) return { error: { code: 'invalid_option', message: `unknown option ${entry}` } };
    if (ranked.includes(entry)) return { error: { code: 'duplicate', message: `option ${entry} is ranked twice` } };
    ranked.push(entry);
  }
  const places = question.maxRanked ?? question.options.length;
  if (ranked.length > places) return { error: { code: 'out_of_range', message: `at most ${places} places` } };
  return { value: ranked };
}

function checkText(question: TextQuestion, value: unknown): Checked<string> {
  if (typeof value !== 'string') return { error: { code: 'wrong_type', message: 'expected a string' } };
  const text = normalizeFreeText(value);
  const limit = question.maxLength ?? MAX_CONTRIBUTION_LENGTH;
  if (!withinLength(text, limit)) return { error: { code: 'too_long', message: `longer than ${limit} characters` } };
  return { value: text };
}

/** Arabic-Indic, Persian and full-width digits as the ASCII digit they stand for; phones type them. */
function asciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9\uFF10-\uFF19]/gu, (digit) => {
    const code = digit.charCodeAt(0);
    const zero = code >= 0xff10 ? 0xff10 : code >= 0x06f0 ? 0x06f0 : 0x0660;
    return String(code - zero);
  });
}

/**
 * What a number field's text means as an answer: nothing for a blank field, the integer for a
 * whole number (any digits, a leading minus), else the text itself, which the rules then refuse
 * as `wrong_type`, so the resident sees what they typed with the reason beside it.
 */
export function parseWholeNumber(text: string): number | string | undefined {
  const trimmed = asciiDigits(text.trim()).replace(/^[\u2212\u2013]/u, '-');
  if (trimmed === '') return undefined;
  return /^-?\d{1,15}$/u.test(trimmed) ? Number(trimmed) : text;
}

function checkNumber(question: NumberQuestion, value: unknown): Checked<number> {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) return { error: { code: 'wrong_type', message: 'expected a whole number' } };
  if ((question.min !== undefined && value < question.min) || (question.max !== undefined && value > question.max)) {
    return { error: { code: 'out_of_range', message: `expected ${question.min ?? '…'} to ${question.max ?? '…'}` } };
  }
  return { value };
}

function checkStadtteil(value: unknown, ctx: AnswerContext): Checked<string> {
  if (typeof value !== 'string') return { error: { code: 'wrong_type', message: 'expected a Stadtteil key' } };
  if (value === PLACE_OUTSIDE || value === PLACE_UNKNOWN || ctx.stadtteilKeys.includes(value)) return { value };
  return { error: { code: 'invalid_option', message: `unknown Stadtteil ${value}` } };
}

function checkAnswer(question: SurveyQuestion, value: unknown, ctx: AnswerContext): Checked<AnswerValue> {
  switch (question.type) {
    case 'single':
      return checkSingle(question, value);
    case 'multi':
      return checkMulti(question, value);
    case 'scale':
      return checkScale(question, value);
    case 'ranking':
      return checkRanking(question, value);
    case 'text':
      return checkText(question, value);
    case 'stadtteil':
      return checkStadtteil(value, ctx);
    case 'number':
      return checkNumber(question, value);
  }
}

/**
 * Validates a submission's answers against the survey it was made for. Every error
 * names its question key (one error per question, the first problem found), so a
 * client can point at the question and a 400 says exactly what is wrong.
 */
export function validateAnswers(definition: SurveyDefinition, answers: unknown, ctx: AnswerContext): AnswerValidationResult {
  if (!isRecord(answers)) {
    return { ok: false, errors: [{ question: '', code: 'wrong_type', message: 'answers must be an object keyed by question' }] };
  }
  const questions = allQuestions(definition);
  const known = new Set(questions.map((question) => question.key));
  const errors: AnswerError[] = [];
  for (const key of Object.keys(answers)) {
    if (!known.has(key)) errors.push({ question: key, code: 'unknown_question', message: `no question ${key} in this survey` });
  }

  const shown = shownQuestionKeys(definition, answers);
  const normalized: NormalizedAnswers = {};
  for (const question of questions) {
    const value = answerOf(answers, question.key);
    const blank = isBlankAnswer(question, value);
    if (!shown.has(question.key)) {
      if (!blank && !isOnlyBlankOther(value)) errors.push({ question: question.key, code: 'not_shown', message: 'answered, but the question is not shown' });
      continue;
    }
    if (blank) {
      if (question.required) errors.push({ question: question.key, code: 'required', message: 'an answer is required' });
      continue;
    }
    const checked = checkAnswer(question, value, ctx);
    if ('error' in checked) errors.push({ question: question.key, ...checked.error });
    else normalized[question.key] = checked.value;
  }
  // Counting a blank questionnaire would count a participation that said nothing (and a second tap on "save" twice).
  if (errors.length === 0 && !ctx.allowEmpty && Object.keys(normalized).length === 0) {
    errors.push({ question: '', code: 'empty', message: 'no question is answered' });
  }

  return errors.length > 0 ? { ok: false, errors } : { ok: true, answers: normalized };
}

/**
 * How many questions these raw answers answer, for the fill-time check: every key with
 * something in it ("keine Angabe" on a scale is a tap too). Counted before validation, so
 * a bot that pads its answers only raises its own bar.
 */
export function countAnswered(answers: RawAnswers): number {
  let answered = 0;
  for (const value of Object.values(answers)) {
    if (value === undefined || (typeof value === 'string' && normalizeFreeText(value) === '')) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (isOnlyBlankOther(value)) continue;
    answered += 1;
  }
  return answered;
}

/** A free text from the survey that becomes a contribution, tagged `self` with its fields of action. */
export interface AnswerContribution {
  questionKey: string;
  text: string;
  fieldsOfAction: string[];
}

/**
 * The free-text parts of validated answers: text answers and "other" texts. "Other"
 * texts of sensitive questions (say, a language spoken at home) are facts about the
 * person, not opinions, so they stay in the answer and never become a voice.
 */
export function contributionsFromAnswers(definition: SurveyDefinition, answers: NormalizedAnswers): AnswerContribution[] {
  const contributions: AnswerContribution[] = [];
  for (const question of allQuestions(definition)) {
    const value = answerOf(answers, question.key);
    if (value === undefined) continue;
    const fieldsOfAction = question.fieldOfAction ? [question.fieldOfAction] : [];
    if (question.type === 'text' && typeof value === 'string') {
      contributions.push({ questionKey: question.key, text: value, fieldsOfAction });
    } else if ((question.type === 'single' || question.type === 'multi') && !question.sensitive) {
      for (const entry of Array.isArray(value) ? value : [value]) {
        if (isOtherAnswer(entry)) contributions.push({ questionKey: question.key, text: entry.other, fieldsOfAction });
      }
    }
  }
  return contributions;
}

/**
 * What goes into the `answers` table: free texts that became contributions are left
 * out (text questions) or replaced by `"other"` (other texts), so masking, moderation
 * and the retention date apply to every free text and aggregates can count "other".
 * The "other" text of a sensitive question (a language spoken at home, written in) is
 * not kept at all: it never becomes a voice, nobody reads it, and as a fact about the
 * person it would outlive the retention date; the answer keeps that "other" was chosen.
 */
export function answersForStorage(definition: SurveyDefinition, answers: NormalizedAnswers): NormalizedAnswers {
  const stored: NormalizedAnswers = {};
  for (const question of allQuestions(definition)) {
    const value = answerOf(answers, question.key);
    if (value === undefined || question.type === 'text') continue;
    if (question.type === 'single' || question.type === 'multi') {
      stored[question.key] = Array.isArray(value)
        ? value.map((entry) => (isOtherAnswer(entry) ? OTHER_OPTION_KEY : entry))
        : isOtherAnswer(value)
          ? OTHER_OPTION_KEY
          : (value as AnswerValue);
    } else {
      stored[question.key] = value as AnswerValue;
    }
  }
  return stored;
}

/** The resident's self-reported Stadtteil as answered (a key or a place sentinel): the first answer to a question of type `stadtteil`, if any. */
export function stadtteilFromAnswers(definition: SurveyDefinition, answers: NormalizedAnswers): string | null {
  for (const question of allQuestions(definition)) {
    const value = answerOf(answers, question.key);
    if (question.type === 'stadtteil' && typeof value === 'string') return value;
  }
  return null;
}

/** Large enough for an ALTCHA solution payload, small enough not to be a storage channel. */
export const MAX_ALTCHA_LENGTH = 8192;
/** The honeypot may hold whatever a bot typed; it is flagged, not rejected, so bots learn nothing. */
export const MAX_HONEYPOT_LENGTH = 10_000;
