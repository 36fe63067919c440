import { z } from 'zod';
import { CHANNELS } from '../domain.ts';
import { keySchema } from '../domain.schema.ts';
import { languageSchema } from '../languages.schema.ts';
import { bandSchema, suppressionReasonSchema } from './question-results.ts';

/**
 * What aggregates can be broken down by. `district` is the statistical district (Bezirk) of
 * the voice's Stadtteil; `month` is YYYY-MM, never a finer date.
 */
export const AGGREGATE_DIMENSIONS = ['field', 'district', 'stadtteil', 'channel', 'kind', 'language', 'month'] as const;
export const aggregateDimensionSchema = /* @__PURE__ */ z.enum(AGGREGATE_DIMENSIONS);
export type AggregateDimension = z.infer<typeof aggregateDimensionSchema>;
export const MAX_AGGREGATE_DIMENSIONS = 3;

/** Dimensions that survey responses (questionnaires) have; `kind` belongs to contributions only. */
export const RESPONSE_DIMENSIONS: readonly AggregateDimension[] = ['field', 'district', 'stadtteil', 'channel', 'language', 'month'];

export const EXPORT_FORMATS = ['csv', 'xlsx', 'pdf', 'zip'] as const;
export const exportFormatSchema = /* @__PURE__ */ z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof exportFormatSchema>;

/** Filters shared by aggregates and exports. A working group may only name its own fields (else 403). */
export const resultsFilterSchema = /* @__PURE__ */ z.strictObject({
  /** A field of action; a parent field includes its children. Without it: all fields the caller may read. */
  field: keySchema.optional(),
  channel: z.enum(CHANNELS).optional(),
  /** A statistical district key, or a place sentinel (`PLACE_OUTSIDE`, `PLACE_UNKNOWN` in `shared/domain.ts`). */
  district: keySchema.optional(),
});
export type ResultsFilter = z.infer<typeof resultsFilterSchema>;

/**
 * An export's filters: the page's „Befragte eingrenzen“ as the page's own figures and quotes read
 * them — besides field, channel and district a Stadtteil (within the district, if both are given),
 * the language of the voice and one demographic band (`question:option`).
 */
export const exportFilterSchema = /* @__PURE__ */ resultsFilterSchema.extend({
  /** A Stadtteil key or a place sentinel (`outside`, `unknown`). */
  stadtteil: keySchema.optional(),
  language: languageSchema.optional(),
  band: bandSchema.optional(),
});
export type ExportFilter = z.infer<typeof exportFilterSchema>;

/** The page's counts take the page's „Befragte eingrenzen“ as its downloads do (`exportFilterSchema`). */
export const aggregateQuerySchema = /* @__PURE__ */ exportFilterSchema.extend({
  /** One to three dimensions, comma-separated: `by=district,channel`. */
  by: z
    .string()
    .default('field')
    .transform((value) => value.split(',').map((part) => part.trim()))
    .pipe(
      z
        .array(aggregateDimensionSchema)
        .min(1)
        .max(MAX_AGGREGATE_DIMENSIONS)
        .refine((list) => new Set(list).size === list.length, { message: 'each dimension once' }),
    )
    .describe(`One to ${MAX_AGGREGATE_DIMENSIONS} of ${AGGREGATE_DIMENSIONS.join(', ')}, comma-separated`),
  /** Admins only: count responses that failed the anti-abuse checks too (left out by default). */
  includeFlagged: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
});
export type AggregateQuery = z.infer<typeof aggregateQuerySchema>;

/** A published count, with `extra` fields beside it (`keys`, `key`). */
const cellWith = <Shape extends z.ZodRawShape>(extra: Shape) =>
  z.discriminatedUnion('suppressed', [
    z.object({ ...extra, count: z.number().int().min(0), suppressed: z.literal(false) }),
    z.object({ ...extra, count: z.null(), suppressed: z.literal(true), reason: suppressionReasonSchema.optional() }),
  ]);

/**
 * A published count. Counts under the process's threshold (at least `DEFAULT_SUPPRESSION_THRESHOLD`), and counts that together with a
 * published sum would give such a count away, come as `{ count: null, suppressed: true }`;
 * show them as "< 5", or as "verdeckt" where `reason` is `secondary` (withheld only so that a
 * smaller count cannot be worked out: at least the threshold). Zero is under the threshold as well.
 */
export const cellSchema = /* @__PURE__ */ cellWith({});
export type Cell = z.infer<typeof cellSchema>;

export const aggregateTableSchema = /* @__PURE__ */ z.object({
  /** Every combination of the dimensions' values, in row-major order; `keys` follows `dimensions`. */
  cells: z.array(cellWith({ keys: z.array(z.string()) })),
  /** Per dimension: voices with each value. A voice under several fields counts in each. */
  margins: z.array(z.array(cellWith({ key: z.string() }))),
  /** Distinct voices in the table. */
  total: cellSchema,
});
export type AggregateTable = z.infer<typeof aggregateTableSchema>;

export const aggregateResultSchema = /* @__PURE__ */ z.object({
  threshold: z.number().int(),
  dimensions: z.array(aggregateDimensionSchema),
  /** Per dimension, its values in order, with German labels. */
  values: z.array(z.array(z.object({ key: z.string(), label: z.string() }))),
  /** The fields of action counted (the requested one and its children, or all the caller's). */
  fields: z.array(z.string()),
  /** Visible contributions with a confirmed tag in `fields`; hidden ones and those of flagged responses are never counted. */
  contributions: aggregateTableSchema,
  /**
   * Survey questionnaires (online and paper) with an answer to a question of `fields`, placed by
   * the self-reported Stadtteil; null when a dimension is one responses do not have (`kind`).
   */
  responses: aggregateTableSchema.nullable(),
  /**
   * The questionnaires are left out (`responses` null) because the per-question figures refuse
   * these respondent filters (too few respondents, or too few left out): counted here they would
   * tell the same. The downloads leave them out alike.
   */
  responsesWithheld: z.boolean(),
});
export type AggregateResult = z.infer<typeof aggregateResultSchema>;

/** An export of a process in one format. */
export const exportParamsSchema = /* @__PURE__ */ z.strictObject({ slug: keySchema, format: exportFormatSchema });

/** Admins only: the response-level data (one row per response, a codebook beside it) as a workbook or a ZIP of CSVs. */
export const RESPONSE_EXPORT_FORMATS = ['xlsx', 'zip'] as const;
export const responseExportParamsSchema = /* @__PURE__ */ z.strictObject({ slug: keySchema, format: /* @__PURE__ */ z.enum(RESPONSE_EXPORT_FORMATS) });
