import { describe, expect, it } from 'vitest';
import { searchQuery } from '../../server/features/results/quotes.search.ts';

describe('the quote search as an FTS5 query', () => {
  it('makes each word a prefix term that must occur, and FTS5 syntax passes through', () => {
    expect(searchQuery('sprach kita')).toBe('"sprach"* AND "kita"*');
    expect(searchQuery('"Sprachcafé am Abend"')).toBe('"Sprachcafé am Abend"');
  });

  it('looks for a word typed with ae, oe or ue also with the umlaut, but not where the pair follows another vowel', () => {
    expect(searchQuery('Buero Behoerden')).toBe('("Buero"* OR "Büro"*) AND ("Behoerden"* OR "Behörden"*)');
    for (const word of ['Bauer', 'Feuer', 'neue']) expect(searchQuery(word)).toBe(`"${word}"*`);
  });
});
