import de from '../../shared/i18n/results/de.json';
import { staffCatalog } from '../i18n/staff.ts';

/** The results area's words, one file per language in shared/i18n/results/ (German is the key source). */
export const { t, tn } = staffCatalog(de, import.meta.glob<string>(['./*.json', '!./de.json'], { base: '../../shared/i18n/results', query: '?url&no-inline', import: 'default', eager: true }));

export type MessageKey = keyof typeof de;

