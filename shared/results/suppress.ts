// Statistical disclosure control for the counts working groups and exports see.
//
// Primary suppression: every published count under the threshold (0 included) is withheld.
// Secondary suppression: a published sum and all but one of its parts would give the missing
// part away (total 23, shown parts 9 + 11 → the hidden one is 3). So wherever exactly one
// member of an additive relation is withheld, the next-smallest shown member is withheld too;
// and wherever a published sum minus its shown parts leaves 1 to threshold − 1 (total 23, shown
// 20 → the two hidden ones hold 3 people between them), the next-smallest shown part too; until
// neither happens anywhere. Some counts are never published but follow from published ones (the
// respondents who did not choose an option of a multiple choice question): such a derived count
// takes part in the relations and must not be 1 to threshold − 1 either, but may be 0.
// Pure code, shared by server and client.

import type { Cell } from '../api/results.ts';
import type { Figure, SuppressionReason } from '../api/question-results.ts';

/** `sum` = Σ `parts`, as indexes into the list of counts. */
export interface Relation {
  sum: number;
  parts: readonly number[];
}

export interface SuppressOptions {
  /** Counts that are never published themselves, only derivable: withheld at 1 to threshold − 1, not at 0. */
  derived?: readonly boolean[];
  /** Counts to withhold from the start (withheld elsewhere, so they must be here too). */
  hidden?: readonly boolean[];
  /** Counts published elsewhere, so never withheld here: another member of their sums is withheld instead. */
  pinned?: readonly boolean[];
  /** What other tables tell of a count, should it be withheld here: the range it is known to lie in. */
  known?: ReadonlyArray<Range | undefined>;
}

/** The values a withheld count can have, as far as a reader can tell: from, to (Infinity: unbounded). */
export type Range = readonly [number, number];

/** Whether `count` is withheld for itself, before any secondary suppression. */
const primary = (count: number, threshold: number, derived: boolean) => (derived ? count > 0 && count < threshold : count < threshold);

/** Which of `counts` must be withheld, given the sums that bind them. */
export function suppressCounts(counts: readonly number[], relations: readonly Relation[], threshold: number, options: SuppressOptions = {}): boolean[] {
  return suppressWithReasons(counts, relations, threshold, options).map((reason) => reason !== null);
}

/** Like `suppressCounts`, with why each withheld count is withheld (null: published). */
export function suppressWithReasons(counts: readonly number[], relations: readonly Relation[], threshold: number, options: SuppressOptions = {}): Array<SuppressionReason | null> {
  const reasons: Array<SuppressionReason | null> = counts.map((count, index) =>
    primary(count, threshold, options.derived?.[index] ?? false) ? 'below_threshold' : options.hidden?.[index] ? 'secondary' : null,
  );
  const hidden = (index: number) => reasons[index] !== null;
  /**
   * What a reader knows of a withheld count from how it reads: "< threshold" is 0 to threshold − 1,
   * "verdeckt" at least the threshold (it would read "< threshold" otherwise); a derived count is
   * never printed, so nothing.
   */
  const bounds = (index: number): [number, number] => {
    const [low, high] = options.derived?.[index] ? [0, Infinity] : reasons[index] === 'below_threshold' ? [0, threshold - 1] : [threshold, Infinity];
    const known = options.known?.[index];
    return known ? [Math.max(low, known[0]), Math.min(high, known[1])] : [low, high];
  };
  /**
   * Whether the relation, with what is shown and the bounds of what is withheld, leaves a withheld
   * member exactly one possible value other than 0: a total of 22 with 5 and 5 shown leaves 12 to
   * three counts that read "< 5", so each is 4; a total of 5 left to one "< 5" and one "verdeckt"
   * makes the second 5. (Empty counts beside a total that its shown parts make up are 0 and can be
   * told as such, as the rule above has always let them.)
   */
  const pinsAMember = (relation: Relation): boolean => {
    // The relation as Σ sign × count = known over its withheld members: parts +1, the sum −1.
    const members = [...relation.parts.map((index) => ({ index, sign: 1 })), { index: relation.sum, sign: -1 }].filter(({ index }) => hidden(index));
    const known = (hidden(relation.sum) ? 0 : counts[relation.sum]!) - relation.parts.reduce((total, index) => (hidden(index) ? total : total + counts[index]!), 0);
    const ranges = members.map(({ index, sign }) => {
      const [low, high] = bounds(index);
      return sign > 0 ? [low, high] : [-high, -low];
    });
    // Σ of the others' bounds as the whole Σ less one's own, with the unbounded ones counted apart (∞ − ∞ is no number).
    const total = (side: 0 | 1) => {
      let finite = 0;
      let unbounded = 0;
      for (const range of ranges) {
        if (Number.isFinite(range[side]!)) finite += range[side]!;
        else unbounded += 1;
      }
      return { finite, unbounded, infinity: side === 0 ? -Infinity : Infinity };
    };
    const lows = total(0);
    const highs = total(1);
    const others = (sum: ReturnType<typeof total>, own: number) => {
      const ownUnbounded = Number.isFinite(own) ? 0 : 1;
      return sum.unbounded - ownUnbounded > 0 ? sum.infinity : sum.finite - (ownUnbounded ? 0 : own);
    };
    return members.some(({ index, sign }, k) => {
      // This member's signed value is what is known less the others'.
      const othersLow = others(lows, ranges[k]![0]!);
      const othersHigh = others(highs, ranges[k]![1]!);
      const [low, high] = bounds(index);
      const from = sign > 0 ? Math.max(low, known - othersHigh) : Math.max(low, othersLow - known);
      const to = sign > 0 ? Math.min(high, known - othersLow) : Math.min(high, othersHigh - known);
      // Pinned at 0 is what a sum of shown parts already says of every empty count beside them, as before.
      return from === to && to > 0;
    });
  };
  // A relation is looked at again only once one of its members has been withheld since it was last looked at: the same outcome, without going over every relation in every pass.
  const relationsOf = new Map<number, number[]>();
  relations.forEach((relation, at) => {
    for (const index of [relation.sum, ...relation.parts]) {
      const list = relationsOf.get(index);
      if (list) list.push(at);
      else relationsOf.set(index, [at]);
    }
  });
  const dirty = relations.map(() => true);
  let changed = true;
  while (changed) {
    changed = false;
    for (const [at, relation] of relations.entries()) {
      if (!dirty[at]) continue;
      dirty[at] = false;
      let hiddenCount = hidden(relation.sum) ? 1 : 0;
      for (const index of relation.parts) if (hidden(index)) hiddenCount += 1;
      if (hiddenCount === 0) continue;
      // What someone learns by subtracting the shown parts from a shown sum: the hidden parts' total.
      const rest = hidden(relation.sum) ? 0 : relation.parts.reduce((left, index) => (hidden(index) ? left : left - counts[index]!), counts[relation.sum]!);
      if (hiddenCount !== 1 && !(rest > 0 && rest < threshold) && !pinsAMember(relation)) continue;
      // Prefer hiding another part over hiding the sum; among parts, the smallest (first on a tie).
      const candidates = relation.parts.filter((index) => !hidden(index) && !options.pinned?.[index]);
      const next = candidates.length > 0 ? candidates.reduce((best, index) => (counts[index]! < counts[best]! ? index : best)) : relation.sum;
      if (hidden(next) || options.pinned?.[next]) continue;
      reasons[next] = 'secondary';
      for (const other of relationsOf.get(next) ?? []) dirty[other] = true;
      changed = true;
    }
  }
  return reasons;
}

/**
 * The relations with sums written out: where a part of one sum is itself a sum, the same total
 * is also the sum of that part's parts (shown = answered + left out and answered = Σ options give
 * shown = left out + Σ options). Each round writes out one part at a time and all parts at once;
 * two rounds reach the depth of every table published here. Subtracting along a written-out sum
 * is as easy as along a given one, so both are checked.
 */
export function expandRelations(relations: readonly Relation[], rounds = 2): Relation[] {
  const all = [...relations];
  const seen = new Set(all.map((relation) => `${relation.sum}=${[...relation.parts].sort((a, b) => a - b).join('+')}`));
  const add = (relation: Relation) => {
    const parts = [...relation.parts].sort((a, b) => a - b);
    if (new Set(parts).size !== parts.length || parts.includes(relation.sum)) return;
    const key = `${relation.sum}=${parts.join('+')}`;
    if (seen.has(key)) return;
    seen.add(key);
    all.push({ sum: relation.sum, parts });
  };
  for (let round = 0; round < rounds; round += 1) {
    const bySum = new Map<number, Relation[]>();
    for (const relation of all) bySum.set(relation.sum, [...(bySum.get(relation.sum) ?? []), relation]);
    for (const relation of [...all]) {
      const expandable = relation.parts.filter((part) => bySum.has(part));
      for (const part of expandable) {
        for (const inner of bySum.get(part)!) add({ sum: relation.sum, parts: [...relation.parts.filter((p) => p !== part), ...inner.parts] });
      }
      if (expandable.length > 1) {
        // All at once, each part by its first relation.
        add({ sum: relation.sum, parts: relation.parts.flatMap((part) => bySum.get(part)?.[0]?.parts ?? [part]) });
      }
    }
  }
  return all;
}

/** A count as the API publishes it: the number, or withheld with its reason. */
export const toFigure = (count: number, reason: SuppressionReason | null): Figure => (reason === null ? { count, suppressed: false } : { count: null, suppressed: true, reason });

/**
 * Counts of a cross table over n dimensions: `cells` in row-major order over `sizes`, one
 * margin list per dimension (voices with that value) and the total (voices in the table).
 */
export interface CrossTable {
  sizes: readonly number[];
  cells: readonly number[];
  margins: ReadonlyArray<readonly number[]>;
  total: number;
}

export interface SuppressedCrossTable {
  cells: Cell[];
  margins: Cell[][];
  total: Cell;
}

export const toCell = (count: number, suppressed: boolean, reason?: SuppressionReason | null): Cell =>
  suppressed ? { count: null, suppressed: true, ...(reason ? { reason } : {}) } : { count, suppressed: false };

/** Coordinates of a row-major cell index. */
export function coordinates(index: number, sizes: readonly number[]): number[] {
  const coords = new Array<number>(sizes.length);
  let rest = index;
  for (let d = sizes.length - 1; d >= 0; d -= 1) {
    coords[d] = rest % sizes[d]!;
    rest = Math.floor(rest / sizes[d]!);
  }
  return coords;
}

/**
 * One dimension's counts of a set of voices, published as a table of their own (contributions by
 * Stadtbezirk, by Kanal, by Sprache …), with the total of those voices last: `counts` is the
 * values' counts and then the total, `relations` the sums among them (the total = Σ the values).
 * With a finer dimension nested in it, the Stadtteile beside their Stadtbezirke: the first
 * `coarse` counts are the coarse values, then the fine ones, each coarse value = Σ its fine ones
 * and the total = Σ either list.
 */
export interface Breakdown {
  counts: readonly number[];
  relations: readonly Relation[];
  coarse?: number;
}

/** A dimension's values with the total: the breakdown whose one sum is the total. */
export const breakdownOf = (margin: readonly number[], total: number): Breakdown => ({
  counts: [...margin, total],
  relations: [{ sum: margin.length, parts: margin.map((_, index) => index) }],
});

/**
 * The breakdown's counts withheld, with why (null: published); its total withheld or kept as
 * `total.hidden` says where that is given, and known to lie in `total.known`. A nested breakdown
 * is solved as its two tables are read: the coarse table by itself, then the fine values with
 * the coarse ones as that table has them; where a coarse value beside its fine ones withheld
 * would still tell them (a Stadtbezirk's 16 beside four Stadtteile at "< 5"), the coarse table
 * withholds it too, and both are solved again.
 */
export function suppressBreakdown({ counts, relations, coarse }: Breakdown, threshold: number, total?: { hidden: boolean; known?: Range | undefined }): Array<SuppressionReason | null> {
  const last = counts.length - 1;
  const known = counts.map((_, index) => (index === last ? total?.known : undefined));
  const kept = counts.map((_, index) => index === last && total?.hidden === false);
  const given = (index: number) => index === last && total?.hidden === true;
  if (coarse === undefined) return suppressWithReasons(counts, expandRelations(relations), threshold, { hidden: counts.map((_, index) => given(index)), pinned: kept, known });
  const isCoarseLine = (relation: Relation) => relation.sum === last && relation.parts.every((index) => index < coarse);
  const coarseLines = relations.filter(isCoarseLine);
  const fineLines = relations.filter((relation) => !isCoarseLine(relation));
  const forced = new Set<number>();
  for (;;) {
    const outer = suppressWithReasons(counts, coarseLines, threshold, { hidden: counts.map((_, index) => given(index) || forced.has(index)), pinned: kept, known });
    const hiddenOuter = (index: number) => (index < coarse || index === last) && outer[index] !== null;
    const reasons = suppressWithReasons(counts, fineLines, threshold, { hidden: counts.map((_, index) => hiddenOuter(index)), pinned: kept, known });
    const newly = counts.flatMap((_, index) => ((index < coarse || index === last) && reasons[index] !== null && !hiddenOuter(index) ? [index] : []));
    if (newly.length === 0) return reasons;
    for (const index of newly) forced.add(index);
  }
}

/**
 * What a breakdown, as published, tells of its total: its shown values plus what its withheld
 * ones can hold ("< 5" 0 to 4, "verdeckt" at least 5), along every sum that makes the total.
 */
export function totalRange({ counts, relations }: Breakdown, reasons: ReadonlyArray<SuppressionReason | null>, threshold: number): Range {
  const last = counts.length - 1;
  let [from, to] = [0, Infinity];
  for (const relation of expandRelations(relations)) {
    if (relation.sum !== last) continue;
    let [low, high] = [0, 0];
    for (const index of relation.parts) {
      if (reasons[index] === null) [low, high] = [low + counts[index]!, high + counts[index]!];
      else if (reasons[index] === 'below_threshold') high += threshold - 1;
      else [low, high] = [low + threshold, Infinity];
    }
    [from, to] = [Math.max(from, low), Math.min(to, high)];
  }
  return [from, to];
}

/** The one-dimensional tables of a set of voices as published together: each one's counts withheld (with why), the total's fate and what they tell of it. */
export interface SharedTotal {
  reasons: Array<Array<SuppressionReason | null>>;
  total: boolean;
  known: Range | undefined;
}

/**
 * The one-dimensional tables of the same voices (by Stadtbezirk, by Kanal, by Sprache …),
 * suppressed together. They all publish the same total, so it is withheld in all of them where
 * one of them must withhold it: eight places at "< 5" beside a total of 32 are 4 each, and the
 * table by Kanal would show the 32. And then what each table tells of the withheld total is
 * known to the others: the places say it is at most 32, so the Kanal table's stall at 32 beside
 * its empty channels would still make it 32, and is withheld too. Each table is solved with what
 * the others, solved with the total withheld, tell of it; they tell less once solved with that
 * too (more withheld, a wider range), and a table safe against a narrower range is safe against
 * a wider one. A table withholds its total only where all its values are withheld and the total
 * then pins them, so a breakdown only matters here if its total is at most the threshold for
 * each of its values.
 */
export function suppressTogether(breakdowns: readonly Breakdown[], threshold: number): SharedTotal {
  const alone = breakdowns.map((breakdown) => suppressBreakdown(breakdown, threshold));
  const total = alone.some((reasons) => reasons.at(-1) !== null);
  if (!total) return { reasons: alone, total, known: undefined };
  const first = breakdowns.map((breakdown) => suppressBreakdown(breakdown, threshold, { hidden: true }));
  const ranges = first.map((reasons, at) => totalRange(breakdowns[at]!, reasons, threshold));
  const within = (skip: number): Range => ranges.reduce<Range>((both, range, at) => (at === skip ? both : [Math.max(both[0], range[0]), Math.min(both[1], range[1])]), [0, Infinity]);
  const reasons = breakdowns.map((breakdown, at) => suppressBreakdown(breakdown, threshold, { hidden: true, known: within(at) }));
  const known = reasons.reduce<Range>((both, list, at) => {
    const range = totalRange(breakdowns[at]!, list, threshold);
    return [Math.max(both[0], range[0]), Math.min(both[1], range[1])];
  }, [0, Infinity]);
  return { reasons, total, known };
}

/** How the one-dimensional tables of a set of voices publish them: per dimension, which values are withheld; whether the total is, and what they tell of it then. */
export interface OneWayDecisions {
  margins: ReadonlyArray<readonly boolean[]>;
  total: boolean;
  known: Range | undefined;
}

/** The decisions of the tables by `margins`' dimensions alone, suppressed together (`suppressTogether`). */
function decideOneWay(margins: ReadonlyArray<readonly number[]>, total: number, threshold: number): OneWayDecisions {
  const together = suppressTogether(
    margins.map((margin) => breakdownOf(margin, total)),
    threshold,
  );
  return { margins: together.reasons.map((reasons) => reasons.slice(0, -1).map((reason) => reason !== null)), total: together.total, known: together.known };
}

/**
 * Suppresses a cross table with its margins. Relations: each margin value is the sum of the
 * cells in its slice, and each dimension's margins sum to the total (that all cells sum to the
 * total follows from these).
 * A voice counted under several values of a dimension (a contribution with two fields of
 * action) makes these sums inexact; treating them as exact only ever withholds more.
 * Each dimension's margins with the total are also a table of their own, published by
 * themselves (contributions by Stadtbezirk beside Stadtbezirk × Handlungsfeld): in a table of
 * two or more dimensions they are withheld exactly where that one-dimensional table withholds
 * them, so a count never reads "verdeckt" in one table and as a number in the other, and the
 * cells protect the margins published elsewhere instead of counting on them being hidden.
 * `given` is how the one-dimensional tables of the same voices publish them, decided over every
 * table of them (`suppressTogether`); without it, the table's own dimensions decide.
 */
export function suppressCrossTable(
  table: CrossTable,
  threshold: number,
  given?: OneWayDecisions,
): SuppressedCrossTable {
  const { sizes, cells, margins, total } = table;
  // Without the decisions of the tables beside it, its own dimensions' tables are all there is.
  const decided = given ?? decideOneWay(margins, total, threshold);
  const totalHidden = decided.total;
  const known = (index: number) => (index === counts.length - 1 && totalHidden ? decided.known : undefined);
  const counts: number[] = [...cells];
  if (sizes.length === 1) {
    counts.push(total);
    const reasons = suppressWithReasons(counts, [{ sum: cells.length, parts: cells.map((_, index) => index) }], threshold, {
      hidden: [...decided.margins[0]!, totalHidden],
      pinned: [...decided.margins[0]!.map((hidden) => !hidden), !totalHidden],
      known: counts.map((_, index) => known(index)),
    });
    const cellAt = (count: number, index: number) => toCell(count, reasons[index] !== null, reasons[index]);
    const published = cells.map((count, index) => cellAt(count, index));
    return { cells: published, margins: [published], total: cellAt(total, cells.length) };
  }
  const marginStart: number[] = [];
  for (const margin of margins) {
    marginStart.push(counts.length);
    counts.push(...margin);
  }
  const totalIndex = counts.length;
  counts.push(total);

  const relations: Relation[] = [];
  const slices = sizes.map((size) => Array.from({ length: size }, () => [] as number[]));
  cells.forEach((_, index) => coordinates(index, sizes).forEach((value, d) => slices[d]![value]!.push(index)));
  sizes.forEach((size, d) => {
    for (let value = 0; value < size; value += 1) relations.push({ sum: marginStart[d]! + value, parts: slices[d]![value]! });
    relations.push({ sum: totalIndex, parts: Array.from({ length: size }, (_, value) => marginStart[d]! + value) });
  });

  // Withheld in the one-dimensional tables: withheld here; published there: kept here.
  const fixed = [...cells.map(() => null), ...decided.margins.flat(), totalHidden];
  const reasons = suppressWithReasons(counts, expandRelations(relations), threshold, {
    hidden: fixed.map((withheld) => withheld === true),
    pinned: fixed.map((withheld) => withheld === false),
    known: counts.map((_, index) => known(index)),
  });
  const cellAt = (count: number, index: number) => toCell(count, reasons[index] !== null, reasons[index]);
  return {
    cells: cells.map((count, index) => cellAt(count, index)),
    margins: margins.map((margin, d) => margin.map((count, value) => cellAt(count, marginStart[d]! + value))),
    total: cellAt(total, totalIndex),
  };
}

/** How a cell reads in a table or an export: the number, "< 5" when withheld for itself, "verdeckt" when only so that a smaller count cannot be worked out. */
export function formatCell(cell: Cell, threshold: number): string {
  if (!cell.suppressed) return String(cell.count);
  return cell.reason === 'secondary' ? 'verdeckt' : `< ${threshold}`;
}
