import { z } from 'zod';
import { keySchema } from '../domain.schema.ts';
import { languageSchema } from '../languages.schema.ts';

/**
 * The contract of the survey's results for working groups: every closed question's figures
 * (`GET /api/processes/:slug/results/questions`), a question by a dimension
 * (`GET /api/processes/:slug/results/crosstab`) and the market days' dot votes
 * (`GET /api/processes/:slug/dot-votes`).
 *
 * A count that must not be published is `{ count: null, suppressed: true, reason }`, never a
 * string: `below_threshold` (fewer than the process's threshold, 0 included) or `secondary`
 * (together with a published sum it would give such a count away). A statistic over too few
 * people (a median, a mean rank, Borda points) is `{ value: null, suppressed: true, reason }`.
 * Nothing published lets anyone compute a group of 1 to threshold − 1 people by subtracting
 * published figures from a published margin or total (`shared/results/suppress.ts`).
 */

/** Responses come online or on paper (market stall paper questionnaires are `paper`). */
export const RESPONSE_CHANNELS = ['online', 'paper'] as const;
export const responseChannelSchema = /* @__PURE__ */ z.enum(RESPONSE_CHANNELS);

export const SUPPRESSION_REASONS = ['below_threshold', 'secondary'] as const;
export const suppressionReasonSchema = /* @__PURE__ */ z.enum(SUPPRESSION_REASONS);
export type SuppressionReason = z.infer<typeof suppressionReasonSchema>;

/** A published count of people (or dots), or why it is withheld. Assignable to `Cell` of `results.ts`. */
export const figureSchema = /* @__PURE__ */ z.discriminatedUnion('suppressed', [
  /* @__PURE__ */ z.object({ count: z.number().int().min(0), suppressed: z.literal(false) }),
  /* @__PURE__ */ z.object({ count: z.null(), suppressed: z.literal(true), reason: suppressionReasonSchema }),
]);
export type Figure = z.infer<typeof figureSchema>;

/** A statistic over people (median, mean rank, Borda points): withheld with the count it rests on. */
export const statisticSchema = /* @__PURE__ */ z.discriminatedUnion('suppressed', [
  /* @__PURE__ */ z.object({ value: z.number(), suppressed: z.literal(false) }),
  /* @__PURE__ */ z.object({ value: z.null(), suppressed: z.literal(true), reason: suppressionReasonSchema }),
]);
export type Statistic = z.infer<typeof statisticSchema>;

/**
 * A demographic band: `question:option`, e.g. `years-in-germany:2-5` — respondents who chose that
 * option of that single or multiple choice question.
 */
export const bandSchema = /* @__PURE__ */ z
  .string()
  .max(130)
  .regex(/^[a-z0-9][a-z0-9-]*:[a-z0-9][a-z0-9-]*$/, 'question:option, e.g. years-in-germany:2-5')
  .transform((value) => {
    const [question, option] = value.split(':') as [string, string];
    return { question, option };
  });
export type Band = z.infer<typeof bandSchema>;

/**
 * Which respondents are counted. Every filter narrows the respondents; one that leaves fewer
 * than the threshold, or leaves out fewer than the threshold (so that the unfiltered figures
 * minus the filtered ones would show them), is refused with 422 `too_few_respondents`.
 */
export const responseFilterSchema = /* @__PURE__ */ z.strictObject({
  /** A statistical district key or a place sentinel (`outside`, `unknown`). */
  district: keySchema.optional(),
  /** A Stadtteil key or a place sentinel (`outside`, `unknown`). */
  stadtteil: keySchema.optional(),
  channel: responseChannelSchema.optional(),
  /** The language the questionnaire was filled in. */
  language: languageSchema.optional(),
  band: bandSchema.optional(),
  /** One published survey version; without it, every version that has the question counts. */
  version: z.coerce.number().int().min(1).optional(),
  /** Admins only: count responses the anti-abuse checks flagged too (left out by default). */
  includeFlagged: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
});
export type ResponseFilter = z.infer<typeof responseFilterSchema>;

export const questionResultsQuerySchema = /* @__PURE__ */ responseFilterSchema.extend({
  /**
   * Questions of this field of action (a parent includes its children). Without it: every question
   * the caller may read — a working group its fields' questions and the questions of no field
   * (priorities, the Stadtteil, demographics); asking for another field is a 403.
   */
  field: keySchema.optional(),
  /** One question only; a question of a field the caller may not read is a 403. */
  question: keySchema.optional(),
});
export type QuestionResultsQuery = z.infer<typeof questionResultsQuerySchema>;

const option = { key: z.string(), label: z.string() };

const questionBase = {
  key: z.string(),
  /** The German title of the newest version that has the question. */
  title: z.string(),
  fieldOfAction: z.string().nullable(),
  /** A demographic question: coarse, optional, only ever shown aggregated. */
  sensitive: z.boolean(),
  /** The survey versions whose responses the figures span. */
  versions: z.array(z.number().int()),
  /** Respondents (after the filters) who were shown the question: their version has it and its `showIf` held. */
  shown: figureSchema,
  /** Of those, respondents who answered (for a scale: "keine Angabe" included). */
  answered: figureSchema,
  /** Shown but not answered. */
  leftOut: figureSchema,
};

/**
 * Single and multiple choice, and the Stadtteil question (`stadtteil`: Stadtteile, outside,
 * unknown). Single: the options add up to `answered`. Multiple: each option counts the
 * respondents who chose it (a share of `answered`), so options add up to more.
 */
export const choiceResultSchema = /* @__PURE__ */ z.object({
  ...questionBase,
  type: z.enum(['single', 'multi', 'stadtteil']),
  options: z.array(
    z.object({
      ...option,
      /** "Anderes": its free texts are quotes (the quote browser), counted here. */
      other: z.boolean(),
      count: figureSchema,
    }),
  ),
});

/** A scale: each step, "keine Angabe" apart, and the median of the steps chosen. */
export const scaleResultSchema = /* @__PURE__ */ z.object({
  ...questionBase,
  type: z.literal('scale'),
  min: z.number().int(),
  max: z.number().int(),
  minLabel: z.string(),
  maxLabel: z.string(),
  steps: z.array(z.object({ value: z.number().int(), count: figureSchema })),
  /** Answered "keine Angabe"; null when the scale does not offer it. */
  noAnswer: figureSchema.nullable(),
  /** Median of the steps chosen (halfway between two for an even count); withheld when fewer than the threshold chose a step. */
  median: statisticSchema,
});

/**
 * A ranking, most important first. Place r of `places` earns `places − r + 1` Borda points, an
 * option not placed none; `points` is their sum, `meanRank` the mean place of those who placed
 * it, `first` how often it was placed first (these add up to `answered`), `placed` how often
 * it was placed at all.
 */
export const rankingResultSchema = /* @__PURE__ */ z.object({
  ...questionBase,
  type: z.literal('ranking'),
  places: z.number().int(),
  options: z.array(z.object({ ...option, points: statisticSchema, meanRank: statisticSchema, first: figureSchema, placed: figureSchema })),
});

/**
 * A whole number (an age, the people in a household): `answered` is its n and `leftOut` those
 * asked who gave none ("keine Angabe"). Quartiles (`q1`, `median`, `q3`, by linear interpolation
 * between neighbouring answers) and the mean are withheld when fewer than the threshold answered;
 * `min` and `max` are a single person's answer, so each is published only when at least the
 * threshold gave that very number. The distribution is binned: bins of equal width from the
 * question's `min` to its `max` (where it sets none: the answers' range, widened to the bin width),
 * `from` and `to` included; the counts add up to `answered` and are withheld like options.
 */
export const numberResultSchema = /* @__PURE__ */ z.object({
  ...questionBase,
  type: z.literal('number'),
  min: statisticSchema,
  q1: statisticSchema,
  median: statisticSchema,
  q3: statisticSchema,
  max: statisticSchema,
  mean: statisticSchema,
  bins: z.array(z.object({ from: z.number().int(), to: z.number().int(), count: figureSchema })),
});

export const questionResultSchema = /* @__PURE__ */ z.discriminatedUnion('type', [choiceResultSchema, scaleResultSchema, rankingResultSchema, numberResultSchema]);
export type QuestionResult = z.infer<typeof questionResultSchema>;
export type ChoiceResult = z.infer<typeof choiceResultSchema>;
export type ScaleResult = z.infer<typeof scaleResultSchema>;
export type RankingResult = z.infer<typeof rankingResultSchema>;
export type NumberResult = z.infer<typeof numberResultSchema>;

const appliedFilterSchema = /* @__PURE__ */ z.object({
  district: z.string().optional(),
  stadtteil: z.string().optional(),
  channel: z.string().optional(),
  language: z.string().optional(),
  band: z.object({ question: z.string(), option: z.string() }).optional(),
  version: z.number().int().optional(),
  includeFlagged: z.boolean(),
});

export const questionResultsSchema = /* @__PURE__ */ z.object({
  threshold: z.number().int(),
  filter: appliedFilterSchema,
  /** Respondents after the filters (flagged ones never counted unless an admin asks). */
  respondents: figureSchema,
  /** Every closed question the caller may read, in survey order (text questions are quotes, not figures). */
  questions: z.array(questionResultSchema),
  /**
   * The questions of no field of action with choices (age band, years in Germany, …) that a
   * cross-table may break a question down by (`by=question:KEY`), also under `field`, whose
   * `questions` then leave them out: names only, no figures.
   */
  breakdowns: z.array(z.object({ key: z.string(), title: z.string() })),
});
export type QuestionResults = z.infer<typeof questionResultsSchema>;

/** What a cross-tabulation breaks a question down by: a column of the response, or another closed question (`question:KEY`). */
export const CROSSTAB_DIMENSIONS = ['district', 'stadtteil', 'channel', 'language'] as const;
export const crosstabBySchema = /* @__PURE__ */ z.union([
  /* @__PURE__ */ z.enum(CROSSTAB_DIMENSIONS).transform((dimension) => ({ dimension, question: null })),
  /* @__PURE__ */ z
    .string()
    .regex(/^question:[a-z0-9][a-z0-9-]*$/, 'district, stadtteil, channel, language or question:KEY')
    .max(80)
    .transform((value) => ({ dimension: 'question' as const, question: value.slice('question:'.length) })),
]);

export const crosstabQuerySchema = /* @__PURE__ */ responseFilterSchema.extend({
  /** The closed question broken down (rows). */
  question: keySchema,
  /** The columns. */
  by: crosstabBySchema,
});
export type CrosstabQuery = z.infer<typeof crosstabQuerySchema>;

export const crosstabSchema = /* @__PURE__ */ z.object({
  threshold: z.number().int(),
  filter: appliedFilterSchema,
  respondents: figureSchema,
  question: z.object({ key: z.string(), type: z.enum(['single', 'multi', 'stadtteil', 'scale', 'ranking']), title: z.string(), fieldOfAction: z.string().nullable() }),
  by: z.object({ dimension: z.enum([...CROSSTAB_DIMENSIONS, 'question']), question: z.string().nullable(), title: z.string() }),
  /**
   * What a cell counts: `respondents` who chose the row's option (scale: step, `none` for
   * "keine Angabe"); for a ranking, `first`: respondents who placed the row's option first.
   */
  measure: z.enum(['respondents', 'first']),
  /** The question's options (or steps); a multiple choice row counts each respondent who chose it. */
  rows: z.array(z.object({ ...option, other: z.boolean() })),
  /** The dimension's values, `unknown` ("ohne Angabe") last: nobody falls out of the table. */
  columns: z.array(z.object(option)),
  /** `cells[row][column]`. */
  cells: z.array(z.array(figureSchema)),
  /** Per row: over all columns (the same as the question's own result under the same filter). */
  rowTotals: z.array(figureSchema),
  /** Per column: respondents in it who answered the question. */
  columnTotals: z.array(figureSchema),
  /** Respondents who answered the question. */
  total: figureSchema,
  /** For a scale: the median per column, withheld like the counts it rests on; null otherwise. */
  medians: z.array(statisticSchema).nullable(),
  /** For a scale: the median of everyone in the table („Gesamt“), the question's own median under the same filters; null otherwise. */
  totalMedian: statisticSchema.nullable(),
});
export type Crosstab = z.infer<typeof crosstabSchema>;

export const dotVoteQuerySchema = /* @__PURE__ */ z.strictObject({
  /** Field-of-action boards: only this field (a parent with its children); a working group only its own. */
  field: keySchema.optional(),
  /** Market days in this statistical district (or a place sentinel). */
  district: keySchema.optional(),
  /** Market days in this Stadtteil (or a place sentinel); with `district`, in both. */
  stadtteil: keySchema.optional(),
});
export type DotVoteQuery = z.infer<typeof dotVoteQuerySchema>;

/**
 * The dot votes ("Klebepunkte") of the market days, suppressed under the same rule as people:
 * per market day and option (`boards`), and the fields-of-action boards added up by field and
 * Stadtteil (`byStadtteil`), with totals. A board is the market day's poster question with its
 * options, or (`question: null`) the fields of action the caller may read.
 */
export const dotVotesSchema = /* @__PURE__ */ z.object({
  threshold: z.number().int(),
  boards: z.array(
    z.object({
      marketDayId: z.string(),
      date: z.string(),
      place: z.string(),
      stadtteil: z.object(option).nullable(),
      question: z.string().nullable(),
      options: z.array(z.object({ ...option, count: figureSchema })),
      total: figureSchema,
    }),
  ),
  /** The fields-of-action boards: `cells[field][stadtteil]`, Stadtteil `unknown` for market days without one. */
  byStadtteil: z.object({
    fields: z.array(z.object(option)),
    stadtteile: z.array(z.object(option)),
    cells: z.array(z.array(figureSchema)),
    /** Per field: its dots on every market day. */
    fieldTotals: z.array(figureSchema),
    stadtteilTotals: z.array(figureSchema),
    total: figureSchema,
  }),
});
export type DotVotes = z.infer<typeof dotVotesSchema>;
