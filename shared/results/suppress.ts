// Statistical disclosure control for the counts working groups and exports see.
//
// Primary suppression: every count under the threshold (0 included) is withheld.
// Secondary suppression: a published sum and all but one of its parts would give the missing
// part away (total 23, shown parts 9 + 11 → the hidden one is 3). So wherever exactly one
// member of an additive relation is withheld, the next-smallest shown member is withheld too,
// until no relation has exactly one hidden member. Pure code, shared by server and client.

import type { Cell } from '../api/results.ts';

/** `sum` = Σ `parts`, as indexes into the list of counts. */
export interface Relation {
  sum: number;
  parts: readonly number[];
}

/** Which of `counts` must be withheld, given the sums that bind them. */
export function suppressCounts(counts: readonly number[], relations: readonly Relation[], threshold: number): boolean[] {
  const hidden = counts.map((count) => count < threshold);
  let changed = true;
  while (changed) {
    changed = false;
    for (const relation of relations) {
      const members = [relation.sum, ...relation.parts];
      if (members.filter((index) => hidden[index]).length !== 1) continue;
      // Prefer hiding another part over hiding the sum; among parts, the smallest (first on a tie).
      const candidates = relation.parts.filter((index) => !hidden[index]);
      const next = candidates.length > 0 ? candidates.reduce((best, index) => (counts[index]! < counts[best]! ? index : best)) : relation.sum;
      hidden[next] = true;
      changed = true;
    }
  }
  return hidden;
}

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

export const toCell = (count: number, suppressed: boolean): Cell => (suppressed ? { count: null, suppressed: true } : { count, suppressed: false });

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
 */
export function suppressCrossTable(table: CrossTable, threshold: number): SuppressedCrossTable {
  const { sizes, cells, margins, total } = table;
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

  const hidden = suppressCounts(counts, relations, threshold);
  return {
    cells: cells.map((count, index) => toCell(count, hidden[index]!)),
    margins: margins.map((margin, d) => margin.map((count, value) => toCell(count, hidden[marginStart[d]! + value]!))),
    total: toCell(total, hidden[totalIndex]!),
  };
}

/** How a cell reads in a table or an export: the number, or "< 5" when withheld. */
export function formatCell(cell: Cell, threshold: number): string {
  return cell.suppressed ? `< ${threshold}` : String(cell.count);
}
