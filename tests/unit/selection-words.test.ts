import { describe, expect, it } from 'vitest';
import { fillPlaceholders } from '../../shared/i18n/catalog.ts';
import en from '../../shared/i18n/results/en.json' with { type: 'json' };
import { selectionParts } from '../../shared/results/selection.ts';

describe('a selection of respondents in words', () => {
  const names = {
    district: 'Bensberg',
    stadtteil: 'Moitzfeld',
    channel: 'Marktstand',
    language: 'Türkisch',
    band: { question: 'Seit wann leben Sie in Deutschland?', option: '2 bis 5 Jahre' },
  };

  it('says each filter set, in the order of the page’s filters, in German for the downloads', () => {
    expect(selectionParts(names)).toEqual([
      'Stadtbezirk: Bensberg',
      'Stadtteil: Moitzfeld',
      'Kanal: Marktstand',
      'Sprache: Türkisch',
      'Angabe der Befragten „Seit wann leben Sie in Deutschland?“: 2 bis 5 Jahre',
    ]);
  });

  it('leaves out a filter not set, and says nothing without one', () => {
    expect(selectionParts({ language: 'Arabisch' })).toEqual(['Sprache: Arabisch']);
    expect(selectionParts({ district: undefined, band: undefined })).toEqual([]);
  });

  it('speaks the page’s language with the page’s lookup, the same parts in the same order', () => {
    const english = selectionParts(names, (key, params) => fillPlaceholders(en[key], params));
    expect(english).toEqual(['District: Bensberg', 'Stadtteil: Moitzfeld', 'Channel: Marktstand', 'Language: Türkisch', "Respondents' answer to “Seit wann leben Sie in Deutschland?”: 2 bis 5 Jahre"]);
  });
});
