import { z } from 'zod';
import { channelSchema } from '../domain.schema.ts';
import { keySchema } from '../domain.schema.ts';
import { languageSchema, localizedTextSchema } from '../languages.schema.ts';
import { figureSchema } from './question-results.ts';

/**
 * The contract of participation against population (`GET /api/processes/:slug/participation`):
 * who took part, per Stadtteil and statistical district, against who lives there.
 *
 * A voice is one questionnaire (online or paper) or one contribution that came without a
 * questionnaire (a stall note, a conference card): a questionnaire's free-text answers are part of
 * it and are not counted again. Hidden contributions and flagged questionnaires do not count.
 * Every count is a `Figure`, suppressed like every aggregate (`shared/results/suppress.ts`); a
 * rate rests on its count and is null where the count is withheld or there is no population.
 */

/** A rate per 1,000 residents with its 95 % Wilson score interval. */
export const rateSchema = /* @__PURE__ */ z.object({ perThousand: z.number(), low: z.number(), high: z.number() });
export type Rate = z.infer<typeof rateSchema>;

export const populationStatusSchema = /* @__PURE__ */ z.enum(['unverified', 'official']);

const voiceCountsShape = {
  responses: figureSchema,
  contributions: figureSchema,
  /** responses + contributions */
  voices: figureSchema,
};

/** A Stadtteil, or a statistical district (the sum of its Stadtteile). */
export const participationAreaSchema = /* @__PURE__ */ z.object({
  key: z.string(),
  nr: z.string(),
  name: z.string(),
  /** A Stadtteil's district key; null for a district. */
  district: z.string().nullable(),
  /** Null when the Stadtteil (or one of the district's) has no figure. */
  population: z.number().int().nullable(),
  /** `unverified`: an example figure (a district with any example figure is `unverified`). */
  populationStatus: populationStatusSchema.nullable(),
  ...voiceCountsShape,
  /** Voices per channel, in the order of `channels` of the answer. */
  channels: z.array(z.object({ channel: channelSchema, voices: figureSchema })),
  rate: rateSchema.nullable(),
  /** The rate over the city-wide rate (1 = as often as the city as a whole). */
  ratio: z.number().nullable(),
});
export type ParticipationArea = z.infer<typeof participationAreaSchema>;

/** Summary scores over the areas of one level; null where fewer than two published rates exist. */
export const participationSummarySchema = /* @__PURE__ */ z.object({
  /** Lowest published rate over the highest (1 = everywhere alike). */
  lowestOverHighest: z.number().nullable(),
  lowest: z.string().nullable(),
  highest: z.string().nullable(),
  /**
   * Proportional similarity 1 − ½·Σ|pᵢ − qᵢ| of the shares of voices pᵢ and of residents qᵢ
   * (1 = voices spread like residents, 0 = no overlap). Areas whose count is withheld enter as
   * one group, whose sum everybody can compute from the published total anyway.
   */
  similarity: z.number().nullable(),
  /** Areas with a population that entered the scores, and how many of them are withheld. */
  compared: z.number().int(),
  withheld: z.number().int(),
});
export type ParticipationSummary = z.infer<typeof participationSummarySchema>;

/** A group of people (an age band, immigrated or not) against the residents of that group. */
export const participationGroupSchema = /* @__PURE__ */ z.object({
  key: z.string(),
  voices: figureSchema,
  /** Residents of the group in the Stadtteile with figures for it; null without reference data. */
  population: z.number().int().nullable(),
  rate: rateSchema.nullable(),
  ratio: z.number().nullable(),
});

export const participationBreakdownSchema = /* @__PURE__ */ z.object({
  groups: z.array(participationGroupSchema),
  /** Voices that said nothing about it (or whose channel does not ask). */
  notStated: figureSchema,
  /** Whether every Stadtteil with a population has figures for this breakdown (else no rates). */
  referenceComplete: z.boolean(),
});
export type ParticipationBreakdown = z.infer<typeof participationBreakdownSchema>;

export const whereNextSchema = /* @__PURE__ */ z.object({
  key: z.string(),
  name: z.string(),
  district: z.string(),
  population: z.number().int(),
  voices: figureSchema,
  /** Null where the count is withheld. */
  rate: rateSchema.nullable(),
  /**
   * The upper bound of the 95 % Wilson interval per 1,000 residents, by which the list is ranked
   * (lowest first). Where the count is withheld, that of threshold − 1 voices: at most this many.
   */
  upperBound: z.number(),
});
export type WhereNext = z.infer<typeof whereNextSchema>;

export const participationSchema = /* @__PURE__ */ z.object({
  threshold: z.number().int(),
  /** The channels voices came through, in the domain's order. */
  channels: z.array(channelSchema),
  reference: z.object({
    /** `official` when every figure was imported, `unverified` when all are example figures, `mixed`, or `none`. */
    status: z.enum(['official', 'unverified', 'mixed', 'none']),
    sources: z.array(z.string()),
    dates: z.array(z.string()),
    licences: z.array(z.string()),
    /** Stadtteile without a population figure (left out of rates and scores). */
    withoutPopulation: z.array(z.string()),
  }),
  /** All voices, with or without a place. */
  total: z.object(voiceCountsShape),
  /** Voices in Stadtteile with a population, their residents and the city-wide rate. */
  city: z.object({ ...voiceCountsShape, population: z.number().int(), rate: rateSchema.nullable() }),
  stadtteile: z.array(participationAreaSchema),
  districts: z.array(participationAreaSchema),
  outside: z.object(voiceCountsShape),
  unknown: z.object(voiceCountsShape),
  summary: z.object({ stadtteile: participationSummarySchema, districts: participationSummarySchema }),
  /**
   * The survey's questions marked for the comparison with the Zensus (`census` of a single-choice
   * question, in the survey's newest version): their key and title, so the page names the
   * question; null where the survey marks none, and questionnaires then count as not stated.
   */
  comparisonQuestions: z.object({
    age: z.object({ key: keySchema, title: localizedTextSchema }).nullable(),
    /** With the answers that mean "not immigrated" (every other answer is "immigrated themselves"). */
    immigration: z.object({ key: keySchema, title: localizedTextSchema, notImmigrated: z.array(localizedTextSchema) }).nullable(),
  }),
  /** Voices by the Zensus's age classes: the answers to the survey's age question, and the age class staff noted at the stall. */
  byAgeBand: participationBreakdownSchema,
  /** Respondents who immigrated themselves (`immigrated`) or not (`born-here`), against the Zensus's "selbst eingewandert". */
  byImmigration: participationBreakdownSchema,
  /** Voices by the language they were given in (survey language, note language); no reference data exists for languages. */
  byLanguage: z.object({
    groups: z.array(z.object({ language: languageSchema, voices: figureSchema })),
    notStated: figureSchema,
  }),
  /** The three Stadtteile where participation is lowest, by the upper bound of their Wilson interval. */
  whereNext: z.array(whereNextSchema),
});
export type Participation = z.infer<typeof participationSchema>;
