import { z } from 'zod';
import { CHANNELS, MAX_SHORT_TEXT_LENGTH, NOTE_KINDS, TAG_SOURCES } from '../domain.ts';
import { keySchema, uuidSchema } from '../domain.schema.ts';
import { LANGUAGES } from '../languages.ts';
import { normalizeLine } from '../text/normalize.ts';
import { RESPONSE_FLAGS } from './survey.ts';

/** Which contributions the moderation queue shows. */
export const QUEUE_STATES = ['needs_review', 'untagged', 'suggested', 'flagged', 'reviewed', 'hidden', 'all'] as const;

export const moderationQuerySchema = z.strictObject({
  state: z.enum(QUEUE_STATES).default('needs_review'),
  channel: z.enum(CHANNELS).optional(),
  field: keySchema.optional(),
  /** A Stadtteil key, `outside`, or `unknown` for contributions without a Stadtteil, whatever their channel. */
  stadtteil: keySchema.optional(),
  marketDay: uuidSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ModerationQuery = z.infer<typeof moderationQuerySchema>;

export const tagViewSchema = z.object({
  field: z.string(),
  source: z.enum(TAG_SOURCES),
  score: z.number().nullable(),
});

export const moderationItemSchema = z.object({
  id: z.string(),
  /** The quote's cite id ("B-1042"), the same working groups see. */
  citeId: z.string(),
  channel: z.enum(CHANNELS),
  kind: z.enum(NOTE_KINDS).nullable(),
  /** The original, shown to admins only. */
  text: z.string(),
  maskedText: z.string(),
  language: z.enum(LANGUAGES).nullable(),
  stadtteil: z.string().nullable(),
  stadtteilSource: z.enum(TAG_SOURCES).nullable(),
  capturedOn: z.string(),
  marketDayId: z.string().nullable(),
  questionKey: z.string().nullable(),
  status: z.enum(['visible', 'hidden']),
  hiddenReason: z.string().nullable(),
  flags: z.array(z.string()),
  /**
   * The checks of the online survey that flagged the questionnaire this answer is part of (empty
   * for anything else): such a questionnaire and its voices count nowhere, quotes included.
   */
  responseFlags: z.array(z.enum(RESPONSE_FLAGS)),
  version: z.number().int(),
  reviewed: z.boolean(),
  tags: z.array(tagViewSchema),
  suggestion: z.object({
    fieldsOfAction: z.array(z.object({ key: z.string(), score: z.number(), because: z.array(z.string()) })),
    stadtteil: z.string().nullable(),
  }),
  /** A moderator's German rendering ("Deutsch"): as entered (admins only) and masked (what working groups read). */
  german: z
    .object({ text: z.string(), maskedText: z.string(), source: z.literal('human'), translatedAt: z.string() })
    .nullable(),
});
export type ModerationItem = z.infer<typeof moderationItemSchema>;

export const moderationPageSchema = z.object({
  items: z.array(moderationItemSchema),
  total: z.number().int(),
  counts: z.record(z.enum(QUEUE_STATES), z.number().int()),
});
export type ModerationPage = z.infer<typeof moderationPageSchema>;

/** A moderator's decision; `version` is the one the moderator saw, so two moderators never overwrite each other unseen. */
export const reviewRequestSchema = z.strictObject({
  version: z.number().int().min(1),
  fieldsOfAction: z.array(keySchema).max(20),
  /** A Stadtteil key, or a place sentinel: `outside`, `unknown` (stored as no Stadtteil). */
  stadtteil: keySchema,
});

export const hideRequestSchema = z.strictObject({
  version: z.number().int().min(1),
  reason: z.string().overwrite(normalizeLine).min(3).max(MAX_SHORT_TEXT_LENGTH),
});

export const maskRequestSchema = z.strictObject({
  version: z.number().int().min(1),
  /** Character ranges of the masked text to replace with [Name entfernt]. */
  ranges: z.array(z.strictObject({ start: z.number().int().min(0), end: z.number().int().min(1) })).min(1).max(50),
});

export const bulkRequestSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('accept_suggestions'), ids: z.array(uuidSchema).min(1).max(200) }),
  z.strictObject({ action: z.literal('hide'), ids: z.array(uuidSchema).min(1).max(200), reason: z.string().overwrite(normalizeLine).min(3).max(MAX_SHORT_TEXT_LENGTH) }),
  z.strictObject({ action: z.literal('add_field'), ids: z.array(uuidSchema).min(1).max(200), field: keySchema }),
]);
export type BulkRequest = z.input<typeof bulkRequestSchema>;
/** A bulk action without its ids, as the moderation page's buttons name it. */
export type BulkAction = BulkRequest extends infer Request ? (Request extends BulkRequest ? Omit<Request, 'ids'> : never) : never;

export const bulkResultSchema = z.object({ changed: z.number().int(), skipped: z.array(z.object({ id: z.string(), reason: z.string() })) });
export type BulkResult = z.infer<typeof bulkResultSchema>;

/** What a working group sees of a contribution: the masked text only, never the original. */
export const publicContributionSchema = z.object({
  id: z.string(),
  /** The quote's cite id ("B-1042"). */
  citeId: z.string(),
  channel: z.enum(CHANNELS),
  kind: z.enum(NOTE_KINDS).nullable(),
  text: z.string(),
  language: z.enum(LANGUAGES).nullable(),
  fieldsOfAction: z.array(z.string()),
  /** The Stadtteil, or only its statistical district where the Stadtteil has too few voices to be named. */
  area: z.string().nullable(),
  capturedOn: z.string(),
});
export type PublicContribution = z.infer<typeof publicContributionSchema>;

/** One contribution of a process, as moderation addresses it. */
export const contributionParamsSchema = z.strictObject({ slug: keySchema, id: uuidSchema });

/** Showing a hidden contribution again names only the version it was seen at. */
export const showRequestSchema = z.strictObject({ version: z.number().int().min(1) });

/** How many reviewed examples the rebuilt suggester model learned from. */
export const modelRebuildResultSchema = z.object({ examples: z.number().int() });

/** The working groups' list of contributions: one of their fields, or all they may read. */
export const publicContributionsQuerySchema = z.strictObject({ field: keySchema.optional() });
export const publicContributionListSchema = z.array(publicContributionSchema);
