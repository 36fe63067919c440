// How charts draw suppressed counts: to the scale of the largest published count, and a
// withheld count on no scale at all. Pure code, shared by the Auswertung page and the PDF.

import type { Cell } from '../api/results.ts';

/** The largest published count among `cells`; 1 when none is published or all are 0, so a scale never divides by zero. */
export function largestPublished(cells: Iterable<Cell>): number {
  let largest = 1;
  for (const cell of cells) if (!cell.suppressed && cell.count > largest) largest = cell.count;
  return largest;
}

/** A published count as a share (0 to 1) of `largest`; null for a withheld count, which gets no bar. */
export function barShare(cell: Extract<Cell, { suppressed: false }>, largest: number): number;
export function barShare(cell: Cell, largest: number): number | null;
export function barShare(cell: Cell, largest: number): number | null {
  return cell.suppressed ? null : Math.min(1, cell.count / largest);
}

/**
 * The shade of a cell in a heat table: 1 (lightest) to `levels` (darkest) by its share of
 * `largest`, in equal steps; 0 for a withheld count or a published 0, which get no shade.
 */
export function heatLevel(cell: Cell, largest: number, levels: number): number {
  const share = barShare(cell, largest);
  return share ? Math.max(1, Math.ceil(share * levels)) : 0;
}
