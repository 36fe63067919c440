// The one-sentence summaries under each question's chart, the number formats they and the
// charts use, and how a withheld figure reads — in any language of the public catalogs
// (shared/i18n/public/<language>.json, keys `res…` and `sum…`), German by default. Pure code,
// shared by the Auswertung page (German) and the released results (the resident's language).

import type { ChoiceResult, Crosstab, Figure, NumberResult, QuestionResult, RankingResult, ScaleResult, Statistic, SuppressionReason } from '../api/question-results.ts';
import { fillPlaceholders } from '../i18n/catalog.ts';
import { pluralText, type MessageParams, type PluralKey } from '../i18n/plural.ts';
import de from '../i18n/public/de.json';

/** The catalog keys the result figures speak with. */
export type ResultWordKey = Extract<keyof typeof de, `res${string}` | `sum${string}`>;

/** The plural groups among them (`resPointsN` for `resPointsN.one`, `resPointsN.other`…). */
export type ResultPluralKey = PluralKey<ResultWordKey>;

/** The words of one language and the locale its numbers are written in. */
export interface ResultWords {
  text: (key: ResultWordKey, params?: MessageParams) => string;
  /** A plural group's form for `count` (shared/i18n/plural.ts), `{n}` the count unless `params` name it. */
  plural: (key: ResultPluralKey, count: number, params?: MessageParams) => string;
  /** A BCP 47 locale for numbers and lists, with Latin digits (`ar-u-nu-latn`), so table and sentence agree. */
  locale: string;
}

export const GERMAN_RESULT_WORDS: ResultWords = {
  text: (key, params) => fillPlaceholders(de[key], params ?? {}),
  plural: (key, count, params) => pluralText(de, de, 'de', key, count, params),
  locale: 'de-DE',
};

const formats = new Map<string, { percent: Intl.NumberFormat; decimal: Intl.NumberFormat; and: Intl.ListFormat; or: Intl.ListFormat }>();
function formatsOf(locale: string) {
  let found = formats.get(locale);
  if (!found) {
    found = {
      percent: new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }),
      decimal: new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
      and: new Intl.ListFormat(locale, { type: 'conjunction' }),
      or: new Intl.ListFormat(locale, { type: 'disjunction' }),
    };
    formats.set(locale, found);
  }
  return found;
}

/** A share (0 to 1) as percent: "32 %" in German (with a no-break space). */
export function percent(share: number, words: ResultWords = GERMAN_RESULT_WORDS): string {
  return formatsOf(words.locale).percent.format(share);
}

/** A mean or a median with one decimal: "2,4". */
export function decimal(value: number, words: ResultWords = GERMAN_RESULT_WORDS): string {
  return formatsOf(words.locale).decimal.format(value);
}

/** How a withheld figure reads: "< 5" under the threshold, "verdeckt" when withheld so that a sum cannot give a small one away (it may be large). */
export function withheldText(reason: SuppressionReason | undefined, threshold: number, words: ResultWords = GERMAN_RESULT_WORDS): string {
  return reason === 'secondary' ? words.text('resSecondary') : words.text('resBelow', { threshold });
}

/**
 * How a withheld statistic (a median, mean, quartile, points, mean place) reads: "verdeckt" as
 * for a count, and resting on too few "verdeckt (unter 5 Antworten)" — never "< 5", which beside
 * a median on a scale of 1 to 5 reads as a value.
 */
export function withheldStatisticText(reason: SuppressionReason | undefined, threshold: number, words: ResultWords = GERMAN_RESULT_WORDS): string {
  return reason === 'secondary' ? words.text('resSecondary') : words.plural('resStatBelow', threshold, { threshold });
}

/** What a table counts, each with its "weniger als {threshold} …" in the forms its language gives the threshold. */
const BELOW_REASONS = { people: 'resBelowReason.people', dots: 'resBelowReason.dots', voices: 'resBelowReason.voices' } as const satisfies Record<string, ResultPluralKey>;
export type CountedUnit = keyof typeof BELOW_REASONS;

/** The reasons a figure is withheld, one sentence each, for the note beside a table; `unit` is what is counted. */
export function withheldReasons(threshold: number, unit: CountedUnit, words: ResultWords = GERMAN_RESULT_WORDS): Record<SuppressionReason, string> {
  return { below_threshold: words.plural(BELOW_REASONS[unit], threshold, { threshold }), secondary: words.text('resSecondaryReason', { threshold }) };
}

const count = (figure: Figure): number | null => (figure.suppressed ? null : figure.count);
const value = (statistic: Statistic): number | null => (statistic.suppressed ? null : statistic.value);
/** A scale step or a mean: "3", "3,5". */
const number = (n: number, words: ResultWords) => (Number.isInteger(n) ? String(n) : decimal(n, words));

/** Respondents who chose a step of a scale (its percent base): "keine Angabe" not among them; null when not known. */
export function scaleBase(result: ScaleResult): number | null {
  if (result.steps.every((step) => !step.count.suppressed)) return result.steps.reduce((sum, step) => sum + count(step.count)!, 0);
  const answered = count(result.answered);
  const none = result.noAnswer ? count(result.noAnswer) : 0;
  return answered === null || none === null ? null : answered - none;
}

/**
 * Respondents who chose a step, as a figure beside "mit Antwort" and "keine Angabe": the count
 * where the published figures give it (`scaleBase`), else withheld — "< threshold" where the
 * median is withheld for resting on so few, otherwise "verdeckt". Either says no more than the
 * median's own cell does.
 */
export function scaleChosen(result: ScaleResult): Figure {
  const base = scaleBase(result);
  if (base !== null) return { count: base, suppressed: false };
  return { count: null, suppressed: true, reason: result.median.suppressed ? result.median.reason : 'secondary' };
}

/**
 * How many were asked and answered, in words in every language (asked first, no "n ="): "130
 * Personen gefragt · 120 mit Antwort · 10 ausgelassen"; a scale with "keine Angabe" splits its
 * answers, so the header names the base its sentence speaks of: "… · 338 mit Antwort: 312 mit
 * einer Stufe, 26 mit „keine Angabe“ · …". Polish, Ukrainian, Russian and Arabic put the count
 * after a label („відповіли: 338“), so no noun has to agree with it. Where a figure is withheld,
 * every language puts its labels first (`resSampleWithheld`): „mit Antwort: verdeckt“, never
 * „verdeckt mit Antwort“, which read as if the answers were hidden.
 */
export function sampleText(result: QuestionResult, threshold: number, words: ResultWords = GERMAN_RESULT_WORDS): string {
  const part = (figure: Figure) => (figure.suppressed ? withheldText(figure.reason, threshold, words) : String(figure.count));
  const params = { answered: part(result.answered), shown: part(result.shown), leftOut: part(result.leftOut) };
  const figures = [result.answered, result.shown, result.leftOut];
  if (result.type === 'scale' && result.noAnswer) {
    const chosen = scaleChosen(result);
    const withheld = [...figures, chosen, result.noAnswer].some((figure) => figure.suppressed);
    return words.text(withheld ? 'resSampleScaleWithheld' : 'resSampleScale', { ...params, chosen: part(chosen), none: part(result.noAnswer) });
  }
  return words.text(figures.some((figure) => figure.suppressed) ? 'resSampleWithheld' : 'resSample', params);
}

/**
 * The base a choice question's shares are taken of: for a multiple choice, everybody who was
 * shown the question (so a share says "of those asked"); otherwise those who answered.
 */
export function choiceBase(result: ChoiceResult): number | null {
  return count(result.type === 'multi' ? result.shown : result.answered);
}

/**
 * What an option's, step's or range's share is a share of, as the page and the PDF give it: a
 * choice's `choiceBase`, a scale's `scaleBase`, a number question's answers; a ranking has points,
 * no shares. Null where that base is withheld: a share is only ever a published count over a
 * published base, so it tells nothing the published figures do not.
 */
export function percentBase(result: QuestionResult): number | null {
  switch (result.type) {
    case 'single':
    case 'multi':
    case 'stadtteil':
      return choiceBase(result);
    case 'scale':
      return scaleBase(result);
    case 'number':
      return count(result.answered);
    case 'ranking':
      return null;
  }
}

/** A scale's step rows have their step as key; its "keine Angabe" row has another. */
export const isScaleStep = (key: string): boolean => /^-?\d+$/.test(key);

/**
 * Each cell's share of its column in a cross table, as the page (client/results/Crosstab.tsx) and
 * the downloads' „Fragen nach Stadtbezirk“ give it: of the column's respondents who answered the
 * question, for a scale of those who chose a step (no share for „keine Angabe“). Null where the
 * cell or the base is withheld, as `percentBase`: a published count over a published base.
 */
export function crosstabShares(result: CrosstabCounts): Array<Array<number | null>> {
  const scale = result.question.type === 'scale';
  const bases = crosstabBases(result);
  return result.cells.map((row, r) =>
    row.map((cell, c) => {
      const base = scale && !isScaleStep(result.rows[r]!.key) ? null : bases[c]!;
      const n = count(cell);
      return base && n !== null ? n / base : null;
    }),
  );
}

type CrosstabCounts = Pick<Crosstab, 'question' | 'rows' | 'cells' | 'columnTotals'>;

/**
 * Each column's base for `crosstabShares` (and the page's stacked bars of a scale): its
 * respondents who answered, for a scale those who chose a step; null where it is withheld.
 */
export function crosstabBases(result: CrosstabCounts): Array<number | null> {
  const stepRows = result.rows.flatMap((row, index) => (isScaleStep(row.key) ? [index] : []));
  const noAnswerRow = result.rows.findIndex((row) => !isScaleStep(row.key));
  return result.columnTotals.map((columnTotal, column) => {
    if (result.question.type !== 'scale') return count(columnTotal);
    const steps = stepRows.map((index) => result.cells[index]![column]!);
    if (steps.every((cell) => !cell.suppressed)) return steps.reduce((sum, cell) => sum + cell.count!, 0);
    // A withheld step: the column's answers less its "keine Angabe", where both are published.
    const total = count(columnTotal);
    const noAnswer = noAnswerRow < 0 ? 0 : count(result.cells[noAnswerRow]![column]!);
    return total === null || noAnswer === null ? null : total - noAnswer;
  });
}

/** How many steps at each end make the "upper" and "lower" group of a scale: 1 of 3, 2 of 4 to 7, 3 of more. */
const endSteps = (steps: number) => (steps <= 3 ? 1 : steps <= 7 ? 2 : 3);

function scaleSummary(result: ScaleResult, words: ResultWords): string {
  const { text, plural } = words;
  const base = scaleBase(result);
  const median = value(result.median);
  const none = result.noAnswer ? count(result.noAnswer) : null;
  const noneClause = none ? plural('sumNone', none) : '';
  // "verdeckt": enough chose a step, but the median would give a withheld step away (figures.ts).
  const medianHidden = result.median.suppressed && result.median.reason === 'secondary';
  if (median === null && !medianHidden) return text('sumScaleTooFew', { none: noneClause });
  const range = text('sumScaleRange', { min: result.min, minLabel: result.minLabel, max: result.max, maxLabel: result.maxLabel });
  if (!base) return median === null ? text('sumScaleWithheld', { none: noneClause }) : text('sumScaleMedianOnly', { median: number(median, words), range });
  const k = endSteps(result.steps.length);
  const share = (steps: ScaleResult['steps']) => (steps.some((step) => step.count.suppressed) ? null : steps.reduce((sum, step) => sum + count(step.count)!, 0) / base);
  const upper = share(result.steps.slice(-k));
  const lower = share(result.steps.slice(0, k));
  const stepsText = (steps: ScaleResult['steps']) => (k === 1 ? text('sumOneStep', { step: steps[0]!.value }) : formatsOf(words.locale).or.format(steps.map((step) => String(step.value))));
  const medianClause = median === null ? text('sumMedianWithheld') : text('sumMedian', { median: number(median, words) });
  if (upper === null || lower === null) return plural('sumScaleBase', base, { base, range, median: medianClause, none: noneClause });
  return plural('sumScaleFull', base, {
    upper: percent(upper, words),
    upperSteps: stepsText(result.steps.slice(-k)),
    lower: percent(lower, words),
    lowerSteps: stepsText(result.steps.slice(0, k)),
    base,
    minLabel: result.minLabel,
    maxLabel: result.maxLabel,
    median: medianClause,
    none: noneClause,
  });
}

function choiceSummary(result: ChoiceResult, words: ResultWords): string {
  const { text, plural } = words;
  const base = choiceBase(result);
  const published = result.options.filter((option) => !option.count.suppressed);
  const most = Math.max(0, ...published.map((option) => count(option.count)!));
  if (!base || most === 0) return text('sumTooFew');
  // A count withheld for another's sake is at least the threshold and may be the largest: which answer
  // leads is then unknown, unless the answers add up (single choice, Stadtteil) and the withheld
  // ones together are fewer than the largest shown.
  if (result.options.some((option) => option.count.suppressed && option.count.reason === 'secondary')) {
    const answered = count(result.answered);
    const rest = result.type === 'multi' || answered === null ? null : answered - published.reduce((sum, option) => sum + count(option.count)!, 0);
    if (rest === null || rest >= most) return text('sumChoiceWithheld');
  }
  const tops = published.filter((option) => count(option.count) === most).map((option) => text('sumQuoted', { label: option.label }));
  const top = formatsOf(words.locale).and.format(tops);
  const leftOut = count(result.leftOut);
  const share = percent(most / base, words);
  if (result.type === 'stadtteil') return text('sumStadtteilTop', { top, share, base });
  if (result.type === 'multi') return plural(tops.length > 1 ? 'sumMultiTopTied' : 'sumMultiTop', base, { top, share, base, leftOut: leftOut ? plural('sumMultiLeftOut', leftOut) : '' });
  return plural(tops.length > 1 ? 'sumSingleTopTied' : 'sumSingleTop', base, { top, share, base, leftOut: leftOut ? plural('sumSingleLeftOut', leftOut) : '' });
}

/** A ranking's options, most Borda points first; withheld ones after the published, in their own order. */
export function byPoints(result: RankingResult): RankingResult['options'] {
  const points = (option: RankingResult['options'][number]) => value(option.points) ?? -1;
  return [...result.options].sort((a, b) => points(b) - points(a));
}

function rankingSummary(result: RankingResult, words: ResultWords): string {
  const { text, plural } = words;
  // Points withheld for another count's sake may be any size: which option leads is then unknown.
  if (result.options.some((option) => option.points.suppressed && option.points.reason === 'secondary')) return text('sumRankingWithheld');
  const [top, second] = byPoints(result);
  const answered = count(result.answered);
  const points = top ? value(top.points) : null;
  if (!top || points === null) return text('sumRankingTooFew');
  const tie = second && value(second.points) === points;
  const meanRank = value(top.meanRank);
  const first = count(top.first);
  const details = [
    plural('resPointsN', points),
    meanRank !== null ? text('sumMeanRank', { rank: decimal(meanRank, words) }) : null,
    first !== null ? plural('sumFirstN', first) : null,
  ].filter((part): part is string => part !== null);
  const quoted = (label: string) => text('sumQuoted', { label });
  const who = tie ? text('sumTie', { a: quoted(top.label), b: quoted(second.label) }) : quoted(top.label);
  // The number who answered may be withheld (when nearly all did) while the points are not.
  const params = { who, details: formatsOf(words.locale).and.format(details) };
  const sentence = answered ? plural('sumRankingTop', answered, params) : text('sumRankingTopNoN', params);
  // Points reward being placed far up by many, so the leader may be first for few: then say who is first most often.
  const mostFirst = tie ? null : mostOftenFirst(result);
  return mostFirst && mostFirst.key !== top.key ? `${sentence} ${plural('sumMostFirst', count(mostFirst.first)!, { label: quoted(mostFirst.label) })}` : sentence;
}

/** The option most often in first place, where every first place is published and one leads alone; else null. */
function mostOftenFirst(result: RankingResult): RankingResult['options'][number] | null {
  if (result.options.some((option) => option.first.suppressed)) return null;
  const [lead, next] = [...result.options].sort((a, b) => count(b.first)! - count(a.first)!);
  return lead && (!next || count(lead.first)! > count(next.first)!) ? lead : null;
}

function numberSummary(result: NumberResult, words: ResultWords): string {
  const { text, plural } = words;
  const median = value(result.median);
  const answered = count(result.answered);
  const none = count(result.leftOut);
  const noneClause = none ? plural('sumNone', none) : '';
  if (median === null) return text(result.median.suppressed && result.median.reason === 'secondary' ? 'sumNumberWithheld' : 'sumNumberTooFew', { none: noneClause });
  const q1 = value(result.q1);
  const q3 = value(result.q3);
  const mean = value(result.mean);
  const params = {
    median: number(median, words),
    middle: q1 !== null && q3 !== null ? text('sumNumberMiddle', { q1: number(q1, words), q3: number(q3, words) }) : '',
    mean: mean !== null ? text('sumNumberMean', { mean: decimal(mean, words) }) : '',
    none: noneClause,
  };
  return answered ? plural('sumNumber', answered, params) : text('sumNumberNoN', params);
}

/** The one sentence that says what a question's figures show, never naming a withheld number. */
export function summarize(result: QuestionResult, words: ResultWords = GERMAN_RESULT_WORDS): string {
  if (result.type === 'scale') return scaleSummary(result, words);
  if (result.type === 'ranking') return rankingSummary(result, words);
  if (result.type === 'number') return numberSummary(result, words);
  return choiceSummary(result, words);
}
