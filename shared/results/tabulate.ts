import type { CrossTable } from './suppress.ts';

/**
 * One voice's keys, one list per dimension: usually one key, several where a voice may carry
 * more than one value (a contribution tagged with two fields of action).
 */
export type VoiceKeys = ReadonlyArray<readonly string[]>;

/**
 * Counts voices into a cross table over the given dimension values. A voice counts once in
 * every cell its keys combine to, once in each margin value it has, and once in the total;
 * keys that are not among a dimension's values are left out, and a voice with none of them
 * in some dimension is not in the table at all.
 */
export function tabulate(voices: Iterable<VoiceKeys>, values: ReadonlyArray<readonly string[]>): CrossTable {
  const sizes = values.map((list) => list.length);
  const positions = values.map((list) => new Map(list.map((key, index) => [key, index])));
  const cells = new Array<number>(sizes.reduce((product, size) => product * size, 1)).fill(0);
  const margins = sizes.map((size) => new Array<number>(size).fill(0));
  let total = 0;
  for (const voice of voices) {
    const indexes = positions.map((position, d) => [...new Set(voice[d] ?? [])].map((key) => position.get(key)).filter((index) => index !== undefined));
    if (indexes.some((list) => list.length === 0)) continue;
    total += 1;
    indexes.forEach((list, d) => list.forEach((index) => (margins[d]![index]! += 1)));
    let offsets = [0];
    indexes.forEach((list, d) => {
      offsets = offsets.flatMap((offset) => list.map((index) => offset * sizes[d]! + index));
    });
    for (const offset of offsets) cells[offset]! += 1;
  }
  return { sizes, cells, margins, total };
}
