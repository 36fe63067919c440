import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Figure } from '../../shared/api/question-results.ts';
import { choiceFigures, gridFigures, median, medianStatistic, numberBins, numberFigures, quantile, rankingFigures, scaleFigures } from '../../shared/results/figures.ts';
import { expandRelations, suppressWithReasons } from '../../shared/results/suppress.ts';

const shown = (figures: Figure[]) => figures.map((figure) => figure.count);

describe('suppressWithReasons', () => {
  it('withholds a part when the sum minus the shown parts leaves a handful, though two are hidden', () => {
    // 23 = 20 + 2 + 1: 2 and 1 are under 5; 23 − 20 would say "3 people chose the other two".
    expect(suppressWithReasons([23, 20, 2, 1], [{ sum: 0, parts: [1, 2, 3] }], 5)).toEqual([null, 'secondary', 'below_threshold', 'below_threshold']);
    // 45 = 40 + 3 + 2: the hidden two hold 5 between them, which is no handful.
    expect(suppressWithReasons([45, 40, 3, 2], [{ sum: 0, parts: [1, 2, 3] }], 5)).toEqual([null, null, 'below_threshold', 'below_threshold']);
  });

  it('lets a derived count be 0, never 1 to threshold − 1', () => {
    // Everyone of 12 chose it: "0 did not" follows, and may.
    expect(suppressWithReasons([12, 12, 0], [{ sum: 0, parts: [1, 2] }], 5, { derived: [false, false, true] })).toEqual([null, null, null]);
    // 10 of 12: "2 did not" would follow, so the 10 is withheld.
    expect(suppressWithReasons([12, 10, 2], [{ sum: 0, parts: [1, 2] }], 5, { derived: [false, false, true] })).toEqual([null, 'secondary', 'below_threshold']);
  });

  it('keeps a pinned count published and withholds another part instead', () => {
    expect(suppressWithReasons([30, 2, 9, 19], [{ sum: 0, parts: [1, 2, 3] }], 5, { pinned: [false, false, true, false] })).toEqual([null, 'below_threshold', null, 'secondary']);
  });
});

describe('expandRelations', () => {
  it('writes a sum out through the sums among its parts', () => {
    // shown(0) = answered(1) + leftOut(2); answered(1) = a(3) + b(4).
    const expanded = expandRelations([
      { sum: 0, parts: [1, 2] },
      { sum: 1, parts: [3, 4] },
    ]);
    expect(expanded).toContainEqual({ sum: 0, parts: [2, 3, 4] });
  });
});

describe('median', () => {
  it('is the middle step, or halfway between the two middle ones', () => {
    expect(median([1, 0, 2], 1)).toBe(3);
    expect(median([1, 1, 0, 0], 1)).toBe(1.5);
    expect(median([0, 0, 0], 1)).toBeNull();
  });
});

/** Whether `sum − Σ shown parts` is 1 to threshold − 1 while a part is hidden. */
const leaksHandful = (sum: Figure, parts: Figure[], trueParts: number[], threshold: number) => {
  if (sum.suppressed || parts.every((part) => !part.suppressed)) return false;
  const rest = trueParts.reduce((left, value, index) => (parts[index]!.suppressed ? left : left - value), sum.count);
  return rest > 0 && rest < threshold;
};

describe('the figures of a question (random counts)', () => {
  const counts = fc.array(fc.nat({ max: 30 }), { minLength: 2, maxLength: 7 });

  it('single choice: shows true counts, nothing under the threshold, and no sum leaves a handful', () => {
    fc.assert(
      fc.property(counts, fc.nat({ max: 10 }), fc.nat({ max: 10 }), fc.constantFrom(3, 5, 10), (options, leftOut, notShown, threshold) => {
        const answered = options.reduce((a, b) => a + b, 0);
        const figures = choiceFigures({ respondents: answered + leftOut + notShown, shown: answered + leftOut, answered, options, multiple: false }, threshold);
        const all = [...figures.options, figures.answered, figures.shown, figures.leftOut];
        const truth = [...options, answered, answered + leftOut, leftOut];
        all.forEach((figure, index) => {
          if (!figure.suppressed) expect(figure.count).toBe(truth[index]);
          if (truth[index]! < threshold) expect(figure.suppressed).toBe(true);
        });
        expect(leaksHandful(figures.answered, figures.options, options, threshold)).toBe(false);
        expect(leaksHandful(figures.shown, [figures.leftOut, ...figures.options], [leftOut, ...options], threshold)).toBe(false);
      }),
    );
  });

  it('multiple choice: no option lets "answered minus chose it" be a handful', () => {
    fc.assert(
      fc.property(fc.nat({ max: 40 }), counts, fc.constantFrom(3, 5), (answered, raw, threshold) => {
        const options = raw.map((n) => Math.min(n, answered));
        const figures = choiceFigures({ respondents: answered, shown: answered, answered, options, multiple: true }, threshold);
        figures.options.forEach((figure, index) => {
          if (!figure.suppressed && !figures.answered.suppressed) {
            const rest = answered - options[index]!;
            expect(rest === 0 || rest >= threshold).toBe(true);
          }
        });
      }),
    );
  });

  it('scale and ranking publish their statistics only over enough people', () => {
    const scale = scaleFigures({ respondents: 20, shown: 20, answered: 20, steps: [1, 1, 1, 1], noAnswer: 16, min: 1 }, 5);
    expect(scale.median).toEqual({ value: null, suppressed: true, reason: 'below_threshold' });
    const ranking = rankingFigures({ respondents: 20, shown: 20, answered: 20, first: [12, 8], placed: [20, 2], points: [32, 2], rankSums: [28, 4], byPlace: [[12, 8], [0, 2]] }, 5);
    expect(ranking.options[1]!.points.suppressed).toBe(true);
    expect(ranking.options[1]!.meanRank.suppressed).toBe(true);
    expect(ranking.options[0]!.first).toEqual({ count: 12, suppressed: false });
  });

  // Bezirk 1 in the demo: 47 answers, steps 13, 9, 9, 8, 5 and 3 "keine Angabe". A median of 2,5
  // said 44 chose a step (twice the 22 up to step 2), so "keine Angabe" was 3 and step 5 was 5.
  it('a scale withholds its median ("verdeckt") when a step is withheld, since the median would give it away', () => {
    const scale = scaleFigures({ respondents: 54, shown: 54, answered: 47, steps: [13, 9, 9, 8, 5], noAnswer: 3, min: 1 }, 5);
    expect(scale.noAnswer!.suppressed).toBe(true);
    expect(scale.steps.some((step) => step.suppressed)).toBe(true);
    expect(scale.median).toEqual({ value: null, suppressed: true, reason: 'secondary' });
    // Every step published: the median says nothing they do not.
    expect(scaleFigures({ respondents: 54, shown: 54, answered: 47, steps: [13, 9, 9, 8, 8], noAnswer: null, min: 1 }, 5).median).toEqual({ value: 3, suppressed: false });
  });

  // 30 ranked 4 options; A: 10 placed, 4 first, 6 second. 10 placed and 34 points (50 − Σ place)
  // said Σ place was 16, at least 2 × 10 − first, so first ≥ 4; beside „< 5“ that is 4.
  it('a ranking withholds an option\'s points and mean place ("verdeckt") when its first places are withheld or a later place holds few', () => {
    const ranking = rankingFigures(
      {
        respondents: 40,
        shown: 40,
        answered: 30,
        first: [4, 11, 10, 5],
        placed: [10, 30, 30, 20],
        rankSums: [16, 64, 60, 43],
        points: [34, 86, 90, 57],
        byPlace: [
          [4, 6, 0, 0],
          [11, 9, 5, 5],
          [10, 10, 10, 0],
          [5, 7, 8, 0],
        ],
      },
      5,
    );
    const [a, b, c] = ranking.options;
    expect(a!.first.suppressed).toBe(true);
    expect(a!.placed).toEqual({ count: 10, suppressed: false });
    expect(a!.points).toEqual({ value: null, suppressed: true, reason: 'secondary' });
    expect(a!.meanRank).toEqual({ value: null, suppressed: true, reason: 'secondary' });
    // Every place count 0 or at least the threshold, first published: points and mean place stand.
    expect(b!.points).toEqual({ value: 86, suppressed: false });
    expect(c!.meanRank).toEqual({ value: 2, suppressed: false });
    // 3 places, first shown: placed − first and Σ place would give the 1 who put it third.
    const three = rankingFigures({ respondents: 30, shown: 30, answered: 25, first: [10, 15], placed: [17, 25], rankSums: [25, 35], points: [43, 65], byPlace: [[10, 6, 1], [15, 10, 0]] }, 5);
    expect(three.options[0]!.first).toEqual({ count: 10, suppressed: false });
    expect(three.options[0]!.points).toEqual({ value: null, suppressed: true, reason: 'secondary' });
    expect(three.options[1]!.points).toEqual({ value: 65, suppressed: false });
  });

  it('a scale publishes its median only beside every step', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 30 }), { minLength: 2, maxLength: 7 }), fc.option(fc.nat({ max: 12 })), (steps, noAnswer) => {
        const answered = steps.reduce((sum, n) => sum + n, 0) + (noAnswer ?? 0);
        const scale = scaleFigures({ respondents: answered + 3, shown: answered + 3, answered, steps, noAnswer, min: 1 }, 5);
        if (!scale.median.suppressed) expect(scale.steps.every((step) => !step.suppressed)).toBe(true);
      }),
    );
  });

  it("a cross-table column's median is withheld where one of its steps is", () => {
    const published = (count: number): Figure => ({ count, suppressed: false });
    const withheld: Figure = { count: null, suppressed: true, reason: 'secondary' };
    expect(medianStatistic(2.5, published(44), 44, [published(13), published(9), published(9), published(8), withheld], 5)).toEqual({ value: null, suppressed: true, reason: 'secondary' });
    expect(medianStatistic(3, published(44), 44, [published(13), published(9), published(9), published(8), published(5)], 5)).toEqual({ value: 3, suppressed: false });
  });
});

describe('gridFigures', () => {
  it('publishes the row totals the question itself publishes and withholds those it withholds', () => {
    const grid = gridFigures(
      {
        cells: [
          [10, 12],
          [1, 2],
          [8, 9],
        ],
        rowTotals: [22, 3, 17],
        columnTotals: [19, 23],
        total: 42,
        rowsPartition: true,
        hiddenRowTotals: [false, true, true],
        hiddenTotal: false,
      },
      5,
    );
    expect(shown(grid.rowTotals)).toEqual([22, null, null]);
    expect(grid.total.count).toBe(42);
  });
});

describe('number questions', () => {
  it('bins a bounded question from its bounds, an open one from the answers widened to the bin width', () => {
    expect(numberBins(1, 12)).toEqual([1, 3, 5, 7, 9, 11].map((from) => ({ from, to: from + 1 })));
    expect(numberBins(0, 99).map((bin) => bin.from)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    // Answers from 23 to 87, no bounds: edges at multiples of 10, the last bin whole, so neither 23 nor 87 shows.
    const open = numberBins(23, 87, { low: true, high: true });
    expect(open[0]).toEqual({ from: 20, to: 29 });
    expect(open.at(-1)).toEqual({ from: 80, to: 89 });
    expect(numberBins(5, 5)).toEqual([{ from: 5, to: 5 }]);
  });

  it('interpolates quartiles between neighbouring answers and withholds a smallest or largest answer fewer than the threshold gave', () => {
    const histogram: Array<[number, number]> = [[1, 5], [2, 3], [4, 1], [9, 1]];
    expect([0.25, 0.5, 0.75].map((p) => quantile(histogram, p))).toEqual([1, 1.5, 2]);
    const figures = numberFigures({ respondents: 12, shown: 12, answered: 10, histogram, bins: [8, 1, 0, 0, 1] }, 5);
    expect(figures.max).toEqual({ value: null, suppressed: true, reason: 'below_threshold' });
    // 2 people above the first bin: withheld, and the 8 with them, since 10 − 8 would leave the 2; so is every statistic beside them.
    expect(figures.bins.map((bin) => bin.suppressed)).toEqual([true, true, true, true, true]);
    expect([figures.min, figures.median, figures.mean]).toEqual([1, 2, 3].map(() => ({ value: null, suppressed: true, reason: 'secondary' })));
    const open = numberFigures({ respondents: 15, shown: 15, answered: 10, histogram: [[1, 5], [2, 5]], bins: [10, 0, 0, 0, 0] }, 5);
    expect([open.min, open.median, open.max, open.mean]).toEqual([1, 1.5, 2, 1.5].map((value) => ({ value, suppressed: false })));
    expect(numberFigures({ respondents: 12, shown: 12, answered: 4, histogram: [[3, 4]], bins: [4] }, 5).median.suppressed).toBe(true);
  });

  // One-wide bins 1 to 5 with 20, 13, 2, 9, 6 answers: 3 and 5 withheld (8 people). A mean of 2,36
  // over 50 said Σ = 118; the shown bins give 82, so 3x + 5(8 − x) = 36 and x = 2 said 3.
  it('withholds quartiles, median, mean, smallest and largest answer ("verdeckt") while a withheld bin holds anyone', () => {
    const histogram: Array<[number, number]> = [[1, 20], [2, 13], [3, 2], [4, 9], [5, 6]];
    const figures = numberFigures({ respondents: 50, shown: 50, answered: 50, histogram, bins: [20, 13, 2, 9, 6] }, 5);
    expect(figures.bins.map((bin) => (bin.suppressed ? null : bin.count))).toEqual([20, 13, null, 9, null]);
    for (const statistic of [figures.min, figures.q1, figures.median, figures.q3, figures.max, figures.mean]) expect(statistic).toEqual({ value: null, suppressed: true, reason: 'secondary' });
    // Withheld bins that hold nobody, with the answers shown: the statistics stand.
    const zeros = numberFigures({ respondents: 50, shown: 50, answered: 50, histogram: [[1, 20], [2, 15], [4, 15]], bins: [20, 15, 0, 15, 0] }, 5);
    expect(zeros.bins.filter((bin) => bin.suppressed)).toHaveLength(2);
    expect(zeros.mean).toEqual({ value: 2.2, suppressed: false });
    expect(zeros.min).toEqual({ value: 1, suppressed: false });
  });
});
