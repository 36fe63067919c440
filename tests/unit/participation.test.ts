import { describe, expect, it } from 'vitest';
import { formatRate, lowestOverHighest, proportionalSimilarity, ratePerThousand, wilsonInterval } from '../../shared/results/participation.ts';

describe('participation arithmetic', () => {
  it('gives the Wilson interval of textbook cases', () => {
    // 0 of 722 (Romaney with no voice): [0, z²/(n + z²)] = [0, 3.8415/725.8415] = [0, 0.0052924].
    const none = wilsonInterval(0, 722);
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo(0.0052924, 6);
    // 5 of 10: centre 0.5, half-width 1.96/1.38415·√(0.025 + 0.0096037) = 0.26340 → [0.23659, 0.76341].
    const half = wilsonInterval(5, 10);
    expect(half.low).toBeCloseTo(0.23659, 4);
    expect(half.high).toBeCloseTo(0.76341, 4);
    // All of them: the upper bound is 1, the lower one n/(n + z²) = 10/13.8415 = 0.72247.
    expect(wilsonInterval(10, 10).high).toBeCloseTo(1, 12);
    expect(wilsonInterval(10, 10).low).toBeCloseTo(0.72247, 4);
  });

  it('has no rate without residents, and writes a rate the German way', () => {
    expect(ratePerThousand(3, 0)).toBeNull();
    expect(formatRate(ratePerThousand(10, 3000)!)).toBe('3,3 (1,8–6,1)');
  });

  it('scores similarity 1 for voices spread like residents and 0 for no overlap', () => {
    expect(proportionalSimilarity([{ voices: 2, population: 200 }, { voices: 8, population: 800 }])).toBeCloseTo(1, 12);
    expect(proportionalSimilarity([{ voices: 10, population: 0 }, { voices: 0, population: 500 }])).toBe(0);
    expect(proportionalSimilarity([{ voices: 0, population: 10 }])).toBeNull();
  });

  it('needs two rates and a highest above 0 for lowest over highest', () => {
    expect(lowestOverHighest([{ key: 'a', perThousand: 2 }])).toBeNull();
    expect(lowestOverHighest([{ key: 'a', perThousand: 0 }, { key: 'b', perThousand: 0 }])).toBeNull();
    expect(lowestOverHighest([{ key: 'a', perThousand: 2 }, { key: 'b', perThousand: 8 }])).toEqual({ value: 0.25, lowest: 'a', highest: 'b' });
  });
});
