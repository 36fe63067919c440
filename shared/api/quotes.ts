import { z } from 'zod';
import { CHANNELS, MAX_CONTRIBUTION_LENGTH, NOTE_KINDS } from '../domain.ts';
import { keySchema } from '../domain.schema.ts';
import { LANGUAGES } from '../languages.ts';
import { normalizeFreeText } from '../text/normalize.ts';

/**
 * The quote browser ("Zitate"): the contributions a working group may read, masked, filtered,
 * searched, grouped by field of action and cited by a short stable id.
 */

/** What a quote is cited by: "B-1042", the contribution's number within its process. */
export const CITE_PREFIX = 'B-';
export const citeId = (seq: number): string => `${CITE_PREFIX}${seq}`;

/** Quotes per page: enough to read through, few enough for a phone. */
export const QUOTE_PAGE_SIZE = 20;
export const MAX_QUOTE_PAGE_SIZE = 100;
/** A search longer than this is no search a person typed. */
export const MAX_QUOTE_SEARCH_LENGTH = 200;
/** Demographic bands combined in one request. */
export const MAX_QUOTE_BANDS = 6;

/**
 * The band under which a stall note's age class (`contributions.age_band`, one of the stall's
 * `AGE_BANDS`, the Zensus's age classes) is offered when the survey marks no question for the
 * comparison with the Zensus's age classes; with one, notes count in that question's band.
 */
export const STALL_AGE_BAND_KEY = 'age-band';

/** `question:option`, e.g. `age-band:65-plus`; the question is a demographic (sensitive) question of the survey. */
const bandSchema = /* @__PURE__ */ z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*:[a-z0-9]+(?:-[a-z0-9]+)*$/, 'question:option, both keys')
  .transform((value) => {
    const [question, option] = value.split(':') as [string, string];
    return { question, option };
  });
export type Band = z.output<typeof bandSchema>;

export const quotesQuerySchema = /* @__PURE__ */ z.strictObject({
  /** A field of action; a parent field includes its children. Without it: all the caller may read. */
  field: keySchema.optional(),
  /** A statistical district key, or `outside` / `unknown`. */
  district: keySchema.optional(),
  /** A Stadtteil key (within `district`, if both are given). */
  stadtteil: keySchema.optional(),
  channel: z.enum(CHANNELS).optional(),
  kind: z.enum(NOTE_KINDS).optional(),
  /** The language the quote is written in. */
  language: z.enum(LANGUAGES).optional(),
  /**
   * Demographic bands, comma-separated `question:option`: options of one question are
   * alternatives, different questions must all hold (`age-band:18-29,age-band:30-49,years-in-germany:under-2`).
   */
  band: z
    .string()
    .max(MAX_QUOTE_BANDS * 80)
    .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean))
    .pipe(z.array(bandSchema).max(MAX_QUOTE_BANDS))
    .optional(),
  /**
   * Full-text search over the masked text and its German rendering. Plain words find quotes
   * containing words that start with each of them ("sprach kurs"); with quotes, `*`, `OR`,
   * `NOT`, `NEAR` or brackets the text is FTS5 query syntax, and a malformed one is a 400.
   */
  q: z.string().trim().max(MAX_QUOTE_SEARCH_LENGTH).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_QUOTE_PAGE_SIZE).default(QUOTE_PAGE_SIZE),
  offset: z.coerce.number().int().min(0).default(0),
});
export type QuotesQuery = z.infer<typeof quotesQuerySchema>;

/** The quote browser's selection as a file: the quotes as the exports write them, a table one can sort and filter. */
export const QUOTE_EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type QuoteExportFormat = (typeof QUOTE_EXPORT_FORMATS)[number];
export const quoteExportParamsSchema = /* @__PURE__ */ z.strictObject({ slug: keySchema, format: /* @__PURE__ */ z.enum(QUOTE_EXPORT_FORMATS) });

/**
 * The quote browser's filters and search, without paging: the download holds the whole selection,
 * so `limit` and `offset` are refused (400) rather than quietly ignored.
 */
export const quotesExportQuerySchema = /* @__PURE__ */ quotesQuerySchema.omit({ limit: true, offset: true });
export type QuotesExportQuery = z.infer<typeof quotesExportQuerySchema>;

/** A moderator's German rendering of a contribution in another language, masked like the original. */
export const germanRenderingViewSchema = /* @__PURE__ */ z.object({ text: z.string(), source: z.literal('human') });

export type GermanRenderingView = z.infer<typeof germanRenderingViewSchema>;

export const quoteSchema = /* @__PURE__ */ z.object({
  /** "B-1042": stable across edits, moderation and exports; never given to another quote. */
  citeId: z.string(),
  id: z.string(),
  /** The masked text in the language it was given in. */
  text: z.string(),
  language: z.enum(LANGUAGES).nullable(),
  /** A moderator's German rendering of a quote in another language, masked like the original. */
  german: germanRenderingViewSchema.nullable(),
  kind: z.enum(NOTE_KINDS).nullable(),
  channel: z.enum(CHANNELS),
  /** The Stadtteil, or only its statistical district where the Stadtteil has too few voices to be named. */
  area: z.string().nullable(),
  /** YYYY-MM, never the day. */
  month: z.string(),
  /** The caller's fields this quote was confirmed under, in the process's order. */
  fieldsOfAction: z.array(z.string()),
  /** The field whose group the quote is listed in: its first of `fieldsOfAction`. */
  group: z.string(),
  /** Per field, the words of the text that point to it (the suggester's evidence), as written. */
  keywords: z.array(z.object({ field: z.string(), words: z.array(z.string()) })),
});
export type Quote = z.infer<typeof quoteSchema>;

const optionSchema = /* @__PURE__ */ z.object({ key: z.string(), label: z.string() });

export const quotePageSchema = /* @__PURE__ */ z.object({
  /** Quotes matching the filters and the search. */
  total: z.number().int().min(0),
  limit: z.number().int(),
  offset: z.number().int(),
  /** Grouped by field of action in the process's order, within a group best match (when searching) then newest first. */
  quotes: z.array(quoteSchema),
  /** Per field of action in scope: how many of the matching quotes it holds. */
  groups: z.array(z.object({ key: z.string(), label: z.string(), count: z.number().int().min(0) })),
  /** What the filters can be set to. */
  choices: z.object({
    fields: z.array(optionSchema),
    districts: z.array(optionSchema),
    stadtteile: z.array(optionSchema.extend({ district: z.string() })),
    bands: z.array(z.object({ key: z.string(), label: z.string(), options: z.array(optionSchema) })),
    /** The languages a quote can be in: the process's, its survey versions', and any a stall note or other contribution was written in. */
    languages: z.array(z.enum(LANGUAGES)),
  }),
  threshold: z.number().int(),
});
export type QuotePage = z.infer<typeof quotePageSchema>;

/**
 * A moderator's German rendering of a non-German contribution; `text: null` removes it.
 * `version` is the contribution's version the moderator saw.
 */
export const germanRenderingRequestSchema = /* @__PURE__ */ z.strictObject({
  version: z.number().int().min(1),
  text: z.string().overwrite(normalizeFreeText).min(1).max(MAX_CONTRIBUTION_LENGTH).nullable(),
});
export type GermanRenderingRequest = z.infer<typeof germanRenderingRequestSchema>;
