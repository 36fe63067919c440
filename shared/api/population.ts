import { z } from 'zod';
import { isoDateSchema } from '../domain.schema.ts';
import { MAX_SHORT_TEXT_LENGTH } from '../domain.ts';
import { populationStatusSchema } from './participation.ts';

/**
 * Reference data: who lives in each Stadtteil (`POST`/`GET /api/admin/processes/:slug/population`).
 * The CSV has a header line and one line per Stadtteil: `Stadtteil` (its number, key or name),
 * `Einwohner`, and optionally the parts of `shared/population.ts` (age bands, nationality,
 * immigration history), each group complete or absent. Lines starting with `#` above the header
 * may name `# Quelle: …`, `# Stichtag: JJJJ-MM-TT` and `# Lizenz: …`; the fields of the request
 * (or the command's options) win over them.
 */
export const MAX_POPULATION_CSV_LENGTH = 200_000;

export const populationImportSchema = /* @__PURE__ */ z.strictObject({
  csv: z.string().min(1).max(MAX_POPULATION_CSV_LENGTH),
  source: z.string().trim().min(1).max(MAX_SHORT_TEXT_LENGTH * 2).optional(),
  referenceDate: isoDateSchema.optional(),
  licence: z.string().trim().min(1).max(MAX_SHORT_TEXT_LENGTH).optional(),
});
export type PopulationImport = z.infer<typeof populationImportSchema>;

/**
 * What can be wrong with a line of the file (`details` of 400 `invalid_csv`). The admin area says
 * each in the admin's language from its code and `values`; `message` says it in German for the
 * command line and other callers (the file's columns are German too).
 */
export const POPULATION_PROBLEM_CODES = [
  'unreadable',
  'no_header',
  'unknown_column',
  'column_missing',
  'column_twice',
  'parts_incomplete',
  'unknown_stadtteil',
  'stadtteil_missing',
  'stadtteil_twice',
  'count_missing',
  'not_a_count',
  'parts_empty',
  'parts_sum',
  'no_rows',
] as const;
export type PopulationProblemCode = (typeof POPULATION_PROBLEM_CODES)[number];

/**
 * A problem of the file, with its line (1 = the first line of the file, comment lines included).
 * `values` fill the words: `column`, `known`, `name`, `value`, `line` (where a Stadtteil stood
 * first), `columns` (the German column names, comma-separated), `dimension` (`age`,
 * `nationality`, `immigration`), `sum` and `total`.
 */
export const populationProblemSchema = /* @__PURE__ */ z.object({
  line: z.number().int(),
  code: z.enum(POPULATION_PROBLEM_CODES),
  message: z.string(),
  values: z.record(z.string(), z.string()).optional(),
});
export type PopulationProblem = z.infer<typeof populationProblemSchema>;

/** What can be missing of the provenance (`details` of 400 `invalid_reference`), one per field. */
export const POPULATION_REFERENCE_PROBLEM_CODES = ['source_missing', 'reference_date_missing', 'reference_date_invalid', 'licence_missing'] as const;
export type PopulationReferenceProblemCode = (typeof POPULATION_REFERENCE_PROBLEM_CODES)[number];

/** Source, reference date or licence missing or unusable; `values.value` is a reference date that is not a day. */
export const populationReferenceProblemSchema = /* @__PURE__ */ z.object({
  field: z.enum(['source', 'referenceDate', 'licence']),
  code: z.enum(POPULATION_REFERENCE_PROBLEM_CODES),
  message: z.string(),
  values: z.record(z.string(), z.string()).optional(),
});
export type PopulationReferenceProblem = z.infer<typeof populationReferenceProblemSchema>;

const partsSchema = /* @__PURE__ */ z.record(z.string(), z.number().int().min(0));

/** A Stadtteil's reference figures as stored. */
export const populationRowSchema = /* @__PURE__ */ z.object({
  key: z.string(),
  nr: z.string(),
  name: z.string(),
  district: z.string(),
  population: z.number().int().nullable(),
  status: populationStatusSchema.nullable(),
  source: z.string().nullable(),
  referenceDate: z.string().nullable(),
  licence: z.string().nullable(),
  /** Per dimension given for this Stadtteil: category → residents. */
  parts: z.object({
    age: partsSchema.nullable(),
    nationality: partsSchema.nullable(),
    immigration: partsSchema.nullable(),
  }),
});
export type PopulationRow = z.infer<typeof populationRowSchema>;

export const populationListSchema = /* @__PURE__ */ z.object({ stadtteile: z.array(populationRowSchema) });
export type PopulationList = z.infer<typeof populationListSchema>;

export const populationImportResultSchema = /* @__PURE__ */ z.object({
  imported: z.number().int(),
  population: z.number().int(),
  source: z.string(),
  referenceDate: z.string(),
  licence: z.string(),
  /** Per dimension, the Stadtteile with figures for it. */
  dimensions: z.object({ age: z.number().int(), nationality: z.number().int(), immigration: z.number().int() }),
  /** Stadtteile of the process that the file has no line for: they have no figures now. */
  withoutFigures: z.array(z.string()),
});
export type PopulationImportResult = z.infer<typeof populationImportResultSchema>;
