import de from '../../shared/i18n/results/de.json';
import { staffCatalog } from '../i18n/staff.ts';

/** The results area's words, one file per language in shared/i18n/results/ (German is the key source). */
export const { t, tn } = staffCatalog(de, import.meta.glob(['./*.json', '!./de.json'], { base: '../../shared/i18n/results', import: 'default' }));

export type MessageKey = keyof typeof de;

