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
}

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
  const bounds = (index: number): [number, number] =>
    options.derived?.[index] ? [0, Infinity] : reasons[index] === 'below_threshold' ? [0, threshold - 1] : [threshold, Infinity];
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
 */
export function suppressCrossTable(table: CrossTable, threshold: number, options: { margins?: ReadonlyArray<readonly boolean[] | undefined> } = {}): SuppressedCrossTable {
  const { sizes, cells, margins, total } = table;
  // A dimension's one-dimensional table decided elsewhere (`options.margins`: withheld per value): as given.
  if (sizes.length === 1 && options.margins?.[0]) {
    const withheld = options.margins[0];
    const reasons = suppressWithReasons([...cells, total], [{ sum: cells.length, parts: cells.map((_, index) => index) }], threshold, {
      hidden: [...withheld, false],
      pinned: [...withheld.map((hidden) => !hidden), false],
    });
    const cellAt = (count: number, index: number) => toCell(count, reasons[index] !== null, reasons[index]);
    const published = cells.map((count, index) => cellAt(count, index));
    return { cells: published, margins: [published], total: cellAt(total, cells.length) };
  }
  const oneWay =
    sizes.length > 1
      ? margins.map((margin, d) => suppressCrossTable({ sizes: [margin.length], cells: margin, margins: [margin], total }, threshold, { margins: [options.margins?.[d]] }))
      : [];
  const marginStart: number[] = [];
  const counts: number[] = [...cells];
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

  // Withheld in any one-dimensional table: withheld here; published there: kept here.
  const fixed = [...cells.map(() => null), ...oneWay.flatMap((own) => own.margins[0]!.map((cell) => cell.suppressed)), oneWay.length > 0 ? oneWay.some((own) => own.total.suppressed) : null];
  const reasons = suppressWithReasons(counts, expandRelations(relations), threshold, {
    hidden: fixed.map((withheld) => withheld === true),
    pinned: fixed.map((withheld) => withheld === false),
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
