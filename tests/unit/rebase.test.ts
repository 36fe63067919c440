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

    it("keeps a phase's dates and description entered on one side and the other's change to another phase", () => {
      // As the server gives phases: a date or description not set is null.
      type Phase = { title: { de: string; en?: string }; startsOn: string | null; endsOn: string | null; description: { de: string } | null };
      const undated: Omit<typeof process, 'phases'> & { phases: Phase[] } = { ...process, phases: process.phases.map((phase) => ({ ...phase, startsOn: null, endsOn: null, description: null })) };
      const mine = { ...process, phases: [{ title: { de: 'Befragung' }, startsOn: '2027-03-01', endsOn: '2027-06-30', description: { de: 'Online und auf Papier' } }, undated.phases[1]!] };
      const stored = { ...process, phases: [{ title: { de: 'Befragung', en: 'Survey' }, startsOn: null, endsOn: null, description: null }, { title: { de: 'Auswertung' }, startsOn: null, endsOn: '2027-12-31', description: null }] };
      expect(rebase(undated, mine, stored)).toEqual({
        draft: {
          ...process,
          phases: [
            { title: { de: 'Befragung', en: 'Survey' }, startsOn: '2027-03-01', endsOn: '2027-06-30', description: { de: 'Online und auf Papier' } },
            { title: { de: 'Auswertung' }, startsOn: null, endsOn: '2027-12-31', description: null },
          ],
        },
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
  describe('lists of entries with keys (fields of action, districts, Stadtteile)', () => {
    const field = (key: string, de: string, en?: string) => ({ key, label: en ? { de, en } : { de } });
    const process = { fieldsOfAction: [field('arbeit', 'Arbeit'), field('bildung', 'Bildung'), field('wohnen', 'Wohnen')], suppressionThreshold: 5 };

    it("pairs entries by key: one removed and another added at the same length do not take the other person's change to the removed one", () => {
      // The person removes „Bildung“ and adds „Sport“ (same length); the other admin meanwhile translated „Wohnen“.
      const mine = { ...process, fieldsOfAction: [field('arbeit', 'Arbeit'), field('wohnen', 'Wohnen'), field('sport', 'Sport')] };
      const stored = { ...process, fieldsOfAction: [field('arbeit', 'Arbeit'), field('bildung', 'Bildung'), field('wohnen', 'Wohnen', 'Housing')] };
      expect(rebase(process, mine, stored)).toEqual({
        draft: { ...process, fieldsOfAction: [field('arbeit', 'Arbeit'), field('wohnen', 'Wohnen', 'Housing'), field('sport', 'Sport')] },
        clashes: [],
      });
    });

    it("keeps both people's additions and removals, each added entry after the one it follows", () => {
      const mine = { ...process, fieldsOfAction: [field('arbeit', 'Arbeit'), field('sport', 'Sport'), field('bildung', 'Bildung'), field('wohnen', 'Wohnen')] };
      const stored = { ...process, fieldsOfAction: [field('bildung', 'Bildung', 'Education'), field('wohnen', 'Wohnen'), field('klima', 'Klima')] };
      expect(rebase(process, mine, stored)).toEqual({
        draft: { ...process, fieldsOfAction: [field('sport', 'Sport'), field('bildung', 'Bildung', 'Education'), field('wohnen', 'Wohnen'), field('klima', 'Klima')] },
        clashes: [],
      });
    });

    it('names the list where one removed an entry the other changed, the person’s side winning', () => {
      const removedByMe = { ...process, fieldsOfAction: [field('arbeit', 'Arbeit'), field('wohnen', 'Wohnen')] };
      const changedByOther = { ...process, fieldsOfAction: [field('arbeit', 'Arbeit'), field('bildung', 'Bildung', 'Education'), field('wohnen', 'Wohnen')] };
      expect(rebase(process, removedByMe, changedByOther)).toEqual({ draft: removedByMe, clashes: ['fieldsOfAction'] });
      expect(rebase(process, changedByOther, removedByMe)).toEqual({ draft: changedByOther, clashes: ['fieldsOfAction'] });
    });

    it('pairs Stadtteile inside districts by key too', () => {
      const place = (key: string, nr: string, name: string) => ({ key, nr, name });
      const geo = { districts: [{ key: 'mitte', nr: 1, name: 'Mitte', stadtteile: [place('altstadt', '11', 'Altstadt'), place('markt', '12', 'Am Markt')] }] };
      // The person removes „Altstadt“ and adds „Hafen“; the other admin renamed „Am Markt“ and the district.
      const mine = { districts: [{ ...geo.districts[0]!, stadtteile: [place('markt', '12', 'Am Markt'), place('hafen', '13', 'Hafen')] }] };
      const stored = { districts: [{ ...geo.districts[0]!, name: 'Stadtmitte', stadtteile: [place('altstadt', '11', 'Altstadt'), place('markt', '12', 'Marktviertel')] }] };
      expect(rebase(geo, mine, stored)).toEqual({
        draft: { districts: [{ ...geo.districts[0]!, name: 'Stadtmitte', stadtteile: [place('markt', '12', 'Marktviertel'), place('hafen', '13', 'Hafen')] }] },
        clashes: [],
      });
    });
  });
});
