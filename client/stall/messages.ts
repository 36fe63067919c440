import de from '../../shared/i18n/stall/de.json';
import { staffCatalog } from '../i18n/staff.ts';

/** The stall area's words, one file per language in shared/i18n/stall/ (German is the key source). */
export const { t, tn } = staffCatalog(de, import.meta.glob<string>(['./*.json', '!./de.json'], { base: '../../shared/i18n/stall', query: '?url&no-inline', import: 'default', eager: true }));

export type MessageKey = keyof typeof de;
