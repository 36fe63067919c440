import { badRequest } from '../../errors.ts';

/** Characters and words that make a search FTS5 query syntax rather than plain words. */
const FTS_SYNTAX = /["*()^:]|\b(?:AND|OR|NOT|NEAR)\b/u;

/**
 * What a person typed into the search field, as an FTS5 query. Plain words become prefix terms
 * that must all occur ("sprach kita" → `"sprach"* AND "kita"*`), so a stem finds its inflections
 * and compounds that start with it; quotes, `*`, brackets, `OR`, `NOT` or `NEAR` pass through as
 * FTS5 syntax for those who know it, and FTS5 itself decides whether that is well formed.
 */
export function searchQuery(input: string): string {
  if (FTS_SYNTAX.test(input)) return input;
  const words = input.match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
  if (words.length === 0) throw badRequest('invalid_search', 'The search holds no word to look for', [{ path: 'q', message: 'no word' }]);
  return words.map(prefixTerm).join(' AND ');
}

/** "ae", "oe", "ue" not after another vowel: "Buero", "Behoerden", but not "Bauer", "Feuer", "neue". */
const UMLAUT_SPELLING = /(?<![aeiouäöü])([aou])e/giu;
const UMLAUT: Record<string, string> = { a: 'ä', o: 'ö', u: 'ü', A: 'Ä', O: 'Ö', U: 'Ü' };

/**
 * A word as a prefix term; one written with "ae", "oe" or "ue" (as on a keyboard without umlauts:
 * "Buero") also finds the word with the umlauts ("Büro"), the index folding those to "a", "o", "u".
 */
function prefixTerm(word: string): string {
  const umlauts = word.replace(UMLAUT_SPELLING, (_, vowel: string) => UMLAUT[vowel] ?? vowel);
  return umlauts === word ? `"${word}"*` : `("${word}"* OR "${umlauts}"*)`;
}
