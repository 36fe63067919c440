import { z } from 'zod';
import { languageSchema, localizedTextSchema, translationStatusSchema } from '../languages.schema.ts';
import { storedSurveyTextsSchema, surveySectionSchema } from '../survey/definition.schema.ts';

/**
 * HTTP contracts of the resident survey: what `GET /api/processes/:slug/survey` serves,
 * what a submission answers, the proof-of-work challenge and the admins' count of
 * flagged responses. The submission body itself is `responseSubmissionSchema`
 * (shared/survey/answers.ts), next to the answer rules it belongs to.
 */

export { MIN_FILL_TIME_PER_ANSWER_MS, minFillTimeMs } from '../survey/fill-time.ts';

/**
 * Soft anti-abuse checks. A response that fails one is stored with its flags (and a 201,
 * so a bot learns nothing) but left out of aggregates and working-group views by default.
 */
export const RESPONSE_FLAGS = ['honeypot', 'too_fast', 'pow_missing', 'pow_invalid', 'pow_reused'] as const;
export type ResponseFlag = (typeof RESPONSE_FLAGS)[number];

/** The Stadtteile a resident picks from, grouped by statistical district. */
export const surveyDistrictSchema = /* @__PURE__ */ z.object({
  key: z.string(),
  nr: z.number().int(),
  name: z.string(),
  stadtteile: z.array(z.object({ key: z.string(), name: z.string() })),
});

/**
 * `?lang=tr`: texts in German and Turkish only (the phone's language; German is every text's
 * fallback). `?version=2`: that published version instead of the current one (the stall tablet
 * types in paper questionnaires printed from it).
 */
export const surveyQuerySchema = /* @__PURE__ */ z.object({ lang: languageSchema.optional(), version: z.coerce.number().int().min(1).optional() });

export const publishedSurveySchema = /* @__PURE__ */ z.object({
  version: z.number().int(),
  languages: z.array(languageSchema),
  translations: z.partialRecord(languageSchema, translationStatusSchema),
  sections: z.array(surveySectionSchema),
  /** Privacy notice, thank-you page and choice labels. */
  texts: storedSurveyTextsSchema,
  /** Whether answers are accepted today (the process's survey window). */
  open: z.boolean(),
  /** `city`: the city's name per language, German the fallback. `status` `archived`: the survey is over for good, not closed for now. */
  process: z.object({ slug: z.string(), title: localizedTextSchema, city: localizedTextSchema, status: z.enum(['draft', 'public', 'archived']) }),
  districts: z.array(surveyDistrictSchema),
});
export type PublishedSurvey = z.infer<typeof publishedSurveySchema>;
export type SurveyDistrict = z.infer<typeof surveyDistrictSchema>;

export const submissionResultSchema = /* @__PURE__ */ z.object({
  id: z.uuid(),
  /**
   * The receipt code of the response (`K7MQ-4X9P-3HTR`), one for all its free-text answers, the
   * same on every resend; null when the questionnaire has no free text to follow up
   * (`GET /api/receipts/:code`).
   */
  receipt: z.string().nullable(),
});
export type SubmissionResult = z.infer<typeof submissionResultSchema>;

/** One failing answer in a 400 `invalid_answers`: `details` is a list of these. */
export const answerErrorDetailSchema = /* @__PURE__ */ z.object({
  path: z.string(),
  question: z.string(),
  code: z.string(),
  message: z.string(),
});
export type AnswerErrorDetail = z.infer<typeof answerErrorDetailSchema>;

/** An ALTCHA v2 challenge as `altcha-lib` creates it; the client solves it only when sending. */
export const powChallengeSchema = /* @__PURE__ */ z.object({
  parameters: z.object({
    algorithm: z.string(),
    nonce: z.string(),
    salt: z.string(),
    cost: z.number().int(),
    keyLength: z.number().int(),
    keyPrefix: z.string(),
    keySignature: z.string().optional(),
    expiresAt: z.number().optional(),
  }),
  signature: z.string(),
});
export type PowChallenge = z.infer<typeof powChallengeSchema>;

export const flaggedCountSchema = /* @__PURE__ */ z.object({
  /** All responses of the process, every channel. */
  total: z.number().int(),
  /** Responses with at least one failed soft check (left out of aggregates by default). */
  flagged: z.number().int(),
  /** Responses per failed check; one response may count under several. */
  byFlag: z.record(z.string(), z.number().int()),
});
export type FlaggedCount = z.infer<typeof flaggedCountSchema>;
