import de from '../../shared/i18n/moderation/de.json';
import { staffCatalog } from '../i18n/staff.ts';

/** The moderation page's words, one file per language in shared/i18n/moderation/ (German is the key source). */
export const { t, tn } = staffCatalog(de, import.meta.glob<string>(['./*.json', '!./de.json'], { base: '../../shared/i18n/moderation', query: '?url&no-inline', import: 'default', eager: true }));

export type MessageKey = keyof typeof de;
