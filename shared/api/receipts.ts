import { z } from 'zod';
import { channelSchema, isoDateSchema } from '../domain.schema.ts';
import { languageSchema, localizedTextSchema } from '../languages.schema.ts';
import { parseReceiptCode, RECEIPT_ALPHABET, RECEIPT_LENGTH } from '../receipts/code.ts';
import { contributionOutcomeSchema } from './measures.ts';

/**
 * Receipts (`GET /api/receipts/:code`, the page `/p/:slug/beitrag/:code`): what a resident who
 * holds a code may read about their voice, without an account. Only what working groups read,
 * and less: the masked text, its fields of action, its Stadtteil, the day (never a time), the
 * channel and the outcome with the measures that take it up. Never the original text, an age
 * band, a staff member, a question's other answers or a cite number.
 */

/**
 * A code as people type or link it: any case, with or without dashes and spaces. Anything else
 * is a 400 (`validation_failed`), never a lookup: a malformed code cannot exist.
 */
export const receiptCodeSchema = /* @__PURE__ */ z
  .string()
  .max(40)
  .transform((input, ctx) => {
    const code = parseReceiptCode(input);
    if (code === null) {
      ctx.addIssue({ code: 'custom', message: `a receipt code is ${RECEIPT_LENGTH} characters of ${RECEIPT_ALPHABET}, dashes optional` });
      return z.NEVER;
    }
    return code;
  });

export const receiptParamsSchema = /* @__PURE__ */ z.strictObject({ code: receiptCodeSchema });

/** Where a voice comes from: a Stadtteil (German name), `outside` the city, or null when nobody said. */
const receiptPlaceSchema = /* @__PURE__ */ z
  .object({
    key: z.string(),
    /** The Stadtteil's name; null for `outside`. */
    name: z.string().nullable(),
  })
  .nullable();

export const receiptContributionSchema = /* @__PURE__ */ z.object({
  /** The text with personal data masked, as working groups read it; null when moderation hid it. */
  text: z.string().nullable(),
  /** Hidden by moderation (insults, advertising): its text is not shown, and it is not counted. */
  hidden: z.boolean(),
  /** The language it was written or said in, when known (for `lang` and `dir`). */
  language: languageSchema.nullable(),
  /** Confirmed fields of action (by the resident, staff or moderation), never the suggester's guesses. */
  fieldsOfAction: z.array(z.object({ key: z.string(), label: localizedTextSchema })),
  stadtteil: receiptPlaceSchema,
  outcome: contributionOutcomeSchema,
});
export type ReceiptContribution = z.infer<typeof receiptContributionSchema>;

export const receiptSchema = /* @__PURE__ */ z.object({
  /** As it is shown and printed: `K7MQ-4X9P-3HTR`. */
  code: z.string(),
  process: z.object({ slug: z.string(), title: localizedTextSchema, city: localizedTextSchema }),
  channel: channelSchema,
  /** The day the voice was given, YYYY-MM-DD; a receipt never tells the time. */
  day: isoDateSchema,
  /**
   * The voices the code covers: a stall note's code covers that note; a questionnaire's code
   * covers each of its free-text answers, in the order of the questionnaire.
   */
  contributions: z.array(receiptContributionSchema),
});
export type Receipt = z.infer<typeof receiptSchema>;
