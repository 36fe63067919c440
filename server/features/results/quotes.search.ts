import { badRequest } from '../../errors.ts';

/** Characters and words that make a search FTS5 query syntax rather than plain words. */
const FTS_SYNTAX = /["*()^:]|\b(?:AND|OR|NOT|NEAR)\b/u;

/**
 * What a person typed into the search field, as an FTS5 query. Plain words become prefix terms
 * that must all occur ("sprach kita" → `"sprach"* "kita"*`), so a stem finds its inflections
 * and compounds that start with it; quotes, `*`, brackets, `OR`, `NOT` or `NEAR` pass through as
 * FTS5 syntax for those who know it, and FTS5 itself decides whether that is well formed.
 */
export function searchQuery(input: string): string {
  if (FTS_SYNTAX.test(input)) return input;
  const words = input.match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
  if (words.length === 0) throw badRequest('invalid_search', 'The search holds no word to look for', [{ path: 'q', message: 'no word' }]);
  return words.map((word) => `"${word}"*`).join(' ');
}
