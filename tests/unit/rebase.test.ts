import { describe, expect, it } from 'vitest';
import { rebase } from '../../client/ui/rebase.ts';

describe('rebase: a refused edit carried onto the stored state', () => {
  const base = { title: { de: 'Sprachkurse', en: 'Courses' }, progress: 40, responsible: 'VHS' };

  it("keeps what the person changed and takes the other person's change elsewhere", () => {
    const mine = { ...base, responsible: 'Volkshochschule' };
    const stored = { ...base, progress: 55 };
    expect(rebase(base, mine, stored)).toEqual({ draft: { ...base, progress: 55, responsible: 'Volkshochschule' }, clashes: [] });
  });

  it('merges texts per language and names a field both changed differently, keeping the input', () => {
    const mine = { ...base, title: { de: 'Abendkurse', en: 'Courses' }, progress: 60 };
    const stored = { ...base, title: { de: 'Sprachkurse', en: 'Evening courses' }, progress: 55 };
    expect(rebase(base, mine, stored)).toEqual({ draft: { ...base, title: { de: 'Abendkurse', en: 'Evening courses' }, progress: 60 }, clashes: ['progress'] });
  });

  it('sees no clash where both made the same change', () => {
    const both = { ...base, progress: 70 };
    expect(rebase(base, both, both).clashes).toEqual([]);
  });
});
