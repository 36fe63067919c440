import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SURVEY } from '../../db/seed/default-survey.ts';
import { DISTRICTS } from '../../db/seed/bergisch-gladbach.ts';
import { MAX_CONTRIBUTION_LENGTH } from '../../shared/domain.ts';
import {
  answersForStorage,
  contributionsFromAnswers,
  countCharacters,
  stadtteilFromAnswers,
  isQuestionShown,
  pruneHiddenAnswers,
  validateAnswers,
  type AnswerErrorCode,
} from '../../shared/survey/answers.ts';
import { normalizeFreeText } from '../../shared/text/normalize.ts';
import { MAX_OTHER_LENGTH, type SurveyDefinition } from '../../shared/survey/definition.ts';
import { surveyDefinitionSchema } from '../../shared/survey/definition.schema.ts';
import { responseSubmissionSchema } from '../../shared/survey/answers.schema.ts';

const label = (de: string) => ({ de });
const options = (...keys: string[]) => keys.map((key) => ({ key, label: label(key) }));

/** One question of each type, plus a chain of conditions. */
const SURVEY: SurveyDefinition = surveyDefinitionSchema.parse({
  version: 3,
  languages: ['de'],
  translations: { de: 'reviewed' },
  sections: [
    {
      key: 'one',
      title: label('Eins'),
      questions: [
        { key: 'mood', type: 'scale', required: true, title: label('Wie?'), scale: { min: 1, max: 5, minLabel: label('schlecht'), maxLabel: label('gut'), allowNoAnswer: true } },
        { key: 'strict-scale', type: 'scale', required: false, title: label('Wie?'), scale: { min: 0, max: 10, minLabel: label('0'), maxLabel: label('10'), allowNoAnswer: false } },
        { key: 'kids', type: 'single', required: false, title: label('Kinder?'), options: options('yes', 'no') },
        { key: 'transport', type: 'single', required: false, allowOther: true, fieldOfAction: 'freizeit', title: label('Wie?'), options: options('bus', 'bike') },
      ],
    },
    {
      key: 'two',
      title: label('Zwei'),
      questions: [
        { key: 'school', type: 'multi', required: true, allowOther: true, fieldOfAction: 'bildung-schulisch', showIf: { question: 'kids', equals: 'yes' }, title: label('Schule?'), options: options('language', 'homework', 'sports') },
        { key: 'homework-idea', type: 'text', required: false, showIf: { question: 'school', includes: 'homework' }, title: label('Idee?') },
        { key: 'helps', type: 'multi', required: false, allowOther: false, maxSelected: 2, title: label('Was hilft?'), options: options('a', 'b', 'c') },
        { key: 'priorities', type: 'ranking', required: false, title: label('Reihenfolge'), options: options('arbeit', 'bildung', 'teilhabe', 'freizeit') },
        { key: 'top-two', type: 'ranking', required: false, maxRanked: 2, title: label('Top 2'), options: options('x', 'y', 'z') },
      ],
    },
    {
      key: 'three',
      title: label('Drei'),
      questions: [
        { key: 'idea', type: 'text', required: false, maxLength: 20, fieldOfAction: 'arbeit', title: label('Idee?') },
        { key: 'idea-followup', type: 'text', required: false, showIf: { question: 'idea', answered: true }, title: label('Mehr?') },
        { key: 'district', type: 'stadtteil', required: false, title: label('Wo?') },
        { key: 'languages', type: 'multi', required: false, sensitive: true, allowOther: true, title: label('Sprachen?'), options: options('german', 'turkish') },
      ],
    },
  ],
});

const ctx = { stadtteilKeys: ['schildgen', 'bensberg'] };
const base = { mood: 3 };

function errorsOf(answers: unknown): Array<{ question: string; code: AnswerErrorCode }> {
  const result = validateAnswers(SURVEY, answers, ctx);
  return result.ok ? [] : result.errors.map(({ question, code }) => ({ question, code }));
}

function normalized(answers: Record<string, unknown>) {
  const result = validateAnswers(SURVEY, answers, ctx);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.answers;
}

describe('validateAnswers', () => {
  it('accepts a full, valid set and returns it in survey order', () => {
    const answers = normalized({
      district: 'bensberg',
      mood: 4,
      kids: 'yes',
      school: ['homework', 'language'],
      'homework-idea': ' Mehr Räume ',
      priorities: ['bildung', 'arbeit'],
    });
    expect(Object.keys(answers)).toEqual(['mood', 'kids', 'school', 'homework-idea', 'priorities', 'district']);
    expect(answers.school).toEqual(['language', 'homework']);
    expect(answers['homework-idea']).toBe('Mehr Räume');
  });

  it('rejects anything but an object', () => {
    for (const answers of [null, [], 'x', 3]) expect(errorsOf(answers)).toEqual([{ question: '', code: 'wrong_type' }]);
  });

  it('rejects unknown questions by key', () => {
    expect(errorsOf({ ...base, colour: 'blue', constructor: 1 })).toEqual([
      { question: 'colour', code: 'unknown_question' },
      { question: 'constructor', code: 'unknown_question' },
    ]);
  });

  it('collects one error per question, each naming its key', () => {
    expect(errorsOf({ mood: 9, kids: 'maybe', idea: 5 })).toEqual([
      { question: 'mood', code: 'out_of_range' },
      { question: 'kids', code: 'invalid_option' },
      { question: 'idea', code: 'wrong_type' },
    ]);
  });

  describe('required', () => {
    it('needs an answer to a shown required question', () => {
      expect(errorsOf({})).toEqual([{ question: 'mood', code: 'required' }]);
    });

    it('treats blank values as not answered', () => {
      expect(errorsOf({ mood: undefined })).toEqual([{ question: 'mood', code: 'required' }]);
      expect(errorsOf({ ...base, kids: 'yes', school: [] })).toEqual([{ question: 'school', code: 'required' }]);
      expect(normalized({ ...base, idea: '   ', kids: null, helps: [] })).toEqual({ mood: 3 });
    });

    it('counts "keine Angabe" as an answer', () => {
      expect(normalized({ mood: null })).toEqual({ mood: null });
    });

    it('does not apply to hidden questions', () => {
      expect(errorsOf({ ...base, kids: 'no' })).toEqual([]);
    });
  });

  describe('single', () => {
    it('takes an option key', () => {
      expect(normalized({ ...base, kids: 'no' }).kids).toBe('no');
      expect(errorsOf({ ...base, kids: 'maybe' })).toEqual([{ question: 'kids', code: 'invalid_option' }]);
      expect(errorsOf({ ...base, kids: ['yes'] })).toEqual([{ question: 'kids', code: 'wrong_type' }]);
      expect(errorsOf({ ...base, kids: 1 })).toEqual([{ question: 'kids', code: 'wrong_type' }]);
    });

    it('takes { other } only where other is allowed', () => {
      expect(normalized({ ...base, transport: { other: ' zu Fuß ' } }).transport).toEqual({ other: 'zu Fuß' });
      expect(errorsOf({ ...base, kids: { other: 'vielleicht' } })).toEqual([{ question: 'kids', code: 'invalid_option' }]);
      expect(errorsOf({ ...base, transport: { other: 'x', extra: 1 } })).toEqual([{ question: 'transport', code: 'wrong_type' }]);
      expect(errorsOf({ ...base, transport: { other: 'x'.repeat(MAX_OTHER_LENGTH + 1) } })).toEqual([{ question: 'transport', code: 'too_long' }]);
    });

    it('asks for the text when "other" is ticked with none, even on an optional question', () => {
      expect(errorsOf({ ...base, transport: { other: '' } })).toEqual([{ question: 'transport', code: 'other_missing' }]);
      expect(errorsOf({ ...base, transport: { other: ' \n ' } })).toEqual([{ question: 'transport', code: 'other_missing' }]);
    });

    it('does not count a textless "other" against a hidden question', () => {
      expect(errorsOf({ ...base, kids: 'no', school: [{ other: '' }] })).toEqual([]);
    });
  });

  describe('multi', () => {
    const shown = { ...base, kids: 'yes' };

    it('takes option keys and one { other } entry, normalized to option order with other last', () => {
      expect(normalized({ ...shown, school: [{ other: 'Theater-AG' }, 'sports', 'language'] }).school).toEqual(['language', 'sports', { other: 'Theater-AG' }]);
    });

    it('asks for the text of a ticked "other", alone or next to real selections', () => {
      expect(errorsOf({ ...shown, school: ['sports', { other: ' ' }] })).toEqual([{ question: 'school', code: 'other_missing' }]);
      expect(errorsOf({ ...shown, school: [{ other: '  ' }] })).toEqual([{ question: 'school', code: 'other_missing' }]);
      expect(errorsOf({ ...base, languages: [{ other: '' }] })).toEqual([{ question: 'languages', code: 'other_missing' }]);
    });

    it('rejects wrong shapes, unknown options and duplicates', () => {
      expect(errorsOf({ ...shown, school: 'sports' })).toEqual([{ question: 'school', code: 'wrong_type' }]);
      expect(errorsOf({ ...shown, school: ['sports', 3] })).toEqual([{ question: 'school', code: 'wrong_type' }]);
      expect(errorsOf({ ...shown, school: ['chess'] })).toEqual([{ question: 'school', code: 'invalid_option' }]);
      expect(errorsOf({ ...shown, school: ['sports', 'sports'] })).toEqual([{ question: 'school', code: 'duplicate' }]);
      expect(errorsOf({ ...shown, school: [{ other: 'a' }, { other: 'b' }] })).toEqual([{ question: 'school', code: 'duplicate' }]);
    });

    it('rejects other where it is not allowed and too many selections', () => {
      expect(errorsOf({ ...base, helps: ['a', { other: 'x' }] })).toEqual([{ question: 'helps', code: 'invalid_option' }]);
      expect(errorsOf({ ...base, helps: ['a', 'b', 'c'] })).toEqual([{ question: 'helps', code: 'out_of_range' }]);
      expect(normalized({ ...base, helps: ['c', 'a'] }).helps).toEqual(['a', 'c']);
    });
  });

  describe('scale', () => {
    it('takes integers on the scale', () => {
      expect(normalized({ mood: 1 }).mood).toBe(1);
      expect(normalized({ mood: 5 }).mood).toBe(5);
      expect(normalized({ ...base, 'strict-scale': 0 })['strict-scale']).toBe(0);
    });

    it('rejects values off the scale, fractions and strings', () => {
      expect(errorsOf({ mood: 0 })).toEqual([{ question: 'mood', code: 'out_of_range' }]);
      expect(errorsOf({ mood: 6 })).toEqual([{ question: 'mood', code: 'out_of_range' }]);
      expect(errorsOf({ mood: 2.5 })).toEqual([{ question: 'mood', code: 'wrong_type' }]);
      expect(errorsOf({ mood: '3' })).toEqual([{ question: 'mood', code: 'wrong_type' }]);
    });

    it('takes null only where "keine Angabe" is offered', () => {
      expect(errorsOf({ ...base, 'strict-scale': null })).toEqual([{ question: 'strict-scale', code: 'out_of_range' }]);
    });
  });

  describe('ranking', () => {
    it('keeps the order, most important first, and allows stopping early', () => {
      expect(normalized({ ...base, priorities: ['teilhabe', 'arbeit', 'freizeit', 'bildung'] }).priorities).toEqual(['teilhabe', 'arbeit', 'freizeit', 'bildung']);
      expect(normalized({ ...base, priorities: ['freizeit'] }).priorities).toEqual(['freizeit']);
    });

    it('rejects duplicates, unknown options, wrong shapes and too many places', () => {
      expect(errorsOf({ ...base, priorities: ['arbeit', 'arbeit'] })).toEqual([{ question: 'priorities', code: 'duplicate' }]);
      expect(errorsOf({ ...base, priorities: ['arbeit', 'sport'] })).toEqual([{ question: 'priorities', code: 'invalid_option' }]);
      expect(errorsOf({ ...base, priorities: 'arbeit' })).toEqual([{ question: 'priorities', code: 'wrong_type' }]);
      expect(errorsOf({ ...base, priorities: [{ other: 'x' }] })).toEqual([{ question: 'priorities', code: 'wrong_type' }]);
      expect(errorsOf({ ...base, 'top-two': ['x', 'y', 'z'] })).toEqual([{ question: 'top-two', code: 'out_of_range' }]);
      expect(normalized({ ...base, 'top-two': ['z', 'x'] })['top-two']).toEqual(['z', 'x']);
    });
  });

  describe('text', () => {
    it('normalizes and limits the text', () => {
      expect(normalized({ ...base, idea: '  Café\r\nam Markt\u0007 ' }).idea).toBe('Café\nam Markt');
      expect(normalized({ ...base, idea: 'x'.repeat(20) }).idea).toHaveLength(20);
      expect(errorsOf({ ...base, idea: 'x'.repeat(21) })).toEqual([{ question: 'idea', code: 'too_long' }]);
      expect(errorsOf({ ...base, idea: ['x'] })).toEqual([{ question: 'idea', code: 'wrong_type' }]);
    });

    it('defaults the limit to the contribution limit', () => {
      expect(errorsOf({ ...base, kids: 'yes', school: ['homework'], 'homework-idea': 'x'.repeat(MAX_CONTRIBUTION_LENGTH + 1) })).toEqual([
        { question: 'homework-idea', code: 'too_long' },
      ]);
    });

    it('composes NFD input to NFC', () => {
      expect(normalizeFreeText('Cafe\u0301')).toBe('Café');
    });
  });

  describe('lengths count what people see as characters', () => {
    const family = '👨‍👩‍👧‍👦';

    it('counts an emoji, a flag and a decomposed accent as one character each', () => {
      expect(countCharacters(family)).toBe(1);
      expect(family.length).toBe(11);
      expect(countCharacters('🇩🇪')).toBe(1);
      expect(countCharacters('e\u0301a')).toBe(2);
      expect(countCharacters('Straße')).toBe(6);
    });

    it('takes a text of exactly the limit in emoji and refuses one more', () => {
      expect(normalized({ ...base, idea: family.repeat(20) }).idea).toBe(family.repeat(20));
      expect(errorsOf({ ...base, idea: family.repeat(21) })).toEqual([{ question: 'idea', code: 'too_long' }]);
      expect(normalized({ ...base, transport: { other: '🚲'.repeat(MAX_OTHER_LENGTH) } }).transport).toEqual({ other: '🚲'.repeat(MAX_OTHER_LENGTH) });
    });
  });

  describe('stadtteil', () => {
    it('takes a Stadtteil key, outside or unknown', () => {
      for (const district of ['schildgen', 'outside', 'unknown']) expect(normalized({ ...base, district }).district).toBe(district);
    });

    it('rejects other strings and non-strings', () => {
      expect(errorsOf({ ...base, district: 'koeln' })).toEqual([{ question: 'district', code: 'invalid_option' }]);
      expect(errorsOf({ ...base, district: 11 })).toEqual([{ question: 'district', code: 'wrong_type' }]);
    });
  });

  describe('showIf', () => {
    it('rejects answers to hidden questions', () => {
      expect(errorsOf({ ...base, school: ['sports'] })).toEqual([{ question: 'school', code: 'not_shown' }]);
      expect(errorsOf({ ...base, kids: 'no', school: ['sports'] })).toEqual([{ question: 'school', code: 'not_shown' }]);
    });

    it('ignores blank values of hidden questions', () => {
      expect(normalized({ ...base, kids: 'no', school: [], 'homework-idea': '' })).toEqual({ mood: 3, kids: 'no' });
    });

    it('hides a whole chain when its first link is hidden', () => {
      expect(errorsOf({ ...base, kids: 'no', 'homework-idea': 'x' })).toEqual([{ question: 'homework-idea', code: 'not_shown' }]);
      expect(errorsOf({ ...base, kids: 'yes', school: ['sports'], 'homework-idea': 'x' })).toEqual([{ question: 'homework-idea', code: 'not_shown' }]);
      expect(errorsOf({ ...base, kids: 'yes', school: ['homework'], 'homework-idea': 'x' })).toEqual([]);
    });

    it('shows "answered" follow-ups only after a non-blank answer', () => {
      expect(errorsOf({ ...base, idea: ' ', 'idea-followup': 'x' })).toEqual([{ question: 'idea-followup', code: 'not_shown' }]);
      expect(errorsOf({ ...base, idea: 'y', 'idea-followup': 'x' })).toEqual([]);
    });
  });

  it('never throws and names a question in every error, whatever it is sent', () => {
    const keys = ['mood', 'strict-scale', 'kids', 'transport', 'school', 'homework-idea', 'helps', 'priorities', 'top-two', 'idea', 'idea-followup', 'district', 'languages', 'stray'];
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...keys), fc.jsonValue()), (answers) => {
        const result = validateAnswers(SURVEY, answers, ctx);
        if (!result.ok) for (const error of result.errors) expect(keys).toContain(error.question);
      }),
      { numRuns: 500 },
    );
  });
});

describe('isQuestionShown and pruneHiddenAnswers', () => {
  it('follows equals, includes and answered conditions', () => {
    expect(isQuestionShown(SURVEY, 'school', {})).toBe(false);
    expect(isQuestionShown(SURVEY, 'school', { kids: 'yes' })).toBe(true);
    expect(isQuestionShown(SURVEY, 'homework-idea', { kids: 'yes', school: ['homework'] })).toBe(true);
    expect(isQuestionShown(SURVEY, 'homework-idea', { kids: 'no', school: ['homework'] })).toBe(false);
    expect(isQuestionShown(SURVEY, 'idea-followup', { idea: 'x' })).toBe(true);
    expect(isQuestionShown(SURVEY, 'mood', {})).toBe(true);
    expect(isQuestionShown(SURVEY, 'nope', {})).toBe(false);
  });

  it('tolerates half-filled client state', () => {
    expect(isQuestionShown(SURVEY, 'homework-idea', { kids: 'yes', school: 'homework' })).toBe(false);
    expect(isQuestionShown(SURVEY, 'idea-followup', { idea: null })).toBe(false);
  });

  it('drops what the resident hid by changing an earlier answer', () => {
    const state = { ...base, kids: 'no', school: ['homework'], 'homework-idea': 'x', idea: 'y' };
    const pruned = pruneHiddenAnswers(SURVEY, state);
    expect(pruned).toEqual({ mood: 3, kids: 'no', idea: 'y' });
    expect(validateAnswers(SURVEY, pruned, ctx).ok).toBe(true);
  });
});

describe('contributionsFromAnswers and answersForStorage', () => {
  const answers = normalized({
    ...base,
    kids: 'yes',
    transport: { other: 'Roller' },
    school: ['homework', { other: 'Schulgarten' }],
    'homework-idea': 'Lernpaten',
    idea: 'Jobbörse',
    district: 'schildgen',
    languages: ['turkish', { other: 'Farsi' }],
  });

  it('turns text answers and non-sensitive other texts into contributions, tagged with the field of action', () => {
    expect(contributionsFromAnswers(SURVEY, answers)).toEqual([
      { questionKey: 'transport', text: 'Roller', fieldsOfAction: ['freizeit'] },
      { questionKey: 'school', text: 'Schulgarten', fieldsOfAction: ['bildung-schulisch'] },
      { questionKey: 'homework-idea', text: 'Lernpaten', fieldsOfAction: [] },
      { questionKey: 'idea', text: 'Jobbörse', fieldsOfAction: ['arbeit'] },
    ]);
  });

  it('stores choices with "other" as a marker, leaves free texts to contributions and keeps no text of a sensitive question', () => {
    expect(answersForStorage(SURVEY, answers)).toEqual({
      mood: 3,
      kids: 'yes',
      transport: 'other',
      school: ['homework', 'other'],
      district: 'schildgen',
      languages: ['turkish', 'other'],
    });
  });

  it('finds the self-reported Stadtteil', () => {
    expect(stadtteilFromAnswers(SURVEY, answers)).toBe('schildgen');
    expect(stadtteilFromAnswers(SURVEY, { mood: 3 })).toBeNull();
  });

  it('returns nothing for answers without free text', () => {
    expect(contributionsFromAnswers(SURVEY, normalized(base))).toEqual([]);
  });
});

describe('the default survey', () => {
  const stadtteilKeys = DISTRICTS.flatMap((district) => district.stadtteile.map((stadtteil) => stadtteil.key));

  it('accepts a resident’s typical answers and yields tagged contributions', () => {
    const result = validateAnswers(
      DEFAULT_SURVEY,
      {
        'work-situation': 4,
        'work-support': ['recognition', { other: 'Praktika' }],
        'education-situation': null,
        'school-children': 'yes',
        'school-support': ['multilingualism'],
        priorities: ['bildung', 'arbeit', 'teilhabe', 'freizeit'],
        'living-together': 'Die Nachbarschaftsfeste.',
        district: 'refrath',
        'age-band': '30-49',
        'home-languages': ['german', 'turkish'],
      },
      { stadtteilKeys },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(contributionsFromAnswers(DEFAULT_SURVEY, result.answers)).toEqual([
      { questionKey: 'work-support', text: 'Praktika', fieldsOfAction: ['arbeit'] },
      { questionKey: 'living-together', text: 'Die Nachbarschaftsfeste.', fieldsOfAction: [] },
    ]);
  });

  it('rejects the school question for residents without school children', () => {
    const result = validateAnswers(DEFAULT_SURVEY, { 'school-children': 'no', 'school-support': ['all-day'] }, { stadtteilKeys });
    expect(result).toMatchObject({ ok: false, errors: [{ question: 'school-support', code: 'not_shown' }] });
  });
});

describe('responseSubmissionSchema', () => {
  const valid = {
    id: '0b7d6f0e-6c1a-4b8e-9a57-3f1f2d9c4e21',
    surveyVersion: 3,
    language: 'tr',
    answers: { mood: 3 },
    elapsedMs: 95_000,
    website: '',
  };

  it('accepts a submission and defaults the honeypot to empty', () => {
    expect(responseSubmissionSchema.parse(valid)).toEqual(valid);
    const { website: _website, ...withoutHoneypot } = valid;
    expect(responseSubmissionSchema.parse(withoutHoneypot).website).toBe('');
    expect(responseSubmissionSchema.parse({ ...valid, altcha: 'eyJhbGdvcml0aG0iOiJTSEEtMjU2In0=' }).altcha).toBeDefined();
  });

  it('accepts a filled honeypot so the server can flag it quietly', () => {
    expect(responseSubmissionSchema.safeParse({ ...valid, website: 'http://spam.example' }).success).toBe(true);
  });

  it('rejects unknown fields and bad values', () => {
    const bad: Array<Record<string, unknown>> = [
      { ...valid, ip: '1.2.3.4' },
      { ...valid, id: 'not-a-uuid' },
      { ...valid, surveyVersion: 0 },
      { ...valid, surveyVersion: 1.5 },
      { ...valid, language: 'fr' },
      { ...valid, answers: [] },
      { ...valid, elapsedMs: -1 },
      { ...valid, elapsedMs: 1.5 },
      { ...valid, altcha: '' },
    ];
    for (const body of bad) expect(responseSubmissionSchema.safeParse(body).success, JSON.stringify(body)).toBe(false);
    const { elapsedMs: _elapsed, ...withoutElapsed } = valid;
    expect(responseSubmissionSchema.safeParse(withoutElapsed).success).toBe(false);
  });
});
