import { z } from 'zod';
import { MAX_CONTRIBUTION_LENGTH } from '../domain.ts';
import { keySchema } from '../domain.schema.ts';
import { type Language, type LocalizedText } from '../languages.ts';
import { languageSchema, localizedTextSchema, translationStatusSchema } from '../languages.schema.ts';
import { POPULATION_DIMENSIONS } from '../population.ts';
import {
  censusAgeClass,
  CENSUS_COMPARISONS,
  MAX_CONDITION_DEPTH,
  MAX_OPTIONS,
  MAX_SCALE_STEPS,
  OTHER_OPTION_KEY,
  labelsFromVersion1,
  questionFromVersion1,
  type ShowIf,
} from './definition.ts';

/**
 * The zod schemas of the survey definition format (its words, limits and readers are in
 * `definition.ts`): the contract the server validates stored and uploaded surveys with, and
 * the admin area's editor checks a draft with. Kept apart so that nothing the resident's survey
 * loads imports zod (`tests/unit/survey-bundle.test.ts` builds the client and checks it); import
 * this module only from the server, the admin and staff areas, scripts and tests.
 */

export const questionOptionSchema = /* @__PURE__ */ z.strictObject({
  key: keySchema,
  label: localizedTextSchema,
});
export type QuestionOption = z.infer<typeof questionOptionSchema>;

export const showIfSchema: z.ZodType<ShowIf> = /* @__PURE__ */ z.lazy(() =>
  z.union([
    z.strictObject({ question: keySchema, equals: keySchema }),
    z.strictObject({ question: keySchema, includes: keySchema }),
    z.strictObject({ question: keySchema, answered: z.literal(true) }),
    z.strictObject({ all: z.array(showIfSchema).min(2) }),
    z.strictObject({ any: z.array(showIfSchema).min(2) }),
    z.strictObject({ not: showIfSchema }),
  ]),
);

const questionBase = {
  key: keySchema,
  title: localizedTextSchema,
  help: /* @__PURE__ */ localizedTextSchema.optional(),
  required: /* @__PURE__ */ z.boolean(),
  /** Coarse demographics: always optional, never turned into contributions, only shown aggregated. */
  sensitive: /* @__PURE__ */ z.boolean().optional(),
  /** The field of action the question belongs to; free texts from it are tagged `self` with it. */
  fieldOfAction: /* @__PURE__ */ keySchema.optional(),
  showIf: /* @__PURE__ */ showIfSchema.optional(),
};

/**
 * The common fields plus a type's own. A function rather than a spread at the top level,
 * because bundlers keep a top-level spread (it might run getters) and with it every schema
 * here in every chunk that needs only one of them.
 */
/* @__NO_SIDE_EFFECTS__ */
function withQuestionBase<T extends object>(shape: T): typeof questionBase & T {
  return { ...questionBase, ...shape };
}

const optionsSchema = /* @__PURE__ */ z.array(questionOptionSchema).min(2).max(MAX_OPTIONS);

/**
 * The comparison with the Zensus a single-choice question is marked for („Vergleich mit dem
 * Zensus“, `CensusComparison` in `definition.ts`): `age` with the Zensus's age class of each
 * option (`map`; without it, the options whose keys are the classes), or `immigration` with the
 * options that mean "not immigrated" (every other option counts as immigrated themselves).
 */
export const censusComparisonSchema = /* @__PURE__ */ z.discriminatedUnion('dimension', [
  z.strictObject({
    dimension: z.literal('age'),
    map: z.record(keySchema, z.enum(POPULATION_DIMENSIONS.age)).optional(),
  }),
  z.strictObject({
    dimension: z.literal('immigration'),
    notImmigrated: z.array(keySchema).min(1),
  }),
]);

export const singleQuestionSchema = /* @__PURE__ */ z.strictObject(
  withQuestionBase({
    type: /* @__PURE__ */ z.literal('single'),
    options: optionsSchema,
    allowOther: /* @__PURE__ */ z.boolean().optional(),
    census: /* @__PURE__ */ censusComparisonSchema.optional(),
  }),
);

export const multiQuestionSchema = /* @__PURE__ */ z.strictObject(
  withQuestionBase({
    type: /* @__PURE__ */ z.literal('multi'),
    options: optionsSchema,
    allowOther: /* @__PURE__ */ z.boolean().optional(),
    /** Upper bound on selections; a filled-in "other" counts as one. */
    maxSelected: /* @__PURE__ */ z.int().min(1).optional(),
  }),
);

export const scaleSchema = /* @__PURE__ */ z.strictObject({
  min: /* @__PURE__ */ z.int(),
  max: /* @__PURE__ */ z.int(),
  minLabel: localizedTextSchema,
  maxLabel: localizedTextSchema,
  /** Offer "keine Angabe", answered as `null`. */
  allowNoAnswer: /* @__PURE__ */ z.boolean(),
});

export const scaleQuestionSchema = /* @__PURE__ */ z.strictObject(
  withQuestionBase({
    type: /* @__PURE__ */ z.literal('scale'),
    scale: scaleSchema,
  }),
);

export const rankingQuestionSchema = /* @__PURE__ */ z.strictObject(
  withQuestionBase({
    type: /* @__PURE__ */ z.literal('ranking'),
    options: optionsSchema,
    /** How many places there are to give (top-N); all options when absent. */
    maxRanked: /* @__PURE__ */ z.int().min(1).optional(),
  }),
);

export const textQuestionSchema = /* @__PURE__ */ z.strictObject(
  withQuestionBase({
    type: /* @__PURE__ */ z.literal('text'),
    /** Characters as the browser's `maxlength` counts them (UTF-16 code units). */
    maxLength: /* @__PURE__ */ z.int().min(1).max(MAX_CONTRIBUTION_LENGTH).optional(),
  }),
);

/**
 * A whole number (an age, the people in a household), answered as an integer within `min` and
 * `max` where they are given. Results show it as a distribution with its median.
 */
export const numberQuestionSchema = /* @__PURE__ */ z.strictObject(
  withQuestionBase({
    type: /* @__PURE__ */ z.literal('number'),
    min: /* @__PURE__ */ z.int().optional(),
    max: /* @__PURE__ */ z.int().optional(),
  }),
);

/** The resident's Stadtteil. The choices (Stadtteile plus `outside`/`unknown`) come from the process, not the definition. */
export const stadtteilQuestionSchema = /* @__PURE__ */ z.strictObject(
  withQuestionBase({
    type: /* @__PURE__ */ z.literal('stadtteil'),
  }),
);

const currentQuestionSchemas = [
  singleQuestionSchema,
  multiQuestionSchema,
  scaleQuestionSchema,
  rankingQuestionSchema,
  textQuestionSchema,
  stadtteilQuestionSchema,
  numberQuestionSchema,
] as const;
const currentQuestionSchema = /* @__PURE__ */ z.discriminatedUnion('type', currentQuestionSchemas);

/** A question as read: version 1's `district` is accepted and becomes `stadtteil`; answers name only the current types. */
export const questionSchema = /* @__PURE__ */ z.codec(
  /* @__PURE__ */ z.discriminatedUnion('type', [
    ...currentQuestionSchemas,
    /* @__PURE__ */ z.strictObject(withQuestionBase({ type: /* @__PURE__ */ z.literal('district').meta({ deprecated: true, description: 'Version 1 name of stadtteil' }) })),
  ]),
  currentQuestionSchema,
  { decode: (question) => questionFromVersion1(question) as z.output<typeof currentQuestionSchema>, encode: (question) => question as never },
);

export const surveySectionSchema = /* @__PURE__ */ z.strictObject({
  key: keySchema,
  title: localizedTextSchema,
  intro: /* @__PURE__ */ localizedTextSchema.optional(),
  /** May be empty for a pure welcome or information page, which then needs an intro. */
  questions: /* @__PURE__ */ z.array(questionSchema),
});

const surveyDefinitionShape = /* @__PURE__ */ z.strictObject({
  version: /* @__PURE__ */ z.int().min(1),
  /** Languages the survey is offered in, in switcher order. */
  languages: /* @__PURE__ */ z.array(languageSchema).min(1),
  /** Translation status of each offered language, so the client can say "machine translated". */
  translations: /* @__PURE__ */ z.partialRecord(languageSchema, translationStatusSchema),
  sections: /* @__PURE__ */ z.array(surveySectionSchema).min(1),
});

export type SurveyDefinition = z.infer<typeof surveyDefinitionShape>;
export type SurveySection = z.infer<typeof surveySectionSchema>;
export type SurveyQuestion = z.output<typeof questionSchema>;

/**
 * The problems an editor tells apart by more than their message: a survey just begun has no
 * question yet (`no_questions`), and so its section nothing in it (`empty_section`). They stand
 * in the zod issue's `params.survey` (`surveyIssueCode`).
 */
export type SurveyIssueCode = 'no_questions' | 'empty_section';

type Issue = { message: string; path: PropertyKey[]; survey?: SurveyIssueCode };

/** The code of one of `surveyDefinitionSchema`'s issues, where it has one. */
export function surveyIssueCode(issue: z.core.$ZodIssue): SurveyIssueCode | undefined {
  return issue.code === 'custom' ? (issue.params as { survey?: SurveyIssueCode } | undefined)?.survey : undefined;
}

/** Internal consistency that the shape alone cannot express. */
function consistencyIssues(definition: SurveyDefinition): Issue[] {
  const issues: Issue[] = [];

  const seenLanguages = new Set<string>();
  definition.languages.forEach((language, i) => {
    if (seenLanguages.has(language)) issues.push({ message: `language ${language} is listed twice`, path: ['languages', i] });
    seenLanguages.add(language);
  });
  // German is every text's fallback, so a survey without it could show nothing.
  if (!seenLanguages.has('de')) issues.push({ message: 'languages must include de', path: ['languages'] });
  for (const language of seenLanguages) {
    if (!definition.translations[language as Language]) {
      issues.push({ message: `translation status missing for ${language}`, path: ['translations', language] });
    }
  }
  for (const language of Object.keys(definition.translations)) {
    if (!seenLanguages.has(language)) {
      issues.push({ message: `translation status for ${language}, which is not offered`, path: ['translations', language] });
    }
  }

  const sectionKeys = new Set<string>();
  // Question key → its options' keys and type, filled in survey order so showIf can only see earlier questions.
  const earlier = new Map<string, SurveyQuestion>();
  // Comparison with the Zensus → the question marked for it (one per comparison).
  const censusMarked = new Map<string, string>();
  let questionCount = 0;

  definition.sections.forEach((section, s) => {
    const sectionPath = ['sections', s];
    if (sectionKeys.has(section.key)) issues.push({ message: `duplicate section key ${section.key}`, path: [...sectionPath, 'key'] });
    sectionKeys.add(section.key);
    if (section.questions.length === 0 && !section.intro) {
      issues.push({ message: `section ${section.key} has neither questions nor an intro`, path: sectionPath, survey: 'empty_section' });
    }

    section.questions.forEach((question, q) => {
      questionCount += 1;
      const path = [...sectionPath, 'questions', q];
      const name = `question ${question.key}`;

      if (earlier.has(question.key)) issues.push({ message: `duplicate question key ${question.key}`, path: [...path, 'key'] });

      if ('options' in question) {
        const optionKeys = new Set<string>();
        question.options.forEach((option, o) => {
          if (optionKeys.has(option.key)) {
            issues.push({ message: `${name}: duplicate option key ${option.key}`, path: [...path, 'options', o, 'key'] });
          }
          optionKeys.add(option.key);
        });
        if ((question.type === 'single' || question.type === 'multi') && question.allowOther && optionKeys.has(OTHER_OPTION_KEY)) {
          issues.push({
            message: `${name}: option key "${OTHER_OPTION_KEY}" is reserved when allowOther is set`,
            path: [...path, 'options'],
          });
        }
      }

      switch (question.type) {
        case 'multi': {
          const choices = question.options.length + (question.allowOther ? 1 : 0);
          if (question.maxSelected !== undefined && question.maxSelected > choices) {
            issues.push({ message: `${name}: maxSelected exceeds the number of choices`, path: [...path, 'maxSelected'] });
          }
          break;
        }
        case 'ranking':
          if (question.maxRanked !== undefined && question.maxRanked > question.options.length) {
            issues.push({ message: `${name}: maxRanked exceeds the number of options`, path: [...path, 'maxRanked'] });
          }
          break;
        case 'scale': {
          const { min, max } = question.scale;
          if (min >= max) issues.push({ message: `${name}: scale min must be below max`, path: [...path, 'scale'] });
          else if (max - min + 1 > MAX_SCALE_STEPS) {
            issues.push({ message: `${name}: scale has more than ${MAX_SCALE_STEPS} steps`, path: [...path, 'scale'] });
          }
          break;
        }
        case 'number':
          if (question.min !== undefined && question.max !== undefined && question.min > question.max) {
            issues.push({ message: `${name}: min must not be above max`, path: [...path, 'min'] });
          }
          break;
        default:
          break;
      }

      if (question.sensitive) {
        // Residents must be able to skip anything about themselves (data minimisation).
        if (question.required) issues.push({ message: `${name}: sensitive questions must be optional`, path: [...path, 'required'] });
        // A free text cannot be coarse; it may identify the person.
        if (question.type === 'text') issues.push({ message: `${name}: a text question cannot be sensitive`, path: [...path, 'sensitive'] });
      }

      if (question.type === 'single' && question.census) {
        const { census } = question;
        const censusPath = [...path, 'census'];
        const other = censusMarked.get(census.dimension);
        if (other !== undefined) issues.push({ message: `${name}: census ${census.dimension} is already compared on question ${other}`, path: [...censusPath, 'dimension'] });
        else censusMarked.set(census.dimension, question.key);
        const optionKeys = new Set(question.options.map((option) => option.key));
        const named = census.dimension === 'age' ? Object.keys(census.map ?? {}) : census.notImmigrated;
        for (const key of named) {
          if (!optionKeys.has(key)) issues.push({ message: `${name}: census names ${key}, which is not an option`, path: [...censusPath, census.dimension === 'age' ? 'map' : 'notImmigrated'] });
        }
        if (census.dimension === 'age') {
          const classes = new Set(question.options.map((option) => censusAgeClass(question, option.key)));
          const missing = CENSUS_COMPARISONS.age.filter((ageClass) => !classes.has(ageClass));
          if (missing.length > 0) issues.push({ message: `${name}: census age classes without an option: ${missing.join(', ')}`, path: censusPath });
        } else if (question.options.every((option) => census.notImmigrated.includes(option.key))) {
          issues.push({ message: `${name}: census immigration needs an option that means immigrated`, path: [...censusPath, 'notImmigrated'] });
        }
      }

      if (question.showIf) issues.push(...showIfIssues(question.showIf, earlier, name, [...path, 'showIf']));

      earlier.set(question.key, question);
    });
  });

  if (questionCount === 0) issues.push({ message: 'the survey has no questions', path: ['sections'], survey: 'no_questions' });

  // A blank translation would show an empty label; leaving the language out falls back to German instead.
  // The path points at the text, so an editor shows the problem at its section or question.
  const blank = (name: string, text: Partial<Record<string, string>>, path: PropertyKey[]) => {
    for (const [language, value] of Object.entries(text)) {
      if (value !== undefined && !value.trim()) issues.push({ message: `${name}: blank ${language} text (omit it to fall back to German)`, path: [...path, language] });
    }
  };
  definition.sections.forEach((section, s) => {
    const at = ['sections', s];
    blank(`sections.${section.key}.title`, section.title, [...at, 'title']);
    if (section.intro) blank(`sections.${section.key}.intro`, section.intro, [...at, 'intro']);
    section.questions.forEach((question, q) => {
      const name = `questions.${question.key}`;
      const here = [...at, 'questions', q];
      blank(`${name}.title`, question.title, [...here, 'title']);
      if (question.help) blank(`${name}.help`, question.help, [...here, 'help']);
      if ('options' in question) question.options.forEach((option, o) => blank(`${name}.options.${option.key}`, option.label, [...here, 'options', o, 'label']));
      if (question.type === 'scale') {
        blank(`${name}.scale.minLabel`, question.scale.minLabel, [...here, 'scale', 'minLabel']);
        blank(`${name}.scale.maxLabel`, question.scale.maxLabel, [...here, 'scale', 'maxLabel']);
      }
    });
  });

  return issues;
}

function showIfIssues(showIf: ShowIf, earlier: ReadonlyMap<string, SurveyQuestion>, name: string, path: PropertyKey[], depth = 1): Issue[] {
  if (depth > MAX_CONDITION_DEPTH) return [{ message: `${name}: showIf is nested deeper than ${MAX_CONDITION_DEPTH}`, path }];
  if ('all' in showIf) return showIf.all.flatMap((part, i) => showIfIssues(part, earlier, name, [...path, 'all', i], depth + 1));
  if ('any' in showIf) return showIf.any.flatMap((part, i) => showIfIssues(part, earlier, name, [...path, 'any', i], depth + 1));
  if ('not' in showIf) return showIfIssues(showIf.not, earlier, name, [...path, 'not'], depth + 1);
  const target = earlier.get(showIf.question);
  if (!target) {
    return [{ message: `${name}: showIf must refer to an earlier question, not ${showIf.question}`, path: [...path, 'question'] }];
  }
  if ('equals' in showIf) {
    if (target.type !== 'single') return [{ message: `${name}: showIf.equals needs a single-choice question`, path }];
    if (!target.options.some((option) => option.key === showIf.equals)) {
      return [{ message: `${name}: ${showIf.question} has no option ${showIf.equals}`, path: [...path, 'equals'] }];
    }
  }
  if ('includes' in showIf) {
    if (target.type !== 'multi') return [{ message: `${name}: showIf.includes needs a multiple-choice question`, path }];
    if (!target.options.some((option) => option.key === showIf.includes)) {
      return [{ message: `${name}: ${showIf.question} has no option ${showIf.includes}`, path: [...path, 'includes'] }];
    }
  }
  return [];
}

export const surveyDefinitionSchema = /* @__PURE__ */ surveyDefinitionShape.superRefine((definition, ctx) => {
  for (const { survey, ...issue } of consistencyIssues(definition)) ctx.addIssue({ code: 'custom', ...issue, ...(survey ? { params: { survey } } : {}) });
});

/** The longest title, paragraph or label of the prose around the survey, in characters. */
export const MAX_SURVEY_PROSE_LENGTH = 2000;
/** The most paragraphs a privacy notice or thank-you page has. */
export const MAX_SURVEY_PROSE_PARAGRAPHS = 20;

/** A text of the prose around the survey: German is never blank (it stands in for every missing translation). */
const surveyProseTextSchema = /* @__PURE__ */ localizedTextSchema.superRefine((text, ctx) => {
  if (!text.de.trim()) ctx.addIssue({ code: 'custom', path: ['de'], message: 'needs a German text: it is shown wherever a translation is missing' });
  for (const [language, value] of Object.entries(text)) {
    if (value.length > MAX_SURVEY_PROSE_LENGTH) ctx.addIssue({ code: 'custom', path: [language], message: `at most ${MAX_SURVEY_PROSE_LENGTH} characters` });
  }
});

/**
 * The texts around the survey with each text as `text` reads it: bounded where an admin writes
 * them (`surveyTextsSchema`), as stored where the server serves them (`storedSurveyTextsSchema`).
 */
function surveyTextsShape<T extends z.ZodType<LocalizedText>>(text: T, paragraphs: (list: z.ZodArray<T>) => z.ZodType<LocalizedText[]>) {
  /** A block of prose around the survey (privacy notice, thank-you page): one text per paragraph. */
  const block = z.strictObject({ title: text, paragraphs: paragraphs(z.array(text)) });
  return z.strictObject({
    privacy: block,
    thanks: block,
    /** Version 1 named the Stadtteil answers `districtOutside`/`districtUnknown`; accepted and read under the current names. */
    labels: z.codec(
      z.strictObject({
        other: text,
        noAnswer: text,
        stadtteilOutside: text.optional(),
        stadtteilUnknown: text.optional(),
        districtOutside: text.optional().meta({ deprecated: true }),
        districtUnknown: text.optional().meta({ deprecated: true }),
      }),
      z.strictObject({
        /** The "other" choice of questions with `allowOther`. */
        other: text,
        /** The "keine Angabe" choice of scales with `allowNoAnswer`. */
        noAnswer: text,
        /** The Stadtteil question's answers `outside` and `unknown`. */
        stadtteilOutside: text,
        stadtteilUnknown: text,
      }),
      { decode: (labels) => labelsFromVersion1(labels) as never, encode: (labels) => labels as never },
    ),
  });
}

/** Prose and labels the survey pages need besides the definition's own texts, as an admin saves them: German never blank, lengths bounded. */
export const surveyTextsSchema = /* @__PURE__ */ surveyTextsShape(surveyProseTextSchema, (list) => list.min(1).max(MAX_SURVEY_PROSE_PARAGRAPHS));

/**
 * The same as stored and served: texts saved before the bounds above (a longer paragraph, more
 * paragraphs, a German text of blanks) are still shown, never a 500; the editor asks for a
 * correction at the next save.
 */
export const storedSurveyTextsSchema = /* @__PURE__ */ surveyTextsShape(localizedTextSchema, (list) => list.min(1));
export type SurveyTexts = z.infer<typeof surveyTextsSchema>;
export type SurveyTextBlock = SurveyTexts['privacy'];
