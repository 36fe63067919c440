import { z } from 'zod';
import { MAX_CONTRIBUTION_LENGTH, MAX_SHORT_TEXT_LENGTH } from '../domain.ts';
import { keySchema } from '../domain-schemas.ts';
import { type Language } from '../languages.ts';
import { languageSchema, localizedTextSchema, translationStatusSchema } from '../languages.schema.ts';

/**
 * The survey definition format: what `GET /api/processes/:slug/survey` serves and
 * what `surveys.definition` stores. A published version is never edited, so
 * everything that could make answers ambiguous later is rejected up front by the
 * consistency check below rather than tolerated at answer time.
 */

export const QUESTION_TYPES = ['single', 'multi', 'scale', 'ranking', 'text', 'stadtteil', 'number'] as const;
export const questionTypeSchema = /* @__PURE__ */ z.enum(QUESTION_TYPES);
export type QuestionType = z.infer<typeof questionTypeSchema>;

/**
 * Stored answers mark a chosen "other" with this key (its text goes to a
 * contribution), so it may not also be a regular option of such a question.
 */
export const OTHER_OPTION_KEY = 'other';
/** "Other" is a short specification, not an essay; long thoughts belong in text questions. */
export const MAX_OTHER_LENGTH = MAX_SHORT_TEXT_LENGTH;
/** More steps than this are not readable as a row of buttons on a phone. */
export const MAX_SCALE_STEPS = 11;
export const MAX_OPTIONS = 40;

export const questionOptionSchema = /* @__PURE__ */ z.strictObject({
  key: keySchema,
  label: localizedTextSchema,
});
export type QuestionOption = z.infer<typeof questionOptionSchema>;

/**
 * Show a question only when earlier questions' answers match. A leaf tests one earlier
 * question: `equals` an option of a `single` question, `includes` an option of a `multi`
 * question, or `answered` for any question type. `all` (and), `any` (or) and `not` combine
 * leaves, as XLSForm's `relevant` does with `and`, `or` and `not(…)`. A leaf on a question
 * that is hidden sees no answer (as XLSForm treats a non-relevant question as empty), so
 * `not` of it holds. `shownQuestionKeys` (answers.ts) evaluates it, in the browser and on
 * the server alike; nesting is bounded by `MAX_CONDITION_DEPTH`.
 */
export type ShowIfLeaf = { question: string; equals: string } | { question: string; includes: string } | { question: string; answered: true };
export type ShowIf = ShowIfLeaf | { all: ShowIf[] } | { any: ShowIf[] } | { not: ShowIf };

/** Deep enough for any condition an editor can read; a limit so evaluation never recurses without end. */
export const MAX_CONDITION_DEPTH = 6;

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

/** The questions a condition tests, in the order it names them. */
export function conditionQuestions(showIf: ShowIf): string[] {
  if ('all' in showIf) return showIf.all.flatMap(conditionQuestions);
  if ('any' in showIf) return showIf.any.flatMap(conditionQuestions);
  if ('not' in showIf) return conditionQuestions(showIf.not);
  return [showIf.question];
}

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
 * because bundlers keep a top-level spread (it might run getters) and with it all of zod
 * in every client chunk that needs only a constant or `allQuestions` from this file.
 */
/* @__NO_SIDE_EFFECTS__ */
function withQuestionBase<T extends object>(shape: T): typeof questionBase & T {
  return { ...questionBase, ...shape };
}

const optionsSchema = /* @__PURE__ */ z.array(questionOptionSchema).min(2).max(MAX_OPTIONS);

export const singleQuestionSchema = /* @__PURE__ */ z.strictObject(
  withQuestionBase({
    type: /* @__PURE__ */ z.literal('single'),
    options: optionsSchema,
    allowOther: /* @__PURE__ */ z.boolean().optional(),
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

/**
 * Version-1 names in stored surveys. Published versions never change (an answered one cannot:
 * migration 0016), and version 1 named the Stadtteil question type `district` and its labels
 * `districtOutside`/`districtUnknown`, a word that now means the statistical district only.
 * Stored rows stay byte for byte as they are and are read under the current names: the
 * schemas below accept the old names and decode them to the current ones (a `z.codec` whose
 * encoding is the identity, so answers are written under the current names only), and the
 * database columns read them through `definitionFromVersion1`/`textsFromVersion1` (`db/schema.ts`).
 */
const VERSION_1_QUESTION_TYPES: Readonly<Record<string, QuestionType>> = { district: 'stadtteil' };
const VERSION_1_LABELS = { districtOutside: 'stadtteilOutside', districtUnknown: 'stadtteilUnknown' } as const;

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** A question under the current names (the type `district` of version 1 is `stadtteil`). */
export function questionFromVersion1(raw: unknown): unknown {
  if (!isRecord(raw) || typeof raw.type !== 'string' || !Object.hasOwn(VERSION_1_QUESTION_TYPES, raw.type)) return raw;
  return { ...raw, type: VERSION_1_QUESTION_TYPES[raw.type] };
}

/** The survey's labels under the current names; a label named under both keeps the current one's text. */
export function labelsFromVersion1(raw: unknown): unknown {
  if (!isRecord(raw) || !Object.keys(VERSION_1_LABELS).some((old) => Object.hasOwn(raw, old))) return raw;
  const labels: Record<string, unknown> = { ...raw };
  for (const [old, current] of Object.entries(VERSION_1_LABELS)) {
    if (!Object.hasOwn(labels, old)) continue;
    if (!Object.hasOwn(labels, current)) labels[current] = labels[old];
    delete labels[old];
  }
  return labels;
}

/** A stored definition under the current names; one without old names is returned as it is. */
export function definitionFromVersion1<T>(raw: T): T {
  if (!isRecord(raw) || !Array.isArray(raw.sections)) return raw;
  let changed = false;
  const sections = raw.sections.map((section: unknown) => {
    if (!isRecord(section) || !Array.isArray(section.questions)) return section;
    const questions = section.questions.map((question: unknown) => {
      const current = questionFromVersion1(question);
      if (current !== question) changed = true;
      return current;
    });
    return { ...section, questions };
  });
  return changed ? ({ ...raw, sections } as T) : raw;
}

/** Stored survey texts under the current names. */
export function textsFromVersion1<T>(raw: T): T {
  if (!isRecord(raw)) return raw;
  const labels = labelsFromVersion1(raw.labels);
  return labels === raw.labels ? raw : ({ ...raw, labels } as T);
}

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
export type QuestionOf<T extends QuestionType> = Extract<SurveyQuestion, { type: T }>;
export type SingleQuestion = QuestionOf<'single'>;
export type MultiQuestion = QuestionOf<'multi'>;
export type ScaleQuestion = QuestionOf<'scale'>;
export type RankingQuestion = QuestionOf<'ranking'>;
export type TextQuestion = QuestionOf<'text'>;
export type StadtteilQuestion = QuestionOf<'stadtteil'>;
export type NumberQuestion = QuestionOf<'number'>;
/** Questions whose answers may carry a free "other" text. */
export type ChoiceQuestion = SingleQuestion | MultiQuestion;
type DefinitionText = SurveyQuestion['title'];

const questionsOfFrozen = new WeakMap<SurveyDefinition, readonly SurveyQuestion[]>();

/**
 * All questions in survey order (the order `showIf` and answers are evaluated in). A frozen
 * definition (a published version as the server keeps it in memory) cannot change, so its list is
 * made once: each submission walks it a handful of times.
 */
export function allQuestions(definition: SurveyDefinition): readonly SurveyQuestion[] {
  if (!Object.isFrozen(definition)) return definition.sections.flatMap((section) => section.questions);
  let questions = questionsOfFrozen.get(definition);
  if (!questions) questionsOfFrozen.set(definition, (questions = Object.freeze(definition.sections.flatMap((section) => section.questions))));
  return questions;
}

/** Every text a resident reads, with a readable path for editors' error lists. */
export function collectTexts(definition: SurveyDefinition): Array<{ path: string; text: DefinitionText }> {
  const texts: Array<{ path: string; text: DefinitionText }> = [];
  for (const section of definition.sections) {
    const at = `sections.${section.key}`;
    texts.push({ path: `${at}.title`, text: section.title });
    if (section.intro) texts.push({ path: `${at}.intro`, text: section.intro });
    for (const question of section.questions) {
      const q = `questions.${question.key}`;
      texts.push({ path: `${q}.title`, text: question.title });
      if (question.help) texts.push({ path: `${q}.help`, text: question.help });
      if ('options' in question) {
        for (const option of question.options) texts.push({ path: `${q}.options.${option.key}`, text: option.label });
      }
      if (question.type === 'scale') {
        texts.push({ path: `${q}.scale.minLabel`, text: question.scale.minLabel });
        texts.push({ path: `${q}.scale.maxLabel`, text: question.scale.maxLabel });
      }
    }
  }
  return texts;
}

/**
 * Texts that fall back to German in an offered language. Not an error (German is
 * the documented fallback), but editors and tests want to see the gaps.
 */
export function missingTranslations(definition: SurveyDefinition): Array<{ path: string; language: Language }> {
  const missing: Array<{ path: string; language: Language }> = [];
  for (const { path, text } of collectTexts(definition)) {
    for (const language of definition.languages) {
      if (!text[language]?.trim()) missing.push({ path, language });
    }
  }
  return missing;
}

type Issue = { message: string; path: PropertyKey[] };

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
  let questionCount = 0;

  definition.sections.forEach((section, s) => {
    const sectionPath = ['sections', s];
    if (sectionKeys.has(section.key)) issues.push({ message: `duplicate section key ${section.key}`, path: [...sectionPath, 'key'] });
    sectionKeys.add(section.key);
    if (section.questions.length === 0 && !section.intro) {
      issues.push({ message: `section ${section.key} has neither questions nor an intro`, path: sectionPath });
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

      if (question.showIf) issues.push(...showIfIssues(question.showIf, earlier, name, [...path, 'showIf']));

      earlier.set(question.key, question);
    });
  });

  if (questionCount === 0) issues.push({ message: 'the survey has no questions', path: ['sections'] });

  for (const { path, text } of collectTexts(definition)) {
    for (const [language, value] of Object.entries(text)) {
      // A blank translation would show an empty label; leaving the language out falls back to German instead.
      if (!value.trim()) issues.push({ message: `${path}: blank ${language} text (omit it to fall back to German)`, path: [] });
    }
  }

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
  for (const issue of consistencyIssues(definition)) ctx.addIssue({ code: 'custom', ...issue });
});

/** A block of prose around the survey (privacy notice, thank-you page): one text per paragraph. */
export const surveyTextBlockSchema = /* @__PURE__ */ z.strictObject({
  title: localizedTextSchema,
  paragraphs: /* @__PURE__ */ z.array(localizedTextSchema).min(1),
});
export type SurveyTextBlock = z.infer<typeof surveyTextBlockSchema>;

/** Prose and labels the survey pages need besides the definition's own texts. */
export const surveyTextsSchema = /* @__PURE__ */ z.strictObject({
  privacy: surveyTextBlockSchema,
  thanks: surveyTextBlockSchema,
  /** Version 1 named the Stadtteil answers `districtOutside`/`districtUnknown`; accepted and read under the current names. */
  labels: /* @__PURE__ */ z.codec(
    /* @__PURE__ */ z.strictObject({
      other: localizedTextSchema,
      noAnswer: localizedTextSchema,
      stadtteilOutside: /* @__PURE__ */ localizedTextSchema.optional(),
      stadtteilUnknown: /* @__PURE__ */ localizedTextSchema.optional(),
      districtOutside: /* @__PURE__ */ localizedTextSchema.optional().meta({ deprecated: true }),
      districtUnknown: /* @__PURE__ */ localizedTextSchema.optional().meta({ deprecated: true }),
    }),
    /* @__PURE__ */ z.strictObject({
      /** The "other" choice of questions with `allowOther`. */
      other: localizedTextSchema,
      /** The "keine Angabe" choice of scales with `allowNoAnswer`. */
      noAnswer: localizedTextSchema,
      /** The Stadtteil question's answers `outside` and `unknown`. */
      stadtteilOutside: localizedTextSchema,
      stadtteilUnknown: localizedTextSchema,
    }),
    { decode: (labels) => labelsFromVersion1(labels) as never, encode: (labels) => labels },
  ),
});
export type SurveyTexts = z.infer<typeof surveyTextsSchema>;
