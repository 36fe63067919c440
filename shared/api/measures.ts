import { z } from 'zod';
import { isoDateSchema } from '../domain-schemas.ts';
import { localizedTextSchema, translationStatusSchema } from '../languages.ts';
import { OUTCOME_KINDS, OUTCOME_OPEN } from '../measures.ts';

/**
 * Contracts of measures (Maßnahmen), Leitziele (guiding goals) and outcomes (Verbleib): what the
 * public measures page, the staff's editor, the outcome report and the receipt page read.
 */

/** Per language other than German: `machine` (marked "maschinell übersetzt") or `reviewed`. */
export const translationStatusesSchema = /* @__PURE__ */ z.partialRecord(
  z.enum(['de-easy', 'en', 'tr', 'uk', 'ar', 'pl', 'it', 'ru']),
  translationStatusSchema,
);

export const measureStatusSchema = /* @__PURE__ */ z.object({
  key: z.string(),
  label: localizedTextSchema,
  concluded: z.boolean(),
});
export type MeasureStatus = z.infer<typeof measureStatusSchema>;

/** A measure as an outcome names it: enough for a resident to recognise it and see how far it got. */
export const outcomeMeasureSchema = /* @__PURE__ */ z.object({
  id: z.string(),
  fieldKey: z.string(),
  title: localizedTextSchema,
  translations: translationStatusesSchema,
  status: measureStatusSchema,
  /** 0–100 */
  progress: z.number().int().min(0).max(100),
});
export type OutcomeMeasure = z.infer<typeof outcomeMeasureSchema>;

/**
 * What became of one contribution, as residents may read it (no person, no account): `open`
 * until a working group or an admin decided; `taken_up` with the measures that take it up;
 * `not_pursued` with the reason; `passed_on` with whom it went to. `decidedOn` is a day.
 */
export const contributionOutcomeSchema = /* @__PURE__ */ z.object({
  kind: z.enum([OUTCOME_OPEN, ...OUTCOME_KINDS]),
  reason: z.string().nullable(),
  passedTo: z.string().nullable(),
  decidedOn: isoDateSchema.nullable(),
  measures: z.array(outcomeMeasureSchema),
});
export type ContributionOutcome = z.infer<typeof contributionOutcomeSchema>;
