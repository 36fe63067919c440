import { describe, expect, it } from 'vitest';
import { DEFAULT_SURVEY, SURVEY_TEXTS } from '../../db/seed/default-survey.ts';
import { FIELDS_OF_ACTION } from '../../db/seed/bergisch-gladbach.ts';
import { DEFAULT_SUPPRESSION_THRESHOLD } from '../../shared/domain.ts';
import { LANGUAGES } from '../../shared/languages.ts';
import {
  allQuestions,
  censusGroup,
  censusQuestion,
  collectTexts,
  definitionFromVersion1,
  missingTranslations,
  outdatedTranslations,
  translationsOutdatedBy,
  textsFromVersion1,
  type SurveyDefinition,
  type SurveyQuestion,
} from '../../shared/survey/definition.ts';
import { surveyDefinitionSchema, surveyIssueCode, surveyTextsSchema } from '../../shared/survey/definition.schema.ts';
import { germanIssue } from '../../client/admin/survey-issues.ts';

const yesNo = [
  { key: 'yes', label: { de: 'Ja' } },
  { key: 'no', label: { de: 'Nein' } },
];

/** A small, valid definition that each test breaks in exactly one way. */
function baseDefinition(): SurveyDefinition {
  return {
    version: 1,
    languages: ['de', 'en'],
    translations: { de: 'reviewed', en: 'machine' },
    sections: [
      {
        key: 'first',
        title: { de: 'Erste Seite', en: 'First page' },
        questions: [
          { key: 'kids', type: 'single', required: false, title: { de: 'Kinder?' }, options: yesNo },
          {
            key: 'topics',
            type: 'multi',
            required: false,
            allowOther: true,
            title: { de: 'Themen?' },
            options: [
              { key: 'a', label: { de: 'A' } },
              { key: 'b', label: { de: 'B' } },
            ],
          },
        ],
      },
      {
        key: 'second',
        title: { de: 'Zweite Seite' },
        questions: [{ key: 'school', type: 'text', required: false, title: { de: 'Schule?' }, showIf: { question: 'kids', equals: 'yes' } }],
      },
    ],
  };
}

function withQuestion(question: Record<string, unknown>): unknown {
  const definition = baseDefinition();
  (definition.sections[1]!.questions as unknown[]).push(question);
  return definition;
}

function issuesOf(input: unknown): string[] {
  const result = surveyDefinitionSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

describe('surveyDefinitionSchema', () => {
  it('accepts a consistent definition', () => {
    expect(issuesOf(baseDefinition())).toEqual([]);
  });

  it('rejects duplicate question keys, also across sections', () => {
    expect(issuesOf(withQuestion({ key: 'kids', type: 'text', required: false, title: { de: 'x' } }))).toContainEqual(
      expect.stringContaining('duplicate question key kids'),
    );
  });

  it('rejects duplicate section keys', () => {
    const definition = baseDefinition();
    definition.sections[1]!.key = 'first';
    expect(issuesOf(definition)).toContainEqual(expect.stringContaining('duplicate section key first'));
  });

  it('rejects duplicate option keys', () => {
    const definition = withQuestion({
      key: 'dup',
      type: 'ranking',
      required: false,
      title: { de: 'x' },
      options: [
        { key: 'a', label: { de: 'A' } },
        { key: 'a', label: { de: 'A2' } },
      ],
    });
    expect(issuesOf(definition)).toContainEqual(expect.stringContaining('duplicate option key a'));
  });

  it('requires options on single, multi and ranking questions', () => {
    for (const type of ['single', 'multi', 'ranking']) {
      expect(issuesOf(withQuestion({ key: 'q', type, required: false, title: { de: 'x' } }))).not.toEqual([]);
      expect(issuesOf(withQuestion({ key: 'q', type, required: false, title: { de: 'x' }, options: [yesNo[0]] }))).not.toEqual([]);
    }
  });

  it('rejects options and unknown properties where they do not belong', () => {
    expect(issuesOf(withQuestion({ key: 'q', type: 'text', required: false, title: { de: 'x' }, options: yesNo }))).not.toEqual([]);
    expect(issuesOf(withQuestion({ key: 'q', type: 'stadtteil', required: false, title: { de: 'x' }, colour: 'red' }))).not.toEqual([]);
    expect(issuesOf(withQuestion({ key: 'q', type: 'dropdown', required: false, title: { de: 'x' }, options: yesNo }))).not.toEqual([]);
  });

  it('reserves the option key "other" when allowOther is set', () => {
    const definition = withQuestion({
      key: 'q',
      type: 'single',
      required: false,
      allowOther: true,
      title: { de: 'x' },
      options: [...yesNo, { key: 'other', label: { de: 'Anderes' } }],
    });
    expect(issuesOf(definition)).toContainEqual(expect.stringContaining('reserved'));
  });

  describe('showIf', () => {
    it('must refer to an earlier question', () => {
      const definition = baseDefinition();
      const kids = definition.sections[0]!.questions[0]!;
      kids.showIf = { question: 'school', answered: true };
      expect(issuesOf(definition)).toContainEqual(expect.stringContaining('earlier question, not school'));
    });

    it('may not refer to itself or to an unknown question', () => {
      expect(issuesOf(withQuestion({ key: 'q', type: 'text', required: false, title: { de: 'x' }, showIf: { question: 'q', answered: true } }))).not.toEqual([]);
      expect(issuesOf(withQuestion({ key: 'q', type: 'text', required: false, title: { de: 'x' }, showIf: { question: 'nope', answered: true } }))).not.toEqual([]);
    });

    it('equals needs a single question and one of its options', () => {
      const onMulti = { key: 'q', type: 'text', required: false, title: { de: 'x' }, showIf: { question: 'topics', equals: 'a' } };
      expect(issuesOf(withQuestion(onMulti))).toContainEqual(expect.stringContaining('single-choice'));
      const unknownOption = { key: 'q', type: 'text', required: false, title: { de: 'x' }, showIf: { question: 'kids', equals: 'maybe' } };
      expect(issuesOf(withQuestion(unknownOption))).toContainEqual(expect.stringContaining('has no option maybe'));
    });

    it('includes needs a multi question and one of its options', () => {
      const onSingle = { key: 'q', type: 'text', required: false, title: { de: 'x' }, showIf: { question: 'kids', includes: 'yes' } };
      expect(issuesOf(withQuestion(onSingle))).toContainEqual(expect.stringContaining('multiple-choice'));
      const valid = { key: 'q', type: 'text', required: false, title: { de: 'x' }, showIf: { question: 'topics', includes: 'b' } };
      expect(issuesOf(withQuestion(valid))).toEqual([]);
    });

    it('takes exactly one condition', () => {
      const two = { key: 'q', type: 'text', required: false, title: { de: 'x' }, showIf: { question: 'kids', equals: 'yes', answered: true } };
      expect(issuesOf(withQuestion(two))).not.toEqual([]);
      const none = { key: 'q', type: 'text', required: false, title: { de: 'x' }, showIf: { question: 'kids' } };
      expect(issuesOf(withQuestion(none))).not.toEqual([]);
    });
  });

  describe('texts and languages', () => {
    it('requires German in every text', () => {
      expect(issuesOf(withQuestion({ key: 'q', type: 'text', required: false, title: { en: 'English only' } }))).not.toEqual([]);
    });

    it('rejects blank translations and unknown language codes', () => {
      expect(issuesOf(withQuestion({ key: 'q', type: 'text', required: false, title: { de: 'x', en: ' ' } }))).toContainEqual(
        expect.stringContaining('blank en text'),
      );
      // The problem points at the text, so the editor shows it at its question, in German.
      const result = surveyDefinitionSchema.safeParse(withQuestion({ key: 'q', type: 'text', required: false, title: { de: 'x', en: ' ' } }));
      const blank = result.error!.issues.find((issue) => issue.message.includes('blank en text'))!;
      expect(blank.path.slice(0, 3)).toEqual(['sections', 1, 'questions']);
      expect(blank.path.slice(-2)).toEqual(['title', 'en']);
      expect(germanIssue(blank.message, blank.code, blank.path)).toBe('Die Übersetzung „English“ ist leer: bitte ausfüllen oder ganz löschen, dann gilt der deutsche Text.');
      expect(issuesOf(withQuestion({ key: 'q', type: 'text', required: false, title: { de: 'x', fr: 'y' } }))).not.toEqual([]);
    });

    it('names the answer whose German text is missing, not only that one is (the question has its own German)', () => {
      const options = [{ key: 'zu-fuss', label: { de: 'Zu Fuß', en: 'On foot' } }, { key: 'by-car', label: { de: '', en: 'By car' } }];
      const result = surveyDefinitionSchema.safeParse(withQuestion({ key: 'weg', type: 'single', required: false, title: { de: 'Wie kommen Sie zur Arbeit?' }, options }));
      const german = result.error!.issues.map((issue) => germanIssue(issue.message, issue.code, issue.path));
      expect(new Set(german)).toEqual(new Set(['Antwort 2: Der deutsche Text fehlt. Deutsch ist die Ausgangssprache; bitte unter „Texte bearbeiten in: Deutsch“ ergänzen.']));
      const title = surveyDefinitionSchema.safeParse(withQuestion({ key: 'q', type: 'text', required: false, title: { de: '', en: 'English only' } }));
      expect(new Set(title.error!.issues.map((issue) => germanIssue(issue.message, issue.code, issue.path)))).toEqual(new Set(['Der deutsche Text fehlt.']));
    });

    it('requires German among the languages and a status for exactly the offered ones', () => {
      const noGerman = { ...baseDefinition(), languages: ['en'], translations: { en: 'machine' } };
      expect(issuesOf(noGerman)).toContain('languages must include de');
      const missingStatus = { ...baseDefinition(), translations: { de: 'reviewed' } };
      expect(issuesOf(missingStatus)).toContain('translation status missing for en');
      const extraStatus = { ...baseDefinition(), translations: { de: 'reviewed', en: 'machine', tr: 'machine' } };
      expect(issuesOf(extraStatus)).toContainEqual(expect.stringContaining('tr, which is not offered'));
      const badStatus = { ...baseDefinition(), translations: { de: 'reviewed', en: 'deepl' } };
      expect(issuesOf(badStatus)).not.toEqual([]);
      const twice = { ...baseDefinition(), languages: ['de', 'en', 'de'] };
      expect(issuesOf(twice)).toContainEqual(expect.stringContaining('listed twice'));
    });
  });

  describe('per-type rules', () => {
    const scale = (min: number, max: number) => ({
      key: 'q',
      type: 'scale',
      required: false,
      title: { de: 'x' },
      scale: { min, max, minLabel: { de: 'wenig' }, maxLabel: { de: 'viel' }, allowNoAnswer: true },
    });

    it('checks the scale range', () => {
      expect(issuesOf(withQuestion(scale(1, 5)))).toEqual([]);
      expect(issuesOf(withQuestion(scale(5, 5)))).toContainEqual(expect.stringContaining('min must be below max'));
      expect(issuesOf(withQuestion(scale(0, 20)))).toContainEqual(expect.stringContaining('steps'));
      expect(issuesOf(withQuestion(scale(1.5, 5)))).not.toEqual([]);
    });

    it('requires labelled scale ends', () => {
      const unlabelled = { key: 'q', type: 'scale', required: false, title: { de: 'x' }, scale: { min: 1, max: 5, allowNoAnswer: false } };
      expect(issuesOf(withQuestion(unlabelled))).not.toEqual([]);
    });

    it('bounds maxSelected and maxRanked by the choices', () => {
      const multi = { key: 'q', type: 'multi', required: false, title: { de: 'x' }, options: yesNo, maxSelected: 3 };
      expect(issuesOf(withQuestion(multi))).toContainEqual(expect.stringContaining('maxSelected'));
      expect(issuesOf(withQuestion({ ...multi, allowOther: true }))).toEqual([]);
      const ranking = { key: 'q', type: 'ranking', required: false, title: { de: 'x' }, options: yesNo, maxRanked: 3 };
      expect(issuesOf(withQuestion(ranking))).toContainEqual(expect.stringContaining('maxRanked'));
    });

    it('caps text maxLength at the contribution limit', () => {
      expect(issuesOf(withQuestion({ key: 'q', type: 'text', required: false, title: { de: 'x' }, maxLength: 100_000 }))).not.toEqual([]);
    });

    it('keeps sensitive questions optional and out of free text', () => {
      const required = { key: 'q', type: 'single', required: true, sensitive: true, title: { de: 'x' }, options: yesNo };
      expect(issuesOf(withQuestion(required))).toContainEqual(expect.stringContaining('must be optional'));
      const text = { key: 'q', type: 'text', required: false, sensitive: true, title: { de: 'x' } };
      expect(issuesOf(withQuestion(text))).toContainEqual(expect.stringContaining('cannot be sensitive'));
    });

    it('rejects keys that are not slugs', () => {
      expect(issuesOf(withQuestion({ key: 'Bad Key', type: 'text', required: false, title: { de: 'x' } }))).not.toEqual([]);
    });
  });

  it('reads a definition and texts stored by version 1 (`district`) under the current names, leaving the stored object as it is', () => {
    const stored = JSON.parse(JSON.stringify(baseDefinition())) as { sections: Array<{ questions: Array<Record<string, unknown>> }> };
    stored.sections[0]!.questions.push({ key: 'wohnort', type: 'district', required: false, title: { de: 'Wo wohnen Sie?' } });
    const before = JSON.stringify(stored);
    const parsed = surveyDefinitionSchema.parse(stored);
    expect(allQuestions(parsed).find((question) => question.key === 'wohnort')?.type).toBe('stadtteil');
    expect(definitionFromVersion1(stored).sections[0]!.questions.at(-1)).toMatchObject({ type: 'stadtteil' });
    expect(JSON.stringify(stored)).toBe(before);
    // A definition without old names is the same object, so reading current rows costs nothing.
    const current = baseDefinition();
    expect(definitionFromVersion1(current)).toBe(current);

    const { stadtteilOutside, stadtteilUnknown, ...otherLabels } = SURVEY_TEXTS.labels;
    const oldTexts = { ...SURVEY_TEXTS, labels: { ...otherLabels, districtOutside: stadtteilOutside, districtUnknown: stadtteilUnknown } };
    expect(surveyTextsSchema.parse(oldTexts).labels).toEqual(SURVEY_TEXTS.labels);
    expect(textsFromVersion1(oldTexts)).toEqual(SURVEY_TEXTS);
    // Both names at once: the current one wins, the old one is not kept beside it.
    expect(surveyTextsSchema.parse({ ...SURVEY_TEXTS, labels: { ...SURVEY_TEXTS.labels, districtOutside: { de: 'alt' } } }).labels).toEqual(SURVEY_TEXTS.labels);
  });

  it('rejects an empty page without intro and a survey without questions', () => {
    const definition = baseDefinition();
    definition.sections.push({ key: 'empty', title: { de: 'Leer' }, questions: [] });
    expect(issuesOf(definition)).toContainEqual(expect.stringContaining('neither questions nor an intro'));
    const noQuestions = { ...baseDefinition(), sections: [{ key: 'only', title: { de: 'x' }, intro: { de: 'y' }, questions: [] }] };
    expect(issuesOf(noQuestions)).toContain('the survey has no questions');
  });

  it('names the problems of a survey just begun by code, so the editor tells them apart from mistakes whatever their wording', () => {
    const codesOf = (definition: SurveyDefinition) => {
      const result = surveyDefinitionSchema.safeParse(definition);
      return result.success ? [] : result.error.issues.map((issue) => surveyIssueCode(issue) ?? `uncoded: ${issue.message}`);
    };
    // A new survey: one section, no question yet.
    const begun = { ...baseDefinition(), sections: [{ key: 'allgemein', title: { de: 'Allgemein' }, questions: [] }] };
    expect(codesOf(begun).sort()).toEqual(['empty_section', 'no_questions']);
    // A real mistake beside them has no such code.
    const twice = { ...begun, sections: [...begun.sections, { key: 'allgemein', title: { de: 'Noch einmal' }, intro: { de: 'Hallo' }, questions: [] }] };
    expect(codesOf(twice)).toContain('uncoded: duplicate section key allgemein');
  });
});

describe('DEFAULT_SURVEY', () => {
  const parsed = surveyDefinitionSchema.parse(DEFAULT_SURVEY);
  const questions = allQuestions(parsed);
  const byKey = new Map<string, SurveyQuestion>(questions.map((question) => [question.key, question]));

  it('parses as version 1 in all nine languages', () => {
    expect(parsed.version).toBe(1);
    expect(parsed.languages).toEqual([...LANGUAGES]);
  });

  it('has every text in every language', () => {
    expect(missingTranslations(parsed)).toEqual([]);
    for (const { path, text } of collectTexts(parsed)) {
      for (const language of LANGUAGES) expect(text[language]?.trim(), `${path} ${language}`).toBeTruthy();
    }
  });

  it('marks German and Leichte Sprache reviewed and the rest machine translated', () => {
    for (const language of LANGUAGES) {
      expect(parsed.translations[language]).toBe(language === 'de' || language === 'de-easy' ? 'reviewed' : 'machine');
    }
  });

  it('has short pages that fit a phone', () => {
    expect(parsed.sections.length).toBeGreaterThanOrEqual(6);
    expect(parsed.sections.length).toBeLessThanOrEqual(9);
    const [welcome, ...rest] = parsed.sections;
    expect(welcome!.questions).toEqual([]);
    expect(welcome!.intro).toBeDefined();
    for (const section of rest) {
      expect(section.questions.length, section.key).toBeGreaterThanOrEqual(2);
      expect(section.questions.length, section.key).toBeLessThanOrEqual(4);
    }
  });

  it('asks each field of action how things stand, what would help and for an idea', () => {
    for (const field of ['arbeit', 'bildung', 'teilhabe', 'freizeit']) {
      const own = questions.filter((question) => question.fieldOfAction === field);
      const scale = own.find((question) => question.type === 'scale');
      expect(scale?.type === 'scale' && scale.scale).toMatchObject({ min: 1, max: 5, allowNoAnswer: true });
      expect(questions.some((q) => q.type === 'multi' && q.allowOther && q.fieldOfAction?.startsWith(field))).toBe(true);
      expect(own.some((question) => question.type === 'text' && !question.required)).toBe(true);
    }
  });

  it('tags questions only with known fields of action', () => {
    const known = new Set<string>(FIELDS_OF_ACTION.flatMap((field) => [field.key, ...('children' in field ? field.children.map((c) => c.key) : [])]));
    for (const question of questions) {
      if (question.fieldOfAction) expect(known.has(question.fieldOfAction), question.key).toBe(true);
    }
  });

  it('ranks exactly the four fields of action', () => {
    const ranking = questions.find((question) => question.type === 'ranking');
    expect(ranking?.type === 'ranking' && ranking.options.map((option) => option.key)).toEqual(FIELDS_OF_ACTION.map((field) => field.key));
  });

  it('asks for the Stadtteil and coarse, optional, sensitive demographics', () => {
    expect(byKey.get('district')?.type).toBe('stadtteil');
    for (const key of ['age-band', 'years-in-germany', 'home-languages']) {
      expect(byKey.get(key)).toMatchObject({ sensitive: true, required: false });
    }
    expect(byKey.get('home-languages')).toMatchObject({ type: 'multi', allowOther: true });
  });

  it('asks the open question about living together', () => {
    expect(byKey.get('living-together')).toMatchObject({
      type: 'text',
      title: { de: 'Was macht das Zusammenleben in Bergisch Gladbach gut – und was würden Sie sich wünschen?' },
    });
  });

  it('asks about school only when children from the household go to school', () => {
    expect(byKey.get('school-support')?.showIf).toEqual({ question: 'school-children', equals: 'yes' });
  });

  it('keeps Leichte Sprache short and without subordinate clauses', () => {
    const easyTexts = [...collectTexts(parsed).map(({ text }) => text['de-easy'] ?? ''), ...allSurveyTexts().map((text) => text['de-easy'] ?? '')];
    const conjunctions = /\b(dass|weil|wenn|obwohl|falls|nachdem|bevor|sodass|ob)\b/i;
    for (const text of easyTexts) {
      expect(text, text).not.toMatch(conjunctions);
      for (const sentence of text.split(/[.?!:]\s+/)) {
        expect(sentence.split(/\s+/).length, sentence).toBeLessThanOrEqual(12);
      }
    }
  });
});

function allSurveyTexts() {
  return [
    SURVEY_TEXTS.privacy.title,
    ...SURVEY_TEXTS.privacy.paragraphs,
    SURVEY_TEXTS.thanks.title,
    ...SURVEY_TEXTS.thanks.paragraphs,
    ...Object.values(SURVEY_TEXTS.labels),
  ];
}

describe('SURVEY_TEXTS', () => {
  it('parses and has every text in all nine languages', () => {
    expect(surveyTextsSchema.safeParse(SURVEY_TEXTS).success).toBe(true);
    for (const text of allSurveyTexts()) {
      for (const language of LANGUAGES) expect(text[language]?.trim(), `${text.de} ${language}`).toBeTruthy();
    }
  });

  it('states the publication threshold the platform enforces in every language', () => {
    const threshold = SURVEY_TEXTS.privacy.paragraphs.find((paragraph) => paragraph.de.includes('mindestens'));
    for (const language of LANGUAGES) expect(threshold?.[language]).toContain(String(DEFAULT_SUPPRESSION_THRESHOLD));
  });

  it('names who is responsible in every language', () => {
    const responsible = SURVEY_TEXTS.privacy.paragraphs.at(-1)!;
    for (const language of LANGUAGES) expect(responsible[language]).toMatch(/Integrations/);
  });
});

describe('the comparison with the Zensus (census)', () => {
  const ages = [
    { key: 'bis-17', label: { de: 'bis 17' } },
    { key: '18-24', label: { de: '18 bis 24' } },
    { key: '25-29', label: { de: '25 bis 29' } },
    { key: '30-49', label: { de: '30 bis 49' } },
    { key: '50-64', label: { de: '50 bis 64' } },
    { key: 'ab-65', label: { de: '65 und älter' } },
    { key: 'keine', label: { de: 'möchte ich nicht sagen' } },
  ];
  const ageMap = { 'bis-17': 'under-18', '18-24': '18-29', '25-29': '18-29', '30-49': '30-49', '50-64': '50-64', 'ab-65': '65-plus' } as const;
  const withQuestions = (...questions: SurveyQuestion[]): SurveyDefinition => ({ ...baseDefinition(), sections: [{ key: 'about', title: { de: 'Über Sie' }, questions }] });
  const age = (census: unknown, key = 'alter'): SurveyQuestion => ({ key, type: 'single', required: false, sensitive: true, title: { de: 'Wie alt?' }, options: ages, census } as SurveyQuestion);
  const issues = (definition: unknown) => {
    const result = surveyDefinitionSchema.safeParse(definition);
    return result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message, german: germanIssue(issue.message, issue.code, issue.path) }));
  };

  it('maps an age question’s own options to the Zensus’s five age classes; an unmapped option counts as not stated', () => {
    const definition = withQuestions(age({ dimension: 'age', map: ageMap }));
    expect(issues(definition)).toEqual([]);
    const question = censusQuestion(definition, 'age')!;
    expect(question.key).toBe('alter');
    expect(['bis-17', '18-24', '25-29', 'ab-65', 'keine'].map((option) => censusGroup(question, option))).toEqual(['under-18', '18-29', '18-29', '65-plus', null]);
    expect(censusQuestion(definition, 'immigration')).toBeUndefined();
  });

  it('reads options that are the age classes themselves without a map, as the default survey does', () => {
    const question = censusQuestion(DEFAULT_SURVEY, 'age')!;
    expect(question.key).toBe('age-band');
    expect(censusGroup(question, '30-49')).toBe('30-49');
    const immigration = censusQuestion(DEFAULT_SURVEY, 'immigration')!;
    expect(immigration.key).toBe('years-in-germany');
    expect(['since-birth', 'under-2', 'over-10'].map((option) => censusGroup(immigration, option))).toEqual(['born-here', 'immigrated', 'immigrated']);
  });

  it('refuses an age mark that leaves a Zensus class without an option, or names an option the question does not have', () => {
    expect(issues(withQuestions(age({ dimension: 'age' })))).toEqual([
      { path: 'sections.0.questions.0.census', message: 'question alter: census age classes without an option: under-18, 18-29, 65-plus', german: expect.stringContaining('Altersgruppe') },
    ]);
    const { 'ab-65': _old, ...withoutOld } = ageMap;
    expect(issues(withQuestions(age({ dimension: 'age', map: { ...withoutOld, 'ab-70': '65-plus' } }))).map((issue) => issue.message)).toEqual([
      'question alter: census names ab-70, which is not an option',
      'question alter: census age classes without an option: 65-plus',
    ]);
    expect(issues(withQuestions(age({ dimension: 'age', map: { ...ageMap, '30-49': 'thirties' } })))).toHaveLength(1);
  });

  it('refuses an immigration mark without an option that means immigrated, or with an unknown option', () => {
    const years = (notImmigrated: string[]): SurveyQuestion => ({ key: 'seit-wann', type: 'single', required: false, title: { de: 'Seit wann?' }, options: yesNo, census: { dimension: 'immigration', notImmigrated } });
    expect(issues(withQuestions(years(['yes'])))).toEqual([]);
    expect(issues(withQuestions(years(['yes', 'no']))).map((issue) => issue.message)).toEqual(['question seit-wann: census immigration needs an option that means immigrated']);
    expect(issues(withQuestions(years(['maybe']))).map((issue) => issue.message)).toEqual(['question seit-wann: census names maybe, which is not an option']);
    expect(issues(withQuestions(years([])))).toHaveLength(1);
  });

  it('marks at most one question per comparison, and only single-choice questions', () => {
    const found = issues(withQuestions(age({ dimension: 'age', map: ageMap }), age({ dimension: 'age', map: ageMap }, 'alter-2')));
    expect(found).toEqual([{ path: 'sections.0.questions.1.census.dimension', message: 'question alter-2: census age is already compared on question alter', german: expect.stringContaining('alter') }]);
    expect(issues(withQuestions({ key: 'viele', type: 'multi', required: false, title: { de: 'Viele?' }, options: yesNo, census: { dimension: 'immigration', notImmigrated: ['yes'] } } as unknown as SurveyQuestion))).toHaveLength(1);
  });
});

describe('outdatedTranslations: a changed German text outdates the checked translations of it', () => {
  const survey: Pick<SurveyDefinition, 'languages' | 'translations'> = { languages: ['de', 'en', 'tr', 'uk', 'ar'], translations: { de: 'reviewed', en: 'reviewed', tr: 'reviewed', uk: 'machine', ar: 'reviewed' } };
  // A new scale's end: its default words in every language the survey offers.
  const minLabel = { de: 'gar nicht', en: 'not at all', tr: 'hiç', uk: 'зовсім ні' };

  it('names each reviewed language with a text of its own, so a scale end, a title or an answer behaves the same', () => {
    expect(outdatedTranslations(survey, minLabel, 'überhaupt nicht')).toEqual(['en', 'tr']);
    expect(outdatedTranslations(survey, { de: 'Wie alt sind Sie?', en: 'How old are you?' }, 'Wie alt bist du?')).toEqual(['en']);
  });

  it('leaves out German, a language already not checked, one showing German for want of a text, and one not offered', () => {
    expect(outdatedTranslations(survey, { de: 'Ja', uk: 'Так', ar: ' ', it: 'Sì' }, 'Jawohl')).toEqual([]);
  });

  it('names none while the German stays as it was or the text is new', () => {
    expect(outdatedTranslations(survey, minLabel, 'gar nicht')).toEqual([]);
    expect(outdatedTranslations(survey, undefined, 'Neu')).toEqual([]);
  });
});

describe('translationsOutdatedBy: what a save sets back, by the same rule, over the whole survey', () => {
  const checked = { ...DEFAULT_SURVEY, translations: { ...DEFAULT_SURVEY.translations, en: 'reviewed' as const, tr: 'reviewed' as const } };
  const base = { definition: checked, texts: SURVEY_TEXTS };
  const retitled = (key: string, de: string) => ({
    ...checked,
    sections: checked.sections.map((section) => ({ ...section, questions: section.questions.map((question) => (question.key === key ? { ...question, title: { ...question.title, de } } : question)) })),
  });
  const key = checked.sections.flatMap((section) => section.questions)[0]!.key;

  it('matches texts by their keys, not their place, and leaves out a language the save marks checked', () => {
    const moved = { ...checked, sections: [...checked.sections].reverse() };
    expect(translationsOutdatedBy(base, { definition: moved, texts: SURVEY_TEXTS }, [])).toEqual([]);
    expect(translationsOutdatedBy(base, { definition: retitled(key, 'Neu gefragt'), texts: SURVEY_TEXTS }, [])).toEqual(expect.arrayContaining(['en', 'tr']));
    expect(translationsOutdatedBy(base, { definition: retitled(key, 'Neu gefragt'), texts: SURVEY_TEXTS }, ['en'])).not.toContain('en');
  });

  it('counts the texts around the survey, and nothing without a base', () => {
    const texts = { ...SURVEY_TEXTS, labels: { ...SURVEY_TEXTS.labels, other: { ...SURVEY_TEXTS.labels.other, de: 'Etwas anderes' } } };
    expect(translationsOutdatedBy(base, { definition: checked, texts }, [])).toEqual(expect.arrayContaining(['en', 'tr']));
    expect(translationsOutdatedBy(null, { definition: retitled(key, 'Neu'), texts }, [])).toEqual([]);
  });
});
