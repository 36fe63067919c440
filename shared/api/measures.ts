import { z } from 'zod';
import { MAX_SHORT_TEXT_LENGTH } from '../domain.ts';
import { isoDateSchema, keySchema, uuidSchema } from '../domain.schema.ts';
import { LANGUAGES, type LocalizedText } from '../languages.ts';
import { languageSchema, localizedTextSchema, translationStatusSchema } from '../languages.schema.ts';
import {
  MAX_BUDGET_CENTS,
  MAX_GUIDING_GOAL_LENGTH,
  MAX_MEASURE_DESCRIPTION_LENGTH,
  MAX_MEASURE_LINKS,
  MAX_MEASURE_MILESTONES,
  MAX_MEASURE_PARTNERS,
  MAX_MEASURE_STATUSES,
  MAX_MEASURE_TITLE_LENGTH,
  MAX_OUTCOME_REASON_LENGTH,
  OUTCOME_KINDS,
  OUTCOME_OPEN,
} from '../measures.ts';
import { normalizeFreeText, normalizeLine } from '../text/normalize.ts';
import { germanRenderingViewSchema } from './quotes.ts';

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
  /** Per language of the label other than German: machine translated or reviewed. */
  translations: translationStatusesSchema,
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

/** A text residents read in any of the languages, German required, each within `max` characters. */
function localizedInput(max: number) {
  const line = z.string().overwrite(normalizeFreeText).max(max);
  return z
    .object({ de: line.min(1) })
    .catchall(line)
    .refine((value) => Object.keys(value).every((key) => (LANGUAGES as readonly string[]).includes(key)), { message: 'unknown language code' })
    .transform((value) => Object.fromEntries(Object.entries(value).filter(([, text]) => text !== '')) as LocalizedText);
}
/** Like `localizedInput`, but German may be empty too (a measure without a description yet). */
function optionalLocalizedInput(max: number) {
  const line = z.string().overwrite(normalizeFreeText).max(max);
  return z
    .partialRecord(languageSchema, line)
    .transform((value) => ({ ...Object.fromEntries(Object.entries(value).filter(([, text]) => text !== '')), de: value.de ?? '' }) as LocalizedText);
}
const shortLine = /* @__PURE__ */ z.string().overwrite(normalizeLine).max(MAX_SHORT_TEXT_LENGTH);

export const milestoneSchema = /* @__PURE__ */ z.object({ date: isoDateSchema, label: localizedTextSchema, done: z.boolean() });
const milestoneInputSchema = /* @__PURE__ */ z.strictObject({ date: isoDateSchema, label: localizedInput(MAX_SHORT_TEXT_LENGTH), done: z.boolean() });

export const resultLinkKindSchema = /* @__PURE__ */ z.enum(['question', 'dot_vote']);
/** A question (with an option, or '' for the whole question) or a market day's dot-vote option. */
export const resultLinkInputSchema = /* @__PURE__ */ z.strictObject({
  kind: resultLinkKindSchema,
  ref: z.string().min(1).max(100),
  optionKey: z.string().max(100).default(''),
});

/** The fields of a measure one may set; a create names all of them, an edit any. */
const measureFields = {
  fieldKey: keySchema,
  guidingGoalId: z.string().max(100).nullable(),
  title: localizedInput(MAX_MEASURE_TITLE_LENGTH),
  description: optionalLocalizedInput(MAX_MEASURE_DESCRIPTION_LENGTH),
  translations: translationStatusesSchema,
  stadtteilKeys: z.array(z.string().max(64)).max(200),
  responsible: shortLine.nullable(),
  partners: z.array(shortLine.min(1)).max(MAX_MEASURE_PARTNERS),
  statusKey: z.string().min(1).max(64),
  progress: z.number().int().min(0).max(100),
  milestones: z.array(milestoneInputSchema).max(MAX_MEASURE_MILESTONES),
  councilDocument: shortLine.nullable(),
  councilDecidedOn: isoDateSchema.nullable(),
  budgetCents: z.number().int().min(0).max(MAX_BUDGET_CENTS).nullable(),
  budgetNote: shortLine.nullable(),
  resultLinks: z.array(resultLinkInputSchema).max(MAX_MEASURE_LINKS),
};

export const createMeasureSchema = /* @__PURE__ */ z.strictObject({
  /** The client's UUID: sending the same create again stores it once. */
  id: uuidSchema,
  ...measureFields,
  guidingGoalId: measureFields.guidingGoalId.default(null),
  description: measureFields.description.default({ de: '' }),
  translations: measureFields.translations.default({}),
  stadtteilKeys: measureFields.stadtteilKeys.default([]),
  responsible: measureFields.responsible.default(null),
  partners: measureFields.partners.default([]),
  statusKey: measureFields.statusKey.optional(),
  progress: measureFields.progress.default(0),
  milestones: measureFields.milestones.default([]),
  councilDocument: measureFields.councilDocument.default(null),
  councilDecidedOn: measureFields.councilDecidedOn.default(null),
  budgetCents: measureFields.budgetCents.default(null),
  budgetNote: measureFields.budgetNote.default(null),
  resultLinks: measureFields.resultLinks.default([]),
});
export type CreateMeasure = z.infer<typeof createMeasureSchema>;

export const updateMeasureSchema = /* @__PURE__ */ z
  .strictObject(measureFields)
  .partial()
  .extend({
    /** The version the edit started from: an older one is a 409 `measure_conflict`. */
    version: z.number().int().min(1),
  });
export type UpdateMeasure = z.infer<typeof updateMeasureSchema>;

export const measureParamsSchema = /* @__PURE__ */ z.strictObject({ slug: keySchema, id: z.string().min(1).max(100) });

export const createGuidingGoalSchema = /* @__PURE__ */ z.strictObject({
  id: uuidSchema,
  fieldKey: keySchema,
  text: localizedInput(MAX_GUIDING_GOAL_LENGTH),
  translations: translationStatusesSchema.default({}),
  sortOrder: z.number().int().min(0).max(10_000).default(0),
});
export type CreateGuidingGoal = z.infer<typeof createGuidingGoalSchema>;

export const updateGuidingGoalSchema = /* @__PURE__ */ z.strictObject({
  version: z.number().int().min(1),
  fieldKey: keySchema.optional(),
  text: localizedInput(MAX_GUIDING_GOAL_LENGTH).optional(),
  translations: translationStatusesSchema.optional(),
  sortOrder: z.number().int().min(0).max(10_000).optional(),
});
export type UpdateGuidingGoal = z.infer<typeof updateGuidingGoalSchema>;

export const measureStatusListSchema = /* @__PURE__ */ z.array(measureStatusSchema);
/** A status's key: like other keys, but with underscores too, as the default list's `in_progress` and `not_pursued` have. */
const statusKeySchema = /* @__PURE__ */ z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/, 'lowercase letters, digits and single hyphens or underscores');
export const measureStatusesRequestSchema = /* @__PURE__ */ z.strictObject({
  statuses: z
    .array(z.strictObject({ key: statusKeySchema, label: localizedInput(MAX_SHORT_TEXT_LENGTH), translations: translationStatusesSchema.default({}), concluded: z.boolean() }))
    .min(1)
    .max(MAX_MEASURE_STATUSES)
    .refine((list) => new Set(list.map((status) => status.key)).size === list.length, { message: 'status keys must differ' }),
});

export const guidingGoalSchema = /* @__PURE__ */ z.object({
  id: z.string(),
  fieldKey: z.string(),
  text: localizedTextSchema,
  translations: translationStatusesSchema,
  sortOrder: z.number().int(),
  version: z.number().int(),
});
export type GuidingGoal = z.infer<typeof guidingGoalSchema>;

/** A contribution as a measure shows it in public: the masked text and its cite id, nothing about the person. */
export const linkedContributionSchema = /* @__PURE__ */ z.object({
  citeId: z.string(),
  text: z.string(),
  language: languageSchema.nullable(),
});

export const resultLinkSchema = /* @__PURE__ */ z.object({
  kind: resultLinkKindSchema,
  ref: z.string(),
  optionKey: z.string(),
  /** The question's or poster's title and the option's label; null when the survey or market day no longer has it. */
  title: localizedTextSchema.nullable(),
  option: localizedTextSchema.nullable(),
});

export const measureSchema = /* @__PURE__ */ z.object({
  id: z.string(),
  fieldKey: z.string(),
  guidingGoalId: z.string().nullable(),
  title: localizedTextSchema,
  description: z.object({ de: z.string() }).catchall(z.string()),
  translations: translationStatusesSchema,
  stadtteilKeys: z.array(z.string()),
  responsible: z.string().nullable(),
  partners: z.array(z.string()),
  status: measureStatusSchema,
  progress: z.number().int().min(0).max(100),
  milestones: z.array(milestoneSchema),
  councilDocument: z.string().nullable(),
  councilDecidedOn: z.string().nullable(),
  budgetCents: z.number().int().nullable(),
  budgetNote: z.string().nullable(),
  version: z.number().int(),
  /** The day of the last change. */
  updatedOn: isoDateSchema,
  contributions: z.array(linkedContributionSchema),
  resultLinks: z.array(resultLinkSchema),
});
export type Measure = z.infer<typeof measureSchema>;

/** Filters of the public measures page, as its address carries them. */
export const measuresQuerySchema = /* @__PURE__ */ z.strictObject({
  field: keySchema.optional(),
  stadtteil: z.string().max(64).optional(),
  status: z.string().max(64).optional(),
  /** Progress from … to … percent, both included. */
  progressMin: z.coerce.number().int().min(0).max(100).optional(),
  progressMax: z.coerce.number().int().min(0).max(100).optional(),
});
export type MeasuresQuery = z.infer<typeof measuresQuerySchema>;

export const measuresPageSchema = /* @__PURE__ */ z.object({
  process: z.object({ slug: z.string(), title: localizedTextSchema, city: localizedTextSchema, languages: z.array(languageSchema) }),
  statuses: measureStatusListSchema,
  fields: z.array(z.object({ key: z.string(), label: localizedTextSchema, parentKey: z.string().nullable() })),
  stadtteile: z.array(z.object({ key: z.string(), name: z.string() })),
  guidingGoals: z.array(guidingGoalSchema),
  /** The measures the filters select, in field order. */
  measures: z.array(measureSchema),
  /** How many measures the process has, unfiltered. */
  total: z.number().int(),
});
export type MeasuresPage = z.infer<typeof measuresPageSchema>;

export const measureEditorSchema = /* @__PURE__ */ measuresPageSchema.extend({
  /** The fields whose measures and Leitziele the caller may edit (an admin: all). */
  editableFields: z.array(z.string()),
  /** Only admins set the process's status list. */
  canEditStatuses: z.boolean(),
});

/** What changed in one field of a measure or Leitziel, each side as readable text per language (null: empty). */
export const fieldChangeSchema = /* @__PURE__ */ z.object({
  field: z.string(),
  before: localizedTextSchema.nullable(),
  after: localizedTextSchema.nullable(),
});

export const measureChangeSchema = /* @__PURE__ */ z.object({
  id: z.number().int(),
  /** ISO timestamp of the change (staff's work, not a resident's). */
  at: z.string(),
  entity: z.enum(['measure', 'guiding_goal']),
  entityId: z.string(),
  action: z.enum(['created', 'updated', 'deleted']),
  fieldKey: z.string(),
  /** The measure's title or the Leitziel's text as it stood after the change (before, for a delete). */
  title: localizedTextSchema,
  changes: z.array(fieldChangeSchema),
  /** Who made it: only in the staff's change log; null on public pages. */
  by: z.string().nullable(),
});
export type MeasureChange = z.infer<typeof measureChangeSchema>;

export const changesQuerySchema = /* @__PURE__ */ z.strictObject({
  /** Only this measure's or Leitziel's history. */
  entity: z.string().max(100).optional(),
  /** Changes older than this id (the next page). */
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const changeLogSchema = /* @__PURE__ */ z.object({ changes: z.array(measureChangeSchema), next: z.number().int().nullable() });
export type ChangeLog = z.infer<typeof changeLogSchema>;

export const feedQuerySchema = /* @__PURE__ */ z.strictObject({ lang: languageSchema.optional() });

/** What a working group or admin records for a contribution; `open` takes a decision back. */
export const outcomeRequestSchema = /* @__PURE__ */ z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('taken_up'), measureIds: z.array(z.string().min(1).max(100)).min(1).max(50) }),
  z.strictObject({ kind: z.literal('not_pursued'), reason: z.string().overwrite(normalizeFreeText).min(1).max(MAX_OUTCOME_REASON_LENGTH) }),
  z.strictObject({ kind: z.literal('passed_on'), passedTo: shortLine.min(1) }),
  z.strictObject({ kind: z.literal(OUTCOME_OPEN) }),
]);
export type OutcomeRequest = z.infer<typeof outcomeRequestSchema>;

export const outcomeParamsSchema = /* @__PURE__ */ z.strictObject({ slug: keySchema, id: z.string().min(1).max(100) });

export const outcomesQuerySchema = /* @__PURE__ */ z.strictObject({
  /** `open`: without an outcome; `decided`: with one. */
  state: z.enum(['open', 'decided', 'all']).default('open'),
  field: keySchema.optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type OutcomesQuery = z.infer<typeof outcomesQuerySchema>;

/** A contribution in the staff's outcome list: masked text, cite id, fields, and its outcome. */
const monthSchema = /* @__PURE__ */ z.string().regex(/^\d{4}-\d{2}$/);

export const outcomeItemSchema = /* @__PURE__ */ z.object({
  id: z.string(),
  citeId: z.string(),
  text: z.string(),
  language: languageSchema.nullable(),
  channel: z.string(),
  /** The month the voice was given (YYYY-MM): working groups never see the day, which for a stall note names the market day. */
  month: monthSchema,
  fieldKeys: z.array(z.string()),
  outcome: contributionOutcomeSchema,
  /** A moderator's German rendering of a contribution in another language, masked like the original, as the quotes show it. */
  german: germanRenderingViewSchema.nullable(),
});
export const outcomeListSchema = /* @__PURE__ */ z.object({ items: z.array(outcomeItemSchema), total: z.number().int() });

/** Per working group (account), how many of its fields' contributions have no outcome yet, and which. */
export const outcomeReportSchema = /* @__PURE__ */ z.object({
  groups: z.array(
    z.object({
      name: z.string(),
      fieldKeys: z.array(z.string()),
      total: z.number().int(),
      open: z.number().int(),
      /** Per field: its contributions and those still open. */
      fields: z.array(z.object({ key: z.string(), total: z.number().int(), open: z.number().int() })),
      /** The open contributions, oldest first (at most 200). */
      openItems: z.array(z.object({ id: z.string(), citeId: z.string(), text: z.string(), fieldKeys: z.array(z.string()), month: monthSchema })),
    }),
  ),
});
export type OutcomeReport = z.infer<typeof outcomeReportSchema>;
