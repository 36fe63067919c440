import { z } from 'zod';
import { languageSchema } from '../languages.schema.ts';
import { storedSurveyTextsSchema, surveyDefinitionSchema, surveyTextsSchema } from '../survey/definition.schema.ts';
import { slugParamsSchema } from './processes.ts';

/**
 * Admin contracts of survey versions and the XLSForm files (`/api/admin/processes/:slug/survey/…`).
 *
 * A process has at most one draft, the survey being edited for the next version. Every save
 * names the draft's `revision` it started from; a save or publish naming another revision is
 * refused with 409 `draft_conflict` (someone else saved in between), so no save overwrites
 * another unseen. Publishing copies the draft into a new version, which residents are asked
 * from then on; earlier versions stay, and a response is always judged against its own. A draft
 * that is the same as the newest published version is not published (409 `draft_unchanged`):
 * it would ask residents the same under a new number.
 * A published version that has answers never changes (409 `version_has_answers`).
 */

/** Larger than any questionnaire: the default survey in nine languages is about 60 KB as .xlsx. */
export const MAX_XLSFORM_BYTES = 2 * 1024 * 1024;
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const versionParamsSchema = slugParamsSchema.extend({ version: z.coerce.number().int().min(1) });

/** How much of the survey a language has: texts with a text of their own in it, of all texts. */
export const languageCompletenessSchema = z.object({ language: languageSchema, translated: z.number().int(), total: z.number().int() });
export type LanguageCompleteness = z.infer<typeof languageCompletenessSchema>;

export const surveyDraftSchema = z.object({
  /** 0 while nothing is saved yet: the draft is then the newest version, ready to edit. */
  revision: z.number().int().min(0),
  /** The version this draft started from, if any. */
  basedOnVersion: z.number().int().nullable(),
  /** The number publishing will give it. */
  nextVersion: z.number().int(),
  updatedAt: z.string().nullable(),
  /**
   * The newest published version when the draft asks the same in the same words (always so while
   * nothing is saved): publishing it is refused with 409 `draft_unchanged`. Null when it differs.
   */
  sameAsVersion: z.number().int().nullable(),
  /** Null only for a process that never had a survey: import an XLSForm to start one. */
  definition: surveyDefinitionSchema.nullable(),
  texts: storedSurveyTextsSchema,
  languages: z.array(languageCompletenessSchema),
});
export type SurveyDraft = z.infer<typeof surveyDraftSchema>;

/**
 * The languages a save marks checked („geprüft“) against its German: only these stay `reviewed`
 * where the save changes the German of a text they have their own translation of; every other
 * language checked there goes back to `machine` (`translationsOutdatedBy`, ARCHITECTURE.md,
 * "Survey versions"). Each must be marked `reviewed` in the definition sent.
 */
const reviewedSchema = z.array(languageSchema).default([]);

function reviewedAsMarked(save: { definition?: { translations?: Partial<Record<string, string>> }; reviewed?: string[] }, context: z.RefinementCtx) {
  // Read defensively: a refinement must never throw on a body that failed its other checks.
  (save.reviewed ?? []).forEach((language, index) => {
    if (save.definition?.translations?.[language] !== 'reviewed') context.addIssue({ code: 'custom', path: ['reviewed', index], message: `${language} is not marked reviewed in definition.translations` });
  });
}

/** `PUT …/survey/draft`: the whole draft; `definition.version` is set by the server. */
export const saveSurveyDraftSchema = z
  .strictObject({
    revision: z.int().min(0),
    definition: surveyDefinitionSchema,
    texts: surveyTextsSchema,
    reviewed: reviewedSchema,
  })
  .superRefine(reviewedAsMarked);
export type SaveSurveyDraft = z.infer<typeof saveSurveyDraftSchema>;

export const publishSurveySchema = z.strictObject({ revision: z.int().min(0) });

export const surveyVersionSummarySchema = z.object({
  version: z.number().int(),
  publishedAt: z.string().nullable(),
  /** Responses of every channel stored under this version; with any, the version never changes. */
  responses: z.number().int(),
  languages: z.array(languageCompletenessSchema),
});
export type SurveyVersionSummary = z.infer<typeof surveyVersionSummarySchema>;

export const surveyVersionListSchema = z.object({
  versions: z.array(surveyVersionSummarySchema),
  draft: z.object({ revision: z.number().int(), updatedAt: z.string(), basedOnVersion: z.number().int().nullable() }).nullable(),
});
export type SurveyVersionList = z.infer<typeof surveyVersionListSchema>;

export const surveyVersionSchema = surveyVersionSummarySchema.extend({ definition: surveyDefinitionSchema, texts: storedSurveyTextsSchema });
export type SurveyVersion = z.infer<typeof surveyVersionSchema>;

/** `PUT …/survey/versions/:version`: replaces a published version nobody answered yet (a typo found after publishing). */
export const replaceSurveyVersionSchema = z.strictObject({ definition: surveyDefinitionSchema, texts: surveyTextsSchema, reviewed: reviewedSchema }).superRefine(reviewedAsMarked);

export const publishResultSchema = z.object({ version: z.number().int() });

/** `GET …/survey/xlsform?version=N`: that published version; without `version`, the draft (or the newest version). */
export const xlsformExportQuerySchema = z.strictObject({ version: z.coerce.number().int().min(1).optional() });

/** `POST …/survey/xlsform?revision=N&publish=true`: the .xlsx is the raw body. */
export const xlsformImportQuerySchema = z.strictObject({
  revision: z.coerce.number().int().min(0),
  publish: z.enum(['true', 'false']).default('false').transform((value) => value === 'true'),
});

/**
 * What an import issue is about. The admin page words each in the admin's language
 * (`xlsformIssue.<code>` in shared/i18n/admin/, filled with `params`); `message` is the English
 * wording of the same catalog, for the command line and logs.
 */
export const XLSFORM_ISSUE_CODES = [
  'foreignSheet',
  'noSurveySheet',
  'tooManyRows',
  'unknownLanguage',
  'unsupportedColumn',
  'valueWithoutHeader',
  'noGermanText',
  'nameMissing',
  'invalidName',
  'extraSettingsRow',
  'formTitleNotStored',
  'versionNotStored',
  'invalidTranslationsEntry',
  'translationsWithoutColumn',
  'noTranslationsSetting',
  'translationsOutdated',
  'listNameMissing',
  'notAStadtteil',
  'typeMissing',
  'unsupportedType',
  'metadataNotCollected',
  'columnNotAllowed',
  'nestedGroup',
  'endGroupWithoutBegin',
  'groupNotClosed',
  'repeatNotSupported',
  'implicitSection',
  'noteNotFirst',
  'invalidYesNo',
  'invalidCensus',
  'invalidCensusChoice',
  'censusChoiceUnmarked',
  'unknownField',
  'constraintUnsupported',
  'constraintNotForType',
  'listMissing',
  'unknownList',
  'listUnused',
  'stadtteilListReplaced',
  'unsupportedModifier',
  'stadtteilOrOther',
  'rankOrOther',
  'rangeParameterUnsupported',
  'notWholeNumber',
  'rangeStep',
  'noAnswerYesNo',
  'scaleEndLabel',
  'rangeOnlyColumn',
  'duplicateName',
  'namesRenamed',
  'relevantUnreadable',
  'relevantExpectedToken',
  'relevantExpectedQuestion',
  'relevantExpectedValue',
  'relevantExpectedOperator',
  'relevantTrailingText',
  'relevantNotEarlier',
  'relevantSelectedEmpty',
  'relevantNotChoiceName',
  'relevantUseSelected',
  'relevantOnValue',
  'definitionInvalid',
] as const;
export type XlsformIssueCode = (typeof XLSFORM_ISSUE_CODES)[number];

/** One thing in a form that has no place in the survey, with where it stands; `details` of 400 `xlsform_unsupported`. */
export const xlsformIssueSchema = z.object({
  sheet: z.string(),
  /** The spreadsheet's row number (1 is the header row); absent for a whole-sheet issue. */
  row: z.number().int().optional(),
  column: z.string().optional(),
  code: z.enum(XLSFORM_ISSUE_CODES),
  /** What the wording names: a cell's text, a list's name, a number. */
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  /** The issue in English. */
  message: z.string(),
});
export type XlsformIssue = z.infer<typeof xlsformIssueSchema>;

export const xlsformImportResultSchema = z.object({
  draft: surveyDraftSchema,
  /** The version published, when `publish=true`. */
  published: z.number().int().nullable(),
  /** What the form holds that the survey understands but does not store (form_title, metadata types, …). */
  notes: z.array(xlsformIssueSchema),
});
export type XlsformImportResult = z.infer<typeof xlsformImportResultSchema>;
