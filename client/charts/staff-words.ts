import de from '../../shared/i18n/public/de.json';
import type { ResultWords } from '../../shared/results/summary.ts';
import { staffCatalog, staffLocale } from '../i18n/staff.ts';

/**
 * The shared charts speak the public catalog's `res…`/`sum…` words, which the released results
 * show residents in nine languages; the staff pages (the Auswertung, the release preview) give
 * them the staff's language through the one loader, so a chart's words are translated once.
 */
const words = staffCatalog(de, import.meta.glob<string>(['./*.json', '!./de.json'], { base: '../../shared/i18n/public', query: '?url&no-inline', import: 'default', eager: true }));

/** A public catalog message in the staff language: the measures' change log reads as residents read it. */
export const publicWords = (key: string, params?: Record<string, string | number>): string => words.t(key as keyof typeof de, params);

/** The charts' words in the staff language (read when a chart renders, so the switch re-renders it). */
export const STAFF_RESULT_WORDS: ResultWords = {
  text: (key, params) => words.t(key, params),
  plural: (key, count, params) => words.tn(key, count, params),
  get locale() {
    return staffLocale();
  },
};
