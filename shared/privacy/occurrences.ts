/**
 * Where `needle` occurs in `text`, whatever the case, as ranges of `text` itself: what a moderator
 * masks by hand („Namen maskieren“). Each character is compared lower-cased but keeps its length:
 * a lower-cased copy of the whole text would not do, as „İ“ lower-cases to two characters and
 * every position after it would point one character further, leaving the name's first letter
 * („İsmail Yılmaz“ masked „Y[Name entfernt]“).
 */
export function findOccurrences(text: string, needle: string): Array<{ start: number; end: number }> {
  const wanted = foldCase(needle);
  if (wanted === '') return [];
  const haystack = foldCase(text);
  const ranges: Array<{ start: number; end: number }> = [];
  for (let start = haystack.indexOf(wanted); start >= 0; start = haystack.indexOf(wanted, start + wanted.length)) {
    ranges.push({ start, end: start + wanted.length });
  }
  return ranges;
}

/**
 * Lower case, character by character, each keeping its length (`text.length` stays): „İ“ folds to
 * „i“ without the dot above that lower-casing adds, and the Turkish „ı“ to „i“ too, so „Yılmaz“
 * finds „YILMAZ“ and „Yilmaz“ as well (a name written with or without Turkish letters).
 */
function foldCase(text: string): string {
  let folded = '';
  for (const character of text) {
    const lower = character.toLocaleLowerCase('de');
    const same = lower.length === character.length ? lower : lower.slice(0, character.length);
    folded += same === 'ı' ? 'i' : same;
  }
  return folded;
}
