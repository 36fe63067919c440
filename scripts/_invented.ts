/** What the demo data (scripts/demo-data.ts) and the scale benchmark's data (scripts/bench/_bigdata.ts) invent alike. */
import type { Language } from '../shared/languages.ts';

/** mulberry32: the same seed gives the same data, so demos, screenshots and benchmarks can be repeated. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How often residents write in each language: German first, then the city's largest communities. */
export const LANGUAGE_MIX: ReadonlyArray<readonly [Language, number]> = [
  ['de', 46],
  ['tr', 12],
  ['ar', 9],
  ['uk', 8],
  ['ru', 7],
  ['de-easy', 6],
  ['en', 5],
  ['pl', 4],
  ['it', 3],
];
