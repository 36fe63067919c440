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

export interface Shade {
  /** The fill, as `#rrggbb`. */
  fill: string;
  /** The text colour on it, black or white, whichever contrasts more (at least 4.5:1 on every shade). */
  ink: string;
}

/** The ramp's ends and a saturated middle, so the middle shades stay blue rather than grey. */
const RAMP = [
  [0xe8, 0xf0, 0xf8],
  [0x5b, 0x9b, 0xd5],
  [0x07, 0x2f, 0x5a],
] as const;

/** The colour at `t` (0 to 1) along the ramp, mixed linearly between its neighbouring stops. */
function ramp(t: number): number[] {
  const at = Math.min(t, 0.999999) * (RAMP.length - 1);
  const from = RAMP[Math.floor(at)]!;
  const to = RAMP[Math.floor(at) + 1]!;
  const mix = at - Math.floor(at);
  return from.map((channel, c) => Math.round(channel + (to[c]! - channel) * mix));
}

/** WCAG relative luminance of an sRGB colour. */
function luminance(rgb: readonly number[]): number {
  const [r, g, b] = rgb.map((channel) => {
    const c = channel / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** CIE lightness L* (0 to 100) of a relative luminance: equal steps of it look equally apart. */
const lightness = (y: number) => (y > 216 / 24389 ? 116 * Math.cbrt(y) - 16 : (24389 / 27) * y);

/**
 * The shades of a stacked bar's `steps` segments, lightest for the lowest step to darkest for
 * the highest, evenly apart in lightness, so their order reads in greyscale too (the segments
 * also carry their step's number). Each with the text colour that reads on it.
 */
export function stackShades(steps: number): Shade[] {
  const start = lightness(luminance(ramp(0)));
  const end = lightness(luminance(ramp(1)));
  return Array.from({ length: steps }, (_, index) => {
    const t = steps === 1 ? 1 : index / (steps - 1);
    // Search the point on the ramp whose lightness sits on the even ladder.
    const target = start + (end - start) * t;
    let low = 0;
    let high = 1;
    let rgb = ramp(0);
    for (let i = 0; i < 20; i += 1) {
      const mid = (low + high) / 2;
      rgb = ramp(mid);
      if (lightness(luminance(rgb)) > target) low = mid;
      else high = mid;
    }
    const l = luminance(rgb);
    // Contrast with black (#000) against contrast with white.
    const ink = (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000000' : '#ffffff';
    return { fill: `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`, ink };
  });
}
