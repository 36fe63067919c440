// The arithmetic of participation against population, pure and shared by the server (the API),
// the client (the help text) and the tests.

import type { Rate } from '../api/participation.ts';

/** z for a two-sided 95 % interval. */
export const Z_95 = 1.959963984540054;

/**
 * The Wilson score interval of a proportion x / n (Wilson 1927): centre (p̂ + z²/2n) / (1 + z²/n),
 * half-width z / (1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²). Unlike p̂ ± z·√(p̂(1 − p̂)/n) it stays
 * within [0, 1] and is not empty at x = 0, which matters for small Stadtteile with few voices.
 */
export function wilsonInterval(x: number, n: number, z = Z_95): { low: number; high: number } {
  if (n <= 0) return { low: 0, high: 1 };
  const p = Math.min(1, x / n);
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Voices per 1,000 residents with the Wilson interval, also per 1,000. Null without residents. */
export function ratePerThousand(voices: number, population: number): Rate | null {
  if (population <= 0) return null;
  const { low, high } = wilsonInterval(Math.min(voices, population), population);
  return { perThousand: (1000 * voices) / population, low: 1000 * low, high: 1000 * high };
}

/**
 * Proportional similarity index: 1 − ½·Σ|pᵢ − qᵢ|, with pᵢ the share of the voices and qᵢ the
 * share of the residents of group i (Czekanowski's index; 1 − the index of dissimilarity).
 * 1 means voices are spread exactly like residents. Null without voices or residents.
 */
export function proportionalSimilarity(groups: ReadonlyArray<{ voices: number; population: number }>): number | null {
  const voices = groups.reduce((sum, group) => sum + group.voices, 0);
  const population = groups.reduce((sum, group) => sum + group.population, 0);
  if (voices <= 0 || population <= 0) return null;
  const distance = groups.reduce((sum, group) => sum + Math.abs(group.voices / voices - group.population / population), 0);
  return 1 - distance / 2;
}

/** The lowest rate over the highest, with which groups they are. Null with fewer than two rates or a highest of 0. */
export function lowestOverHighest<Key>(rates: ReadonlyArray<{ key: Key; perThousand: number }>): { value: number; lowest: Key; highest: Key } | null {
  if (rates.length < 2) return null;
  const lowest = rates.reduce((best, rate) => (rate.perThousand < best.perThousand ? rate : best));
  const highest = rates.reduce((best, rate) => (rate.perThousand > best.perThousand ? rate : best));
  if (highest.perThousand <= 0) return null;
  return { value: lowest.perThousand / highest.perThousand, lowest: lowest.key, highest: highest.key };
}

/** How many places "where next" names. */
export const WHERE_NEXT_COUNT = 3;

const formats = new Map<string, { one: Intl.NumberFormat; two: Intl.NumberFormat; whole: Intl.NumberFormat }>();
/** The number formats of a locale (German unless a staff page asks for the staff's), made once. */
function formatsOf(locale: string) {
  let found = formats.get(locale);
  if (!found) {
    found = {
      one: new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
      two: new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
      whole: new Intl.NumberFormat(locale),
    };
    formats.set(locale, found);
  }
  return found;
}

/** "3,3 (1,8–6,1)": per 1,000 with the 95 % interval, as the page and the stall hint write it. */
export function formatRate(rate: Rate, locale = 'de-DE'): string {
  const { one } = formatsOf(locale);
  return `${one.format(rate.perThousand)} (${one.format(rate.low)}–${one.format(rate.high)})`;
}

/** A ratio or a score with two decimals: "0,83". */
export function formatScore(value: number, locale = 'de-DE'): string {
  return formatsOf(locale).two.format(value);
}

/** A number of residents: "11.875". */
export function formatResidents(value: number, locale = 'de-DE'): string {
  return formatsOf(locale).whole.format(value);
}
