import { z } from 'zod';
import { LANGUAGES, TRANSLATION_STATUSES } from './languages.ts';

// The zod schemas of the language words, apart from languages.ts: the survey's first page
// imports languages.ts (names, directions, lookup) and must not carry zod with it.

export const languageSchema = /* @__PURE__ */ z.enum(LANGUAGES);

export const translationStatusSchema = /* @__PURE__ */ z.enum(TRANSLATION_STATUSES);

const knownLanguages = (value: object) => Object.keys(value).every((key) => (LANGUAGES as readonly string[]).includes(key));

/** A text residents read, keyed by language; German is required (see `LocalizedText`). */
export const localizedTextSchema = /* @__PURE__ */ z.object({ de: z.string().min(1) }).catchall(z.string()).refine(knownLanguages, { message: 'unknown language code' });

/**
 * A name residents read, keyed by language (a city's): German is required, and every name given,
 * German or not, is `name` (trimmed, not empty); a language without its own is left out and reads German.
 */
export const localizedNameSchema = (name: z.ZodString) => z.object({ de: name }).catchall(name).refine(knownLanguages, { message: 'unknown language code' });
