// The one-sentence German summaries under each question's chart, and the number formats they
// and the charts use. Pure code, shared by the Auswertung page and the exports.

import type { ChoiceResult, Figure, NumberResult, QuestionResult, RankingResult, ScaleResult, Statistic } from '../api/question-results.ts';

const PERCENT = new Intl.NumberFormat('de-DE', { style: 'percent', maximumFractionDigits: 0 });
const DECIMAL = new Intl.NumberFormat('de-DE', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A share (0 to 1) as German percent: "32 %" (with a no-break space). */
export function percent(share: number): string {
  return PERCENT.format(share);
}

/** A mean or a median with one decimal: "2,4". */
export function decimal(value: number): string {
  return DECIMAL.format(value);
}

const count = (figure: Figure): number | null => (figure.suppressed ? null : figure.count);
const value = (statistic: Statistic): number | null => (statistic.suppressed ? null : statistic.value);
const quoted = (label: string) => `„${label}“`;
/** A list in German: "A", "A und B", "A, B und C". */
const list = (items: string[], and = 'und') => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${and} ${items.at(-1)}`);
/** A scale step or a mean as German number: "3", "3,5". */
const number = (n: number) => (Number.isInteger(n) ? String(n) : decimal(n));

/** Respondents who chose a step of a scale (its percent base): "keine Angabe" not among them; null when not known. */
export function scaleBase(result: ScaleResult): number | null {
  if (result.steps.every((step) => !step.count.suppressed)) return result.steps.reduce((sum, step) => sum + count(step.count)!, 0);
  const answered = count(result.answered);
  const none = result.noAnswer ? count(result.noAnswer) : 0;
  return answered === null || none === null ? null : answered - none;
}

/**
 * The base a choice question's shares are taken of: for a multiple choice, everybody who was
 * shown the question (so a share says "of those asked"); otherwise those who answered.
 */
export function choiceBase(result: ChoiceResult): number | null {
  return count(result.type === 'multi' ? result.shown : result.answered);
}

/** How many steps at each end make the "upper" and "lower" group of a scale: 1 of 3, 2 of 4 to 7, 3 of more. */
const endSteps = (steps: number) => (steps <= 3 ? 1 : steps <= 7 ? 2 : 3);

function scaleSummary(result: ScaleResult): string {
  const base = scaleBase(result);
  const median = value(result.median);
  const none = result.noAnswer ? count(result.noAnswer) : null;
  const noneClause = none ? `; ${none} machten keine Angabe` : '';
  if (median === null) return `Zu wenige Antworten, um die Verteilung oder einen Median zu nennen${noneClause}.`;
  const scaleClause = `auf der Skala von ${result.min} (${quoted(result.minLabel)}) bis ${result.max} (${quoted(result.maxLabel)})`;
  if (!base) return `Die mittlere Antwort (Median) ist ${number(median)} ${scaleClause}; einzelne Zahlen sind verdeckt, damit niemand erkennbar wird.`;
  const k = endSteps(result.steps.length);
  const share = (steps: ScaleResult['steps']) => (steps.some((step) => step.count.suppressed) ? null : steps.reduce((sum, step) => sum + count(step.count)!, 0) / base);
  const upper = share(result.steps.slice(-k));
  const lower = share(result.steps.slice(0, k));
  const range = (steps: ScaleResult['steps']) => (k === 1 ? `die ${steps[0]!.value}` : list(steps.map((step) => String(step.value)), 'oder'));
  const median_ = `die mittlere Antwort (Median) ist ${number(median)}`;
  if (upper === null || lower === null) {
    return `${base} Befragte wählten eine Stufe ${scaleClause}; ${median_}${noneClause}.`;
  }
  return (
    `${percent(upper)} der ${base} Befragten mit Antwort wählten ${range(result.steps.slice(-k))} (Richtung ${quoted(result.maxLabel)}), ` +
    `${percent(lower)} ${range(result.steps.slice(0, k))} (Richtung ${quoted(result.minLabel)}); ${median_}${noneClause}.`
  );
}

function choiceSummary(result: ChoiceResult): string {
  const base = choiceBase(result);
  const published = result.options.filter((option) => !option.count.suppressed);
  const most = Math.max(0, ...published.map((option) => count(option.count)!));
  if (!base || most === 0) return 'Zu wenige Antworten, um einzelne Zahlen zu nennen.';
  const top = published.filter((option) => count(option.count) === most).map((option) => quoted(option.label));
  const leftOut = count(result.leftOut);
  const verb = top.length > 1 ? 'wurden' : 'wurde';
  if (result.type === 'multi') {
    return (
      `Am häufigsten ${verb} ${list(top)} gewählt: von ${percent(most / base)} der ${base} Befragten, denen die Frage gestellt wurde` +
      `${leftOut ? `; ${leftOut} ließen sie aus` : ''}.`
    );
  }
  if (result.type === 'stadtteil') return `Die meisten Befragten mit Angabe kommen aus ${list(top)}: ${percent(most / base)} von ${base}.`;
  return `Am häufigsten ${verb} ${list(top)} gewählt: von ${percent(most / base)} der ${base} Befragten mit Antwort${leftOut ? `; ${leftOut} ließen die Frage aus` : ''}.`;
}

/** A ranking's options, most Borda points first; withheld ones after the published, in their own order. */
export function byPoints(result: RankingResult): RankingResult['options'] {
  const points = (option: RankingResult['options'][number]) => value(option.points) ?? -1;
  return [...result.options].sort((a, b) => points(b) - points(a));
}

function rankingSummary(result: RankingResult): string {
  const [top, second] = byPoints(result);
  const answered = count(result.answered);
  const points = top ? value(top.points) : null;
  if (!top || points === null) return 'Zu wenige Antworten, um eine Rangfolge zu nennen.';
  const tie = second && value(second.points) === points;
  const meanRank = value(top.meanRank);
  const first = count(top.first);
  const details = [`${points} Punkte`, meanRank !== null ? `im Mittel auf Platz ${decimal(meanRank)}` : null, first !== null ? `${first}-mal auf Platz 1` : null].filter(Boolean);
  const who = tie ? `${quoted(top.label)} und ${quoted(second.label)} (gleichauf)` : quoted(top.label);
  // The number who answered may be withheld (when nearly all did) while the points are not.
  return `Am wichtigsten ist den ${answered ? `${answered} ` : ''}Befragten mit Antwort ${who}: ${list(details as string[])}.`;
}

function numberSummary(result: NumberResult): string {
  const median = value(result.median);
  const answered = count(result.answered);
  const none = count(result.leftOut);
  const noneClause = none ? `; ${none} machten keine Angabe` : '';
  if (median === null) return `Zu wenige Antworten, um die Verteilung, einen Median oder Mittelwert zu nennen${noneClause}.`;
  const q1 = value(result.q1);
  const q3 = value(result.q3);
  const mean = value(result.mean);
  const who = answered ? `der ${answered} Befragten mit Antwort` : 'der Befragten mit Antwort';
  const middle = q1 !== null && q3 !== null ? `; die mittlere Hälfte liegt zwischen ${number(q1)} und ${number(q3)}` : '';
  return `Die mittlere Antwort (Median) ${who} ist ${number(median)}${middle}${mean !== null ? `, der Mittelwert ${decimal(mean)}` : ''}${noneClause}.`;
}

/** The one sentence that says what a question's figures show, in German, never naming a withheld number. */
export function summarize(result: QuestionResult): string {
  if (result.type === 'scale') return scaleSummary(result);
  if (result.type === 'ranking') return rankingSummary(result);
  if (result.type === 'number') return numberSummary(result);
  return choiceSummary(result);
}
