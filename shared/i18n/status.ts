import type { Language, TranslationStatus } from '../languages.ts';
import status from './status.json' with { type: 'json' };

/**
 * Which languages each group of areas speaks and whether a person has checked each one's words
 * (status.json, the one place a reviewer flips). Residents' areas (the public pages, the survey,
 * the default process) speak every language; the staff areas (stall, moderation, results, admin
 * and the staff frame with sign-in) speak German and English. The public pages say "machine
 * translated" by it, the seed gives the default survey these statuses, and
 * tests/unit/catalogs.test.ts holds every area's files to it. A module of its own so that only
 * the chunks that show the status carry it, not the survey's entry.
 */
export const TRANSLATION_STATUS = status.residents.languages as Readonly<Record<Language, TranslationStatus>>;

/** Whether a person has checked each staff language; the staff frame says "machine translated" by it. */
export const STAFF_TRANSLATION_STATUS = status.staff.languages as Readonly<Partial<Record<Language, TranslationStatus>>>;

/** The languages of the staff areas, German first. */
export const STAFF_LANGUAGES = Object.keys(STAFF_TRANSLATION_STATUS) as readonly Language[];
