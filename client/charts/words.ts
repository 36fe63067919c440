import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { GERMAN_RESULT_WORDS, type ResultWords } from '../../shared/results/summary.ts';

/**
 * The language the charts and their tables speak: German in the Auswertung (the default), the
 * resident's on the released results, whose page provides the public catalog's words
 * (`shared/i18n/public/<language>.json`, keys `res…` and `sum…`).
 */
export const ResultWordsContext = createContext<ResultWords>(GERMAN_RESULT_WORDS);

export const useResultWords = () => useContext(ResultWordsContext);

/**
 * Whether the charts stand on a page in another language than German (the released results in
 * Arabic, Turkish, …): a Stadtteil's name, German wherever it stands, is then marked `lang="de"`,
 * as on the residents' other pages, so a screen reader does not read it with the page's sounds.
 * The staff pages leave it off, as their German needs no mark.
 */
export const GermanNamesMarkedContext = createContext(false);

/** The attributes of a Stadtteil's name in a chart's table: `lang="de"` on a page in another language. */
export function useGermanName(): { lang?: 'de' } {
  return useContext(GermanNamesMarkedContext) ? { lang: 'de' } : {};
}
