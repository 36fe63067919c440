import type { Language, TranslationStatus } from '../languages.ts';
import status from './status.json' with { type: 'json' };

/**
 * Whether a person has checked each language's words (status.json, the one place a reviewer
 * flips). The public pages say "machine translated" by it, and the seed gives the default survey
 * these statuses; tests/unit/catalogs.test.ts holds the file to every language and status. A module
 * of its own so that only the chunks that show the status carry it, not the survey's entry.
 */
export const TRANSLATION_STATUS = status as Readonly<Record<Language, TranslationStatus>>;
