import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cell } from '../../shared/api/results.ts';
import { breakdownOf, coordinates, formatCell, suppressBreakdown, suppressCounts, suppressCrossTable, suppressTogether, totalRange, type CrossTable } from '../../shared/results/suppress.ts';
import { tabulate } from '../../shared/results/tabulate.ts';

const shown = (cells: Cell[]) => cells.map((cell) => cell.count);
/** A 1-D table whose margin is its cells. */
const oneWay = (cells: readonly number[]): CrossTable => ({ sizes: [cells.length], cells, margins: [cells], total: cells.reduce((a, b) => a + b, 0) });

/** A 2-D table with additive margins. */
function twoWay(rows: number[][]): CrossTable {
  const cols = rows[0]!.length;
  const cells = rows.flat();
  const rowSums = rows.map((row) => row.reduce((a, b) => a + b, 0));
  const colSums = Array.from({ length: cols }, (_, c) => rows.reduce((sum, row) => sum + row[c]!, 0));
  return { sizes: [rows.length, cols], cells, margins: [rowSums, colSums], total: cells.reduce((a, b) => a + b, 0) };
}

describe('suppressCrossTable', () => {
  it('publishes a table where every count reaches the threshold as it is', () => {
    const result = suppressCrossTable(oneWay([12, 5, 30]), 5);
    expect(shown(result.cells)).toEqual([12, 5, 30]);
    expect(result.total).toEqual({ count: 47, suppressed: false });
  });

  it('withholds a count under the threshold and, since the total would give it away, the next-smallest one too', () => {
    const result = suppressCrossTable(oneWay([10, 3, 8, 20]), 5);
    expect(shown(result.cells)).toEqual([10, null, null, 20]);
    expect(result.cells[1]).toEqual({ count: null, suppressed: true, reason: 'below_threshold' });
    expect(result.cells[2]).toEqual({ count: null, suppressed: true, reason: 'secondary' });
    expect(shown(result.margins[0]!)).toEqual([10, null, null, 20]);
    expect(result.total.count).toBe(41);
  });

  it('treats zero as under the threshold', () => {
    expect(shown(suppressCrossTable(oneWay([0, 12, 9]), 5).cells)).toEqual([null, 12, null]);
  });

  it('leaves two withheld counts in a row alone: neither can be recomputed', () => {
    expect(shown(suppressCrossTable(oneWay([2, 3, 40]), 5).cells)).toEqual([null, null, 40]);
  });

  it('withholds a total under the threshold and every cell of it', () => {
    const result = suppressCrossTable(oneWay([1, 2]), 5);
    expect(shown(result.cells)).toEqual([null, null]);
    expect(result.total.suppressed).toBe(true);
  });

  it('hides the sum when a withheld count has no other part to pair with', () => {
    // Two districts, one channel: each row has a single cell, so its margin equals it.
    const result = suppressCrossTable(twoWay([[3], [30]]), 5);
    expect(shown(result.cells)).toEqual([null, null]);
    expect(shown(result.margins[0]!)).toEqual([null, null]);
    expect(result.margins[1]![0]!.count).toBe(33);
  });

  it('protects rows and columns of a cross table at once', () => {
    //           stall online
    // bezirk-1     2     10
    // bezirk-2     9      7
    // bezirk-3    12     15
    const result = suppressCrossTable(twoWay([[2, 10], [9, 7], [12, 15]]), 5);
    // 2 is under 5: row 1 then hides 10, column 1 hides 9 and column 2 hides 7; row 2 now has two hidden and needs nothing more.
    expect(shown(result.cells)).toEqual([null, null, null, null, 12, 15]);
    expect(shown(result.margins[0]!)).toEqual([12, 16, 27]);
    expect(shown(result.margins[1]!)).toEqual([23, 32]);
  });

  it('withholds a margin exactly where the table of that dimension alone withholds it, so no count is "verdeckt" in one table and a number in the other', () => {
    //           Fragebogen  Marktstand
    // bezirk-1       0           6        (6 by itself)
    // bezirk-2       8           9        (17)
    // bezirk-3       4          10        (14)
    const result = suppressCrossTable(twoWay([[0, 6], [8, 9], [4, 10]]), 5);
    // Contributions by Stadtbezirk alone publish 6, 17 and 14; the cross table once hid 6 and 14 as "verdeckt".
    expect(shown(suppressCrossTable(oneWay([6, 17, 14]), 5).cells)).toEqual([6, 17, 14]);
    expect(shown(result.margins[0]!)).toEqual([6, 17, 14]);
    expect(shown(result.margins[1]!)).toEqual([12, 25]);
    // With the margins published, its cells protect the 0 and the 4 among themselves.
    expect(shown(result.cells)).toEqual([null, null, null, null, null, null]);
  });

  it('never leaves exactly one withheld member in any sum, and withholds every count under the threshold (random tables)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((rows) => fc.array(fc.array(fc.nat({ max: 25 }), { minLength: 3, maxLength: 3 }), { minLength: rows, maxLength: rows })),
        (rows) => {
          const table = twoWay(rows);
          const result = suppressCrossTable(table, 5);
          const hidden = (cell: Cell) => cell.suppressed;
          const cellsHidden = result.cells.map(hidden);
          // Primary suppression.
          table.cells.forEach((count, index) => {
            if (count < 5) expect(cellsHidden[index]).toBe(true);
          });
          // Each row with its margin, each column with its margin, each margin list with the total.
          const lines: boolean[][] = [];
          rows.forEach((_, r) => lines.push([...result.cells.filter((_, i) => coordinates(i, table.sizes)[0] === r).map(hidden), result.margins[0]![r]!.suppressed]));
          for (let c = 0; c < 3; c += 1) lines.push([...result.cells.filter((_, i) => coordinates(i, table.sizes)[1] === c).map(hidden), result.margins[1]![c]!.suppressed]);
          for (const margin of result.margins) lines.push([...margin.map(hidden), result.total.suppressed]);
          for (const line of lines) expect(line.filter(Boolean).length).not.toBe(1);
          // Each dimension's margins as the table of that dimension alone publishes them, with the total every table of these voices shares.
          const together = suppressTogether(
            table.margins.map((margin) => breakdownOf(margin, table.total)),
            5,
          );
          const totalHidden = table.margins.some((margin) => suppressCrossTable(oneWay(margin), 5).total.suppressed);
          expect(together.total).toBe(totalHidden);
          expect(result.total.suppressed).toBe(totalHidden);
          table.margins.forEach((margin, d) => {
            const alone = together.reasons[d]!;
            expect(result.margins[d]!.map(hidden)).toEqual(alone.slice(0, -1).map((reason) => reason !== null));
            // And that table leaves no single withheld member in its own sum either.
            expect(alone.filter((reason) => reason !== null).length).not.toBe(1);
          });
          // Nor do the tables together tell the withheld total: what each says of it leaves more than one value.
          if (totalHidden) {
            const ranges = table.margins.map((margin, d) => totalRange(breakdownOf(margin, table.total), together.reasons[d]!, 5));
            const [from, to] = ranges.reduce(([a, b], [c, e]) => [Math.max(a, c), Math.min(b, e)], [0, Infinity]);
            expect(from).toBeLessThan(to);
          }
          // What is shown is the true count.
          result.cells.forEach((cell, index) => {
            if (!cell.suppressed) expect(cell.count).toBe(table.cells[index]);
          });
        },
      ),
      // One row of three "< 5" that add up to 12: the table by columns withholds its total (each would be 4), so the table by rows must too.
      { examples: [[[[4, 4, 4]]]] },
    );
  });
});

describe('suppressTogether', () => {
  it('withholds the total in every table of the same voices where one must, and what the others tell of it then', () => {
    // Eight places at 4 (each "< 5", so the 32 would make each 4) beside the channels: the stall holds all 32.
    const places = breakdownOf([4, 4, 4, 4, 4, 4, 4, 4], 32);
    const channels = breakdownOf([32, 0, 0], 32);
    const together = suppressTogether([places, channels], 5);
    expect(together.total).toBe(true);
    // The places tell the total is at most 32; 32 at the stall beside two empty channels would say it is at least 32.
    expect(together.reasons[1]).toEqual(['secondary', 'below_threshold', 'below_threshold', 'secondary']);
    expect(together.known![0]).toBeLessThan(together.known![1]);
  });

  it('leaves the tables alone where none withholds the total', () => {
    const together = suppressTogether([breakdownOf([10, 3, 8, 20], 41), breakdownOf([20, 21], 41)], 5);
    expect(together.total).toBe(false);
    expect(together.reasons[0]).toEqual([null, 'below_threshold', 'secondary', null, null]);
    expect(together.reasons[1]).toEqual([null, null, null]);
  });
});

describe('suppressBreakdown', () => {
  it('withholds a coarse value whose fine values at "< 5" it would tell: a Stadtbezirk of four Stadtteile at 4', () => {
    // Bezirk A (16: four Stadtteile at 4) and Bezirk B (40: 20 + 20), total 56.
    const counts = [16, 40, 4, 4, 4, 4, 20, 20, 56];
    const breakdown = {
      counts,
      coarse: 2,
      relations: [
        { sum: 8, parts: [0, 1] },
        { sum: 8, parts: [2, 3, 4, 5, 6, 7] },
        { sum: 0, parts: [2, 3, 4, 5] },
        { sum: 1, parts: [6, 7] },
      ],
    };
    const reasons = suppressBreakdown(breakdown, 5);
    // A is withheld, and with it B (or the total would tell A), and then the total (it would be B + A); the Stadtteile of B stay.
    expect(reasons.slice(2, 6)).toEqual(['below_threshold', 'below_threshold', 'below_threshold', 'below_threshold']);
    expect(reasons[0]).toBe('secondary');
    expect(reasons.filter((reason, index) => index < 2 || index === 8).filter((reason) => reason !== null).length).not.toBe(1);
  });
});

describe('suppressCounts', () => {
  it('prefers hiding another part over hiding the sum, the smallest first', () => {
    expect(suppressCounts([30, 2, 9, 19], [{ sum: 0, parts: [1, 2, 3] }], 5)).toEqual([false, true, true, false]);
  });
});

describe('formatCell', () => {
  it('shows a count withheld for itself as "< threshold", one withheld for the sums as "verdeckt"', () => {
    expect(formatCell({ count: null, suppressed: true }, 5)).toBe('< 5');
    expect(formatCell({ count: null, suppressed: true, reason: 'below_threshold' }, 5)).toBe('< 5');
    // Withheld only so that a smaller count cannot be worked out: at least 5, so never "< 5".
    expect(formatCell({ count: null, suppressed: true, reason: 'secondary' }, 5)).toBe('verdeckt');
    expect(formatCell({ count: 12, suppressed: false }, 5)).toBe('12');
  });
});

describe('tabulate', () => {
  it('counts a voice in every cell its keys combine to, once per margin value, once in the total', () => {
    const table = tabulate(
      [
        [['arbeit', 'bildung'], ['stall']],
        [['arbeit'], ['online']],
        [['arbeit', 'arbeit'], ['online']],
        [['freizeit'], ['online']], // not among the fields: left out
      ],
      [
        ['arbeit', 'bildung'],
        ['stall', 'online'],
      ],
    );
    expect(table.sizes).toEqual([2, 2]);
    expect(table.cells).toEqual([1, 2, 1, 0]);
    expect(table.margins).toEqual([
      [3, 1],
      [1, 2],
    ]);
    expect(table.total).toBe(3);
  });
});

describe('suppressCounts, what a reader can work out from how withheld counts read', () => {
  const total = (parts: number[]) => [parts.reduce((a, b) => a + b, 0), ...parts];
  const relation = (n: number) => [{ sum: 0, parts: Array.from({ length: n }, (_, i) => i + 1) }];

  it('withholds one more count where the total leaves each "< 5" exactly one value (22 − 5 − 5 = 12 for three counts under 5: each is 4)', () => {
    // As the filter by Stadtbezirk once showed „Seit wann leben Sie in Deutschland?“: 22 with an answer, 5, 5 and three under 5.
    const counts = total([4, 5, 5, 4, 4]);
    const withheld = suppressCounts(counts, relation(5), 5);
    expect(withheld.filter(Boolean).length).toBe(4);
    expect(withheld[0]).toBe(false);
  });

  it('withholds one more where a "verdeckt" and a "< 5" share exactly 5 (then they are 5 and 0)', () => {
    const counts = total([0, 5, 30]);
    const withheld = suppressCounts(counts, relation(3), 5);
    // 0 is under 5, 5 is hidden beside it; 35 − 30 = 5 for a "< 5" (0 to 4) and a "verdeckt" (5 or more) pins both: so 30 goes too.
    expect(withheld).toEqual([false, true, true, true]);
  });

  it('leaves counts alone that the total does not pin: 23 − 9 − 5 = 9 for three "< 5" can be 4 + 4 + 1 or 3 + 3 + 3', () => {
    expect(suppressCounts(total([9, 3, 3, 5, 3]), relation(5), 5)).toEqual([false, false, true, true, false, true]);
  });

  it('never leaves a withheld count with one possible value but 0 in a sum, given "< 5" is 0 to 4 and "verdeckt" 5 or more (random tables)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 12 }), { minLength: 2, maxLength: 7 }), (parts) => {
        const counts = total(parts);
        const withheld = suppressCounts(counts, relation(parts.length), 5);
        if (withheld[0]) return;
        const hiddenParts = parts.map((count, i) => ({ count, i })).filter(({ i }) => withheld[i + 1]);
        const rest = hiddenParts.reduce((sum, { count }) => sum + count, 0);
        for (const { count, i } of hiddenParts) {
          const [low, high] = count < 5 ? [0, 4] : [5, Infinity];
          const others = hiddenParts.filter((other) => other.i !== i).map((other) => (other.count < 5 ? [0, 4] : [5, Infinity]));
          const from = Math.max(low, rest - others.reduce((sum, [, h]) => sum + h!, 0));
          const to = Math.min(high, rest - others.reduce((sum, [l]) => sum + l!, 0));
          // Only empty counts may be told: a total that its shown parts make up says the rest are 0.
          if (from === to) expect(to).toBe(0);
        }
      }),
    );
  });
});
