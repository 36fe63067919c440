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
