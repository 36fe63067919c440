// The suppression models of the survey's figures: which counts one answer publishes, which
// follow from them, and the sums that bind them, handed to `suppressWithReasons`. Pure code,
// shared by server and client.
//
// Every question publishes `shown = answered + leftOut`, and the respondents of the filter
// (published at the top of the answer) are `shown + not shown`. A single choice's options and a
// scale's steps with "keine Angabe" add up to `answered`. A multiple choice option's count and
// the respondents who did not choose it add up to `answered` too: that complement is never
// published, but anyone can subtract, so it takes part as a derived count (and so do a
// ranking's "placed, but not first" and "not placed").

import type { Figure, Statistic, SuppressionReason } from '../api/question-results.ts';
import { expandRelations, suppressWithReasons, toFigure, type Relation } from './suppress.ts';

/** Counts and the sums that bind them, solved together by `suppressWithReasons` (also the participation figures' model). */
export class Model {
  readonly counts: number[] = [];
  readonly derived: boolean[] = [];
  readonly hidden: boolean[] = [];
  readonly pinned: boolean[] = [];
  readonly relations: Relation[] = [];
  /** Sums checked as given, not written out (`link`). */
  readonly links: Relation[] = [];

  add(count: number, options: { derived?: boolean; hidden?: boolean; pinned?: boolean } = {}): number {
    this.counts.push(count);
    this.derived.push(options.derived ?? false);
    this.hidden.push(options.hidden ?? false);
    this.pinned.push(options.pinned ?? false);
    return this.counts.length - 1;
  }

  relate(sum: number, parts: number[]): void {
    this.relations.push({ sum, parts });
  }

  /**
   * A sum between answers (the whole's count and its parts' in each Stadtbezirk): checked as
   * given, not written out with the answers' own sums, which would multiply the relations by the
   * parts' number for sums that the parts' own and the given ones already check.
   */
  link(sum: number, parts: number[]): void {
    this.links.push({ sum, parts });
  }

  /** Adds `sum − part` as a derived count bound by `sum = part + it`. */
  complement(sum: number, part: number): number {
    const index = this.add(this.counts[sum]! - this.counts[part]!, { derived: true });
    this.relate(sum, [part, index]);
    return index;
  }

  /** Fixes a count as decided elsewhere: withheld there, withheld here; published there, published here. */
  fix(index: number, withheld: boolean): void {
    this.hidden[index] = withheld;
    this.pinned[index] = !withheld;
  }

  solve(threshold: number): (index: number) => Figure {
    const relations = expandRelations(this.relations);
    const reasons = suppressWithReasons(this.counts, [...relations, ...this.links, ...linkedInto(relations, this.links)], threshold, { derived: this.derived, hidden: this.hidden, pinned: this.pinned });
    return (index) => toFigure(this.counts[index]!, reasons[index]!);
  }
}

/**
 * An answer's own sums with one of their parts written out by a link: the whole's „answered =
 * Anderes + the rest“ and the table's „Anderes = its cells“ give „answered = the rest + the cells“,
 * which neither checks alone (a shown cell beside a shown total can leave a small rest). One link
 * at a time, each sum once: writing every link out at once multiplies the sums past what a page
 * can solve in time.
 */
function linkedInto(relations: readonly Relation[], links: readonly Relation[]): Relation[] {
  if (links.length === 0) return [];
  const linksBySum = new Map<number, Relation[]>();
  for (const link of links) linksBySum.set(link.sum, [...(linksBySum.get(link.sum) ?? []), link]);
  const seen = new Set<string>();
  const out: Relation[] = [];
  for (const relation of relations) {
    for (const part of relation.parts) {
      for (const link of linksBySum.get(part) ?? []) {
        const parts = [...relation.parts.filter((other) => other !== part), ...link.parts].sort((a, b) => a - b);
        if (new Set(parts).size !== parts.length || parts.includes(relation.sum)) continue;
        const key = `${relation.sum}=${parts.join('+')}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ sum: relation.sum, parts });
      }
    }
  }
  return out;
}

/** The figures every question publishes, under the respondents of the filter. */
function base(model: Model, input: { respondents: number; shown: number; answered: number }) {
  const respondents = model.add(input.respondents);
  const shown = model.add(input.shown);
  const answered = model.add(input.answered);
  const leftOut = model.add(input.shown - input.answered);
  model.relate(shown, [answered, leftOut]);
  model.complement(respondents, shown);
  return { shown, answered, leftOut };
}

type BaseFigures = { shown: Figure; answered: Figure; leftOut: Figure };
const baseFigures = (figure: (index: number) => Figure, indexes: ReturnType<typeof base>): BaseFigures => ({
  shown: figure(indexes.shown),
  answered: figure(indexes.answered),
  leftOut: figure(indexes.leftOut),
});

export interface BaseCounts {
  /** Respondents of the filter. */
  respondents: number;
  shown: number;
  answered: number;
}

/**
 * What a builder hands back: given the solved model's figures, the published result. A builder
 * adds its counts and sums to a model it is given, so that several answers' models (a question's
 * figures for the whole and for each Stadtbezirk) can be solved as one.
 */
export type Reader<T> = (figure: (index: number) => Figure) => T;

/** Builds into a model of its own and solves it. */
function solveAlone<T>(build: (model: Model) => Reader<T>, threshold: number): T {
  const model = new Model();
  const read = build(model);
  return read(model.solve(threshold));
}

export type ChoiceInput = BaseCounts & { options: number[]; multiple: boolean; /** Per option: published elsewhere (kept here), withheld elsewhere (withheld here too), or neither. */ elsewhere?: ReadonlyArray<boolean | null> };

/** Single choice (options add up to `answered`) or multiple choice (each option with its complement). */
export function buildChoice(model: Model, input: ChoiceInput): Reader<BaseFigures & { options: Figure[] }> {
  const indexes = base(model, input);
  const options = input.options.map((count, at) => model.add(count, { pinned: input.elsewhere?.[at] === true, hidden: input.elsewhere?.[at] === false }));
  if (input.multiple) for (const option of options) model.complement(indexes.answered, option);
  else model.relate(indexes.answered, options);
  return (figure) => ({ ...baseFigures(figure, indexes), options: options.map(figure) });
}

export const choiceFigures = (input: ChoiceInput, threshold: number) => solveAlone((model) => buildChoice(model, input), threshold);

/** The median of a distribution over consecutive steps starting at `min`; null without any. */
export function median(steps: readonly number[], min: number): number | null {
  const total = steps.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const at = (rank: number) => {
    let seen = 0;
    for (let index = 0; index < steps.length; index += 1) {
      seen += steps[index]!;
      if (seen > rank) return min + index;
    }
    return min + steps.length - 1;
  };
  return (at(Math.floor((total - 1) / 2)) + at(Math.floor(total / 2))) / 2;
}

const statistic = (value: number | null, withheld: SuppressionReason | null): Statistic =>
  value === null ? { value: null, suppressed: true, reason: withheld ?? 'below_threshold' } : withheld ? { value: null, suppressed: true, reason: withheld } : { value, suppressed: false };

/** Why a statistic resting on `count` people is withheld: the count's own reason, or too few. */
const restingOn = (figure: Figure, count: number, threshold: number): SuppressionReason | null => (figure.suppressed ? figure.reason : count < threshold ? 'below_threshold' : null);

export type ScaleInput = BaseCounts & { steps: number[]; noAnswer: number | null; min: number };

/** A scale: steps and "keine Angabe" add up to `answered`; the median rests on those who chose a step. */
export function buildScale(model: Model, input: ScaleInput, threshold: number): Reader<BaseFigures & { steps: Figure[]; noAnswer: Figure | null; median: Statistic }> {
  const indexes = base(model, input);
  const steps = input.steps.map((count) => model.add(count));
  const chosen = input.steps.reduce((sum, count) => sum + count, 0);
  const numeric = model.add(chosen, { derived: true });
  model.relate(numeric, steps);
  const noAnswer = input.noAnswer === null ? null : model.add(input.noAnswer);
  if (noAnswer === null) model.relate(indexes.answered, steps);
  else model.relate(indexes.answered, [numeric, noAnswer]);
  return (figure) => {
    const stepFigures = steps.map(figure);
    return { ...baseFigures(figure, indexes), steps: stepFigures, noAnswer: noAnswer === null ? null : figure(noAnswer), median: scaleMedian(input, stepFigures, chosen, threshold) };
  };
}

export const scaleFigures = (input: ScaleInput, threshold: number) => solveAlone((model) => buildScale(model, input, threshold), threshold);

/**
 * A scale's median, withheld when it rests on too few, and also when a step's count is withheld:
 * the median tells where half of the answers lie, so beside the published steps it can give a
 * withheld one away (steps 13, 9, 9, 8 and a withheld 5th of 47 answers with a withheld "keine
 * Angabe": a median of 2,5 says 44 chose a step, so 3 said "keine Angabe" and 5 chose step 5).
 * With every step published it says nothing the steps do not.
 */
function scaleMedian(input: { steps: number[]; min: number }, steps: readonly Figure[], chosen: number, threshold: number): Statistic {
  return statistic(median(input.steps, input.min), chosen < threshold ? 'below_threshold' : steps.some((step) => step.suppressed) ? 'secondary' : null);
}

/** The `p` quantile (0 to 1) of the numbers in `histogram` (value → how many gave it), interpolating linearly between neighbours; null without any. */
export function quantile(histogram: ReadonlyArray<readonly [number, number]>, p: number): number | null {
  const sorted = [...histogram].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return null;
  const at = (rank: number) => {
    let seen = 0;
    for (const [value, n] of sorted) {
      seen += n;
      if (seen > rank) return value;
    }
    return sorted.at(-1)![0];
  };
  const position = (total - 1) * p;
  const lower = at(Math.floor(position));
  return lower + (position - Math.floor(position)) * (at(Math.ceil(position)) - lower);
}

/**
 * Bins of equal width (1, 2, 5, 10, 20, 50, 100, …; about ten) over `[low, high]`. A bound taken
 * from the answers rather than the question (`fromAnswers`) is widened to a multiple of the width,
 * so that the edges do not give away the smallest or largest answer.
 */
export function numberBins(low: number, high: number, fromAnswers: { low: boolean; high: boolean } = { low: false, high: false }): Array<{ from: number; to: number }> {
  const span = high - low + 1;
  let width = 1;
  for (let step = 0; width * 10 < span; step += 1) width = [1, 2, 5][(step + 1) % 3]! * 10 ** Math.floor((step + 1) / 3);
  const start = fromAnswers.low ? Math.floor(low / width) * width : low;
  const bins: Array<{ from: number; to: number }> = [];
  for (let from = start; from <= high; from += width) bins.push({ from, to: fromAnswers.high ? from + width - 1 : Math.min(high, from + width - 1) });
  return bins;
}

/**
 * Whether a number question's withheld bins may hold anyone a statistic could point at
 * ('secondary'), or null. Quartiles, median, mean and the smallest and largest answer are exact
 * numbers, the bins' counts beside them exact too: with one-wide bins (people in a household)
 * the mean times `answered` minus the shown bins' values gives the withheld bins' values, and so
 * how the withheld people split among them (a mean of 2,36 over 50 answers beside shown bins
 * 1: 20, 2: 13, 4: 9 tells that of the 8 in the withheld bins 3 and 5, 2 said 3 and 6 said 5); a
 * median or quartile tells in which bin a rank falls, the smallest answer that the bins below it
 * are empty. So each is withheld while a withheld bin may hold someone: unless every bin is
 * shown, or the shown bins add up to a shown total, "mit Antwort" or "gefragt" (then the withheld
 * ones hold nobody, which anyone can work out anyway).
 */
function binsHidePeople(bins: readonly Figure[], totals: readonly Figure[]): SuppressionReason | null {
  if (bins.every((bin) => !bin.suppressed)) return null;
  const shownSum = bins.reduce((sum, bin) => sum + (bin.count ?? 0), 0);
  return totals.some((total) => !total.suppressed && total.count === shownSum) ? null : 'secondary';
}

export type NumberInput = BaseCounts & { histogram: ReadonlyArray<readonly [number, number]>; bins: number[] };

/**
 * A number question: the bins add up to `answered`. Quartiles and the mean rest on everyone who
 * answered; the smallest and largest answer on the people who gave exactly that number.
 */
export function buildNumber(model: Model, input: NumberInput, threshold: number): Reader<BaseFigures & { bins: Figure[]; min: Statistic; q1: Statistic; median: Statistic; q3: Statistic; max: Statistic; mean: Statistic }> {
  const indexes = base(model, input);
  const bins = input.bins.map((count) => model.add(count));
  model.relate(indexes.answered, bins);
  return (figure) => numberStatistics(input, figure, indexes, bins.map(figure), threshold);
}

export const numberFigures = (input: NumberInput, threshold: number) => solveAlone((model) => buildNumber(model, input, threshold), threshold);

function numberStatistics(input: NumberInput, figure: (index: number) => Figure, indexes: ReturnType<typeof base>, binFigures: Figure[], threshold: number) {
  const given = input.histogram.filter(([, n]) => n > 0);
  const n = given.reduce((sum, [, count]) => sum + count, 0);
  // "answered" or "gefragt" (= answered + ausgelassen) minus the shown bins: 0 says the withheld ones are empty.
  const hiding = binsHidePeople(binFigures, [figure(indexes.answered), figure(indexes.shown)]);
  const few = n < threshold ? 'below_threshold' : hiding;
  const extreme = (pick: (a: number, b: number) => number) => {
    if (given.length === 0) return statistic(null, 'below_threshold');
    const value = given.map(([v]) => v).reduce((a, b) => pick(a, b));
    const sharing = given.find(([v]) => v === value)![1];
    return statistic(value, sharing < threshold ? 'below_threshold' : hiding);
  };
  return {
    ...baseFigures(figure, indexes),
    bins: binFigures,
    min: extreme(Math.min),
    q1: statistic(quantile(given, 0.25), few),
    median: statistic(quantile(given, 0.5), few),
    q3: statistic(quantile(given, 0.75), few),
    max: extreme(Math.max),
    mean: statistic(n > 0 ? given.reduce((sum, [v, count]) => sum + v * count, 0) / n : null, few),
  };
}

export type RankingInput = BaseCounts & { first: number[]; placed: number[]; points: number[]; rankSums: number[]; byPlace: number[][] };

/**
 * A ranking: first places add up to `answered`; each option placed or not, first or later.
 * An option's points and mean place are withheld with its count placed (together they give it
 * away), and also ('secondary') when its first places are withheld or any later place holds 1 to
 * threshold − 1 people: points and placed give Σ place (places × placed + placed − points), and
 * with placed and first that pins the later places down — with 4 places, 10 placed, first
 * withheld („< 5“) and 34 points say everyone else put it second, so it was first 4 times; with 3 places
 * and first shown, placed − first and Σ place give the seconds and the thirds exactly.
 */
export function buildRanking(model: Model, input: RankingInput, threshold: number): Reader<BaseFigures & { options: Array<{ first: Figure; placed: Figure; points: Statistic; meanRank: Statistic }> }> {
  const indexes = base(model, input);
  const first = input.first.map((count) => model.add(count));
  const placed = input.placed.map((count) => model.add(count));
  model.relate(indexes.answered, first);
  placed.forEach((index, option) => {
    model.complement(indexes.answered, index);
    model.complement(index, first[option]!);
  });
  return (figure) => ({
    ...baseFigures(figure, indexes),
    options: input.placed.map((count, option) => {
      const placedFigure = figure(placed[option]!);
      const firstFigure = figure(first[option]!);
      const later = (input.byPlace[option] ?? []).slice(1);
      // Points and mean rank together give the number placed away, so they go with it; and they would give a withheld first place or a small later one away.
      const withheld = restingOn(placedFigure, count, threshold) ?? (firstFigure.suppressed || later.some((n) => n > 0 && n < threshold) ? 'secondary' : null);
      return {
        first: firstFigure,
        placed: placedFigure,
        points: statistic(input.points[option]!, withheld),
        meanRank: statistic(count > 0 ? input.rankSums[option]! / count : null, withheld),
      };
    }),
  });
}

export const rankingFigures = (input: RankingInput, threshold: number) => solveAlone((model) => buildRanking(model, input, threshold), threshold);

export interface GridCounts {
  /** `cells[row][column]`. */
  cells: number[][];
  rowTotals: number[];
  columnTotals: number[];
  total: number;
  /** Each respondent is in one row (single choice, scale, first places); false: in as many as they chose (multiple choice). */
  rowsPartition: boolean;
  /**
   * Whether the question's own result withholds each row total (and the total): withheld here
   * too, and the others published here too, so the two answers cannot be played against each other.
   */
  hiddenRowTotals?: readonly boolean[];
  hiddenTotal?: boolean;
  /** Rows whose cells are steps of a scale: per column, their sum (the respondents who chose a step) is derived. */
  stepRows?: readonly number[];
  /**
   * Per column, everyone in it and those shown the question: published elsewhere (the question's
   * figures filtered to the column, the tables by Stadtbezirk or Kanal), never here. A column's
   * total (those who answered) beside them gives those who did not answer, or were not asked.
   */
  columnBases?: ReadonlyArray<{ respondents: number; shown: number }>;
}

/** A cross-tabulation with its row and column totals. */
export function gridFigures(input: GridCounts, threshold: number): { cells: Figure[][]; rowTotals: Figure[]; columnTotals: Figure[]; total: Figure; stepCounts: number[] | null; stepFigures: Figure[] | null } {
  const model = new Model();
  const fixed = (hidden: boolean | undefined) => (hidden === undefined ? {} : { hidden, pinned: !hidden });
  const total = model.add(input.total, fixed(input.hiddenTotal));
  const rowTotals = input.rowTotals.map((count, row) => model.add(count, fixed(input.hiddenRowTotals?.[row])));
  const columnTotals = input.columnTotals.map((count) => model.add(count));
  const cells = input.cells.map((row) => row.map((count) => model.add(count)));
  cells.forEach((row, r) => model.relate(rowTotals[r]!, row));
  model.relate(total, columnTotals);
  columnTotals.forEach((column, c) => {
    const members = cells.map((row) => row[c]!);
    if (input.rowsPartition) model.relate(column, members);
    else for (const member of members) model.complement(column, member);
  });
  if (input.rowsPartition) model.relate(total, rowTotals);
  else for (const row of rowTotals) model.complement(total, row);
  // Known from elsewhere, so never withheld here (derived: 0 is no one); the ones who did not answer must not be a handful.
  input.columnBases?.forEach((bases, c) => {
    for (const count of new Set([bases.respondents, bases.shown])) model.complement(model.add(count, { derived: true, pinned: true }), columnTotals[c]!);
  });
  // Per column, those who chose a step of a scale (the base of its median), derived from the steps.
  let stepCounts: number[] | null = null;
  let stepIndexes: number[] | null = null;
  if (input.stepRows) {
    const rows = input.stepRows;
    stepCounts = input.columnTotals.map((_, c) => rows.reduce((sum, r) => sum + input.cells[r]![c]!, 0));
    stepIndexes = stepCounts.map((count, c) => {
      const index = model.add(count, { derived: true });
      model.relate(index, rows.map((r) => cells[r]![c]!));
      return index;
    });
  }
  const figure = model.solve(threshold);
  return {
    cells: cells.map((row) => row.map(figure)),
    rowTotals: rowTotals.map(figure),
    columnTotals: columnTotals.map(figure),
    total: figure(total),
    stepCounts,
    stepFigures: stepIndexes?.map(figure) ?? null,
  };
}

/**
 * A median resting on `count` people, withheld when they are too few or their count is, and
 * when one of the `steps` it is taken over is withheld (see `scaleMedian`).
 */
export function medianStatistic(value: number | null, basis: Figure, count: number, steps: readonly Figure[], threshold: number): Statistic {
  return statistic(value, restingOn(basis, count, threshold) ?? (steps.some((step) => step.suppressed) ? 'secondary' : null));
}

export interface DotVoteCounts {
  /** Each market day's board: dots per option; a fields-of-action board names, per option, its row of the grid and the board's column. */
  boards: Array<{ options: number[]; grid: { column: number; rows: number[] } | null }>;
  rows: number;
  columns: number;
}

export interface DotVoteFigures {
  boards: Array<{ options: Figure[]; total: Figure }>;
  grid: { cells: Figure[][]; rowTotals: Figure[]; columnTotals: Figure[]; total: Figure };
}

/**
 * The dots of every board and the fields-of-action boards added up by field (rows) and Stadtteil
 * (columns), suppressed as one model: a grid cell is the sum of the boards' options it adds up,
 * so what a board publishes and what the grid publishes cannot be played against each other.
 */
export function dotVoteFigures(input: DotVoteCounts, threshold: number): DotVoteFigures {
  const model = new Model();
  const sums: number[][] = Array.from({ length: input.rows }, () => new Array<number>(input.columns).fill(0));
  for (const board of input.boards) board.grid?.rows.forEach((row, option) => (sums[row]![board.grid!.column]! += board.options[option]!));
  const cells = sums.map((row) => row.map((count) => model.add(count)));
  const rowTotals = sums.map((row, r) => {
    const index = model.add(row.reduce((sum, count) => sum + count, 0));
    model.relate(index, cells[r]!);
    return index;
  });
  const columnTotals = Array.from({ length: input.columns }, (_, c) => {
    const index = model.add(sums.reduce((sum, row) => sum + row[c]!, 0));
    model.relate(
      index,
      cells.map((row) => row[c]!),
    );
    return index;
  });
  const total = model.add(sums.flat().reduce((sum, count) => sum + count, 0));
  model.relate(total, rowTotals);
  model.relate(total, columnTotals);
  const boardsInColumn: number[][] = Array.from({ length: input.columns }, () => []);
  const partsOfCell: number[][][] = sums.map((row) => row.map(() => []));
  const boards = input.boards.map((board) => {
    const options = board.options.map((count) => model.add(count));
    const boardTotal = model.add(board.options.reduce((sum, count) => sum + count, 0));
    model.relate(boardTotal, options);
    if (board.grid) {
      boardsInColumn[board.grid.column]!.push(boardTotal);
      board.grid.rows.forEach((row, option) => partsOfCell[row]![board.grid!.column]!.push(options[option]!));
    }
    return { options, total: boardTotal };
  });
  partsOfCell.forEach((row, r) => row.forEach((parts, c) => model.relate(cells[r]![c]!, parts)));
  boardsInColumn.forEach((parts, c) => model.relate(columnTotals[c]!, parts));
  const figure = model.solve(threshold);
  return {
    boards: boards.map((board) => ({ options: board.options.map(figure), total: figure(board.total) })),
    grid: { cells: cells.map((row) => row.map(figure)), rowTotals: rowTotals.map(figure), columnTotals: columnTotals.map(figure), total: figure(total) },
  };
}
