import de from '../../shared/i18n/results/de.json';
import chartsDe from '../../shared/i18n/public/de.json';
import type { ResultWords } from '../../shared/results/summary.ts';
import { staffCatalog, staffLocale } from '../i18n/staff.ts';

/** The results area's words, one file per language in shared/i18n/results/ (German is the key source). */
export const { t, tn } = staffCatalog(de, import.meta.glob(['./*.json', '!./de.json'], { base: '../../shared/i18n/results', import: 'default' }));

export type MessageKey = keyof typeof de;

/**
 * The shared charts (client/charts) speak the public catalog's `res…`/`sum…` words, which the
 * released results show residents in nine languages; the Auswertung gives them the staff's
 * language through the same loader, so a chart's words are translated once, not per area.
 */
const charts = staffCatalog(chartsDe, import.meta.glob(['./*.json', '!./de.json'], { base: '../../shared/i18n/public', import: 'default' }));

/** The charts' words in the staff language (read when a chart renders, so the switch re-renders it). */
export const STAFF_RESULT_WORDS: ResultWords = {
  text: (key, params) => charts.t(key, params),
  get locale() {
    return staffLocale();
  },
};
