import { describe, expect, it } from 'vitest';
import { parseWholeNumber, shownQuestionKeys, validateAnswers } from '../../shared/survey/answers.ts';
import { MAX_CONDITION_DEPTH, type ShowIf, type SurveyDefinition } from '../../shared/survey/definition.ts';
import { surveyDefinitionSchema } from '../../shared/survey/definition.schema.ts';

const label = (de: string) => ({ de });
const options = (...keys: string[]) => keys.map((key) => ({ key, label: label(key) }));
const ctx = { stadtteilKeys: ['gronau'] };

function survey(showIf: ShowIf, extra: object = {}): SurveyDefinition {
  return surveyDefinitionSchema.parse({
    version: 1,
    languages: ['de'],
    translations: { de: 'reviewed' },
    sections: [
      {
        key: 's',
        title: label('S'),
        questions: [
          { key: 'kids', type: 'single', required: false, title: label('Kinder?'), options: options('yes', 'no') },
          { key: 'help', type: 'multi', required: false, title: label('Hilfe?'), options: options('language', 'homework') },
          { key: 'age', type: 'number', required: false, min: 0, max: 120, title: label('Alter?') },
          { key: 'follow', type: 'text', required: false, showIf, title: label('Mehr?'), ...extra },
        ],
      },
    ],
  });
}

describe('show-if conditions with and, or, not', () => {
  const both: ShowIf = { all: [{ question: 'kids', equals: 'yes' }, { question: 'help', includes: 'homework' }] };
  const either: ShowIf = { any: [{ question: 'kids', equals: 'yes' }, { question: 'help', includes: 'homework' }] };
  const notYes: ShowIf = { not: { question: 'kids', equals: 'yes' } };

  it.each([
    ['all', both, { kids: 'yes', help: ['homework'] }, true],
    ['all', both, { kids: 'yes', help: ['language'] }, false],
    ['any', either, { kids: 'no', help: ['homework'] }, true],
    ['any', either, { kids: 'no', help: [] }, false],
    ['not', notYes, { kids: 'no' }, true],
    ['not', notYes, {}, true],
    ['not', notYes, { kids: 'yes' }, false],
    ['answered (number)', { question: 'age', answered: true }, { age: 0 }, true],
  ] as const)('%s: %j → shown %s', (_name, showIf, answers, shown) => {
    expect(shownQuestionKeys(survey(showIf), answers).has('follow')).toBe(shown);
  });

  it('decides on the server as it shows in the browser: an answer to a hidden question is refused', () => {
    const definition = survey(both);
    expect(validateAnswers(definition, { kids: 'no', follow: 'Text' }, ctx)).toMatchObject({ ok: false, errors: [{ question: 'follow', code: 'not_shown' }] });
    expect(validateAnswers(definition, { kids: 'yes', help: ['homework'], follow: 'Text' }, ctx)).toMatchObject({ ok: true });
  });

  it('refuses a condition on a later or unknown question, a wrong option and nesting beyond the limit', () => {
    const parse = (showIf: unknown) => surveyDefinitionSchema.safeParse({ ...survey({ question: 'kids', equals: 'yes' }), sections: [{ ...survey({ question: 'kids', equals: 'yes' }).sections[0]!, questions: [...survey({ question: 'kids', equals: 'yes' }).sections[0]!.questions.slice(0, 3), { key: 'follow', type: 'text', required: false, showIf, title: label('x') }] }] });
    expect(parse({ any: [{ question: 'kids', equals: 'maybe' }, { question: 'help', includes: 'homework' }] }).error?.issues[0]?.message).toMatch(/kids has no option maybe/);
    expect(parse({ not: { question: 'nowhere', answered: true } }).error?.issues[0]?.message).toMatch(/earlier question/);
    expect(parse({ all: [{ question: 'kids', equals: 'yes' }] }).success).toBe(false);
    let deep: ShowIf = { question: 'kids', equals: 'yes' };
    for (let i = 0; i < MAX_CONDITION_DEPTH; i += 1) deep = { not: deep };
    expect(parse(deep).error?.issues[0]?.message).toMatch(/nested deeper/);
  });
});

describe('number questions', () => {
  const definition = survey({ question: 'kids', answered: true });

  it('takes a whole number within min and max and names what does not fit', () => {
    expect(validateAnswers(definition, { age: 34 }, ctx)).toEqual({ ok: true, answers: { age: 34 } });
    expect(validateAnswers(definition, { age: 121 }, ctx)).toMatchObject({ ok: false, errors: [{ question: 'age', code: 'out_of_range' }] });
    expect(validateAnswers(definition, { age: 3.5 }, ctx)).toMatchObject({ ok: false, errors: [{ question: 'age', code: 'wrong_type' }] });
    expect(validateAnswers(definition, { age: 'zwölf' }, ctx)).toMatchObject({ ok: false, errors: [{ question: 'age', code: 'wrong_type' }] });
  });

  it('reads what a phone types: other digits, a blank field, text that is not a number', () => {
    expect(parseWholeNumber(' 42 ')).toBe(42);
    expect(parseWholeNumber('٤٢')).toBe(42);
    expect(parseWholeNumber('−3')).toBe(-3);
    expect(parseWholeNumber('')).toBeUndefined();
    expect(parseWholeNumber('4,5')).toBe('4,5');
  });

  it('refuses a minimum above the maximum', () => {
    const broken = { ...definition, sections: [{ ...definition.sections[0]!, questions: [{ key: 'n', type: 'number', required: false, min: 5, max: 1, title: label('n') }] }] };
    expect(surveyDefinitionSchema.safeParse(broken).error?.issues[0]?.message).toMatch(/min must not be above max/);
  });
});
