import { describe, expect, it } from 'vitest';
import type { Cell } from '../../shared/api/results.ts';
import { barShare, heatLevel, largestPublished, stackShades } from '../../shared/results/scale.ts';

const shown = (count: number): Cell => ({ count, suppressed: false });
const withheld: Cell = { count: null, suppressed: true };

describe('largestPublished', () => {
  it('is the largest published count; a withheld count is on no scale', () => {
    expect(largestPublished([shown(12), withheld, shown(30), shown(5)])).toBe(30);
  });

  it('is 1 when nothing or only 0 is published, so no scale divides by zero', () => {
    expect(largestPublished([])).toBe(1);
    expect(largestPublished([withheld, withheld])).toBe(1);
    expect(largestPublished([shown(0)])).toBe(1);
  });
});

describe('barShare', () => {
  it('draws a published count to the scale of the largest and a withheld one not at all', () => {
    expect(barShare(shown(30), 30)).toBe(1);
    expect(barShare(shown(6), 12)).toBe(0.5);
    expect(barShare(shown(0), 12)).toBe(0);
    expect(barShare(withheld, 12)).toBeNull();
  });
});

describe('heatLevel', () => {
  it('shades in equal steps of the largest count, the smallest published count at least lightly', () => {
    expect([1, 25, 26, 50, 51, 75, 76, 100].map((count) => heatLevel(shown(count), 100, 4))).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
  });

  it('gives a withheld count and a published 0 no shade', () => {
    expect(heatLevel(withheld, 100, 4)).toBe(0);
    expect(heatLevel(shown(0), 100, 4)).toBe(0);
  });
});

describe('stackShades', () => {
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const contrast = (a: string, b: string) => {
    const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (high! + 0.05) / (low! + 0.05);
  };

  it('goes from light to dark, each shade darker than the one before, with text that reads on it (4.5:1)', () => {
    for (const steps of [2, 3, 5, 7, 11]) {
      const shades = stackShades(steps);
      expect(shades).toHaveLength(steps);
      for (let i = 1; i < steps; i += 1) expect(luminance(shades[i]!.fill)).toBeLessThan(luminance(shades[i - 1]!.fill));
      for (const shade of shades) expect(contrast(shade.fill, shade.ink)).toBeGreaterThanOrEqual(4.5);
    }
  });
});
