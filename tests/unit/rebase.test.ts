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

  describe('lists', () => {
    const process = {
      phases: [{ title: { de: 'Befragung' } }, { title: { de: 'Auswertung' } }],
      stadtteilKeys: ['refrath', 'bensberg'],
      suppressionThreshold: 5,
    };

    it("merges lists of entries of the same length position by position, so each person's change to another entry stays", () => {
      const mine = { ...process, phases: [{ title: { de: 'Online-Befragung' } }, { title: { de: 'Auswertung' } }] };
      const stored = { ...process, phases: [{ title: { de: 'Befragung', en: 'Survey' } }, { title: { de: 'Bericht' } }], suppressionThreshold: 9 };
      expect(rebase(process, mine, stored)).toEqual({
        draft: { ...process, phases: [{ title: { de: 'Online-Befragung', en: 'Survey' } }, { title: { de: 'Bericht' } }], suppressionThreshold: 9 },
        clashes: [],
      });
    });

    it('names a list whose same entry both changed differently, keeping the input there and the other entries merged', () => {
      const mine = { ...process, phases: [{ title: { de: 'Online-Befragung' } }, { title: { de: 'Auswertung' } }] };
      const stored = { ...process, phases: [{ title: { de: 'Straßenbefragung' } }, { title: { de: 'Bericht' } }] };
      expect(rebase(process, mine, stored)).toEqual({
        draft: { ...process, phases: [{ title: { de: 'Online-Befragung' } }, { title: { de: 'Bericht' } }] },
        clashes: ['phases'],
      });
    });

    it('takes a list whose length both changed as a whole, the input winning and the list named', () => {
      const mine = { ...process, phases: [...process.phases, { title: { de: 'Umsetzung' } }] };
      const stored = { ...process, phases: [{ title: { de: 'Befragung' } }] };
      expect(rebase(process, mine, stored)).toEqual({ draft: mine, clashes: ['phases'] });
    });

    it('takes a list of keys as a whole (a set, not positions)', () => {
      const mine = { ...process, stadtteilKeys: ['refrath', 'moitzfeld'] };
      const stored = { ...process, stadtteilKeys: ['bensberg', 'refrath'] };
      expect(rebase(process, mine, stored)).toEqual({ draft: mine, clashes: ['stadtteilKeys'] });
    });

    it('takes a list only one person lengthened from that person', () => {
      const longer = { ...process, phases: [...process.phases, { title: { de: 'Umsetzung' } }] };
      expect(rebase(process, process, longer)).toEqual({ draft: longer, clashes: [] });
      expect(rebase(process, longer, { ...process, suppressionThreshold: 7 })).toEqual({ draft: { ...longer, suppressionThreshold: 7 }, clashes: [] });
    });
  });
});
