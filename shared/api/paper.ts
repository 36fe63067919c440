import { z } from 'zod';
import { MAX_SHORT_TEXT_LENGTH } from '../domain.ts';
import { POSTER_ID_PATTERN } from '../poster-address.ts';
import { isoDateSchema, keySchema, uuidSchema } from '../domain.schema.ts';
import { LANGUAGES } from '../languages.ts';
import { languageSchema } from '../languages.schema.ts';
import { normalizeLine } from '../text/normalize.ts';
import { cellSchema, exportFilterSchema } from './results.ts';
import { slugParamsSchema } from './processes.ts';

/**
 * Contracts of the survey on paper: the printable questionnaire
 * (`GET /api/processes/:slug/survey/print`) and the QR posters for a market day or a Stadtteil,
 * whose responses are counted per poster in the results.
 */

/** `?lang=ar&large=1[&version=2]`: the questionnaire in one language, large print, a published version (else the current one). */
export const surveyPrintQuerySchema = /* @__PURE__ */ z.object({
  lang: languageSchema,
  large: /* @__PURE__ */ z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((value) => value === '1' || value === 'true'),
  version: /* @__PURE__ */ z.coerce.number().int().min(1).optional(),
});
export type SurveyPrintQuery = z.infer<typeof surveyPrintQuerySchema>;

export const posterIdSchema = /* @__PURE__ */ z.string().regex(POSTER_ID_PATTERN, 'a poster id: 10 lower-case letters and digits');

/** A poster hangs at a market day or in a Stadtteil; its code opens the survey in the first of its languages. */
export const createPosterSchema = /* @__PURE__ */ z
  .strictObject({
    marketDayId: uuidSchema.optional(),
    stadtteil: keySchema.optional(),
    /** Where it hangs; without it, the market day's place or the Stadtteil's name. */
    place: /* @__PURE__ */ z.string().overwrite(normalizeLine).min(1).max(MAX_SHORT_TEXT_LENGTH).optional(),
    languages: /* @__PURE__ */ z
      .array(languageSchema)
      .min(1)
      .max(LANGUAGES.length)
      .refine((list) => new Set(list).size === list.length, 'each language once'),
  })
  .refine((body) => (body.marketDayId === undefined) !== (body.stadtteil === undefined), {
    message: 'name either a market day or a Stadtteil',
    path: ['marketDayId'],
  });
export type CreatePoster = z.infer<typeof createPosterSchema>;

export const posterSchema = /* @__PURE__ */ z.object({
  id: posterIdSchema,
  place: z.string(),
  marketDay: z.object({ id: z.string(), date: isoDateSchema, place: z.string() }).nullable(),
  stadtteil: z.object({ key: z.string(), name: z.string() }).nullable(),
  languages: z.array(languageSchema),
  createdOn: isoDateSchema,
  /** The survey's address the code opens, without the host. */
  surveyPath: z.string(),
});
export type Poster = z.infer<typeof posterSchema>;
export const posterListSchema = /* @__PURE__ */ z.object({ posters: z.array(posterSchema) });
export type PosterList = z.infer<typeof posterListSchema>;

export const posterParamsSchema = /* @__PURE__ */ slugParamsSchema.extend({ id: posterIdSchema });
export const posterPdfQuerySchema = /* @__PURE__ */ z.object({ size: z.enum(['a4', 'a3']).default('a4') });

/** Responses per poster, suppressed as every count: a poster's count under the threshold is withheld, and so is what would give it away. */
/** The counts per poster follow the results page's „Befragte eingrenzen“ as its other counts do; the field of action does not apply (a questionnaire is counted whatever it answered). */
export const posterResultsQuerySchema = /* @__PURE__ */ exportFilterSchema.omit({ field: true });

export const posterResultsSchema = /* @__PURE__ */ z.object({
  threshold: z.number().int(),
  posters: z.array(z.object({ id: posterIdSchema, place: z.string(), stadtteil: z.string().nullable(), marketDay: isoDateSchema.nullable(), count: cellSchema })),
  /** Responses not opened from a poster. */
  withoutPoster: cellSchema,
  total: cellSchema,
  /** Every count withheld because the per-question figures refuse these respondent filters (too few, or too few left out), as the page's other counts of questionnaires. */
  responsesWithheld: z.boolean(),
});
export type PosterResults = z.infer<typeof posterResultsSchema>;
export type PosterResultsQuery = z.infer<typeof posterResultsQuerySchema>;
