import de from '../../shared/i18n/staff/de.json';
import { staffCatalog } from '../i18n/staff.ts';

/**
 * The staff frame's words (header, sign-in, access, shared controls, the domain's labels), one
 * file per language in shared/i18n/staff/ (German is the key source).
 */
export const { t, tn } = staffCatalog(de, import.meta.glob<string>(['./*.json', '!./de.json'], { base: '../../shared/i18n/staff', query: '?url&no-inline', import: 'default', eager: true }));

export type MessageKey = keyof typeof de;
