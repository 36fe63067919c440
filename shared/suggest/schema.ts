// API contract of POST /api/suggest and of the learned model that tablets fetch for offline use.

import { z } from 'zod';
import { MAX_CONTRIBUTION_LENGTH } from '../domain.ts';
import { keySchema } from '../domain.schema.ts';
import { languageSchema } from '../languages.schema.ts';
import { SUGGEST_MODEL_VERSION } from './model.ts';

/** `{ text, language? }`: the text must contain something besides whitespace; without a language it is detected from the text. */
export const suggestRequestSchema = /* @__PURE__ */ z.object({
  text: z
    .string()
    .min(1)
    .max(MAX_CONTRIBUTION_LENGTH)
    .refine((text) => text.trim().length > 0, { message: 'text is blank' }),
  language: languageSchema.optional(),
});
export type SuggestRequest = z.infer<typeof suggestRequestSchema>;

/** Ranked best first; only fields with a positive score; `because` lists the text's words as written. */
export const suggestResponseSchema = /* @__PURE__ */ z.object({
  fieldsOfAction: z.array(
    z.object({
      key: keySchema,
      score: z.number().min(0).max(1),
      because: z.array(z.string()),
    }),
  ),
  stadtteil: keySchema.nullable(),
});
export type SuggestResponse = z.infer<typeof suggestResponseSchema>;

const countSchema = z.number().int().nonnegative();

/** The learned model as stored and sent to tablets; anything else is replaced by an empty model. */
export const suggestModelSchema = /* @__PURE__ */ z.object({
  version: z.literal(SUGGEST_MODEL_VERSION),
  languages: z.partialRecord(
    z.enum(['de', 'en', 'tr', 'uk', 'ar', 'pl', 'it', 'ru']),
    z.object({
      docs: countSchema,
      fieldDocs: z.record(z.string(), countSchema),
      features: z.record(z.string(), z.object({ n: countSchema, f: z.record(z.string(), countSchema) })),
    }),
  ),
});
