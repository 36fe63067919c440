import { z } from 'zod';
import { LANGUAGES, TRANSLATION_STATUSES } from './languages.ts';

// The zod schemas of the language words, apart from languages.ts: the survey's first page
// imports languages.ts (names, directions, lookup) and must not carry zod with it.

export const languageSchema = /* @__PURE__ */ z.enum(LANGUAGES);

export const translationStatusSchema = /* @__PURE__ */ z.enum(TRANSLATION_STATUSES);

/** A text residents read, keyed by language; German is required (see `LocalizedText`). */
export const localizedTextSchema = /* @__PURE__ */ z
  .object({ de: z.string().min(1) })
  .catchall(z.string())
  .refine((value) => Object.keys(value).every((key) => (LANGUAGES as readonly string[]).includes(key)), {
    message: 'unknown language code',
  });
